// The truncated power law (specs/weights.md §4): the upper incomplete gamma function against closed
// forms (e^−x, E₁, erfc, the finite sums of integer order, negative orders by exact recurrences),
// the fit on simulated TPL data (parameters within their standard errors), the optimum checked
// against a likelihood whose normaliser is an independent quadrature, and the likelihood-ratio test.
import { rng } from '@spectra/core';
import { assert, assertClose, assertEqual, defineSuite } from '@spectra/testkit';
import { fitTruncatedPowerLaw, logUpperIncompleteGamma } from '../../src/index.js';

// E₁(x) (Abramowitz & Stegun Table 5.1; mpmath.e1) and erfc(x) (mpmath.erfc) to 16 digits.
const E1: Record<number, number> = { 0.1: 1.8229239584193906, 1: 0.21938393439552029, 5: 0.0011482955912753257 };
const ERFC: Record<number, number> = { 0.1: 0.88753708398171505, 1: 0.15729920705028513, 3: 2.2090496998585441e-5 };

const gamma = (s: number, x: number) => Math.exp(logUpperIncompleteGamma(s, x));

/** Samples p(x) ∝ x^−α e^−Λx on x ≥ xmin: a Pareto(α) proposal accepted with probability e^−Λ(x − xmin). */
function truncatedPowerLawSample(n: number, alpha: number, lambda: number, xmin: number, seed: number): Float64Array {
  const r = rng(seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; ) {
    const x = xmin * (1 - r.uniform()) ** (-1 / (alpha - 1));
    if (r.uniform() < Math.exp(-lambda * (x - xmin))) out[i++] = x;
  }
  return out;
}

/**
 * −ℓ(α, Λ) with the normaliser ∫_xmin^∞ x^−α e^−Λx dx by composite Simpson on x = xmin·e^y,
 * y ∈ [0, 60] (the integrand falls below 1e-20 of its peak well before): no incomplete gamma.
 */
function quadratureNegLogLikelihood(tail: Float64Array, xmin: number, alpha: number, lambda: number): number {
  const m = 20000;
  const h = 60 / m;
  let s = 0;
  for (let i = 0; i <= m; i++) {
    const y = i * h;
    const x = xmin * Math.exp(y);
    const f = Math.exp((1 - alpha) * Math.log(x) - lambda * x) ; // x^−α e^−Λx · dx/dy (dx = x dy)
    s += (i === 0 || i === m ? 1 : i % 2 ? 4 : 2) * f;
  }
  const normaliser = (s * h) / 3;
  let nll = tail.length * Math.log(normaliser);
  for (const x of tail) nll += alpha * Math.log(x) + lambda * x;
  return nll;
}

