// Jacobian spectra against their Monte-Carlo twins (spec §5, §10 rows "Jacobian MC twin" and "MC
// moments"): real sampled networks (core GEMM and SVD), the thresholded KS statistic, the conditional
// twin, F at the sampled quantiles, moments and deciles. Sizes are the reference files' under the wasm
// backend; the plain-JS twins run smaller nets (N₀ = 1000, 2 seeds) with the KS bound scaled by
// √(n_ref/n) (the statistic scales like 1/√n).
import { assertAtMost, assertClose, defineSuite } from '@spectra/testkit';
import { conditionalJacobianCdf, empiricalQuantiles, jacobianCdf, jacobianSpectrum, monteCarlo, thresholdedKolmogorovSmirnov } from '../../src/index.js';
import { jacobianReferences, referenceArchitecture } from './reference.js';

export default defineSuite('jacobian: Monte-Carlo twins', (test) => {
  for (const ref of jacobianReferences) {
    test(`${ref.case}: KS_τ, conditional KS_τ, F_mc(τ), F(Q_mc(α)), moments and deciles`, async ({ backend }) => {
      const arch = referenceArchitecture(ref);
      const b = backend as 'js' | 'wasm';
      const refN = ref.monte_carlo.N0 * ref.monte_carlo.seeds;
      const N0 = b === 'wasm' ? ref.monte_carlo.N0 : Math.min(1000, ref.monte_carlo.N0);
      const seeds = b === 'wasm' ? ref.monte_carlo.seeds : 2;
      const scale = Math.sqrt(refN / (N0 * seeds));
      // Seeds k = 1000 … as the reference rule (our generator differs from NumPy's: fresh samples).
      const mc = await monteCarlo.jacobianSpectrum(arch, { normalisation: 'fanOut', sizes: N0, seeds, seed: 1000, backend: b });
      const theory = (xs: Float64Array) => jacobianCdf(arch, xs, { normalisation: 'fanOut' });
      const ks = thresholdedKolmogorovSmirnov(mc.eigenvalues, theory, mc.zeroThreshold);
      const conditional = thresholdedKolmogorovSmirnov(mc.eigenvalues, (xs) => conditionalJacobianCdf(mc, xs), mc.zeroThreshold);
      // Rank bound: a seed has at least 1 − min_l(active fraction_l) zero eigenvalues (the rank of J is at
      // most the smallest number of active units).
      const rankZeros = mc.samples.reduce((s, x) => s + Math.max(0, 1 - Math.min(...x.activeFractions)), 0) / seeds;
      if (ref.case === 'relu_L4_square_he_fanout') {
        // For ReLU L = 4 at N₀ = 2000 the expected KS_τ is ≈ 0.0115, above the spec's 0.01: F_mc(τ) is
        // 1 − mean_seeds min_l p̂_l and E[min of 4 Binomial(2000, ½)/2000] = ½ − 1.03·0.0112 (the reference
        // draw, 0.0023, had min p̂ 1.3σ above its mean; our seeds 1000…1003 give 0.0117, seed sets 0, 2000,
        // 3000, 4000 give 0.0095, 0.0075, 0.0110, 0.0083). The whole gap is this finite-N rank effect: it
        // is checked (F_mc(τ) = rank bound + the theory's continuous mass below τ), and the conditional twin,
        // which knows the seed's active fractions, must meet the spec's 0.005.
        const atom = jacobianSpectrum(arch, { normalisation: 'fanOut', grid: [1], cdf: false }).atom;
        const continuousBelowTau = theory(Float64Array.of(mc.zeroThreshold))[0]! - atom;
        assertClose(ks.empiricalAtTau, rankZeros + continuousBelowTau, { abs: 0.005 * scale }, 'F_mc(τ) = rank bound + continuous mass below τ');
        assertAtMost(ks.statistic - ks.atTau, 0.005 * scale, 'KS_τ beyond the atom offset');
        assertAtMost(ks.statistic, 0.015 * scale, 'KS_τ (finite-N rank bias included)');
      } else {
        assertAtMost(ks.statistic, 0.01 * scale, 'KS_τ');
        assertAtMost(ks.atTau, 0.01 * scale, '|F_mc(τ) − F(τ)|');
      }
      assertAtMost(conditional.statistic, 0.005 * scale, 'conditional KS_τ');
      assertAtMost(rankZeros - ks.empiricalAtTau, 1e-12, 'F_mc(τ) ≥ the rank bound');
      // F(Q_mc(α)) − α for the deciles above the atom.
      const levels = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];
      const q = empiricalQuantiles(mc.eigenvalues, levels);
      const F = theory(Float64Array.from(q));
      levels.forEach((a, i) => {
        if (q[i]! > 0) assertAtMost(Math.abs(F[i]! - a), 0.01 * scale, `|F(Q_mc(${a})) − ${a}|`);
      });
      if (ref.config.lambdas.length <= 4) {
        const spectrum = jacobianSpectrum(arch, { normalisation: 'fanOut', grid: [1] });
        const n = mc.eigenvalues.length;
        const m1 = mc.eigenvalues.reduce((s, v) => s + v, 0) / n;
        const m2 = mc.eigenvalues.reduce((s, v) => s + v * v, 0) / n;
        assertClose(m1, spectrum.mean, { rel: 0.03 * scale }, 'MC m₁');
        assertClose(m2, spectrum.secondMoment, { rel: 0.05 * scale }, 'MC m₂');
        const upper = spectrum.support.upper;
        spectrum.quantiles.values.forEach((v, i) => {
          if (v > 1e-3 * upper) assertClose(q[i]!, v, { rel: 0.1 * scale }, `MC decile ${levels[i]}`);
        });
      }
    }, { runtimes: ['node'] });
  }
});
