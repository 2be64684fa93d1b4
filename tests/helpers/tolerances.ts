/**
 * Every tolerance the test suite uses, in one place. Float64 central differences with
 * eps = 1e-6 are accurate to about 1e-9 for values of order 1; exact float64 identities are
 * checked at 1e-12.
 */
export const TOL = {
  /** Finite-difference gradient checks (checkGrad) in float64. */
  fd: { eps: 1e-6, atol: 1e-6, rtol: 1e-5 },
  /** The same tolerances for comparing a result with a finite-difference estimate (allClose takes no eps). */
  fdClose: { atol: 1e-6, rtol: 1e-5 },
  /** Two float64 computations of the same quantity by different routes. */
  exact: { atol: 1e-12, rtol: 1e-10 },
  /** A few units in the last place, relative: for results that must be correctly rounded or nearly. */
  ulps: 4 * Number.EPSILON,
  /** Float32 computations compared with a float64 reference. */
  f32: { atol: 1e-5, rtol: 1e-4 },
  /** SVG coordinates: the plot module rounds them to 0.01 px. */
  px: 0.01,
  /** The computed viridis against matplotlib's table, per 0–255 channel (a polynomial fit). */
  viridisChannel: 4,
  /** Base-10 logarithms of norms (decades) computed by two routes, e.g. scaled chains over hundreds of steps. */
  log10: 1e-9,
  /** Singular values by two methods: atol is a fraction of σ_max (small σ are only that accurate absolutely). */
  svd: { atol: 1e-13, rtol: 1e-9 },
  /** Spectral norm by power iteration (slow convergence when the top two σ are close). */
  powerIteration: { atol: 1e-10, rtol: 1e-8 },
  /** ∏σ of a Jacobian product with σ_min/σ_max ≈ 1e-9 against ∏|det J_k|: forming the product costs ≈ eps·σ_max/σ_min. */
  illConditioned: { atol: 0, rtol: 1e-6 },
} as const;
