// Mean-field signal propagation (spec §4, §10 row "mean field"): reference values (GH-120), closed forms
// of kinked activations against split quadrature, the critical line, depth scales measured on iterated
// maps, and the Monte-Carlo twin (two correlated inputs through a wide random net).
import { assert, assertAtMost, assertClose, assertEqual, defineSuite } from '@spectra/testkit';
import {
  correlatedGaussianExpectation,
  criticalLine,
  erfActivation,
  gaussianExpectation,
  hardSine,
  hardTanh,
  leakyRelu,
  meanField,
  monteCarlo,
  relu,
  tanh,
} from '../../src/index.js';
import { meanFieldReference } from './reference.js';

/** Decay rate fitted to log|e_l| by least squares over the points with |e_l| in (lo, hi): returns ξ = −1/slope. */
function fittedDepthScale(errors: number[], lo: number, hi: number): number {
  const pts = errors.map((e, l) => [l, Math.log(Math.abs(e))] as const).filter(([, v]) => v > Math.log(lo) && v < Math.log(hi));
  const n = pts.length;
  const mx = pts.reduce((s, p) => s + p[0], 0) / n;
  const my = pts.reduce((s, p) => s + p[1], 0) / n;
  const slope = pts.reduce((s, p) => s + (p[0] - mx) * (p[1] - my), 0) / pts.reduce((s, p) => s + (p[0] - mx) ** 2, 0);
  return -1 / slope;
}

