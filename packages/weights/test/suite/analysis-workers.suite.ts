// The worker pool behind `analyzeModel({ workers })` (DESIGN.md): the same report, to the bit, for
// any pool size and on the main thread; progress and abort work through it.
import { assertEqual, assertRejectsCode, defineSuite } from '@spectra/testkit';
import { analyzeModel, loadModel, reportToJson, type LoadedModel } from '../../src/index.js';
import { binaryFixture } from './binary-fixtures.js';
import { referenceLayer } from './analysis-helpers.js';
import { makeAnalysisPool } from './worker-pools.js';

async function upscaler(): Promise<LoadedModel> {
  const shard = await binaryFixture('upscaler/group1-shard1of1.bin');
  return loadModel(await binaryFixture('upscaler/model.json'), { name: 'model.json', resolver: async () => shard });
}

export default defineSuite('analysis: worker pool', (test) => {
  test('identical reports for pool sizes 1, 2, 3 and the main thread (randomised, seeded)', async () => {
    const options = { backend: 'wasm' as const, randomize: { seed: 11 }, keepEsd: true, vectors: true };
    const model = await upscaler();
    const main = reportToJson(await analyzeModel(model, options), { includeEsd: true });
    for (const size of [1, 2, 3]) {
      const pool = makeAnalysisPool(size);
      try {
        const viaPool = reportToJson(await analyzeModel(model, { ...options, workers: pool }), { includeEsd: true });
        assertEqual(viaPool === main, true, `pool of ${size}: the same report as the main thread`);
      } finally {
        await pool.terminate();
      }
    }
    // A big layer too: the Gaussian reference through two workers.
    const layer = await referenceLayer('gauss_1000x500');
    const pool = makeAnalysisPool(2);
    try {
      const a = reportToJson(await analyzeModel([layer], { backend: 'wasm' }));
      const b = reportToJson(await analyzeModel([layer], { backend: 'wasm', workers: pool }));
      assertEqual(a === b, true, 'gauss 1000×500 through a worker');
    } finally {
      await pool.terminate();
    }
  }, { perVariant: false, runtimes: ['node', 'browser'] });

  test('progress from workers, and abort terminates the run with E_ABORTED', async () => {
    const model = await upscaler();
    const pool = makeAnalysisPool(2);
    try {
      let count = 0;
      await analyzeModel(model, { backend: 'wasm', workers: pool, onProgress: () => count++ });
      assertEqual(count, 12);
      const controller = new AbortController();
      await assertRejectsCode(() => analyzeModel(model, { backend: 'wasm', workers: pool, signal: controller.signal, onProgress: () => controller.abort() }), 'E_ABORTED');
    } finally {
      await pool.terminate();
    }
  }, { perVariant: false, runtimes: ['node', 'browser'] });
});
