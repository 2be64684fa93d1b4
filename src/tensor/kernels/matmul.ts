/**
 * Matrix-multiply kernels over row-major typed arrays. `C = op(A)·op(B)` with op = identity or
 * transpose, so backward passes never materialise a transpose. Loop orders keep the innermost
 * loop on contiguous memory.
 * @module
 */
import type { TensorData } from '../dtype.js';

/**
 * Adds op(A)·op(B) into C for one matrix pair. A is stored [M,K] (or [K,M] when `ta`),
 * B is stored [K,N] (or [N,K] when `tb`); C is [M,N] and must start zeroed.
 */
export function gemm(
  a: TensorData,
  aOff: number,
  ta: boolean,
  b: TensorData,
  bOff: number,
  tb: boolean,
  c: TensorData,
  cOff: number,
  M: number,
  K: number,
  N: number,
): void {
  if (!ta && !tb) {
    // i-k-j: C row i += A[i,k] · B row k
    for (let i = 0; i < M; i++) {
      const ci = cOff + i * N;
      const ai = aOff + i * K;
      for (let k = 0; k < K; k++) {
        const aik = a[ai + k]!;
        if (aik === 0) continue;
        const bk = bOff + k * N;
        for (let j = 0; j < N; j++) c[ci + j]! += aik * b[bk + j]!;
      }
    }
  } else if (!ta && tb) {
    // i-j-k: dot products of A row i and B row j
    for (let i = 0; i < M; i++) {
      const ai = aOff + i * K;
      const ci = cOff + i * N;
      for (let j = 0; j < N; j++) {
        const bj = bOff + j * K;
        let s = 0;
        for (let k = 0; k < K; k++) s += a[ai + k]! * b[bj + k]!;
        c[ci + j] = s;
      }
    }
  } else if (ta && !tb) {
    // k-i-j: A is [K,M]; C row i += A[k,i] · B row k
    for (let k = 0; k < K; k++) {
      const ak = aOff + k * M;
      const bk = bOff + k * N;
      for (let i = 0; i < M; i++) {
        const aki = a[ak + i]!;
        if (aki === 0) continue;
        const ci = cOff + i * N;
        for (let j = 0; j < N; j++) c[ci + j]! += aki * b[bk + j]!;
      }
    }
  } else {
    // both transposed: C[i,j] = Σ_k A[k,i]·B[j,k]
    for (let i = 0; i < M; i++) {
      const ci = cOff + i * N;
      for (let j = 0; j < N; j++) {
        const bj = bOff + j * K;
        let s = 0;
        for (let k = 0; k < K; k++) s += a[aOff + k * M + i]! * b[bj + k]!;
        c[ci + j] = s;
      }
    }
  }
}
