/**
 * losses.ts: every check of mseLoss, absLoss and crossEntropyLoss with its class, message, op,
 * arg and shapes: non-tensors, shape and dtype mismatches, empty inputs, logits that are not
 * [B, C], labels of the wrong shape and class indices out of range.
 */
import { describe, it } from 'vitest';
import { DTypeError, ShapeError, ValueError } from '../../src/errors.js';
import { absLoss, crossEntropyLoss, mseLoss } from '../../src/nn/losses.js';
import { tensor, zeros } from '../../src/tensor/creation.js';
import { expectError } from '../helpers/expectError.js';

describe.each([
  ['mseLoss', mseLoss],
  ['absLoss', absLoss],
] as const)('%s checks', (op, loss) => {
  it('names pred or target when it is not a tensor', () => {
    expectError(() => loss(1 as never, tensor([1])), ValueError, new RegExp(`^${op}: pred must be a tensor; got 1$`), { op, arg: 'pred' });
    expectError(() => loss(tensor([1]), 'x' as never), ValueError, new RegExp(`^${op}: target must be a tensor; got "x"$`), { op, arg: 'target' });
  });

  it('rejects different shapes with both shapes, different dtypes, and an empty pred', () => {
    expectError(() => loss(tensor([1, 2]), tensor([1, 2, 3])), ShapeError, new RegExp(`^${op}: pred and target must have the same shape; got pred \\[2\\] and target \\[3\\]$`), {
      op,
      arg: undefined,
      shapes: [[2], [3]],
    });
    expectError(() => loss(tensor([1]), tensor([1], undefined, { dtype: 'float32' })), DTypeError, new RegExp(`^${op}: dtypes must match \\(cast with astype\\); got pred float64 and target float32$`), {
      op,
      arg: undefined,
    });
    expectError(() => loss(zeros([2, 0]), zeros([2, 0])), ValueError, new RegExp(`^${op}: pred must not be empty; got shape \\[2, 0\\]$`), { op, arg: 'pred' });
  });
});

describe('crossEntropyLoss checks', () => {
  const op = 'crossEntropyLoss';

  it('names logits or labels when it is not a tensor', () => {
    expectError(() => crossEntropyLoss(null as never, tensor([0])), ValueError, /^crossEntropyLoss: logits must be a tensor; got null$/, { op, arg: 'logits' });
    expectError(() => crossEntropyLoss(zeros([1, 2]), [0] as never), ValueError, /^crossEntropyLoss: labels must be a tensor; got an array of length 1$/, { op, arg: 'labels' });
  });

  it('rejects logits that are not [B, C] with B, C ≥ 1, carrying their shape', () => {
    for (const shape of [[3], [0, 2], [2, 0], [1, 2, 2]]) {
      expectError(() => crossEntropyLoss(zeros(shape), zeros([1])), ShapeError, new RegExp(`^crossEntropyLoss: logits must be \\[B, C\\] with B, C ≥ 1; got \\[${shape.join(', ')}\\]$`), {
        op,
        arg: 'logits',
        shapes: [shape],
      });
    }
  });

  it('rejects labels of another dtype or shape, and class indices outside [0, C)', () => {
    expectError(() => crossEntropyLoss(zeros([2, 3]), tensor([0, 1], undefined, { dtype: 'float32' })), DTypeError, /^crossEntropyLoss: dtypes must match \(cast with astype\); got logits float64 and labels float32$/, {
      op,
      arg: undefined,
    });
    expectError(() => crossEntropyLoss(zeros([2, 3]), tensor([0, 1, 2])), ShapeError, /^crossEntropyLoss: labels must be class indices \[B\] = \[2\] or targets \[B, C\] = \[2, 3\]; got \[3\]$/, {
      op,
      arg: 'labels',
      shapes: [[2, 3], [3]],
    });
    for (const [bad, shown] of [[3, '3'], [-1, '-1'], [0.5, '0.5']] as const) {
      expectError(() => crossEntropyLoss(zeros([2, 3]), tensor([0, bad])), ValueError, new RegExp(`^crossEntropyLoss: labels\\[1\\] must be a class index, an integer in \\[0, 3\\); got ${shown}$`), { op, arg: 'labels' });
    }
  });
});
