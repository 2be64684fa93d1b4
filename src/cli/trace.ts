/**
 * `gradscope trace`: one cell, every knob; a terminal chart and summary, `--json` for the
 * trace's plain-data export, `--svg FILE` for a chart.
 * @module
 */
import { traceGradients } from '../inspect/traceGradients.js';
import { lineChart } from '../plot/lineChart.js';
import { terminalChart } from '../plot/terminalChart.js';
import { randn } from '../tensor/creation.js';
import { choiceOption, intOption, numberOption, parse } from './args.js';
import type { CellSpec } from './cells.js';
import { buildCell, cellName } from './cells.js';
import type { CliIO } from './io.js';
import { CliError, writeFileAtomic } from './io.js';
import { summaryTable, textTable } from './render.js';

export const TRACE_HELP = `Usage: gradscope trace [options]

Traces one cell over a seeded random sequence and reports ‖∂E/∂h_t‖ for t = 0…T.

Options:
  --cell rnn|lstm|gru          (default rnn)
  --activation tanh|sigmoid|relu|identity   RNN only (default tanh)
  --hidden N                   hidden size H (default 16)
  --input N                    input size I (default 1)
  --steps N                    sequence length T (default 50)
  --batch N                    batch size B (default 1)
  --seed N                     seed of weights, inputs and targets (default 0)
  --whh-init uniform|orthogonal|identity   W_hh initialisation (default uniform)
  --whh-scale X                factor on W_hh (default 1)
  --forget-bias X              LSTM forget-gate bias (default: PyTorch's init)
  --loss mse|abs               (default mse)
  --loss-at last|all           loss at step T only, or summed over all steps (default last)
  --json                       print the trace's JSON export instead of the chart
  --svg FILE                   also write the norm curve as an SVG chart
  --no-color                   plain characters only
  -h, --help                   this help
`;

export function trace(argv: readonly string[], io: CliIO): number {
  const cmd = 'trace';
  const v = parse(cmd, argv, {
    cell: { type: 'string', default: 'rnn' },
    activation: { type: 'string', default: 'tanh' },
    hidden: { type: 'string', default: '16' },
    input: { type: 'string', default: '1' },
    steps: { type: 'string', default: '50' },
    batch: { type: 'string', default: '1' },
    seed: { type: 'string', default: '0' },
    'whh-init': { type: 'string', default: 'uniform' },
    'whh-scale': { type: 'string', default: '1' },
    'forget-bias': { type: 'string' },
    loss: { type: 'string', default: 'mse' },
    'loss-at': { type: 'string', default: 'last' },
    json: { type: 'boolean' },
    svg: { type: 'string' },
    'no-color': { type: 'boolean' },
  });
  if (v.help) {
    io.out(TRACE_HELP);
    return 0;
  }
  const kind = choiceOption(cmd, 'cell', v.cell, ['rnn', 'lstm', 'gru'] as const);
  const forgetBias = v['forget-bias'] === undefined ? undefined : numberOption(cmd, 'forget-bias', v['forget-bias'], -1e3, 1e3);
  if (forgetBias !== undefined && kind !== 'lstm') throw new CliError(`gradscope ${cmd}: --forget-bias applies to --cell lstm only; got --cell ${kind}`);
  const spec: CellSpec = {
    kind,
    activation: choiceOption(cmd, 'activation', v.activation, ['tanh', 'sigmoid', 'relu', 'identity'] as const),
    hiddenSize: intOption(cmd, 'hidden', v.hidden, 1, 1024),
    inputSize: intOption(cmd, 'input', v.input, 1, 1024),
    seed: intOption(cmd, 'seed', v.seed, 0, 2 ** 31 - 1),
    whhInit: choiceOption(cmd, 'whh-init', v['whh-init'], ['uniform', 'orthogonal', 'identity'] as const),
    whhScale: numberOption(cmd, 'whh-scale', v['whh-scale'], -1e3, 1e3),
    forgetBias,
  };
  const T = intOption(cmd, 'steps', v.steps, 1, 100000);
  const B = intOption(cmd, 'batch', v.batch, 1, 4096);
  const loss = choiceOption(cmd, 'loss', v.loss, ['mse', 'abs'] as const);
  const lossAt = choiceOption(cmd, 'loss-at', v['loss-at'], ['last', 'all'] as const);
  const cell = buildCell(spec);
  const inputs = randn([T, B, spec.inputSize], { seed: spec.seed + 1 });
  const targets = randn(lossAt === 'last' ? [B, spec.hiddenSize] : [T, B, spec.hiddenSize], { seed: spec.seed + 2 });
  const tr = traceGradients(cell, inputs, { targets, loss, lossAt });
  const name = cellName(spec);
  const series = [{ name, values: tr.hiddenGradNormsLog10 }];
  if (typeof v.svg === 'string') {
    const path = writeFileAtomic(io.cwd, v.svg, lineChart({ series, log10: true, title: `‖∂E/∂h_t‖ — ${name}, T = ${T}`, xLabel: 't', yLabel: '‖∂E/∂h_t‖' }));
    if (v.json !== true) io.out(`SVG written to ${path}\n`);
  }
  if (v.json === true) {
    io.out(`${JSON.stringify(tr.toJSON())}\n`);
    return 0;
  }
  const color = io.isTTY && v['no-color'] !== true;
  io.out(`${name}: ‖∂E/∂h_t‖ against t (log scale), loss ${loss} at ${lossAt === 'last' ? `t = ${T}` : 'every step'}\n\n`);
  io.out(`${terminalChart(series, { width: 72, height: 14, log10: true, color })}\n\n`);
  io.out(`${textTable(summaryTable([{ name, trace: tr }]))}\n`);
  return 0;
}