export default defineSuite('mean field', (test) => {
  for (const c of meanFieldReference.cases) {
    test(`tanh (σ_w², σ_b²) = (${c.sw2}, ${c.sb2}): q*, χ₁, χ_c, ξ_q, ξ_c to 1e-8; c* = 1 (ordered)`, () => {
      const r = meanField({ activation: 'tanh', sigmaW2: c.sw2, sigmaB2: c.sb2 });
      assertClose(r.qStar, c.q_star, { rel: 1e-8 }, 'q*');
      assertClose(r.chi1, c.chi1, { rel: 1e-8 }, 'χ₁');
      assertClose(r.chiC, c.chi_c, { rel: 1e-8 }, 'χ_c');
      assertClose(r.xiQ, c.xi_q, { rel: 1e-8 }, 'ξ_q');
      assertClose(r.xiC, c.xi_c, { rel: 1e-8 }, 'ξ_c');
      assertClose(r.cStar, 1, { abs: 1e-12 }, 'c*');
      assertEqual(r.phase, 'ordered', 'phase');
    }, { perVariant: false });

    test(`tanh (${c.sw2}, ${c.sb2}): depth scales fitted on the iterated q and c maps agree with ξ_q, ξ_c to 1 %`, () => {
      const r = meanField({ activation: 'tanh', sigmaW2: c.sw2, sigmaB2: c.sb2 });
      const E = (q: number) => gaussianExpectation((h) => Math.tanh(h) ** 2, q);
      let q = 2 * r.qStar;
      const qErrors: number[] = [];
      for (let l = 0; l < 60; l++) {
        qErrors.push(q - r.qStar);
        q = c.sw2 * E(q) + c.sb2;
      }
      assertClose(fittedDepthScale(qErrors, 1e-13 * r.qStar, 1e-2 * r.qStar), r.xiQ, { rel: 0.01 }, 'measured ξ_q');
      let cc = r.cStar - 0.05;
      const cErrors: number[] = [];
      for (let l = 0; l < 80; l++) {
        cErrors.push(cc - r.cStar);
        cc = (c.sw2 * correlatedGaussianExpectation(Math.tanh, Math.tanh, r.qStar, cc) + c.sb2) / r.qStar;
      }
      assertClose(fittedDepthScale(cErrors, 1e-12, 1e-2), r.xiC, { rel: 0.01 }, 'measured ξ_c');
    }, { perVariant: false });
  }

  test('closed forms of kinked activations equal split-quadrature integrals (ReLU c map, hard-tanh E φ², its slope, leaky ReLU, erf)', () => {
    const kinksRelu = relu.kinksIn;
    for (const cc of [-0.6, 0, 0.5, 0.95]) {
      const quad = correlatedGaussianExpectation(relu.phi, relu.phi, 1.7, cc, kinksRelu, kinksRelu);
      assertClose(relu.closedForms.crossMoment!(1.7, cc), quad, { rel: 1e-12 }, `ReLU E[φφ] at c = ${cc}`);
      const lk = leakyRelu(0.2);
      const quad2 = correlatedGaussianExpectation(lk.dphi, lk.dphi, 1.7, cc, lk.kinksIn, lk.kinksIn);
      assertClose(lk.closedForms.derivativeCrossMoment!(1.7, cc), quad2, { rel: 1e-12 }, `leaky ReLU E[φ'φ'] at c = ${cc}`);
    }
    for (const q of [0.05, 0.3, 1.55, 4]) {
      const quad = gaussianExpectation((h) => hardTanh.phi(h) ** 2, q, hardTanh.kinksIn);
      assertClose(hardTanh.closedForms.secondMoment!(q), quad, { rel: 1e-12 }, `hard-tanh E φ² at q = ${q}`);
      // d/dq E φ² by a centred difference of the split quadrature.
      const h = 1e-5 * q;
      const fd = (gaussianExpectation((x) => hardTanh.phi(x) ** 2, q + h, hardTanh.kinksIn) - gaussianExpectation((x) => hardTanh.phi(x) ** 2, q - h, hardTanh.kinksIn)) / (2 * h);
      assertClose(hardTanh.closedForms.secondMomentSlope!(q), fd, { rel: 1e-7 }, `hard-tanh slope at q = ${q}`);
      assertClose(erfActivation.closedForms.secondMoment!(q), gaussianExpectation((x) => erfActivation.phi(x) ** 2, q), { rel: 1e-12 }, `erf E φ² at q = ${q}`);
    }
    // Hard-sine: spec §4's closed form is accurate for q ≳ 0.3 (7e-8 at q = 0.3).
    const q = 0.3;
    const formula = 1 / 3 + (4 / Math.PI ** 2) * (-Math.exp((-q * Math.PI ** 2) / 2) + Math.exp(-2 * q * Math.PI ** 2) / 4);
    const quad = gaussianExpectation((h) => hardSine.phi(h) ** 2, q, hardSine.kinksIn);
    assertAtMost(Math.abs(formula - quad), 1e-7, 'hard-sine E φ² at q = 0.3 (formula error 7e-8)');
  }, { perVariant: false });

  test('critical line: tanh σ_b² = 0.05 → σ_w² = 1.7609546, q* = 0.5700479 (spec §4); ReLU: σ_w² = 2; χ₁ = 1 on it', () => {
    const [p] = criticalLine(tanh, [0.05]);
    assertClose(p!.sigmaW2, 1.7609546396067337, { rel: 1e-9 }, 'σ_w²');
    assertClose(p!.qStar, 0.5700478816407599, { rel: 1e-9 }, 'q*');
    const r = meanField({ activation: 'tanh', sigmaW2: p!.sigmaW2, sigmaB2: 0.05 });
    assertClose(r.chi1, 1, { abs: 1e-9 }, 'χ₁ on the line');
    assertEqual(r.phase, 'critical', 'phase');
    assertEqual(criticalLine('relu', [0, 0.1])[1]!.sigmaW2, 2, 'ReLU critical σ_w²');
    const chaotic = meanField({ activation: 'tanh', sigmaW2: 3, sigmaB2: 0 });
    assertEqual(chaotic.phase, 'chaotic', 'chaotic phase');
    assertClose(chaotic.cStar, 0, { abs: 1e-12 }, 'odd φ, σ_b = 0: c* = 0');
    const chaotic2 = meanField({ activation: 'tanh', sigmaW2: 3, sigmaB2: 0.3 });
    // c* is a fixed point of the c map.
    const cmap = (3 * correlatedGaussianExpectation(Math.tanh, Math.tanh, chaotic2.qStar, chaotic2.cStar) + 0.3) / chaotic2.qStar;
    assertClose(cmap, chaotic2.cStar, { abs: 1e-12 }, 'c* = C(c*)');
    assert(chaotic2.cStar > 0 && chaotic2.cStar < 1, 'chaotic c* in (0, 1)');
  }, { perVariant: false });

  test('Monte-Carlo twin (N = 4000, 4 seeds, core GEMM): mean(h²) and correlation per layer within 3√(2/(N·seeds)) of the recursions', async ({ backend }) => {
    const N = 4000;
    const seeds = 4;
    const depth = 3;
    const params = { activation: 'tanh', sigmaW2: 1.5, sigmaB2: 0.05, inputVariance: 1, inputCorrelation: 0.3, depth };
    const mc = await monteCarlo.meanField(params, { width: N, seeds, seed: 21, backend: backend as 'js' | 'wasm' });
    const theory = meanField({ activation: 'tanh', sigmaW2: 1.5, sigmaB2: 0.05, depth });
    const bound = 3 * Math.sqrt(2 / (N * seeds));
    let c = 0.3;
    for (let l = 0; l < depth; l++) {
      const q = theory.layers.q[l]!;
      // Correlation recursion: c¹ = (σ_w² q_in c₀ + σ_b²)/q¹, then c ↦ (σ_w² E[φ(u₁)φ(u₂)] + σ_b²)/q with the previous layer's q.
      c = l === 0 ? (1.5 * c + 0.05) / q : (1.5 * correlatedGaussianExpectation(Math.tanh, Math.tanh, theory.layers.q[l - 1]!, c) + 0.05) / q;
      assertAtMost(Math.abs(mc.q[l]! / q - 1), bound, `layer ${l + 1}: mean(h²) vs q_l`);
      assertAtMost(Math.abs(mc.c[l]! / c - 1), bound, `layer ${l + 1}: correlation vs c_l`);
    }
  }, { runtimes: ['node'] });
});
