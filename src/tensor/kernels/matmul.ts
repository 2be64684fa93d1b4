/**
 * Matrix-multiply kernels over row-major typed arrays: `C = op(A)·op(B)` with op = identity or
 * transpose, so backward passes never materialise a transpose. The kernel itself (plain loops
 * for small products, a sparse-row form, packed panels with a register-blocked micro-kernel)
 * lives in `gemm.ts`.
 * @module
 */
export { gemm } from './gemm.js';
