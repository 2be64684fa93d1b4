/**
 * Rows of the gradient flow: ‖∂E_k/∂h_t‖ for one loss term E_k and every t ≤ k, by a scaled
 * reverse walk from step k down to 0 over the recorded unroll. It starts from the loss's direct
 * cotangents at step k (the trace's backward pass made them): with E = Σ_k E_k and E_k reading
 * h_k alone, the direct part of ∂E/∂h_k is ∂E_k/∂h_k — the same bits as a walk from E_k alone,
 * as the sum's backward passes 1 to every term.
 * @module
 */
import { pullback } from '../autodiff/backward.js';
import type { State } from '../nn/cell.js';
import type { Tensor } from '../tensor/tensor.js';
import type { TraceData } from './gradientTrace.js';
import { log10Norm, mergeDirect, rescale } from './scaled.js';

/** Row k of the gradient flow in log10 (entries t > k are −Infinity). */
export function flowRow<S extends State>(d: TraceData<S>, k: number): number[] {
  const { tape, states, outputs, statePaths, cell, hiddenKey, ranges, direct } = d;
  const T = states.length - 1;
  const records = tape.records;
  const row = new Array<number>(T + 1).fill(-Infinity);
  const chain = new Map<number, Tensor>();
  let e = 0;
  for (let t = k; t >= 0; t--) {
    const ids = [...new Set([...cell.stateKeys.map((key) => states[t]![key]!.id), outputs[t]!.id])];
    if (t === k) e = mergeDirect(chain, e, direct, ids);
    e = rescale(chain, e);
    const hid = hiddenKey !== undefined ? states[t]![hiddenKey]!.id : outputs[t]!.id;
    let final: Tensor | undefined;
    pullback(records, ranges[t]![0], ranges[t]![1], chain, statePaths, new Set(), (id, ct) => {
      if (id === hid) final = ct;
    });
    final ??= chain.get(hid);
    row[t] = final ? log10Norm(final) + e : -Infinity;
  }
  return row;
}
