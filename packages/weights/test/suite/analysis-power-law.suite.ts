// The power-law fit (specs/weights.md §4) on data with known answers: Pareto samples (α recovered
// within 3σ), hand-computed small cases for duplicates and the tie rule, the strict 1e-5 cut, the
// failure rules, xmax and both finger fixes; and the §5 metrics on closed forms.
import { rng } from '@spectra/core';
import { assert, assertClose, assertEqual, assertThrowsCode, defineSuite } from '@spectra/testkit';
import { fitPowerLaw, logAlphaNorm, normMetrics } from '../../src/index.js';

/** x = xmin·(1 − u)^(−1/(α−1)): a Pareto(α) sample on [xmin, ∞). */
function pareto(n: number, alpha: number, xmin: number, seed: number): Float64Array {
  const r = rng(seed);
  return Float64Array.from({ length: n }, () => xmin * (1 - r.uniform()) ** (-1 / (alpha - 1)));
}

/** The spec's fit written plainly (O(n²), no suffix sums, no early exit), for comparison. */
function naiveFit(values: ArrayLike<number>): { index: number; alpha: number; D: number; xmin: number } {
  const x = Float64Array.from(values).sort().filter((v) => v > 1e-5);
  const n = x.length;
  let best = { index: -1, alpha: NaN, D: Infinity, xmin: NaN };
  for (let i = 0; i < n - 1; i++) {
    const k = n - i;
    let s = 0;
    for (let j = i; j < n; j++) s += Math.log(x[j]! / x[i]!);
    if (!(s > 0)) continue;
    const alpha = 1 + k / s;
    let D = 0;
    for (let j = 0; j < k; j++) D = Math.max(D, Math.abs(1 - (x[i + j]! / x[i]!) ** (1 - alpha) - j / k));
    if (D < best.D) best = { index: i, alpha, D, xmin: x[i]! };
  }
  return best;
}

