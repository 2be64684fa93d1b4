/**
 * The neural-network layer: recurrent cells (RNN, LSTM, GRU) with PyTorch's layout, `Linear`,
 * `SequenceModel`, `unroll`, initialisers, losses, optimizers, gradient clipping, the training
 * loop, PyTorch-compatible state dicts and seeded long-range tasks. Everything is built from
 * tensor ops, so the tape differentiates it like user code.
 * @module
 */
export { unroll } from './cell.js';
export type { Cell, State, Params, StateOf, Unrolled } from './cell.js';
export { Module } from './module.js';
export type { ParamSpec, StateDict, StateDictInput, HasParameters } from './module.js';
export { uniformInit, orthogonalInit, identityInit } from './init.js';
export type { InitOptions } from './init.js';
export type { WeightHhInit } from './recurrent.js';
export { RNNCell } from './rnnCell.js';
export type { RNNCellOptions, RNNActivation, HiddenState } from './rnnCell.js';
export { LSTMCell } from './lstmCell.js';
export type { LSTMCellOptions, LSTMState } from './lstmCell.js';
export { GRUCell } from './gruCell.js';
export type { GRUCellOptions } from './gruCell.js';
export { Linear } from './linear.js';
export type { LinearOptions } from './linear.js';
export { SequenceModel } from './sequenceModel.js';
export type { SequenceModelOptions, Head } from './sequenceModel.js';
export { mseLoss, absLoss, crossEntropyLoss, losses } from './losses.js';
export type { LossFn, LossName } from './losses.js';
export { sgd, momentum, adam } from './optimizers.js';
export type { Optimizer, SGDOptions, MomentumOptions, AdamOptions } from './optimizers.js';
export { clipGradNorm, globalNorm } from './clipGradNorm.js';
export type { ClipResult } from './clipGradNorm.js';
export { train } from './train.js';
export type { TrainOptions, TrainResult, StepInfo, Batch, Trainable } from './train.js';
export { addingProblem, copyFirstInput, sineWave } from './tasks.js';
export type { AddingProblemOptions, CopyFirstInputOptions, SineWaveOptions, TaskBatch, ClassificationBatch } from './tasks.js';
