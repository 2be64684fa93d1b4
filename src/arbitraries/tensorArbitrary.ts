/**
 * The arbitrary behind every drawn tensor. Drawing the shape and then the values with
 * `fc.chain` shrinks badly: once the values start shrinking the shape is frozen, and a smaller
 * shape is given fresh values that usually no longer fail. This arbitrary (a subclass, as
 * fast-check's API requires) shrinks both itself: it cuts the tensor to a sub-block that keeps
 * either end of an axis, or drops an axis, so any single failing element survives the cut,
 * and then shrinks the values one by one with the element arbitrary.
 * @module
 */
import fc from 'fast-check';
import type { Arbitrary, Random } from 'fast-check';
import { isTensor } from '../tensor/brand.js';
import { tensor as makeTensor } from '../tensor/creation.js';
import type { DType } from '../tensor/dtype.js';
import type { Shape } from '../tensor/shape.js';
import { checkShape, sameShape, sizeOf, stridesOf } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';

function isShape(s: Arbitrary<Shape> | Shape): s is Shape {
  return Array.isArray(s);
}

/** The values of the block `[offset, offset + m)` along `axis` of a row-major array of `shape`. */
function block(data: ArrayLike<number>, shape: Shape, axis: number, offset: number, m: number): number[] {
  const st = stridesOf(shape);
  const outer = sizeOf(shape.slice(0, axis));
  const inner = st[axis]!;
  const d = shape[axis]!;
  const out: number[] = [];
  for (let o = 0; o < outer; o++) {
    for (let j = offset; j < offset + m; j++) {
      const base = (o * d + j) * inner;
      for (let i = 0; i < inner; i++) out.push(data[base + i]!);
    }
  }
  return out;
}

/**
 * Arbitrary tensors of a fixed shape or of shapes drawn from an arbitrary, with values drawn
 * from `element`. A shrunk shape is used only when the shape arbitrary accepts it
 * (`canShrinkWithoutContext`), so its constraints hold; shapes it cannot judge (mapped or
 * chained arbitraries) stay as drawn and only the values shrink.
 */
export class TensorArbitrary extends fc.Arbitrary<Tensor> {
  constructor(
    private readonly shapes: Arbitrary<Shape> | Shape,
    private readonly element: Arbitrary<number>,
    private readonly dtype: DType,
    private readonly op = 'tensor',
  ) {
    super();
  }

  generate(mrng: Random, biasFactor: number | undefined): fc.Value<Tensor> {
    const s = isShape(this.shapes) ? this.shapes : checkShape(this.op, this.shapes.generate(mrng, biasFactor).value);
    const values: number[] = [];
    for (let i = 0; i < sizeOf(s); i++) values.push(this.element.generate(mrng, biasFactor).value);
    return new fc.Value(this.make(values, s), undefined);
  }

  canShrinkWithoutContext(value: unknown): value is Tensor {
    return (
      isTensor(value) &&
      value.dtype === this.dtype &&
      this.fits(value.shape) &&
      Array.prototype.every.call(value.data, (v: number) => this.element.canShrinkWithoutContext(v))
    );
  }

  shrink(value: Tensor, _context: unknown): fc.Stream<fc.Value<Tensor>> {
    return new fc.Stream(this.candidates(value)).map((t) => new fc.Value(t, undefined));
  }

  private fits(t: Shape): boolean {
    return isShape(this.shapes) ? sameShape(t, this.shapes) : this.shapes.canShrinkWithoutContext([...t]);
  }

  private make(values: readonly number[], s: Shape): Tensor {
    return makeTensor(values, s, { dtype: this.dtype }) as Tensor;
  }

  /** Smaller shapes first (an axis dropped, then an axis cut), then simpler values. */
  private *candidates(x: Tensor): Generator<Tensor> {
    const s = x.shape;
    const fits = (t: Shape): boolean => this.fits(t);
    for (let k = 0; k < s.length; k++) {
      const t = s.filter((_, i) => i !== k);
      if (!fits(t)) continue;
      const ends = s[k]! > 1 ? [0, s[k]! - 1] : [0];
      for (const j of ends) yield this.make(block(x.data, s, k, j, 1), t);
    }
    for (let k = 0; k < s.length; k++) {
      const d = s[k]!;
      const sizes = [...new Set([Math.floor(d / 2), d - 1])].filter((m) => m >= 0 && m < d);
      for (const m of sizes) {
        const t = s.map((dk, i) => (i === k ? m : dk));
        if (!fits(t)) continue;
        for (const offset of m === 0 ? [0] : [0, d - m]) yield this.make(block(x.data, s, k, offset, m), t);
      }
    }
    const values = [...x.data];
    for (let i = 0; i < values.length; i++) {
      if (!this.element.canShrinkWithoutContext(values[i])) continue;
      for (const v of this.element.shrink(values[i]!, undefined)) {
        const next = values.slice();
        next[i] = v.value;
        yield this.make(next, s);
      }
    }
  }
}
