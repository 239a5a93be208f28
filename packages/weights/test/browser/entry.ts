// Chromium: the fixtures are bundled as bytes by esbuild's binary loader (tools/testkit/bin/browser-test.mjs),
// so the analysis reads a real model file client-side.
import { runInBrowser } from '@spectra/testkit/browser';
import gauss from '../../../../reference/weights/gauss_1000x500.npy';
import student from '../../../../reference/weights/student2_1000x500.npy';
import conv from '../../../../reference/weights/conv_64x32x3x3.npy';
import upscalerModel from '../../../../node_modules/@upscalerjs/default-model/models/model.json' with { type: 'json' };
import upscalerShard from '../../../../node_modules/@upscalerjs/default-model/models/group1-shard1of1.bin';
import { setBinaryFixtureLoader, type BinaryFixture } from '../suite/binary-fixtures.js';
import { weightsSuites } from '../suite/index.js';
import { setFixtureSource } from '../suite/fixture-source.js';
import { browserFixtureSource } from './fixture-source.js';
import { weightsVariants } from '../variants.js';
import { setAnalysisPoolFactory } from '../suite/worker-pools.js';
import { createAnalysisPool, installAnalysisWorker, webWorkerPort } from '../../src/index.js';

const files: Record<BinaryFixture, Uint8Array> = {
  'reference/gauss_1000x500.npy': gauss,
  'reference/student2_1000x500.npy': student,
  'reference/conv_64x32x3x3.npy': conv,
  // model.json arrives parsed (esbuild's JSON loader): the reader wants its bytes.
  'upscaler/model.json': new TextEncoder().encode(JSON.stringify(upscalerModel)),
  'upscaler/group1-shard1of1.bin': upscalerShard,
};
setBinaryFixtureLoader((name) => files[name]);
setFixtureSource(browserFixtureSource); // the readers' suites (fixtures, real models)

const scope = globalThis as unknown as { document?: unknown };
if (scope.document === undefined) {
  // This bundle loaded as a module Web Worker by the worker-pool suite: be an analysis worker.
  installAnalysisWorker();
} else {
  setAnalysisPoolFactory((size) => createAnalysisPool(size, () => webWorkerPort(new Worker(new URL(import.meta.url), { type: 'module' }))));
  await runInBrowser(weightsSuites, weightsVariants);
}
