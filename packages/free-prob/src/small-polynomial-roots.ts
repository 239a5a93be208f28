// All roots of a low-degree real polynomial (discriminants of the §8 cubic, edge polynomials) by
// Aberth–Ehrlich iteration in complex arithmetic (Bini 1996), started on a circle of the Cauchy-bound
// radius, then each real root polished by Newton on the real line. Self-contained so the analytic
// models need nothing from the wasm kernels; degrees here are ≤ 8.

/**
 * Roots of Σ c_k x^k (ascending coefficients), as { re, im } pairs.
 *
 * @example
 * ```ts
 * import { smallPolynomialRoots } from '@spectra/free-prob';
 * // (x − 1)(x − 2)(x − 3), coefficients ascending:
 * smallPolynomialRoots([-6, 11, -6, 1]).map((r) => r.re).sort(); // [1, 2.0000000000000013, 3]
 * smallPolynomialRoots([1, 0, 1]);                               // [{ re: 0, im: 1 }, { re: 0, im: -1 }] (±i)
 * ```
 */
export function smallPolynomialRoots(coefficients: ArrayLike<number>): Array<{ re: number; im: number }> {
  let c = Array.from(coefficients);
  while (c.length > 1 && c[c.length - 1] === 0) c.pop();
  const zeros: Array<{ re: number; im: number }> = [];
  while (c.length > 1 && c[0] === 0) {
    zeros.push({ re: 0, im: 0 });
    c = c.slice(1);
  }
  const n = c.length - 1;
  if (n <= 0) return zeros;
  const lead = c[n]!;
  const a = c.map((v) => v / lead);
  // Cauchy bound 1 + max|a_k|.
  let radius = 0;
  for (let k = 0; k < n; k++) radius = Math.max(radius, Math.abs(a[k]!));
  radius = Math.min(1 + radius, 1e150);
  const zr = new Float64Array(n);
  const zi = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const t = (2 * Math.PI * k) / n + 0.7;
    zr[k] = radius * 0.5 * Math.cos(t);
    zi[k] = radius * 0.5 * Math.sin(t);
  }
  for (let sweep = 0; sweep < 500; sweep++) {
    let moved = 0;
    for (let k = 0; k < n; k++) {
      // p and p' by Horner.
      let pr = 1;
      let pi = 0;
      let dr = 0;
      let di = 0;
      for (let j = n - 1; j >= 0; j--) {
        const ndr = dr * zr[k]! - di * zi[k]! + pr;
        const ndi = dr * zi[k]! + di * zr[k]! + pi;
        dr = ndr;
        di = ndi;
        const npr = pr * zr[k]! - pi * zi[k]! + a[j]!;
        const npi = pr * zi[k]! + pi * zr[k]!;
        pr = npr;
        pi = npi;
      }
      const dd = dr * dr + di * di;
      if (dd === 0) continue;
      // N = p/p'
      const nr = (pr * dr + pi * di) / dd;
      const ni = (pi * dr - pr * di) / dd;
      // S = Σ_{j≠k} 1/(z_k − z_j)
      let sr = 0;
      let si = 0;
      for (let j = 0; j < n; j++) {
        if (j === k) continue;
        const tr = zr[k]! - zr[j]!;
        const ti = zi[k]! - zi[j]!;
        const t2 = tr * tr + ti * ti;
        if (t2 === 0) continue;
        sr += tr / t2;
        si -= ti / t2;
      }
      // step = N/(1 − N S)
      const er = 1 - (nr * sr - ni * si);
      const ei = -(nr * si + ni * sr);
      const ed = er * er + ei * ei;
      const str = (nr * er + ni * ei) / ed;
      const sti = (ni * er - nr * ei) / ed;
      zr[k]! -= str;
      zi[k]! -= sti;
      moved = Math.max(moved, Math.hypot(str, sti) / Math.max(1e-300, Math.hypot(zr[k]!, zi[k]!)));
    }
    if (moved < 1e-16) break;
  }
  const out = [...zeros];
  for (let k = 0; k < n; k++) out.push({ re: zr[k]!, im: zi[k]! });
  return out;
}

/**
 * The real roots of a real polynomial (roots whose imaginary part is below `tolerance` relative),
 * ascending, polished by Newton on the real line.
 *
 * @example
 * ```ts
 * import { realPolynomialRoots } from '@spectra/free-prob';
 * realPolynomialRoots([-2, 0, 1]);     // [-1.4142135623730951, 1.414213562373095] (±√2)
 * realPolynomialRoots([1, 0, 1]);      // [] (x² + 1 has no real root)
 * ```
 */
export function realPolynomialRoots(coefficients: ArrayLike<number>, tolerance = 1e-7): number[] {
  const c = Array.from(coefficients);
  const roots = smallPolynomialRoots(c).filter((r) => Math.abs(r.im) <= tolerance * Math.max(1, Math.abs(r.re)));
  return roots
    .map((r) => {
      let x = r.re;
      for (let it = 0; it < 50; it++) {
        let p = 0;
        let d = 0;
        for (let j = c.length - 1; j >= 0; j--) {
          d = d * x + p;
          p = p * x + c[j]!;
        }
        if (d === 0) break;
        const step = p / d;
        x -= step;
        if (Math.abs(step) <= 1e-16 * Math.max(1, Math.abs(x))) break;
      }
      return x;
    })
    .sort((a, b) => a - b);
}
