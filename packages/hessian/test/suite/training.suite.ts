// hessian.md §7–8: the portable RNG regenerates the reference data and θ₀; full-batch gradient
// descent reproduces the reference's 300 steps; mini-batch optimisers are seeded and reproducible.
import { rng } from '@spectra/core';
import { gaussianMixture, gaussianVectors, multilayerPerceptron, rademacherProbe, referenceProblem, spectraAlongTraining, train } from '@spectra/hessian';
import { assert, assertAtMost, assertClose, assertDeepEqual, assertEqual, assertRejectsCode, defineSuite } from '@spectra/testkit';
import { engine, fixture, maxAbs, maxAbsDifference, referenceSetup, ulp } from './fixture.js';

export default defineSuite('training', (test) => {
  test('mulberry32 test vectors (§7) and the reference’s Rademacher and normal draws, bit-exact', () => {
    const r = rng(1, { algorithm: 'mulberry32' });
    assertDeepEqual(fixture.rng.seed1_first6_u32.map(() => r.nextUint32()), fixture.rng.seed1_first6_u32);
    assertDeepEqual(Array.from(rademacherProbe(3, 0, 16)), fixture.rng.seed3_first16_rademacher, 'seed 3 Rademacher');
    // Probe 1 of a P = 16 run is draws 16 … 31 of the same stream (Weyl jump, any worker can make it).
    const stream = rng(3, { algorithm: 'mulberry32' });
    const first32 = Array.from({ length: 32 }, () => stream.rademacher());
    assertDeepEqual(Array.from(rademacherProbe(3, 1, 16)), first32.slice(16), 'probe 1 = draws 16…31');
    const normals = gaussianVectors(1, 1, 6);
    for (let i = 0; i < 6; i++) assertAtMost(Math.abs(normals[i]! - fixture.rng.seed1_first6_normal[i]), 2 * ulp(fixture.rng.seed1_first6_normal[i]), `normal ${i}`);
  }, { perVariant: false });

  test('regenerated X and θ₀ agree with the fixture: θ₀ to ≤ 2 ulp, X to ≤ 2 ulp of its normal term plus the sum’s rounding', () => {
    const { model, batch, theta0 } = referenceProblem();
    const { means } = gaussianMixture({ seed: 1 }, model);
    const X = (fixture.data.X as number[][]).flat();
    // x = μ + 2·N: JS's log/cos differ from glibc's by 1 ulp on a few % of inputs, so each normal (μ
    // and N) may differ by ≤ 2 ulp of itself (README); each side rounds its sum (½ ulp of x each).
    // Near-cancelling sums make "2 ulp of x" itself impossible, so the bound follows the computation.
    let worst = 0;
    let differing = 0;
    let largest = 0;
    for (let i = 0; i < X.length; i++) {
      const d = Math.abs(batch.inputs[i]! - X[i]!);
      if (d > 0) differing++;
      largest = Math.max(largest, d);
      const mu = means[(Math.floor(i / 20) % 5) * 20 + (i % 20)]!;
      const bound = 2 * ulp(mu) + 2 * ulp(batch.inputs[i]! - mu) + ulp(X[i]!);
      worst = Math.max(worst, d / bound);
    }
    assertAtMost(worst, 1, 'X: difference over its bound');
    assertAtMost(largest, 8.9e-16, 'X: max abs difference (reference: 8.88e-16)');
    assertAtMost(differing / X.length, 0.1, 'X: fraction of entries differing (reference: 7.9 %)');
    let worstTheta = 0;
    for (let i = 0; i < theta0.length; i++) worstTheta = Math.max(worstTheta, Math.abs(theta0[i]! - fixture.theta0[i]) / ulp(fixture.theta0[i]));
    assertAtMost(worstTheta, 2, 'θ₀: max difference in ulps');
    assertDeepEqual(Array.from(batch.labels!.subarray(0, 7)), [0, 1, 2, 3, 4, 0, 1], 'y_i = i mod 5');
    assertEqual(model.parameterCount, fixture.data.checks.P);
  }, { perVariant: false });

  test('300 full-batch GD steps (lr 0.1) from the fixture’s θ₀ reproduce its θ and training history', async ({ backend }) => {
    const { model, batch, theta0 } = referenceSetup();
    const result = await train(model, theta0, batch, { learningRate: 0.1, steps: 300, historyEvery: 30, backend: engine(backend) });
    const error = maxAbsDifference(result.theta, fixture.theta) / maxAbs(fixture.theta);
    assertAtMost(error, 1e-10, 'max |θ − θ_ref| / max |θ_ref| (plain-JS reference measured 6.7e-16)');
    assertEqual(result.history.length, fixture.training_history.length);
    result.history.forEach((h, i) => {
      const ref = fixture.training_history[i];
      assertEqual(h.step, ref.step);
      assertClose(h.loss, ref.loss, { rel: 1e-10 }, `loss at step ${h.step}`);
      assertClose(h.accuracy, ref.acc, { abs: 1e-12 }, `accuracy at step ${h.step}`);
    });
    assertClose(result.history.at(-1)!.loss, fixture.at_theta.loss, { rel: 1e-10 }, 'final loss 0.1138');
    // Chromium runs the product, Lanczos and top-k cases; the 300-step runs stay in Node and Deno.
  }, { runtimes: ['node', 'deno'] });

  test('spectra along training: the C − 1 = 4 outliers emerge; at step 300 the top 5 are the reference’s', async ({ backend }) => {
    const { model, batch, theta0 } = referenceSetup();
    const { checkpoints, training } = await spectraAlongTraining(model, theta0, batch, { learningRate: 0.1, steps: 300, backend: engine(backend) }, { at: [0, 30, 300], top: 8, tolerance: 1e-12 });
    assertDeepEqual(checkpoints.map((c) => c.step), [0, 30, 300]);
    assert(checkpoints[0]!.outliers.count !== 4, `at initialisation: ${checkpoints[0]!.outliers.count} outliers`);
    assertEqual(checkpoints[2]!.outliers.count, 4);
    for (let i = 0; i < 5; i++) assertClose(checkpoints[2]!.topEigenvalues[i]!, fixture.topk.exact_top5[i], { rel: 1e-10 }, `step 300: λ${i + 1}`);
    assertClose(checkpoints[2]!.loss, fixture.at_theta.loss, { rel: 1e-10 }, 'loss at the last checkpoint');
    assertAtMost(maxAbsDifference(training.theta, fixture.theta), 1e-10 * maxAbs(fixture.theta), 'checkpoints do not disturb training');
  }, { runtimes: ['node', 'deno'] });

  test('mini-batch SGD (momentum) and Adam: seeded, reproducible, and they train', async ({ backend }) => {
    const { model, batch, theta0 } = referenceProblem();
    for (const optimizer of ['sgd', 'adam'] as const) {
      const options = { optimizer, learningRate: optimizer === 'sgd' ? 0.05 : 0.005, momentum: 0.9, steps: 120, batchSize: 50, seed: 9, backend: engine(backend) };
      const a = await train(model, theta0, batch, options);
      const b = await train(model, theta0, batch, options);
      assertDeepEqual(Array.from(a.theta.subarray(0, 50)), Array.from(b.theta.subarray(0, 50)), `${optimizer}: same seed, same θ`);
      const c = await train(model, theta0, batch, { ...options, seed: 10 });
      assert(maxAbsDifference(a.theta, c.theta) > 0, `${optimizer}: another seed shuffles differently`);
      assert(a.history.at(-1)!.loss < 0.5 * a.history[0]!.loss, `${optimizer}: loss ${a.history[0]!.loss} → ${a.history.at(-1)!.loss}`);
      assert(a.history.at(-1)!.accuracy > 0.8, `${optimizer}: training accuracy ${a.history.at(-1)!.accuracy}`);
    }
  });

  test('training: progress, abort with the partial θ, and bad options', async () => {
    const { model, batch, theta0 } = referenceProblem();
    const events: number[] = [];
    const controller = new AbortController();
    const err = await assertRejectsCode(
      () =>
        train(model, theta0, batch, {
          learningRate: 0.1,
          steps: 10_000,
          signal: controller.signal,
          onProgress: (e) => {
            events.push(e.completed);
            if (e.completed >= 20) controller.abort();
          },
        }),
      'E_ABORTED',
    );
    const details = (err as { details?: { completedSteps?: number; theta?: Float64Array } }).details;
    assert(details && details.completedSteps! >= 20 && details.completedSteps! < 10_000, `aborted after ${details?.completedSteps} steps`);
    assertEqual(details!.theta!.length, model.parameterCount);
    assert(events.length > 0 && events.every((x, i) => i === 0 || x >= events[i - 1]!), 'progress is monotone');
    await assertRejectsCode(() => train(model, theta0, batch, { learningRate: -1, steps: 3 }), 'E_ARGUMENT');
    await assertRejectsCode(() => train(model, theta0, batch, { learningRate: 0.1, steps: 2.5 }), 'E_ARGUMENT');
    await assertRejectsCode(() => train(model, theta0, batch, { learningRate: 0.1, steps: 3, optimizer: 'lbfgs' as 'sgd' }), 'E_ARGUMENT');
    await assertRejectsCode(() => train(model, theta0, batch, { learningRate: 1e300, steps: 5 }), 'E_NON_FINITE');
    await assertRejectsCode(() => train(multilayerPerceptron([20, 5]), theta0, batch, { learningRate: 0.1, steps: 1 }), 'E_SHAPE');
  }, { perVariant: false });
});
