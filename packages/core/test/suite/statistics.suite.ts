import { histogram, kernelDensityEstimate, randomGaussian } from '@spectra/core';
import { assertArrayClose, assertClose, assertDeepEqual, assertEqual, assertThrowsCode, defineSuite } from '@spectra/testkit';

export default defineSuite('statistics', (test) => {
  test('histogram counts, densities and edge conventions', () => {
    const h = histogram([1, 2, 2, 3], { bins: 2, range: [1, 3] });
    assertDeepEqual(h.edges, [1, 2, 3]);
    assertDeepEqual(h.counts, [1, 3]); // the last bin is closed: 3 lands in it
    assertDeepEqual(h.density, [0.25, 0.75]);
    assertEqual(h.excluded, 0);
    const out = histogram([0, 1, 5, 10], { bins: [1, 5, 9] });
    assertDeepEqual(out.counts, [1, 1]);
    assertEqual(out.excluded, 2);
    const constant = histogram([2, 2, 2]);
    assertEqual(constant.counts.reduce((a, b) => a + b, 0), 3);
  }, { perVariant: false });

  test('histogram density integrates to one; log bins are geometric', () => {
    const x = randomGaussian(1, 20000, { seed: 2 }).data;
    const h = histogram(x, { bins: 40 });
    let mass = 0;
    for (let i = 0; i < 40; i++) mass += h.density[i]! * (h.edges[i + 1]! - h.edges[i]!);
    assertClose(mass, 1, { abs: 1e-12 });
    const pos = x.map((v) => Math.exp(v));
    const lg = histogram(pos, { bins: 30, scale: 'log' });
    const ratio = lg.edges[1]! / lg.edges[0]!;
    for (let i = 1; i < 30; i++) assertClose(lg.edges[i + 1]! / lg.edges[i]!, ratio, { rel: 1e-12 });
    assertEqual(lg.counts.reduce((a, b) => a + b, 0), 20000);
    // Non-positive values cannot sit on a log axis: excluded and counted.
    assertEqual(histogram([-1, 0, 1, 10], { scale: 'log', bins: 2 }).excluded, 2);
  }, { perVariant: false });

  test('histogram rejects bad input with typed errors', () => {
    assertThrowsCode(() => histogram([1, NaN]), 'E_NON_FINITE');
    assertThrowsCode(() => histogram([1, 2], { bins: 0 }), 'E_ARGUMENT');
    assertThrowsCode(() => histogram([1, 2], { range: [2, 1] }), 'E_ARGUMENT');
    assertThrowsCode(() => histogram([1, 2], { bins: [1, 1, 2] }), 'E_ARGUMENT');
    assertThrowsCode(() => histogram([1, 2], { scale: 'log', range: [0, 2] }), 'E_ARGUMENT');
  }, { perVariant: false });

  test('kernel density estimate equals the direct sum and approaches the Gaussian density', () => {
    const values = [0, 0.5, 3];
    const xs = [-1, 0, 0.25, 2, 10];
    const h = 0.7;
    const direct = xs.map((x) => values.reduce((s, v) => s + Math.exp(-0.5 * ((x - v) / h) ** 2), 0) / (values.length * h * Math.sqrt(2 * Math.PI)));
    // The 8h cut-off drops terms below e^-32 ≈ 1.3e-14 of the kernel's peak: an absolute bound.
    const peak = 1 / (values.length * h * Math.sqrt(2 * Math.PI));
    assertArrayClose(kernelDensityEstimate(values, xs, { bandwidth: h }), direct, { rel: 1e-13, abs: 2e-14 * peak });
    const sample = randomGaussian(1, 50000, { seed: 5 }).data;
    const grid = [-2, -1, 0, 1, 2];
    const f = kernelDensityEstimate(sample, grid);
    grid.forEach((x, i) => assertClose(f[i]!, Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI), { abs: 0.01 }, `density at ${x}`));
    assertThrowsCode(() => kernelDensityEstimate([], [0]), 'E_ARGUMENT');
    assertThrowsCode(() => kernelDensityEstimate([1, Infinity], [0]), 'E_NON_FINITE');
    assertThrowsCode(() => kernelDensityEstimate([1], [0], { bandwidth: -1 }), 'E_ARGUMENT');
  }, { perVariant: false });
});
