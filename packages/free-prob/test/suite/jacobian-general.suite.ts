// General D-laws and Haar weights (spec §5, §10 row "general D-law"): the tanh orthogonal reference on
// the critical line, the general (arrowhead) solver against the polynomial one on Bernoulli laws, Haar
// Bernoulli (v = m/(1 + m) variable) against all roots of its expanded polynomial, and the Monte-Carlo twin.
import { assertArrayClose, assertAtMost, assertClose, defineSuite } from '@spectra/testkit';
import { empiricalQuantiles, jacobianDensityByPolynomialRoots, jacobianSpectrum, monteCarlo, resolveJacobianArchitecture } from '../../src/index.js';
import { bernoulliMasterEquation, generalMasterEquation } from '../../src/jacobian-master-equation.js';
import { LilypadSolver } from '../../src/lilypads.js';
import { jacobianVariantsReference } from './reference.js';

const variant = jacobianVariantsReference.cases[0]!;
const LEVELS = [0.1, 0.25, 0.5, 0.75, 0.9];
const REF_Q = [variant.quantiles_theory['10'], variant.quantiles_theory['25'], variant.quantiles_theory['50'], variant.quantiles_theory['75'], variant.quantiles_theory['90']];

export default defineSuite('jacobian: general D-laws and Haar weights', (test) => {
  test('tanh, Haar, L = 8, critical line (jacobian_variants.json): quantiles to 1 %, m₁ = χ^L = 1 and var = L(μ₂/μ₁² − 1) to 1e-10', () => {
    const r = jacobianSpectrum(
      { depth: variant.L, activation: 'tanh', sigmaW2: variant.sigma_w2, sigmaB2: variant.sigma_b2 },
      { weights: 'orthogonal', dLaw: 'fixedPoint', certified: false, quantileLevels: LEVELS },
    );
    assertClose(r.layers[0]!.q, variant.q_star, { rel: 1e-10 }, 'q*');
    assertClose(r.layers[0]!.mu1, variant.mu1, { rel: 1e-10 }, 'μ₁');
    assertClose(r.layers[0]!.mu2, variant.mu2, { rel: 1e-10 }, 'μ₂');
    assertClose(r.mean, variant.moments_theory.m1, { rel: 1e-10 }, 'm₁');
    assertClose(r.secondMoment - r.mean ** 2, variant.moments_theory.var_chi1_formula, { rel: 1e-10 }, 'variance');
    assertArrayClose(r.quantiles.values, REF_Q, { rel: 0.01 }, 'quantiles');
    assertAtMost(r.atom, 1e-15, 'no atom');
    assertAtMost(r.diagnostics.failures, 0, 'solver failures');
  }, { perVariant: false });

  test('the general-D-law solver on Bernoulli laws reproduces the polynomial solver (Gaussian and Haar weights)', () => {
    for (const orthogonal of [false, true]) {
      const arch = resolveJacobianArchitecture({ depth: 4, activation: 'hardTanh', sigmaW2: 1.5, sigmaB2: 0.05 });
      const a = bernoulliMasterEquation(arch, orthogonal);
      const b = generalMasterEquation(arch, orthogonal);
      assertClose(b.upperEdge, a.upperEdge, { rel: 1e-12 }, 'x₊');
      const sa = new LilypadSolver(a.equation);
      const sb = new LilypadSolver(b.equation);
      const ga = new Float64Array(4);
      const gb = new Float64Array(4);
      const da: number[] = [];
      const db: number[] = [];
      for (let i = 400; i >= 1; i--) {
        const x = (1.02 * a.upperEdge * i) / 400;
        sa.solve(x, 1e-10);
        sb.solve(x, 1e-10);
        a.greenFunction(x, 1e-10, sa.mRe, sa.mIm, ga);
        b.greenFunction(x, 1e-10, sb.mRe, sb.mIm, gb);
        da.push(-ga[1]! / Math.PI);
        db.push(-gb[1]! / Math.PI);
      }
      const max = Math.max(...da);
      assertArrayClose(db, da, { abs: 1e-9 * max }, `density (${orthogonal ? 'Haar' : 'Gaussian'})`);
    }
  }, { perVariant: false });

  test('Haar + Bernoulli: atoms at 0 and at Π σ² (mass 1 − Σ(1 − p_l)); density equals all roots of the expanded polynomial', ({ backend }) => {
    const arch = { depth: 3, activation: 'hardTanh', sigmaW2: 1.5, sigmaB2: 0.05 };
    const r = jacobianSpectrum(arch, { weights: 'orthogonal' });
    const p = r.layers.map((l) => l.p);
    assertClose(r.atoms[1]!.location, 1.5 ** 3, { rel: 1e-14 }, 'x₀ = Π σ²');
    assertClose(r.atoms[1]!.mass, 1 - p.reduce((s, v) => s + (1 - v), 0), { rel: 1e-12 }, 'mass at x₀');
    assertClose(r.atom, 1 - Math.min(...p), { rel: 1e-12 }, 'atom at 0');
    assertClose(r.cdf.F[r.cdf.F.length - 1]!, 1, { abs: 1e-8 }, 'total mass');
    const roots = jacobianDensityByPolynomialRoots(arch, { grid: r.x, weights: 'orthogonal', backend: backend as 'js' | 'wasm' });
    assertAtMost(roots.inconsistent.length, 0, 'sweep disagreements');
    // Compare G itself: −Im G/π with every atom's Lorentzian, at y = 1e-10.
    const total = r.x.map((x, i) => r.density[i]! + r.atoms.reduce((s, a) => s + (a.mass * 1e-10) / (Math.PI * ((x - a.location) ** 2 + 1e-20)), 0));
    const max = Math.max(...r.density);
    assertArrayClose(roots.totalDensity, total, { abs: 1e-7 * max, rel: 1e-7 }, 'density (total)');
  });

  test('tanh Haar L = 8 Monte-Carlo twin (N = 1000, 3 seeds, input at q*): quantiles within 20 %, m₁ within 10 %', async ({ backend }) => {
    const b = backend as 'js' | 'wasm';
    const N = b === 'wasm' ? 1000 : 500;
    const mc = await monteCarlo.jacobianSpectrum(
      { depth: variant.L, activation: 'tanh', sigmaW2: variant.sigma_w2, sigmaB2: variant.sigma_b2 },
      { weights: 'orthogonal', dLaw: 'fixedPoint', sizes: N, seeds: b === 'wasm' ? 3 : 2, seed: 0, backend: b },
    );
    const q = empiricalQuantiles(mc.eigenvalues, LEVELS);
    assertArrayClose(q, REF_Q, { rel: 0.2 }, 'MC quantiles vs theory');
    const m1 = mc.eigenvalues.reduce((s, v) => s + v, 0) / mc.eigenvalues.length;
    assertClose(m1, 1, { rel: 0.1 }, 'MC m₁ (finite-N: 0.948 in the reference run)');
  }, { runtimes: ['node'] });
});
