// Classic laws and free convolutions (spec §2, §3, §10 rows "closed forms" and "convolutions"):
// closed forms against the generic machinery (Stieltjes inversion, numeric integration, Newton
// inversion of G and M), against the Jacobian master equation (independent exact primitive), and the
// Monte-Carlo twins (eigenvalues of A + OBOᵀ and A^{1/2}OBOᵀA^{1/2}, Haar O from core QR).
import { assert, assertArrayClose, assertAtMost, assertClose, assertDeepEqual, defineSuite } from '@spectra/testkit';
import {
  empiricalMeasure,
  freeAdditiveConvolution,
  freeCumulantsFromMoments,
  freeMultiplicativeConvolution,
  freePoisson,
  fussCatalan,
  hessianIndexModel,
  jacobianCdf,
  jacobianSpectrum,
  marchenkoPastur,
  MeasureBase,
  monteCarlo,
  productOfWisharts,
  semicircle,
  thresholdedKolmogorovSmirnov,
  twoPointLaw,
  haarOrthogonal,
  jacobianMeasure,
  type SpectralMeasure,
} from '../../src/index.js';

/** The generic (MeasureBase) implementation of a method, bypassing a law's closed-form override. */
function generic<K extends keyof MeasureBase>(mu: SpectralMeasure, key: K): MeasureBase[K] {
  return (MeasureBase.prototype[key] as (...a: unknown[]) => unknown).bind(mu) as MeasureBase[K];
}

function binomial(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return r;
}

