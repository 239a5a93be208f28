// Deno runs without permissions: fixtures come in as module imports (raw bytes need
// `--unstable-raw-imports`, which the test:deno script passes).
import { runWithDeno } from '@spectra/testkit/deno';
import gauss from '../../../../reference/weights/gauss_1000x500.npy' with { type: 'bytes' };
import student from '../../../../reference/weights/student2_1000x500.npy' with { type: 'bytes' };
import conv from '../../../../reference/weights/conv_64x32x3x3.npy' with { type: 'bytes' };
import upscalerModel from '../../../../node_modules/@upscalerjs/default-model/models/model.json' with { type: 'json' };
import upscalerShard from '../../../../node_modules/@upscalerjs/default-model/models/group1-shard1of1.bin' with { type: 'bytes' };
import { setBinaryFixtureLoader, type BinaryFixture } from '../suite/binary-fixtures.js';
import { weightsSuites } from '../suite/index.js';
import { setFixtureSource } from '../suite/fixture-source.js';
import { denoFixtureSource } from './fixture-source.js';
import { weightsVariants } from '../variants.js';

const files: Record<BinaryFixture, Uint8Array> = {
  'reference/gauss_1000x500.npy': gauss,
  'reference/student2_1000x500.npy': student,
  'reference/conv_64x32x3x3.npy': conv,
  'upscaler/model.json': new TextEncoder().encode(JSON.stringify(upscalerModel)), // Deno 2.9 refuses JSON as bytes
  'upscaler/group1-shard1of1.bin': upscalerShard,
};
setBinaryFixtureLoader((name) => files[name]);
setFixtureSource(denoFixtureSource); // the readers' suites (fixtures, real models)

runWithDeno(weightsSuites, weightsVariants);
