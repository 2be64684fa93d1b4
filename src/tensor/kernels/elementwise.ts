/**
 * Element-wise kernels: plain loops over typed arrays, with fast paths for equal shapes and
 * scalar operands and one strided loop for general NumPy broadcasting.
 * @module
 */
import type { TensorData } from '../dtype.js';
import type { Shape } from '../shape.js';
import { sizeOf } from '../shape.js';

/** The unary functions a kernel can apply. */
export type UnaryFn = (x: number) => number;
/** The binary functions a kernel can apply. */
export type BinaryFn = (x: number, y: number) => number;

/** out[i] = fn(x[i]). */
export function mapUnary(x: TensorData, out: TensorData, fn: UnaryFn): void {
  for (let i = 0; i < x.length; i++) out[i] = fn(x[i]!);
}

/** Stable logistic function: never evaluates exp of a large positive number. */
export function sigmoidScalar(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/**
 * Strides of `inShape` laid against `outShape` (right-aligned), with 0 on broadcast axes, so
 * that offset = Σ index[k]·stride[k] walks the input while the output is walked in order.
 */
export function broadcastStrides(inShape: Shape, outShape: Shape): number[] {
  const n = outShape.length;
  const s = new Array<number>(n).fill(0);
  let acc = 1;
  for (let k = inShape.length - 1; k >= 0; k--) {
    const axis = k + n - inShape.length;
    s[axis] = inShape[k] === 1 && outShape[axis] !== 1 ? 0 : acc;
    acc *= inShape[k]!;
  }
  return s;
}

/**
 * out = fn(a, b) with NumPy broadcasting of a (shape `as`) and b (shape `bs`) to `os`; `op`
 * (the primitive's name) selects a written-out loop for add, sub, mul and div.
 */
export function binaryBroadcast(
  a: TensorData,
  as: Shape,
  b: TensorData,
  bs: Shape,
  out: TensorData,
  os: Shape,
  fn: BinaryFn,
  op?: string,
): void {
  const n = out.length;
  if (op !== undefined && arithmetic(op, a, b, out, n)) return;
  if (a.length === n && b.length === n) {
    for (let i = 0; i < n; i++) out[i] = fn(a[i]!, b[i]!);
    return;
  }
  if (b.length === 1 && a.length === n) {
    const y = b[0]!;
    for (let i = 0; i < n; i++) out[i] = fn(a[i]!, y);
    return;
  }
  if (a.length === 1 && b.length === n) {
    const x = a[0]!;
    for (let i = 0; i < n; i++) out[i] = fn(x, b[i]!);
    return;
  }
  const sa = broadcastStrides(as, os);
  const sb = broadcastStrides(bs, os);
  stridedWalk(os, (i, ia, ib) => {
    out[i] = fn(a[ia]!, b[ib]!);
  }, sa, sb);
}

/**
 * The four arithmetic ops written out (no call through `fn`: one call site shared by every op
 * is megamorphic and costs more than the arithmetic) for equal sizes and a scalar on either side.
 * Returns false for other layouts.
 */
function arithmetic(op: string, a: TensorData, b: TensorData, out: TensorData, n: number): boolean {
  const an = a.length;
  const bn = b.length;
  if (an === n && bn === n) {
    if (op === 'add') for (let i = 0; i < n; i++) out[i] = a[i]! + b[i]!;
    else if (op === 'sub') for (let i = 0; i < n; i++) out[i] = a[i]! - b[i]!;
    else if (op === 'mul') for (let i = 0; i < n; i++) out[i] = a[i]! * b[i]!;
    else if (op === 'div') for (let i = 0; i < n; i++) out[i] = a[i]! / b[i]!;
    else return false;
    return true;
  }
  if (an === n && bn === 1) {
    const y = b[0]!;
    if (op === 'add') for (let i = 0; i < n; i++) out[i] = a[i]! + y;
    else if (op === 'sub') for (let i = 0; i < n; i++) out[i] = a[i]! - y;
    else if (op === 'mul') for (let i = 0; i < n; i++) out[i] = a[i]! * y;
    else if (op === 'div') for (let i = 0; i < n; i++) out[i] = a[i]! / y;
    else return false;
    return true;
  }
  if (an === 1 && bn === n) {
    const x = a[0]!;
    if (op === 'add') for (let i = 0; i < n; i++) out[i] = x + b[i]!;
    else if (op === 'sub') for (let i = 0; i < n; i++) out[i] = x - b[i]!;
    else if (op === 'mul') for (let i = 0; i < n; i++) out[i] = x * b[i]!;
    else if (op === 'div') for (let i = 0; i < n; i++) out[i] = x / b[i]!;
    else return false;
    return true;
  }
  return false;
}

/** out = cond ? a : b, all three broadcast to `os` (cond is non-zero for true). */
export function whereBroadcast(
  c: TensorData,
  cs: Shape,
  a: TensorData,
  as: Shape,
  b: TensorData,
  bs: Shape,
  out: TensorData,
  os: Shape,
): void {
  const sc = broadcastStrides(cs, os);
  const sa = broadcastStrides(as, os);
  const sb = broadcastStrides(bs, os);
  stridedWalk(os, (i, ic, ia, ib) => {
    out[i] = c[ic] !== 0 ? a[ia]! : b[ib]!;
  }, sc, sa, sb);
}

/** Copies `x` (shape `xs`) broadcast to `os` into `out`. */
export function broadcastTo(x: TensorData, xs: Shape, out: TensorData, os: Shape): void {
  if (x.length === out.length) {
    out.set(x);
    return;
  }
  if (x.length === 1) {
    out.fill(x[0]!);
    return;
  }
  const sx = broadcastStrides(xs, os);
  stridedWalk(os, (i, ix) => {
    out[i] = x[ix]!;
  }, sx);
}

/**
 * Walks every index of `shape` in row-major order, calling `visit(flatIndex, ...offsets)` where
 * offset k follows `strides[k]`. The innermost axis runs as a tight loop.
 */
export function stridedWalk(
  shape: Shape,
  visit: (i: number, o0: number, o1: number, o2: number) => void,
  ...strides: number[][]
): void {
  const n = sizeOf(shape);
  if (n === 0) return;
  const rank = shape.length;
  if (rank === 0) {
    visit(0, 0, 0, 0);
    return;
  }
  const s0 = strides[0] ?? new Array<number>(rank).fill(0);
  const s1 = strides[1] ?? new Array<number>(rank).fill(0);
  const s2 = strides[2] ?? new Array<number>(rank).fill(0);
  const idx = new Array<number>(rank).fill(0);
  const last = rank - 1;
  const inner = shape[last]!;
  const d0 = s0[last]!;
  const d1 = s1[last]!;
  const d2 = s2[last]!;
  let o0 = 0;
  let o1 = 0;
  let o2 = 0;
  let i = 0;
  while (i < n) {
    let p0 = o0;
    let p1 = o1;
    let p2 = o2;
    for (let j = 0; j < inner; j++) {
      visit(i++, p0, p1, p2);
      p0 += d0;
      p1 += d1;
      p2 += d2;
    }
    // carry into the outer axes
    let k = last - 1;
    while (k >= 0) {
      idx[k]!++;
      o0 += s0[k]!;
      o1 += s1[k]!;
      o2 += s2[k]!;
      if (idx[k]! < shape[k]!) break;
      o0 -= s0[k]! * shape[k]!;
      o1 -= s1[k]! * shape[k]!;
      o2 -= s2[k]! * shape[k]!;
      idx[k] = 0;
      k--;
    }
  }
}
