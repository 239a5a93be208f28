// The upper incomplete gamma function Γ(s, x) = ∫ₓ^∞ t^(s−1) e^(−t) dt for any real s and x > 0,
// in logarithms (the truncated power law's normaliser, specs/weights.md §4). Three bounded routes:
//  - x ≥ 1 (and not s > 0 with x < s + 1): Legendre's continued fraction by modified Lentz
//    (Numerical Recipes §6.2 `gcf`), valid for every real s;
//  - s > 1.5 with x < s + 1: Γ(s) − γ(s, x), γ by its power series (NR `gser`), no cancellation there;
//  - x < 1, s ≤ 1.5: Γ(a, x) at a = s + m ∈ [−½, ½] from the expansion
//      Γ(a, x) = (Γ(1 + a) − 1)/a − (x^a − 1)/a − x^a Σ_{k≥1} (−x)^k / (k!(a + k)),
//    finite and accurate through a = 0 (where it is E₁(x)), then m steps of the recurrence
//    Γ(b + 1, x) = bΓ(b, x) + x^b e^(−x), run on R(b) = Γ(b, x)·x^(−b)·e^x so nothing overflows.
import { SpectraError } from '@spectra/core';

const EPS = 2 ** -52;
const MAX_ITERATIONS = 2000;
const EULER_GAMMA = 0.5772156649015329;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
// ζ(k), k = 2…8, for ln Γ(1 + a) = −γa + Σ_{k≥2} (−1)^k ζ(k) a^k / k at |a| ≤ 1e-3.
const ZETA = [0, 0, 1.6449340668482264, 1.2020569031595942, 1.0823232337111381, 1.0369277551433699, 1.0173430619844491, 1.0083492773819228, 1.0040773561979443];

/**
 * ln |Γ(x)| by the Lanczos approximation (g = 7, 9 terms; relative error ≈ 1e-15), with the
 * reflection formula below ½.
 *
 * @example
 * ```ts
 * import { logGamma } from '@spectra/weights';
 * logGamma(5);   // ≈ 3.178053830347944 = ln 24
 * logGamma(0.5); // ≈ 0.5723649429246995 = ln √π
 * ```
 */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i]! / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** (Γ(1 + a) − 1)/a for |a| ≤ ½, continuous through a = 0 (value −γ). */
function gammaOnePlusMinusOneOverA(a: number): number {
  if (Math.abs(a) > 1e-3) return Math.expm1(logGamma(1 + a)) / a;
  let lg = -EULER_GAMMA * a;
  let power = a;
  for (let k = 2; k <= 8; k++) {
    power *= a;
    lg += ((k % 2 === 0 ? 1 : -1) * ZETA[k]! * power) / k;
  }
  if (a === 0) return -EULER_GAMMA;
  return Math.expm1(lg) / a;
}

/**
 * ln Γ(s, x), the log of the upper incomplete gamma function Γ(s, x) = ∫ₓ^∞ t^(s−1)e^(−t) dt, for
 * any real s (negative too) and x > 0; −Infinity at x = Infinity. Other x, or a non-finite s,
 * throw `E_ARGUMENT`.
 *
 * @example
 * ```ts
 * import { logUpperIncompleteGamma } from '@spectra/weights';
 * logUpperIncompleteGamma(1, 2);      // -2: Γ(1, x) = e^−x
 * logUpperIncompleteGamma(0, 1);      // ≈ -1.51693195900205 = ln E₁(1)
 * logUpperIncompleteGamma(-2.5, 0.3); // ≈ 1.63233491130181 (mpmath: log(gammainc(-2.5, 0.3)))
 * ```
 */
export function logUpperIncompleteGamma(s: number, x: number): number {
  if (!(x > 0) || !Number.isFinite(x) || !Number.isFinite(s)) {
    if (x === Infinity) return -Infinity;
    throw new SpectraError('E_ARGUMENT', `logUpperIncompleteGamma: needs finite s and x > 0, got s = ${s}, x = ${x}`);
  }
  if (x >= 1 && !(s > 0 && x < s + 1)) return logContinuedFraction(s, x);
  if (s > 1.5) return logSeriesComplement(s, x);
  return logSmallX(s, x);
}

/** Lentz's evaluation of Legendre's continued fraction: Γ(s, x) = e^(−x) x^s · h. */
function logContinuedFraction(s: number, x: number): number {
  const tiny = 1e-300;
  let b = x + 1 - s;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i <= MAX_ITERATIONS; i++) {
    const an = -i * (i - s);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) return -x + s * Math.log(x) + Math.log(h);
  }
  throw new SpectraError('E_NO_CONVERGENCE', `logUpperIncompleteGamma: continued fraction did not converge for s = ${s}, x = ${x}`);
}

/** Γ(s) − γ(s, x) with γ by its series; used for s > 1.5 and x < s + 1, where P(s, x) < 1 stays away from 1. */
function logSeriesComplement(s: number, x: number): number {
  let ap = s;
  let del = 1 / s;
  let sum = del;
  for (let i = 1; i <= MAX_ITERATIONS; i++) {
    ap += 1;
    del *= x / ap;
    sum += del;
    if (Math.abs(del) < Math.abs(sum) * EPS) {
      const logGammaS = logGamma(s);
      const logLower = Math.log(sum) - x + s * Math.log(x);
      // Γ(s, x) = Γ(s)·(1 − P), P = γ/Γ(s).
      const p = Math.exp(logLower - logGammaS);
      return logGammaS + Math.log1p(-p);
    }
  }
  throw new SpectraError('E_NO_CONVERGENCE', `logUpperIncompleteGamma: series did not converge for s = ${s}, x = ${x}`);
}

/** x < 1, s ≤ 1.5: the expansion at a ∈ [−½, ½], then the scaled recurrence to s. */
function logSmallX(s: number, x: number): number {
  const m = Math.round(s);
  const a = s - m; // in [−½, ½]
  const lnx = Math.log(x);
  // Σ_{k≥1} (−x)^k / (k!(a + k)): alternating, |terms| fall at least like x^k/k!.
  let series = 0;
  let term = 1;
  for (let k = 1; k <= MAX_ITERATIONS; k++) {
    term *= -x / k;
    const t = term / (a + k);
    series += t;
    if (Math.abs(t) < EPS * Math.abs(series)) break;
  }
  const xa = Math.exp(a * lnx);
  const expm1Term = a === 0 ? lnx : Math.expm1(a * lnx) / a;
  const gammaA = gammaOnePlusMinusOneOverA(a) - expm1Term - xa * series;
  // R(b) = Γ(b, x)·x^(−b)·e^x; up: R(b + 1) = (b·R(b) + 1)/x; down: R(b − 1) = (x·R(b) − 1)/(b − 1).
  let r = gammaA * Math.exp(x - a * lnx);
  let b = a;
  while (b < s - 0.5) {
    r = (b * r + 1) / x;
    b += 1;
  }
  while (b > s + 0.5) {
    r = (x * r - 1) / (b - 1);
    b -= 1;
  }
  return Math.log(r) + s * lnx - x;
}

/**
 * erfc(x) for x ≥ 0 through Γ(½, x²)/√π.
 *
 * @example
 * ```ts
 * complementaryErrorFunction(1); // ≈ 0.157299
 * ```
 */
export function complementaryErrorFunction(x: number): number {
  if (x <= 0) return x === 0 ? 1 : 2 - complementaryErrorFunction(-x);
  return Math.exp(logUpperIncompleteGamma(0.5, x * x)) / Math.sqrt(Math.PI);
}
