// Master equations given by their (complex, z-dependent) coefficients, f_z(u) = Σ_k c_k(z) u^k, for the
// lilypads engine: the Pennington–Bahri cubic (spec §8) and the Pennington–Worah quartic (§9). Low
// degree, so Horner is accurate; the majorant of f'' on |w − u| ≤ r is Σ_k k(k − 1)|c_k|(|u| + r)^{k−2}.
import type { LilypadEquation } from './lilypads.js';

/**
 * A lilypads equation from a coefficient function.
 *
 * @example
 * ```ts
 * import { LilypadSolver, PolynomialEquation } from '@spectra/free-prob';
 * // Semicircle(1): G² − zG + 1 = 0, G ≈ 1/z at ∞. The unknown is G itself; coefficients ascending.
 * const eq = new PolynomialEquation(2, (zr, zi, re, im) => { re[0] = 1; im[0] = 0; re[1] = -zr; im[1] = -zi; re[2] = 1; im[2] = 0; },
 *   (zr, zi, out) => { const d = zr * zr + zi * zi; out[0] = zr / d; out[1] = -zi / d; });
 * const s = new LilypadSolver(eq);
 * s.solve(0, 1e-12);  // true
 * -s.mIm / Math.PI;   // 0.31830988618363154 (1/π: the semicircle density at 0)
 * ```
 */
export class PolynomialEquation implements LilypadEquation {
  /** Always true: Σ k(k − 1)|c_k|(|u| + r)^{k−2} majorises |f''| on the disc. */
  readonly certifiable = true;
  /** Degree in the unknown. */
  readonly degree: number;
  private readonly re: Float64Array;
  private readonly im: Float64Array;
  private zr = NaN;
  private zi = NaN;

  constructor(
    degree: number,
    private readonly coefficients: (zr: number, zi: number, re: Float64Array, im: Float64Array) => void,
    private readonly guess: (zr: number, zi: number, out: Float64Array) => void,
    readonly stepScale = 0,
  ) {
    this.degree = degree;
    this.re = new Float64Array(degree + 1);
    this.im = new Float64Array(degree + 1);
  }

  private load(zr: number, zi: number): void {
    if (zr !== this.zr || zi !== this.zi) {
      this.coefficients(zr, zi, this.re, this.im);
      this.zr = zr;
      this.zi = zi;
    }
  }

  evaluate(zr: number, zi: number, ur: number, ui: number, out: Float64Array): void {
    this.load(zr, zi);
    const n = this.degree;
    let fr = this.re[n]!;
    let fi = this.im[n]!;
    let dr = 0;
    let di = 0;
    for (let k = n - 1; k >= 0; k--) {
      // f' ← f' u + f, f ← f u + c_k (Horner for value and derivative).
      const ndr = dr * ur - di * ui + fr;
      const ndi = dr * ui + di * ur + fi;
      dr = ndr;
      di = ndi;
      const nfr = fr * ur - fi * ui + this.re[k]!;
      const nfi = fr * ui + fi * ur + this.im[k]!;
      fr = nfr;
      fi = nfi;
    }
    out[0] = fr;
    out[1] = fi;
    out[2] = dr;
    out[3] = di;
  }

  secondDerivativeBound(zr: number, zi: number, ur: number, ui: number, radius: number): number {
    this.load(zr, zi);
    const r = Math.sqrt(ur * ur + ui * ui) + radius;
    let bound = 0;
    for (let k = 2; k <= this.degree; k++) bound += k * (k - 1) * Math.hypot(this.re[k]!, this.im[k]!) * Math.pow(r, k - 2);
    return bound;
  }

  initialGuess(zr: number, zi: number, out: Float64Array): void {
    this.guess(zr, zi, out);
  }
}
