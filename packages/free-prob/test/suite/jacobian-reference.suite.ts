// Jacobian spectra against the reference files (spec §10 rows "Jacobian scalars/density/CDF/quantiles",
// "vs FreeNN, same z", "FreeNN-compat"; tolerances from reference/free-prob/README.md).
import { assert, assertArrayClose, assertAtLeast, assertAtMost, assertClose, assertEqual, defineSuite } from '@spectra/testkit';
import { jacobianDensityByPolynomialRoots, jacobianSpectrum } from '../../src/index.js';
import { DECILES, jacobianReferences, referenceArchitecture } from './reference.js';

export default defineSuite('jacobian: reference files', (test) => {
  for (const ref of jacobianReferences) {
    const arch = referenceArchitecture(ref);

    test(`${ref.case}: derived scalars (atom, m₁, m₂, x₊, q_l, p_l) to 1e-10`, () => {
      const r = jacobianSpectrum(arch, { normalisation: 'fanOut', cdf: false, grid: [1] });
      const d = ref.derived;
      assertClose(r.atom, d.atom0, { rel: 1e-10, abs: 1e-15 }, 'atom at 0');
      assertClose(r.mean, d.mean, { rel: 1e-10 }, 'm₁');
      assertClose(r.secondMoment, d.second_moment, { rel: 1e-10 }, 'm₂');
      assertClose(r.support.upper, d.upper_edge, { rel: 1e-10 }, 'x₊');
      assertArrayClose(r.layers.map((l) => l.q), d.q, { rel: 1e-10 }, 'q_l');
      assertArrayClose(r.layers.map((l) => l.p), d.p, { rel: 1e-10 }, 'p_l');
      assertArrayClose(r.layers.map((l) => l.Lambda), d.Lambdas, { rel: 1e-12 }, 'Λ_l');
    }, { perVariant: false });

    test(`${ref.case}: density at y = 1e-10 on the reference grid (1e-7 rel above 1e-6·max, else 1e-9·max)`, () => {
      const r = jacobianSpectrum(arch, { normalisation: 'fanOut', grid: ref.exact.grid, imaginaryPart: ref.exact.y, cdf: false });
      const max = Math.max(...ref.exact.density);
      assertArrayClose(r.density, ref.exact.density, (i) => (ref.exact.density[i]! > 1e-6 * max ? { rel: 1e-7 } : { abs: 1e-9 * max }), 'density');
      assertEqual(r.diagnostics.failures, 0, 'Newton failures');
      assert(r.diagnostics.certified, 'every step certified by the Kantorovich test');
    }, { perVariant: false });

    test(`${ref.case}: exact CDF (1e-8 abs), total mass, F(0⁺) ≥ atom, deciles (1e-6 rel)`, () => {
      const r = jacobianSpectrum(arch, { normalisation: 'fanOut', grid: [1] });
      assertArrayClose(r.cdf.x, ref.exact.cdf_x, { rel: 1e-12 }, 'CDF path');
      assertArrayClose(r.cdf.F, ref.exact.cdf_F, { abs: 1e-8 }, 'CDF');
      assertClose(r.cdf.F[r.cdf.F.length - 1]!, 1, { abs: 1e-8 }, 'total mass');
      assertAtLeast(r.cdf.F[0]!, ref.derived.atom0 - 1e-7, 'F(x_min) ≥ atom − 1e-7');
      DECILES.forEach((k, i) => {
        const expected = ref.exact.quantiles[String(k)]!;
        if (expected === 0) assertEqual(r.quantiles.values[i], 0, `Q(${k} %) = 0 below the atom`);
        else assertClose(r.quantiles.values[i]!, expected, { rel: 1e-6 }, `Q(${k} %)`);
      });
      assert(r.quantiles.upperBound.every((b) => !b), 'no decile below F(x_min)');
    }, { perVariant: false });

    test(`${ref.case}: FreeNN-compat reproduces freenn.density (1e-9·max) and its deciles (same grid points)`, () => {
      const r = jacobianSpectrum(arch, { normalisation: 'fanOut', mode: 'freennCompat', freenn: { interval: ref.freenn.interval, points: ref.freenn.N, passes: ref.freenn.ys } });
      assertArrayClose(r.x, ref.freenn.grid, { abs: 0 }, 'grid (numpy.linspace)');
      const max = Math.max(...ref.freenn.density);
      assertArrayClose(r.density, ref.freenn.density, { abs: 1e-9 * max }, 'FreeNN density');
      DECILES.forEach((k, i) => assertEqual(r.quantiles.values[i], ref.freenn.quantiles_freenn_rule[String(k)], `FreeNN-rule Q(${k} %)`));
    }, { perVariant: false });

    test(`${ref.case}: exact solver at FreeNN's z (y = 1e-4) matches freenn.density outside the skipped window`, () => {
      // FreeNN's last pass is at y = 1e-4 outside |x| < 0.02; its G includes the atom's Lorentzian.
      const grid = ref.freenn.grid;
      const outside = grid.map((x, i) => i).filter((i) => grid[i]! >= 0.02 || grid[i]! < -0.02);
      // First grid point ≥ 0.02 is inside FreeNN's window (inclusive).
      const firstAbove = grid.findIndex((x) => x >= 0.02);
      const keep = outside.filter((i) => i !== firstAbove && grid[i]! > 0);
      const r = jacobianSpectrum(arch, { normalisation: 'fanOut', grid: keep.map((i) => grid[i]!), imaginaryPart: 1e-4, cdf: false });
      const y = 1e-4;
      const total = keep.map((i, k) => Math.max(0, r.density[k]! + (r.atom * y) / (Math.PI * (grid[i]! ** 2 + y * y))));
      const max = Math.max(...ref.freenn.density);
      let worst = 0;
      keep.forEach((i, k) => (worst = Math.max(worst, Math.abs(total[k]! - ref.freenn.density[i]!))));
      assertAtMost(worst, 1e-9 * max, 'max |ours − FreeNN| at y = 1e-4');
    }, { perVariant: false });

    test(`${ref.case}: all roots of the expanded master polynomial (core polynomialRootsBatch) give the same density`, ({ backend }) => {
      const r = jacobianDensityByPolynomialRoots(arch, { normalisation: 'fanOut', grid: ref.exact.grid, imaginaryPart: ref.exact.y, backend: backend as 'js' | 'wasm' });
      assertEqual(r.inconsistent.length, 0, 'points where the two sweeps chose different roots or Im G ≥ 0');
      const max = Math.max(...ref.exact.density);
      assertArrayClose(r.density, ref.exact.density, (i) => (ref.exact.density[i]! > 1e-6 * max ? { rel: 1e-7 } : { abs: 1e-9 * max }), 'density by roots');
    });
  }
});
