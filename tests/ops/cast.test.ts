import { describe, expect, it } from 'vitest';
import { DTypeError, ValueError, astype, tensor } from '../../src/index.js';

describe('astype', () => {
  it('converts float64 to float32 by rounding and back without change', () => {
    const x = tensor([0.1, 1 / 3, 1e40]);
    const f = astype(x, 'float32');
    expect(f.dtype).toBe('float32');
    expect(Array.from(f.data)).toEqual([Math.fround(0.1), Math.fround(1 / 3), Infinity]);
    const back = f.astype('float64');
    expect(back.dtype).toBe('float64');
    expect(Array.from(back.data)).toEqual(Array.from(f.data));
  });

  it('to the same dtype keeps the values and shape', () => {
    const x = tensor([[1, 2]]);
    const y = astype(x, 'float64');
    expect(y.shape).toEqual([1, 2]);
    expect(y.toArray()).toEqual([[1, 2]]);
  });

  it('rejects an unknown or missing dtype with a DTypeError and a non-tensor with a ValueError', () => {
    const x = tensor([1]);
    expect(() => astype(x, 'int8' as never)).toThrow(DTypeError);
    expect(() => astype(x, 'int8' as never)).toThrow('astype: dtype must be \'float64\' or \'float32\'; got "int8"');
    expect(() => astype(x, undefined as never)).toThrow(DTypeError);
    expect(() => astype(x, undefined as never)).toThrow("astype: dtype must be 'float64' or 'float32'; got undefined");
    expect(() => astype([1] as never, 'float32')).toThrow(ValueError);
    expect(() => astype([1] as never, 'float32')).toThrow('astype: x must be a tensor; got an array of length 1');
  });
});