export default defineSuite('measures and free convolutions', (test) => {
  test('semicircle: density from G (y → 0) = √(4v − x²)/(2πv); closed-form CDF = numeric integral; quantile round trip; Catalan moments', () => {
    const mu = semicircle(2);
    const xs = [-2.5, -1, 0, 0.7, 2.6];
    const fromG = xs.map((x) => -mu.stieltjesTransform({ re: x, im: 1e-14 }).im / Math.PI);
    assertArrayClose(fromG, xs.map((x) => Math.sqrt(8 - x * x) / (4 * Math.PI)), { rel: 1e-10 }, 'density');
    const numeric = generic(mu, 'cdf')(xs);
    assertArrayClose(mu.cdf(xs), numeric, { abs: 1e-13 }, 'CDF closed form vs θ-substituted Gauss–Legendre');
    const q = mu.quantile([0.05, 0.3, 0.5, 0.9]);
    assertArrayClose(mu.cdf(q), [0.05, 0.3, 0.5, 0.9], { abs: 1e-12 }, 'F(Q(α)) = α');
    assertArrayClose(generic(mu, 'moments')(6), [0, 2, 0, 8, 0, 40], { abs: 1e-11 }, 'numeric moments = C_k v^k');
    assertArrayClose(mu.moments(6), [0, 2, 0, 8, 0, 40], { rel: 1e-15 }, 'closed-form moments');
  }, { perVariant: false });

  test('Marchenko–Pastur: density, moments (Narayana), R and S (closed forms vs Newton inversion of G and M), the atom for c > 1', () => {
    for (const [c, s] of [[0.3, 1.5], [1, 1], [2.5, 0.7]] as const) {
      const mu = marchenkoPastur(c, s);
      const { lower, upper } = mu.support();
      const inside = [0.2, 0.5, 0.8].map((t) => (c > 1 ? s * (1 - Math.sqrt(c)) ** 2 : lower) + t * (upper - (c > 1 ? s * (1 - Math.sqrt(c)) ** 2 : lower)));
      const fromG = inside.map((x) => -mu.stieltjesTransform({ re: x, im: 1e-14 }).im / Math.PI);
      assertArrayClose(mu.density(inside), fromG, { rel: 1e-10 }, `density c = ${c}`);
      const numeric = generic(mu, 'moments')(4);
      assertArrayClose(mu.moments(4), numeric, { rel: 1e-10 }, `moments c = ${c}`);
      assertClose(mu.moments(2)[1]! - mu.moments(1)[0]! ** 2, c * s * s, { rel: 1e-14 }, 'variance c s²');
      const g = { re: 0.05, im: -0.02 };
      const R = mu.rTransform(g);
      const Rg = generic(mu, 'rTransform')(g);
      assertClose(R.re, Rg.re, { rel: 1e-9 }, 'R re');
      assertClose(R.im, Rg.im, { rel: 1e-9, abs: 1e-12 }, 'R im');
      const m = { re: 0.1, im: 0.05 };
      const S = mu.sTransform(m);
      const Sg = generic(mu, 'sTransform')(m);
      assertClose(S.re, Sg.re, { rel: 1e-9 }, 'S re');
      assertClose(S.im, Sg.im, { rel: 1e-8 }, 'S im');
      if (c > 1) assertClose(mu.cdf([0])[0]!, 1 - 1 / c, { rel: 1e-15 }, 'atom 1 − 1/c');
      assertClose(mu.cdf([upper + 1])[0]!, 1, { abs: 1e-12 }, 'total mass');
    }
  }, { perVariant: false });

  test('Marchenko–Pastur via the master equation: one linear layer with λ = c (fan-out) has ν_J = MP(c, σ²); its exact CDF (primitive Φ) equals MP\'s numeric CDF', () => {
    for (const c of [0.4, 1, 2]) {
      const mu = marchenkoPastur(c, 1.3);
      // Away from the edges (1 % of the width), where Im z = 1e-13 changes the density by ≪ 1e-10.
      const lo = 1.3 * (1 - Math.sqrt(c)) ** 2;
      const hi = 1.3 * (1 + Math.sqrt(c)) ** 2;
      const grid = Array.from({ length: 200 }, (_, i) => lo + (hi - lo) * (0.01 + (0.98 * i) / 199));
      const r = jacobianSpectrum({ widthRatios: [c], activation: 'linear', sigmaW2: 1.3 }, { normalisation: 'fanOut', cdf: false, grid, imaginaryPart: 1e-13 });
      assertArrayClose(r.density, mu.density(grid), { rel: 1e-10 }, `density λ = ${c}`);
      const xs = [0.1, 0.5, 1, 2, 3].map((t) => t * mu.support().upper / 3);
      const exact = jacobianCdf({ widthRatios: [c], activation: 'linear', sigmaW2: 1.3 }, xs, { normalisation: 'fanOut' });
      assertArrayClose(exact, mu.cdf(xs), { abs: 1e-9 }, `CDF λ = ${c}`);
      assertClose(r.atom, Math.max(0, 1 - 1 / c), { abs: 1e-15 }, 'atom');
    }
  }, { perVariant: false });

  test('free Poisson(r, a) = MP(1/r, ra); two-point S = (1 + m)/(a(m + p)) vs Newton inversion; Haar S = 1/σ²', () => {
    const fp = freePoisson(2, 0.5);
    assertArrayClose(fp.moments(3), marchenkoPastur(0.5, 1).moments(3), { rel: 1e-15 }, 'free Poisson moments');
    const tp = twoPointLaw(0.3, 2);
    const m = { re: 0.2, im: -0.1 };
    const S = tp.sTransform(m);
    const Sg = generic(tp, 'sTransform')(m);
    assertClose(S.re, Sg.re, { rel: 1e-9 }, 'two-point S re');
    assertClose(S.im, Sg.im, { rel: 1e-9 }, 'two-point S im');
    assertArrayClose(tp.moments(3), [0.6, 1.2, 2.4], { rel: 1e-15 }, 'two-point moments p aᵏ');
    const h = haarOrthogonal({ sigma2: 3 });
    assertClose(h.sTransform({ re: 0.4, im: 0 }).re, 1 / 3, { rel: 1e-15 }, 'Haar S');
    assertDeepEqual(haarOrthogonal({ sigma2: 3, ratio: 4 }).atoms(), [{ location: 0, mass: 0.75 }, { location: 3, mass: 0.25 }], 'tall Haar: two-point');
  }, { perVariant: false });

  test('Fuss–Catalan: m_k = C((L+1)k, k)/(Lk + 1), x₊ = (L+1)^{L+1}/L^L; products of Wisharts with λ = 1 are MP(1,1)', () => {
    for (const L of [1, 2, 3, 5]) {
      const fc = fussCatalan(L);
      const expected = Array.from({ length: 6 }, (_, i) => binomial((L + 1) * (i + 1), i + 1) / (L * (i + 1) + 1));
      assertArrayClose(fc.moments(6), expected, { rel: 1e-12 }, `moments L = ${L}`);
      assertClose(fc.support().upper, (L + 1) ** (L + 1) / L ** L, { rel: 1e-12 }, `edge L = ${L}`);
      const q = fc.quantile([0.25, 0.5, 0.75]);
      assertArrayClose(fc.cdf(q), [0.25, 0.5, 0.75], { abs: 1e-9 }, `quantile round trip L = ${L}`);
    }
    const pw = productOfWisharts([1]);
    const mp = marchenkoPastur(1, 1);
    assertArrayClose(pw.density([0.3, 1, 3]), mp.density([0.3, 1, 3]), { rel: 1e-9 }, 'product of one Wishart = MP(1, 1)');
  }, { perVariant: false });

  test('empirical measure: exact CDF, quantiles (inf convention), moments, smoothing κ·spacing', () => {
    const mu = empiricalMeasure([3, 1, 2, 2], [1, 1, 1, 1]);
    assertArrayClose(mu.cdf([0.5, 1, 2, 2.5, 3]), [0, 0.25, 0.75, 0.75, 1], { abs: 1e-15 }, 'CDF');
    assertArrayClose(mu.quantile([0.25, 0.26, 0.75, 0.9]), [1, 2, 2, 3], { abs: 0 }, 'quantiles');
    assertArrayClose(mu.moments(2), [2, 4.5], { rel: 1e-15 }, 'moments');
    assertClose(mu.smoothing, 3 * (2 / 3), { rel: 1e-15 }, 'smoothing = κ × mean spacing');
    const g = mu.stieltjesTransform({ re: 0.5, im: 0.1 });
    let re = 0;
    let im = 0;
    for (const t of [1, 2, 2, 3]) {
      const d = (0.5 - t) ** 2 + 0.01;
      re += (0.5 - t) / d / 4;
      im -= 0.1 / d / 4;
    }
    assertClose(g.re, re, { rel: 1e-14 }, 'G re');
    assertClose(g.im, im, { rel: 1e-14 }, 'G im');
  }, { perVariant: false });

  test('⊞: semicircle(v₁) ⊞ semicircle(v₂) = semicircle(v₁ + v₂) (1e-10); MP ⊞ semicircle = the Pennington–Bahri cubic; cumulants add', () => {
    const conv = freeAdditiveConvolution(semicircle(1), semicircle(2));
    const xs = [-3, -1.2, 0, 0.5, 2.9];
    assertArrayClose(conv.density(xs), semicircle(3).density(xs), { rel: 1e-10 }, 'semicircle ⊞ semicircle');
    assertArrayClose(conv.cdf([-1, 0.5, 2]), semicircle(3).cdf([-1, 0.5, 2]), { abs: 1e-9 }, 'CDF');
    assertAtMost(conv.diagnostics.failures, 0, 'subordination failures');
    const pb = freeAdditiveConvolution(marchenkoPastur(0.5, 1), semicircle(0.1));
    const cubic = hessianIndexModel({ epsilon: 0.05, phi: 0.5 });
    const ys = [-0.15, 0, 0.4, 1.3, 2.8];
    assertArrayClose(pb.density(ys), cubic.density(ys), { rel: 1e-9 }, 'MP ⊞ semicircle vs cubic');
    // Mean, variance and third free cumulant add.
    const a = marchenkoPastur(0.5, 1);
    const b = semicircle(0.1);
    const ka = freeCumulantsFromMoments(a.moments(3));
    const kb = freeCumulantsFromMoments(b.moments(3));
    const kc = freeCumulantsFromMoments(pb.moments(3));
    assertArrayClose(kc, ka.map((v, i) => v + kb[i]!), { abs: 1e-12 }, 'κ₁, κ₂, κ₃ add');
    // Numeric moments of the convolved density agree with the cumulant algebra.
    assertArrayClose(generic(pb, 'moments')(3), pb.moments(3), { rel: 1e-7 }, 'moments from the density');
  }, { perVariant: false });

  test('⊠: MP(1) ⊠ MP(1) = Fuss–Catalan(2); Bernoulli ⊠ MP = the one-layer ReLU master equation; m₁ = a₁b₁, m₂ = a₂b₁² + a₁²b₂ − a₁²b₁²', () => {
    const conv = freeMultiplicativeConvolution(marchenkoPastur(1), marchenkoPastur(1));
    const xs = [0.05, 0.5, 2, 5];
    assertArrayClose(conv.density(xs), fussCatalan(2).density(xs), { rel: 1e-9 }, 'MP ⊠ MP');
    const bern = freeMultiplicativeConvolution(twoPointLaw(0.5, 1), marchenkoPastur(1, 2));
    const relu = jacobianMeasure({ depth: 1, activation: 'relu', sigmaW2: 2 });
    assertArrayClose(bern.density([0.3, 1, 2.5]), relu.density([0.3, 1, 2.5]), { rel: 1e-9 }, 'Bernoulli ⊠ MP');
    const a = marchenkoPastur(0.5, 2);
    const b = marchenkoPastur(1.5, 0.7);
    const [a1, a2] = a.moments(2) as unknown as [number, number];
    const [b1, b2] = b.moments(2) as unknown as [number, number];
    const m = freeMultiplicativeConvolution(a, b).moments(2);
    assertClose(m[0]!, a1 * b1, { rel: 1e-12 }, 'm₁');
    assertClose(m[1]!, a2 * b1 * b1 + a1 * a1 * b2 - a1 * a1 * b1 * b1, { rel: 1e-12 }, 'm₂');
  }, { perVariant: false });

  test('Monte-Carlo twins of ⊞ and ⊠ (n = 2000, Haar O by core QR): KS ≤ 0.01', async ({ backend }) => {
    const b = backend as 'js' | 'wasm';
    const n = b === 'wasm' ? 2000 : 800;
    const bound = 0.01 * Math.sqrt(2000 / n);
    const add = freeAdditiveConvolution(marchenkoPastur(0.5), semicircle(0.1));
    const mcAdd = await monteCarlo.freeAdditiveConvolution(marchenkoPastur(0.5), semicircle(0.1), { size: n, seed: 11, backend: b });
    // The KS statistic on all of ℝ: shift so that τ = 0 lies below every eigenvalue.
    const ks = thresholdedKolmogorovSmirnov(mcAdd.eigenvalues.map((v) => v + 10), (x) => add.cdf(x.map((v) => v - 10)), 0).statistic;
    assertAtMost(ks, bound, 'KS(A + OBOᵀ, MP ⊞ semicircle)');
    const mul = freeMultiplicativeConvolution(marchenkoPastur(0.5), marchenkoPastur(1, 2));
    const mcMul = await monteCarlo.freeMultiplicativeConvolution(marchenkoPastur(0.5), marchenkoPastur(1, 2), { size: n, seed: 12, backend: b });
    const ks2 = thresholdedKolmogorovSmirnov(mcMul.eigenvalues, (x) => mul.cdf(x), 1e-12).statistic;
    assertAtMost(ks2, bound, 'KS(A^{1/2}OBOᵀA^{1/2}, MP ⊠ MP)');
    assert(mcAdd.eigenvalues.length === n && mcMul.eigenvalues.length === n, 'sizes');
  }, { runtimes: ['node'] });
});
