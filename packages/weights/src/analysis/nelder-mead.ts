// One-dimensional Nelder–Mead exactly as scipy.optimize.fmin runs it (scipy 1.10
// `_minimize_neldermead`, non-adaptive: ρ = 1, χ = 2, ψ = ½, σ = ½; initial simplex x₀ and
// 1.05·x₀, or 0.00025 when x₀ = 0; stop when max|x_i − x_0| ≤ xatol and max|f_i − f_0| ≤ fatol,
// or after 200 iterations / 200 evaluations). WeightWatcher's MP fit polishes its grid minimum with
// it (scipy.optimize.brute's default `finish`), so reproducing its steps reproduces sigma_mp.

export interface NelderMeadResult {
  x: number;
  fx: number;
  iterations: number;
  evaluations: number;
  /** False when the iteration or evaluation cap stopped it. */
  converged: boolean;
}

/**
 * Minimises `f` from `x0` with scipy's Nelder–Mead steps in one dimension.
 *
 * @example
 * ```ts
 * const r = nelderMead1d((x) => (x - 2) ** 2, 1);
 * r.x; // ≈ 2 (within 1e-4)
 * ```
 */
export function nelderMead1d(f: (x: number) => number, x0: number, options: { xatol?: number; fatol?: number; maxIterations?: number } = {}): NelderMeadResult {
  const xatol = options.xatol ?? 1e-4;
  const fatol = options.fatol ?? 1e-4;
  const maxIterations = options.maxIterations ?? 200;
  const maxEvaluations = maxIterations;
  const rho = 1;
  const chi = 2;
  const psi = 0.5;
  const sigma = 0.5;
  let evaluations = 0;
  const call = (x: number) => {
    evaluations++;
    return f(x);
  };
  // sim[0] is the best vertex after every sort.
  let s0 = x0;
  let s1 = x0 !== 0 ? 1.05 * x0 : 0.00025;
  let f0 = call(s0);
  let f1 = call(s1);
  if (f1 < f0) {
    [s0, s1] = [s1, s0];
    [f0, f1] = [f1, f0];
  }
  let iterations = 1;
  let converged = false;
  while (evaluations < maxEvaluations && iterations < maxIterations) {
    if (Math.abs(s1 - s0) <= xatol && Math.abs(f0 - f1) <= fatol) {
      converged = true;
      break;
    }
    const xbar = s0; // centroid of all vertices but the worst
    const xr = (1 + rho) * xbar - rho * s1;
    const fxr = call(xr);
    let shrink = false;
    if (fxr < f0) {
      const xe = (1 + rho * chi) * xbar - rho * chi * s1;
      const fxe = call(xe);
      if (fxe < fxr) {
        s1 = xe;
        f1 = fxe;
      } else {
        s1 = xr;
        f1 = fxr;
      }
    } else if (fxr < f1) {
      // scipy first accepts xr when fxr < fsim[-2]; in one dimension fsim[-2] is fsim[0] ≤ fxr, so
      // that never happens and the contractions follow directly.
      const xc = (1 + psi * rho) * xbar - psi * rho * s1;
      const fxc = call(xc);
      if (fxc <= fxr) {
        s1 = xc;
        f1 = fxc;
      } else shrink = true;
    } else {
      const xcc = (1 - psi) * xbar + psi * s1;
      const fxcc = call(xcc);
      if (fxcc < f1) {
        s1 = xcc;
        f1 = fxcc;
      } else shrink = true;
    }
    if (shrink) {
      s1 = s0 + sigma * (s1 - s0);
      f1 = call(s1);
    }
    iterations++;
    // numpy.argsort of two values: a strict swap only, ties keep the order.
    if (f1 < f0) {
      [s0, s1] = [s1, s0];
      [f0, f1] = [f1, f0];
    }
  }
  if (!converged && Math.abs(s1 - s0) <= xatol && Math.abs(f0 - f1) <= fatol) converged = true;
  return { x: s0, fx: Math.min(f0, f1), iterations, evaluations, converged };
}
