// The lilypads engine on equations with known roots, the O(L) majorant of the factored polynomial
// against sampled |P''|, and typed errors, cancellation and progress (spec §6, §12, house rules).
import { assert, assertAtLeast, assertAtMost, assertClose, assertRejectsCode, assertThrowsCode, defineSuite } from '@spectra/testkit';
import {
  criticalLine,
  FactoredPolynomial,
  FactoredRationalEquation,
  hessianIndexModel,
  jacobianSpectrum,
  LilypadSolver,
  marchenkoPastur,
  meanField,
  monteCarlo,
  nonlinearRandomMatrix,
  semicircle,
  empiricalMeasure,
  freeMultiplicativeConvolution,
  twoPointLaw,
} from '../../src/index.js';

export default defineSuite('lilypads engine and errors', (test) => {
  test('engine: MP(1, 1) from f_z(m) = (m + 1)² − zm matches √((4 − x)x)/(2πx) (certified steps only)', () => {
    const eq = new FactoredRationalEquation(new FactoredPolynomial([{ root: -1, multiplicity: 2 }]), new FactoredPolynomial([{ root: 0 }]), { offset: 0, coefficient: 1 });
    const solver = new LilypadSolver(eq);
    for (let i = 199; i >= 1; i--) {
      const x = (4 * i) / 200;
      assert(solver.solve(x, 1e-12), `solve at ${x}`);
      // G = (1 + m)/z.
      const gi = (solver.mIm * x - (1 + solver.mRe) * 1e-12) / (x * x + 1e-24);
      assertClose(-gi / Math.PI, Math.sqrt((4 - x) * x) / (2 * Math.PI * x), { rel: 1e-9 }, `density at ${x}`);
    }
    assert(solver.diagnostics.certified && solver.diagnostics.failures === 0, 'certified, no failures');
    // A fresh start right next to the hard edge at 0 (doubling from y = 1e-40).
    const fresh = new LilypadSolver(eq);
    assert(fresh.solve(1e-30, 1e-40), 'fresh start near 0');
    assertAtLeast(fresh.diagnostics.doublings, 50, 'doublings from Im z = 1e-40');
  }, { perVariant: false });

  test('factored polynomial: value and derivative equal the expanded polynomial; the O(L) majorant bounds |P\'\'| on the disc', () => {
    const roots = [-1, -0.5, -0.5, -0.25, -2];
    const scales = [1, 2, 2, 1.5, 0.5];
    const p = new FactoredPolynomial(roots.map((r, j) => ({ root: r, scale: scales[j]! })));
    const expanded = (ur: number, ui: number): [number, number] => {
      let vr = 1;
      let vi = 0;
      roots.forEach((r, j) => {
        const tr = scales[j]! * (ur - r);
        const ti = scales[j]! * ui;
        const t = vr * tr - vi * ti;
        vi = vr * ti + vi * tr;
        vr = t;
      });
      return [vr, vi];
    };
    for (const [ur, ui] of [[0.3, -0.2], [-0.6, 0.01], [2, 1]]) {
      p.evaluate(ur!, ui!);
      const [er, ei] = expanded(ur!, ui!);
      assertClose(p.valueRe, er, { rel: 1e-13, abs: 1e-15 }, 'Re P');
      assertClose(p.valueIm, ei, { rel: 1e-13, abs: 1e-15 }, 'Im P');
      const h = 1e-6;
      const [a, b] = expanded(ur! + h, ui!);
      const [c, d] = expanded(ur! - h, ui!);
      assertClose(p.derivativeRe, (a - c) / (2 * h), { rel: 1e-7, abs: 1e-9 }, "Re P'");
      assertClose(p.derivativeIm, (b - d) / (2 * h), { rel: 1e-7, abs: 1e-9 }, "Im P'");
      // |P''| by second differences at points on the disc of radius ρ: never above the majorant.
      const rho = 0.3;
      p.evaluate(ur!, ui!);
      const bound = p.secondDerivativeBound(rho);
      for (let k = 0; k < 16; k++) {
        const wr = ur! + rho * Math.cos((2 * Math.PI * k) / 16);
        const wi = ui! + rho * Math.sin((2 * Math.PI * k) / 16);
        const e = 1e-4;
        const [pr, pi] = expanded(wr + e, wi);
        const [mr, mi] = expanded(wr - e, wi);
        const [zr, zi] = expanded(wr, wi);
        const second = Math.hypot((pr - 2 * zr + mr) / (e * e), (pi - 2 * zi + mi) / (e * e));
        assertAtMost(second, bound * (1 + 1e-6), `|P''| ≤ majorant at angle ${k}`);
      }
    }
  }, { perVariant: false });

  test('absurd parameters → SpectraError E_ARGUMENT (negative variances, zero widths, depth 0, NaN, unknown names)', () => {
    const bad: Array<() => unknown> = [
      () => jacobianSpectrum({ widths: [10, 0, 10], activation: 'relu', sigmaW2: 2 }),
      () => jacobianSpectrum({ widths: [10], activation: 'relu', sigmaW2: 2 }),
      () => jacobianSpectrum({ depth: 0, activation: 'relu', sigmaW2: 2 }),
      () => jacobianSpectrum({ depth: 3, activation: 'relu', sigmaW2: -2 }),
      () => jacobianSpectrum({ depth: 3, activation: 'relu', sigmaW2: NaN }),
      () => jacobianSpectrum({ depth: 3, activation: 'relu', sigmaW2: 2, sigmaB2: -0.1 }),
      () => jacobianSpectrum({ depth: 3, activation: 'relu', sigmaW2: [2, 2] }),
      () => jacobianSpectrum({ depth: 3, activation: 'softmaxish', sigmaW2: 2 }),
      () => jacobianSpectrum({ depth: 3, activation: 'relu', sigmaW2: 2, inputVariance: -1 }),
      () => jacobianSpectrum({ widths: [10, 20], activation: 'relu', sigmaW2: 2 }, { weights: 'orthogonal' }),
      () => jacobianSpectrum({ depth: 2, activation: 'tanh', sigmaW2: 1 }, { certified: true }),
      () => jacobianSpectrum({ depth: 2, activation: 'relu', sigmaW2: 1 }, { imaginaryPart: -1 }),
      () => jacobianSpectrum({ depth: 2, activation: 'relu', sigmaW2: 1 }, { quantileLevels: [1.5] }),
      () => meanField({ activation: 'tanh', sigmaW2: 0 }),
      () => meanField({ activation: 'tanh', sigmaW2: 1, sigmaB2: NaN }),
      () => criticalLine('tanh', [-1]),
      () => semicircle(-1),
      () => marchenkoPastur(0),
      () => twoPointLaw(1.5, 1),
      () => empiricalMeasure([]),
      () => empiricalMeasure([1, NaN]),
      () => freeMultiplicativeConvolution(semicircle(1), marchenkoPastur(1)),
      () => hessianIndexModel({ epsilon: -0.1, phi: 0.5 }),
      () => hessianIndexModel({ epsilon: 0.1, phi: 0 }),
      () => nonlinearRandomMatrix({ activation: 'tanh', phi: 0.5, psi: NaN }),
      () => semicircle(1).sTransform({ re: 0.1, im: 0 }),
    ];
    bad.forEach((fn, i) => {
      const e = assertThrowsCode(fn, 'E_ARGUMENT', `case ${i}`);
      assert(typeof e.message === 'string' && e.message.length > 10, `case ${i}: message names the argument`);
    });
  }, { perVariant: false });

  test('signal and progress: an aborted signal → E_ABORTED; onProgress reaches 1 with increasing fractions', async ({ backend }) => {
    const controller = new AbortController();
    controller.abort();
    assertThrowsCode(() => jacobianSpectrum({ depth: 3, activation: 'relu', sigmaW2: 2 }, { signal: controller.signal }), 'E_ABORTED', 'jacobianSpectrum');
    await assertRejectsCode(() => monteCarlo.jacobianSpectrum({ depth: 2, activation: 'relu', sigmaW2: 2 }, { sizes: 50, signal: controller.signal, backend: backend as 'js' | 'wasm' }), 'E_ABORTED', 'Monte Carlo');
    // Abort while running: after the first layer.
    const running = new AbortController();
    const fractions: number[] = [];
    await assertRejectsCode(
      () =>
        monteCarlo.jacobianSpectrum({ depth: 4, activation: 'relu', sigmaW2: 2 }, {
          sizes: 60,
          seeds: 3,
          backend: backend as 'js' | 'wasm',
          signal: running.signal,
          onProgress: (f) => {
            fractions.push(f);
            if (fractions.length === 2) running.abort();
          },
        }),
      'E_ABORTED',
      'abort mid-run',
    );
    const seen: number[] = [];
    jacobianSpectrum({ depth: 3, activation: 'relu', sigmaW2: 2 }, { onProgress: (f) => seen.push(f) });
    assertClose(seen[seen.length - 1]!, 1, { abs: 0 }, 'last progress is 1');
    for (let i = 1; i < seen.length; i++) assert(seen[i]! >= seen[i - 1]!, 'progress increases');
  });
});
