/**
 * sequenceModel.ts: a model over a user-written cell and head (specs read off parameters(),
 * dtype from the parts, a cell without setParameters), the dtype of a float32 model, and every
 * constructor and forward check with its class, message, op and arg.
 */
import { describe, it, expect } from 'vitest';
import { DTypeError, ShapeError, ValueError } from '../../src/errors.js';
import type { Cell } from '../../src/nn/cell.js';
import type { HiddenState } from '../../src/nn/rnnCell.js';
import { Linear } from '../../src/nn/linear.js';
import { RNNCell } from '../../src/nn/rnnCell.js';
import { SequenceModel } from '../../src/nn/sequenceModel.js';
import { tensor, zeros } from '../../src/tensor/creation.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { expectError } from '../helpers/expectError.js';

/** h_t = x_t + h_{t−1}·w with one parameter w [1, 1]; no setParameters. */
function plainCell(w: Tensor = tensor([[0.5]])): Cell<HiddenState> {
  return {
    inputSize: 1,
    hiddenSize: 1,
    stateKeys: ['h'],
    initialState: (B) => ({ h: zeros([B, 1]) }),
    step: (x, s) => ({ h: x.add(s.h.matmul(w)) }),
    output: (s) => s.h,
    parameters: () => ({ w }),
  };
}
const identityHead = { forward: (x: Tensor) => x, parameters: () => ({}), setParameters: () => undefined };

describe('SequenceModel with user-written parts', () => {
  it('reads the specs of a cell without parameterSpecs off its parameters, and runs a head without inFeatures', () => {
    const m = new SequenceModel({ cell: plainCell(), head: identityHead });
    expect(m.parameterSpecs).toEqual([{ name: 'cell.w', torchName: 'cell.w', shape: [1, 1] }]);
    // h = [1, 1.5, 1.75] for x = 1, 1, 1 and w = 0.5
    expect(m.forward(tensor([[[1]], [[1]], [[1]]])).toArray()).toEqual([[1.75]]);
    expect(m.dtype).toBe('float64');
  });

  it('is float64 when no part has parameters, and the dtype of its parts otherwise', () => {
    const empty = { ...plainCell(), parameters: () => ({}) };
    expect(new SequenceModel({ cell: empty, head: identityHead }).dtype).toBe('float64');
    const f32 = new SequenceModel({
      cell: new RNNCell({ inputSize: 1, hiddenSize: 2, dtype: 'float32' }),
      head: new Linear({ inFeatures: 2, outFeatures: 1, dtype: 'float32' }),
    });
    expect(f32.dtype).toBe('float32');
  });

  it('refuses to set the parameters of a cell that has no setParameters, naming the cell', () => {
    const m = new SequenceModel({ cell: plainCell(), head: identityHead });
    expectError(() => m.setParameters(m.parameters()), ValueError, /^SequenceModel.setParameters: the cell has no setParameters, so its parameters cannot be replaced; got an object$/, {
      op: 'SequenceModel.setParameters',
      arg: 'cell',
    });
  });
});

describe('SequenceModel checks', () => {
  const op = 'SequenceModel';
  const cell = (): RNNCell => new RNNCell({ inputSize: 1, hiddenSize: 2 });
  const head = (): Linear => new Linear({ inFeatures: 2, outFeatures: 1 });

  it('rejects a missing options record and a head without forward, parameters or setParameters', () => {
    expectError(() => new SequenceModel(undefined as never), ValueError, /^SequenceModel: expects an options object with cell and head; got undefined$/, { op, arg: 'options' });
    const h = head();
    const parts = { forward: h.forward.bind(h), parameters: h.parameters.bind(h), setParameters: h.setParameters.bind(h) };
    const withoutEach = (['forward', 'parameters', 'setParameters'] as const).map((k) => ({ ...parts, [k]: undefined }));
    for (const bad of [undefined, null, ...withoutEach]) {
      expectError(() => new SequenceModel({ cell: cell(), head: bad as never }), ValueError, /^SequenceModel: head must have forward, parameters and setParameters \(e\.g\. a Linear\); got /, { op, arg: 'head' });
    }
  });

  it('rejects a head whose inFeatures differ from hiddenSize, a bad readout and mixed dtypes', () => {
    expectError(() => new SequenceModel({ cell: cell(), head: new Linear({ inFeatures: 3, outFeatures: 1 }) }), ShapeError, /^SequenceModel: the head's inFeatures must equal the cell's hiddenSize 2; got 3$/, { op, arg: 'head' });
    expectError(() => new SequenceModel({ cell: cell(), head: head(), readout: 'first' as never }), ValueError, /^SequenceModel: readout must be 'last' or 'all'; got "first"$/, { op, arg: 'readout' });
    expectError(() => new SequenceModel({ cell: new RNNCell({ inputSize: 1, hiddenSize: 2, dtype: 'float32' }), head: head() }), DTypeError, /^SequenceModel: the cell and the head must have one dtype; got float32 and float64$/, {
      op,
      arg: 'head',
    });
  });

  it('rejects inputs with no time step, and names setParameters in its errors', () => {
    const m = new SequenceModel({ cell: cell(), head: head() });
    expectError(() => m.forward(zeros([0, 1, 1])), ValueError, /^SequenceModel.forward: inputs must have at least one time step; got T = 0$/, { op: 'SequenceModel.forward', arg: 'inputs' });
    expectError(() => m.setParameters({}), ValueError, /^SequenceModel.setParameters: missing parameter 'cell.weightIh'; expected exactly 'cell.weightIh', /, {
      op: 'SequenceModel.setParameters',
      arg: 'cell.weightIh',
    });
  });
});