export default defineSuite('analysis: truncated power law', (test) => {
  test('Γ(s, x) against closed forms: s = 1, ½, 0, integers, negative orders', () => {
    for (const x of [0.01, 0.5, 1, 3, 30, 700]) assertClose(logUpperIncompleteGamma(1, x), -x, { rel: 1e-13, abs: 1e-15 }, `Γ(1, ${x})`);
    for (const [x, v] of Object.entries(ERFC)) assertClose(gamma(0.5, Number(x) ** 2), Math.sqrt(Math.PI) * v, { rel: 1e-12 }, `Γ(½, ${x}²)`);
    for (const [x, v] of Object.entries(E1)) assertClose(gamma(0, Number(x)), v, { rel: 1e-12 }, `Γ(0, ${x}) = E₁`);
    // Γ(n, x) = (n−1)! e^−x Σ_{k<n} x^k/k!.
    for (const n of [2, 3, 5, 8]) {
      for (const x of [0.3, 2, 10]) {
        let sum = 0;
        let term = 1;
        for (let k = 0; k < n; k++) {
          sum += term;
          term *= x / (k + 1);
        }
        let fact = 1;
        for (let k = 2; k < n; k++) fact *= k;
        assertClose(gamma(n, x), fact * Math.exp(-x) * sum, { rel: 1e-12 }, `Γ(${n}, ${x})`);
      }
    }
    // Negative orders from Γ(s + 1, x) = sΓ(s, x) + x^s e^−x, run exactly from E₁ and erfc.
    for (const [x, e1] of Object.entries(E1)) {
      const X = Number(x);
      const gm1 = Math.exp(-X) / X - e1; // Γ(−1, x)
      const gm2 = (gm1 - Math.exp(-X) / (X * X)) / -2; // Γ(−2, x)
      assertClose(gamma(-1, X), gm1, { rel: 1e-11 }, `Γ(−1, ${x})`);
      assertClose(gamma(-2, X), gm2, { rel: 1e-10 }, `Γ(−2, ${x})`);
      // Continuity through the integers (where the series has a removable pole).
      assertClose(gamma(-1 + 1e-9, X), gm1, { rel: 1e-6 }, `Γ(−1 + 1e-9, ${x})`);
      assertClose(gamma(-1 - 1e-9, X), gm1, { rel: 1e-6 }, `Γ(−1 − 1e-9, ${x})`);
    }
    for (const [x, v] of Object.entries(ERFC)) {
      const X = Number(x) ** 2;
      const ghalf = Math.sqrt(Math.PI) * v;
      const gmhalf = (ghalf - X ** -0.5 * Math.exp(-X)) / -0.5; // Γ(−½, x)
      const gm3half = (gmhalf - X ** -1.5 * Math.exp(-X)) / -1.5; // Γ(−3/2, x)
      assertClose(gamma(-0.5, X), gmhalf, { rel: 1e-11 }, `Γ(−½, ${X})`);
      assertClose(gamma(-1.5, X), gm3half, { rel: 1e-10 }, `Γ(−3/2, ${X})`);
    }
  }, { perVariant: false });

  test('simulated TPL data: α and Λ recovered within 4 standard errors of the observed information', () => {
    for (const [alpha, lambda, seed] of [[1.7, 0.05, 1], [2.5, 0.2, 2]] as const) {
      const x = truncatedPowerLawSample(3000, alpha, lambda, 1, seed);
      const fit = fitTruncatedPowerLaw(x);
      assertEqual(fit.status, 'success');
      assert(fit.alphaStandardError > 0 && fit.lambdaStandardError > 0, 'finite standard errors');
      assert(Math.abs(fit.alpha - alpha) <= 4 * fit.alphaStandardError, `α ${fit.alpha} ± ${fit.alphaStandardError} vs ${alpha}`);
      assert(Math.abs(fit.lambda - lambda) <= 4 * fit.lambdaStandardError, `Λ ${fit.lambda} ± ${fit.lambdaStandardError} vs ${lambda}`);
      assertEqual(fit.likelihoodRatio.preferred, 'truncated-power-law', 'the cut-off is detected');
      assert(fit.likelihoodRatio.pValue < 0.05 && fit.likelihoodRatio.logLikelihoodRatio > 0);
    }
  }, { perVariant: false });

  test('the optimum maximises a likelihood whose normaliser is an independent quadrature', () => {
    const x = truncatedPowerLawSample(800, 2.2, 0.1, 1, 3);
    const fit = fitTruncatedPowerLaw(x);
    const sorted = Float64Array.from(x).sort();
    const tail = sorted.filter((v) => v >= fit.xmin);
    const at = (a: number, l: number) => quadratureNegLogLikelihood(tail, fit.xmin, a, l);
    const best = at(fit.alpha, fit.lambda);
    assertClose(-best, fit.logLikelihood, { rel: 1e-9 }, 'log-likelihood (incomplete gamma vs quadrature)');
    for (const [da, dl] of [[1e-3, 0], [-1e-3, 0], [0, 1e-3], [0, -1e-3], [1e-3, 1e-3], [-1e-3, -1e-3]] as const) {
      assert(at(fit.alpha * (1 + da), fit.lambda * (1 + dl)) > best, `a neighbour (${da}, ${dl}) is worse`);
    }
  }, { perVariant: false });

  test('a pure power law: Λ small, the plain power law is not rejected', () => {
    const r = rng(4);
    const x = Float64Array.from({ length: 2000 }, () => (1 - r.uniform()) ** (-1 / 1.5));
    const fit = fitTruncatedPowerLaw(x);
    assertEqual(fit.status, 'success');
    assertEqual(fit.likelihoodRatio.preferred, 'power-law');
    assert(fit.likelihoodRatio.pValue > 0.05, `p = ${fit.likelihoodRatio.pValue}`);
  }, { perVariant: false });

  test('failures: too few values → failed', () => {
    assertEqual(fitTruncatedPowerLaw([1, 2]).status, 'failed');
    assertEqual(fitTruncatedPowerLaw([2, 2, 2, 2]).status, 'failed');
  }, { perVariant: false });
});
