// Special functions JavaScript lacks: erf/erfc to full double precision (W. J. Cody, "Rational
// Chebyshev approximations for the error function", Math. Comp. 23, 1969 — the coefficients of
// his CALERF, as in SPECFUN), the standard normal density and distribution function.

const A = [3.1611237438705656, 113.864154151050156, 377.485237685302021, 3209.37758913846947, 0.185777706184603153];
const B = [23.6012909523441209, 244.024637934444173, 1282.61652607737228, 2844.23683343917062];
const C = [
  0.564188496988670089, 8.88314979438837594, 66.1191906371416295, 298.635138197400131, 881.95222124176909, 1712.04761263407058,
  2051.07837782607147, 1230.33935479799725, 2.15311535474403846e-8,
];
const D = [15.7449261107098347, 117.693950891312499, 537.181101862009858, 1621.38957456669019, 3290.79923573345963, 4362.61909014324716, 3439.36767414372164, 1230.33935480374942];
const P = [0.305326634961232344, 0.360344899949804439, 0.125781726111229246, 0.0160837851487422766, 6.58749161529837803e-4, 0.0163153871373020978];
const Q = [2.56852019228982242, 1.87295284992346725, 0.527905102951428412, 0.0605183413124413191, 0.00233520497626869185];
const SQRPI = 0.56418958354775628695; // 1/√π
const THRESH = 0.46875;

/** erfc(|x|) for |x| ≥ 0.46875 (Cody's second and third ranges), without the exp(−x²) underflow trap. */
function erfcPositive(y: number): number {
  let result: number;
  if (y <= 4) {
    let xnum = C[8]! * y;
    let xden = y;
    for (let i = 0; i < 7; i++) {
      xnum = (xnum + C[i]!) * y;
      xden = (xden + D[i]!) * y;
    }
    result = (xnum + C[7]!) / (xden + D[7]!);
  } else {
    if (y >= 26.543) return 0;
    const z = 1 / (y * y);
    let xnum = P[5]! * z;
    let xden = z;
    for (let i = 0; i < 4; i++) {
      xnum = (xnum + P[i]!) * z;
      xden = (xden + Q[i]!) * z;
    }
    result = (z * (xnum + P[4]!)) / (xden + Q[4]!);
    result = (SQRPI - result) / y;
  }
  // exp(−y²) split as exp(−ysq²)·exp(−del) with ysq = y rounded to 1/16 (Cody's trick for accuracy).
  const ysq = Math.trunc(y * 16) / 16;
  const del = (y - ysq) * (y + ysq);
  return Math.exp(-ysq * ysq) * Math.exp(-del) * result;
}

/**
 * The error function erf(x) = (2/√π)∫₀ˣ e^{−t²} dt, to about 1e-16 relative (Cody 1969).
 *
 * @example
 * ```ts
 * import { erf } from '@spectra/free-prob';
 * erf(1);  // 0.8427007929497148
 * erf(-1); // -0.8427007929497148
 * ```
 */
export function erf(x: number): number {
  const y = Math.abs(x);
  if (y <= THRESH) {
    const ysq = y > 1.11e-16 ? y * y : 0;
    let xnum = A[4]! * ysq;
    let xden = ysq;
    for (let i = 0; i < 3; i++) {
      xnum = (xnum + A[i]!) * ysq;
      xden = (xden + B[i]!) * ysq;
    }
    return (x * (xnum + A[3]!)) / (xden + B[3]!);
  }
  if (Number.isNaN(x)) return NaN;
  const r = 1 - erfcPositive(y);
  return x < 0 ? -r : r;
}

/**
 * The complementary error function erfc(x) = 1 − erf(x), accurate in the far right tail.
 *
 * @example
 * ```ts
 * import { erfc } from '@spectra/free-prob';
 * erfc(5); // 1.537459794428035e-12 (1 − erf(5) gives 1.5374368445009168e-12: cancellation)
 * ```
 */
export function erfc(x: number): number {
  const y = Math.abs(x);
  if (y <= THRESH) return 1 - erf(x);
  if (Number.isNaN(x)) return NaN;
  const r = erfcPositive(y);
  return x < 0 ? 2 - r : r;
}

/**
 * Standard normal density e^{−x²/2}/√(2π).
 *
 * @example
 * ```ts
 * import { normalDensity } from '@spectra/free-prob';
 * normalDensity(0); // 0.3989422804014327 (1/√(2π))
 * ```
 */
export function normalDensity(x: number): number {
  return 0.3989422804014327 * Math.exp(-0.5 * x * x);
}

/**
 * Standard normal distribution function Φ(x) = ½ erfc(−x/√2), accurate in both tails.
 *
 * @example
 * ```ts
 * import { normalCdf } from '@spectra/free-prob';
 * normalCdf(1.959963984540054); // 0.975
 * normalCdf(-10);               // 7.619853024160496e-24
 * ```
 */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x * Math.SQRT1_2);
}
