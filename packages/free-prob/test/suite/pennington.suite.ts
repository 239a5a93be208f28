// Pennington–Bahri (spec §8) and Pennington–Worah (spec §9) against the reference files, closed forms
// and their Monte-Carlo twins (spec §10 rows "Pennington–Bahri" and "Pennington–Worah").
import { assertArrayClose, assertAtMost, assertClose, assertEqual, defineSuite } from '@spectra/testkit';
import {
  criticalEnergy,
  criticalEnergyFromDiscriminant,
  empiricalQuantiles,
  hessianIndexCurve,
  hessianIndexModel,
  MeasureBase,
  monteCarlo,
  nonlinearRandomMatrix,
  thresholdedKolmogorovSmirnov,
} from '../../src/index.js';
import { penningtonBahriReference, penningtonWorahReference } from './reference.js';

const pbCase = penningtonBahriReference.mc[0]!;
const pwCase = penningtonWorahReference.cases[0]!;

export default defineSuite('Pennington–Bahri and Pennington–Worah', (test) => {
  test('ε_c: closed form vs the positive root of the z = 0 discriminant (1e-9), both vs the reference table', () => {
    for (const row of penningtonBahriReference.eps_c) {
      const roots = criticalEnergyFromDiscriminant(row.phi);
      assertEqual(roots.length, 1, `one positive root at φ = ${row.phi}`);
      assertClose(roots[0]!, criticalEnergy(row.phi), { rel: 1e-9 }, `formula vs discriminant, φ = ${row.phi}`);
      assertClose(criticalEnergy(row.phi), row.formula, { rel: 1e-9 }, `formula vs reference, φ = ${row.phi}`);
      assertClose(roots[0]!, row.numeric_roots[0]!, { rel: 1e-9 }, `root vs reference, φ = ${row.phi}`);
    }
    assertClose(criticalEnergy(0.5, 2), 4 * criticalEnergy(0.5), { rel: 1e-15 }, 'ε_c(σ) = σ² ε_c(1)');
  }, { perVariant: false });

  test('ε = 0.05, φ = 0.5: edges and α to 1e-6, deciles 10/50/90 % to 1e-4, mass 1, moments by cumulants = numeric', () => {
    const h = hessianIndexModel({ epsilon: pbCase.eps, phi: pbCase.phi });
    assertArrayClose(h.edges, pbCase.edges, { rel: 1e-6 }, 'edges');
    assertClose(h.index(), pbCase.alpha_theory, { rel: 1e-6 }, 'α');
    assertClose(h.cdf([0])[0]!, h.index(), { rel: 1e-9 }, 'F(0) = α');
    assertArrayClose(h.quantile([0.1, 0.5, 0.9]), pbCase.q10_50_90_theory, { rel: 1e-4 }, 'quantiles');
    assertClose(h.cdf([10])[0]!, 1, { abs: 1e-9 }, 'mass');
    assertArrayClose((MeasureBase.prototype.moments as (k: number) => Float64Array).call(h, 3), h.moments(3), { rel: 1e-8 }, 'moments');
  }, { perVariant: false });

  test('3/2 law: α ∝ |(ε − ε_c)/ε_c|^{3/2} near ε_c (exponent on δ ∈ [1e-3, 1e-2] within 1.5 ± 0.01)', () => {
    const phi = 0.5;
    const ec = criticalEnergy(phi);
    const deltas = [1e-3, 2e-3, 4e-3, 7e-3, 1e-2];
    const alpha = hessianIndexCurve(deltas.map((d) => ec * (1 + d)), phi);
    const lx = deltas.map(Math.log);
    const ly = Array.from(alpha, Math.log);
    const mx = lx.reduce((a, b) => a + b) / lx.length;
    const my = ly.reduce((a, b) => a + b) / ly.length;
    const slope = lx.reduce((s, x, i) => s + (x - mx) * (ly[i]! - my), 0) / lx.reduce((s, x) => s + (x - mx) ** 2, 0);
    assertClose(slope, 1.5, { abs: 0.01 }, 'exponent');
    assertEqual(hessianIndexModel({ epsilon: ec * 0.9, phi }).index(), 0, 'α = 0 below ε_c');
  }, { perVariant: false });

  test('Pennington–Bahri Monte-Carlo twin (n = 1500, 2 seeds): α within 0.003, KS ≤ 0.01, quantiles within 0.005·(x₊ − x₋)', async ({ backend }) => {
    const b = backend as 'js' | 'wasm';
    const n = b === 'wasm' ? 1500 : 800;
    const scale = Math.sqrt((1500 * 2) / (n * 2));
    const h = hessianIndexModel({ epsilon: pbCase.eps, phi: pbCase.phi });
    const mc = await monteCarlo.hessianIndexModel({ epsilon: pbCase.eps, phi: pbCase.phi }, { size: n, seeds: 2, seed: 0, backend: b });
    assertAtMost(Math.abs(mc.index - h.index()), 0.003 * scale, 'α_mc');
    const ks = thresholdedKolmogorovSmirnov(mc.eigenvalues.map((v) => v + 10), (x) => h.cdf(x.map((v) => v - 10)), 0);
    assertAtMost(ks.statistic, 0.01 * scale, 'KS');
    const width = h.edges[h.edges.length - 1]! - h.edges[0]!;
    assertArrayClose(empiricalQuantiles(mc.eigenvalues, [0.1, 0.5, 0.9]), Array.from(h.quantile([0.1, 0.5, 0.9])), { abs: 0.005 * width * scale }, 'quantiles');
  }, { runtimes: ['node'] });

  test('Pennington–Worah tanh (φ = 0.5, ψ = 0.75): η, ζ (1e-10); m₁, m₂ exact vs the density; deciles 10/50/90 % (1e-3); ridge loss (1e-6)', () => {
    const m = nonlinearRandomMatrix({ activation: 'tanh', phi: pwCase.phi, psi: pwCase.psi });
    assertClose(m.eta, pwCase.eta, { rel: 1e-10 }, 'η');
    assertClose(m.zeta, pwCase.zeta, { rel: 1e-10 }, 'ζ');
    assertAtMost(Math.abs(m.activationMean), 1e-15, 'tanh is centred');
    const numeric = (MeasureBase.prototype.moments as (k: number) => Float64Array).call(m, 2);
    assertArrayClose(numeric, m.moments(2), { rel: 1e-6 }, 'm₁ = η, m₂ = (η²(φ + ψ) + ζ²)/ψ');
    assertArrayClose(m.quantile([0.1, 0.5, 0.9]), [pwCase.quantiles_theory['10'], pwCase.quantiles_theory['50'], pwCase.quantiles_theory['90']], { rel: 1e-3 }, 'quantiles');
    assertEqual(m.atoms().length, 0, 'no atom (1 − ψ/φ < 0)');
    // The reference's G_K uses the finite-size ratio n₁/m = 1067/1600.
    for (const r of pwCase.ridge) {
      assertClose(m.ridgeTrainingLoss(r.gamma, { featureRatio: pwCase.n1 / pwCase.m }), r.E_train_theory, { rel: 1e-6 }, `E_train(${r.gamma})`);
    }
    // Implicit differentiation vs a centred difference of G.
    const z = { re: -0.3, im: 0 };
    const d = m.stieltjesDerivative({ re: -0.3, im: 1e-14 });
    const hstep = 1e-5;
    const gp = m.stieltjesTransform({ re: z.re + hstep, im: 0 });
    const gm = m.stieltjesTransform({ re: z.re - hstep, im: 0 });
    assertClose(d.re, (gp.re - gm.re) / (2 * hstep), { rel: 1e-7 }, "G'");
  }, { perVariant: false });

  test('Pennington–Worah Monte-Carlo twin (n₀ = 800, 3 seeds): KS ≤ 0.01, quantiles within 2 %, ridge vs eig(K) 0.5 % and vs a direct fit 2 %', async ({ backend }) => {
    const b = backend as 'js' | 'wasm';
    const n0 = b === 'wasm' ? 800 : 400;
    const seeds = b === 'wasm' ? 3 : 2;
    const scale = Math.sqrt((800 * 3) / (n0 * seeds));
    const m = nonlinearRandomMatrix({ activation: 'tanh', phi: pwCase.phi, psi: pwCase.psi });
    const gammas = pwCase.ridge.map((r) => r.gamma);
    const mc = await monteCarlo.nonlinearRandomMatrix({ activation: 'tanh', phi: pwCase.phi, psi: pwCase.psi }, { sizes: { n0 }, seeds, seed: 0, ridgeGammas: gammas, backend: b });
    const ks = thresholdedKolmogorovSmirnov(mc.eigenvalues, (x) => m.cdf(x), 0);
    assertAtMost(ks.statistic, 0.01 * scale, 'KS');
    assertArrayClose(empiricalQuantiles(mc.eigenvalues, [0.1, 0.5, 0.9]), Array.from(m.quantile([0.1, 0.5, 0.9])), { rel: 0.02 * scale }, 'quantiles');
    const ratio = mc.sizes.n1 / mc.sizes.m;
    mc.ridge.forEach((r) => {
      const theory = m.ridgeTrainingLoss(r.gamma, { featureRatio: ratio });
      assertClose(r.fromEigenvalues, theory, { rel: 0.005 * scale }, `E_train(${r.gamma}) vs mean γ²/(k + γ)² over eig(K)`);
      assertClose(r.directFit, theory, { rel: 0.02 * scale }, `E_train(${r.gamma}) vs a direct ridge fit`);
    });
  }, { runtimes: ['node'] });
});