export default defineSuite('analysis: power-law fit', (test) => {
  test('Pareto samples: α recovered within 3σ, warnings by the 2/6 thresholds', () => {
    for (const [alpha, seed] of [[1.6, 1], [2.5, 2], [3.5, 3], [5, 4], [7.5, 5]] as const) {
      const fit = fitPowerLaw(pareto(3000, alpha, 0.5, seed));
      assertEqual(fit.status, 'success');
      assert(Math.abs(fit.alpha - alpha) <= 3 * fit.sigma, `α = ${alpha}: fitted ${fit.alpha} ± ${fit.sigma}`);
      assertEqual(fit.warning, fit.alpha < 2 ? 'over-trained' : fit.alpha > 6 ? 'under-trained' : '', `warning for α ${fit.alpha}`);
      assertEqual(fit.alphaSuspect, fit.alpha > 8);
      assertClose(fit.sigma, (fit.alpha - 1) / Math.sqrt(fit.numPlSpikes), { rel: 1e-12 }, 'sigma = (α−1)/√tail');
    }
  }, { perVariant: false });

  test('agrees with the plain O(n²) scan: first minimum of D (tie rule), early exit and suffix sums (random and duplicate-heavy data)', () => {
    const r = rng(99);
    for (let trial = 0; trial < 60; trial++) {
      const n = 20 + Math.floor(r.uniform() * 200);
      let x = Float64Array.from({ length: n }, () => Math.exp(3 * r.normal()));
      // Every third trial: coarse rounding, many duplicates and exact ties among candidates' tails.
      if (trial % 3 === 0) x = x.map((v) => Math.round(v * 4) / 4 + 0.25);
      const naive = naiveFit(x);
      const fit = fitPowerLaw(x);
      assertEqual(fit.xmin, naive.xmin, `trial ${trial}: xmin`);
      assertClose(fit.alpha, naive.alpha, { rel: 1e-12 }, `trial ${trial}: alpha`);
      assertClose(fit.D, naive.D, { rel: 1e-10, abs: 1e-14 }, `trial ${trial}: D`);
    }
  }, { perVariant: false });

  test('duplicates: a hand-computed case, and the tail counts every value equal to xmin', () => {
    // x = [1, 1, 1, 2]: D₀ = 1/2 (at j = 2), D₁ = 1/3 (j = 1), D₂ = 1/2 − e⁻² ≈ 0.3647 → xmin = 1 at index 1.
    const fit = fitPowerLaw([1, 1, 1, 2]);
    assertClose(fit.D, 1 / 3, { rel: 1e-14 });
    assertClose(fit.alpha, 1 + 3 / Math.LN2, { rel: 1e-14 });
    assertEqual(fit.xmin, 1);
    assertEqual(fit.numPlSpikes, 4, 'all four values are ≥ xmin');
    assertClose(fit.sigma, (fit.alpha - 1) / Math.sqrt(3), { rel: 1e-14 }, 'sigma uses the scanned tail n − i*');
  }, { perVariant: false });

  test('the 1e-5 cut is strict and absolute, and applies to the fit only', () => {
    const tail = pareto(500, 3, 1e-3, 7);
    const withSmall = Float64Array.from([...tail, 1e-5, 5e-6, 0, 1e-5, 2e-7]);
    const a = fitPowerLaw(withSmall);
    const b = fitPowerLaw(tail);
    assertEqual(a.alpha, b.alpha, 'values ≤ 1e-5 do not enter the fit');
    assertEqual(a.fittedCount, 500, 'exactly 1e-5 is cut too');
    assertEqual(a.numPlSpikes, b.numPlSpikes, 'the tail is counted over all eigenvalues (none of the small ones reach xmin)');
    // A value just above the cut does enter.
    assertEqual(fitPowerLaw([...tail, 1.0000001e-5]).fittedCount, 501);
  }, { perVariant: false });

  test('failures: fewer than 2 values, or a tail of ties → failed, α NaN, fit-failed', () => {
    for (const x of [[], [1], [1e-6, 2e-6, 3], [3, 3, 3, 3]]) {
      const fit = fitPowerLaw(x);
      assertEqual(fit.status, 'failed', JSON.stringify(x));
      assert(Number.isNaN(fit.alpha));
      assertEqual(fit.warning, 'fit-failed');
    }
    assertThrowsCode(() => fitPowerLaw([1, NaN, 2]), 'E_NON_FINITE');
    assertThrowsCode(() => fitPowerLaw([1, 2, 3], { xmax: -1 }), 'E_ARGUMENT');
  }, { perVariant: false });

  test('xmax drops the top k before fitting; k > n/2 fails', () => {
    const x = Array.from(pareto(400, 2.5, 1, 11)).sort((p, q) => p - q);
    const clipped = fitPowerLaw(x, { xmax: 5 });
    const direct = fitPowerLaw(x.slice(0, x.length - 5));
    assertEqual(clipped.alpha, direct.alpha);
    assertEqual(clipped.numPlSpikes, direct.numPlSpikes, 'tail counted on the clipped values');
    assertEqual(fitPowerLaw(x.slice(0, 10), { xmax: 6 }).status, 'failed');
  }, { perVariant: false });

  test("fixFingers 'clip-xmax': refits without the top k until α drops by more than 1 (WW's k range in compat)", () => {
    // A log-normal bulk with a 'finger': two values at 1.5× the top. The first fit lands on a short,
    // steep top tail (α ≈ 9.6); removing the top 4 values gives α ≈ 5.0.
    const r = rng(28);
    const base = Array.from({ length: 400 }, () => Math.exp(0.3 * r.normal())).sort((p, q) => p - q);
    const top = base[base.length - 1]!;
    const x = [...base, 1.5 * top, 1.5 * top * 1.01];
    const first = fitPowerLaw(x);
    const fixed = fitPowerLaw(x, { fixFingers: 'clip-xmax' });
    assertEqual(fixed.rawAlpha, first.alpha, 'rawAlpha is the first fit');
    const k = fixed.numFingers!;
    assertEqual(k, 4, 'numFingers');
    const refit = fitPowerLaw([...x].sort((p, q) => p - q).slice(0, x.length - k));
    assertEqual(fixed.alpha, refit.alpha, 'the accepted fit is the refit without the top k');
    assert(fixed.alpha + 1 < first.alpha, `accepted only when α drops by more than 1: ${fixed.alpha} vs ${first.alpha}`);
    for (let j = 1; j < k; j++) {
      const a = fitPowerLaw([...x].sort((p, q) => p - q).slice(0, x.length - j)).alpha;
      assert(!(a + 1 < first.alpha) && a > 2, `k = ${j} was not acceptable (α ${a})`);
    }
    const compat = fitPowerLaw(x, { fixFingers: 'clip-xmax', compat: true });
    // WW removes k = 2…9 values and reports k − 1: the same refit, reported as 3.
    assertEqual(compat.numFingers, 3, 'compat numFingers = k − 1');
    assertEqual(compat.alpha, fixed.alpha);
  }, { perVariant: false });

  test("fixFingers 'xmin-peak': xmin searched in [0.95p, 1.5p] around the log-histogram peak", () => {
    const r = rng(21);
    const x = Float64Array.from({ length: 800 }, () => Math.exp(0.5 * r.normal()));
    const logs = Array.from(x, Math.log10);
    const lo = Math.min(...logs);
    const hi = Math.max(...logs);
    const counts = new Array(100).fill(0);
    for (const v of logs) counts[Math.min(99, Math.floor(((v - lo) / (hi - lo)) * 100))]++;
    const peak = 10 ** (lo + ((hi - lo) * counts.indexOf(Math.max(...counts))) / 100);
    const fit = fitPowerLaw(x, { fixFingers: 'xmin-peak' });
    assert(fit.xmin >= 0.95 * peak && fit.xmin <= 1.5 * peak, `xmin ${fit.xmin} in [${0.95 * peak}, ${1.5 * peak}]`);
  }, { perVariant: false });

  test('log α-norm by log-sum-exp: exact on small cases, finite where WW overflows', () => {
    assertClose(logAlphaNorm(Float64Array.from([10, 100]), 2), Math.log10(10100), { rel: 1e-15 });
    assertClose(logAlphaNorm(Float64Array.from([1e300, 1e300]), 3), 900 + Math.log10(2), { rel: 1e-15 });
    assertClose(logAlphaNorm(Float64Array.from([0, 4]), 2.5), 2.5 * Math.log10(4), { rel: 1e-15 }, 'zero eigenvalues add 0^α = 0');
  }, { perVariant: false });

  test('norm metrics on closed forms: flat spectrum entropy 1, stable rank, ranks, weak rank loss', () => {
    const flat = normMetrics(Float64Array.from({ length: 50 }, () => 2), 80);
    assertClose(flat.entropy, 1, { abs: 1e-7 }, 'a flat spectrum has entropy 1');
    assertClose(flat.stableRank, 50, { rel: 1e-15 });
    assertEqual(flat.matrixRank, 50);
    const m = normMetrics(Float64Array.from([0, 1e-7, 1e-6, 4, 16]), 10);
    assertEqual(m.weakRankLoss, 2, '#{λ < 1e-6}');
    assertEqual(m.matrixRank, 4, 'σ = √λ > σmax·N·ε: 0 is the only one below');
    assertClose(m.norm, 20.0000011, { rel: 1e-15 });
    assertClose(m.logSpectralNorm, Math.log10(16), { rel: 1e-15 });
  }, { perVariant: false });
});
