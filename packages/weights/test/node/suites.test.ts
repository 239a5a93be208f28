import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { runWithVitest } from '@spectra/testkit/vitest';
import { BINARY_FIXTURE_PATHS, setBinaryFixtureLoader } from '../suite/binary-fixtures.js';
import { weightsSuites } from '../suite/index.js';
import { setFixtureSource } from '../suite/fixture-source.js';
import { nodeFixtureSource } from './fixture-source.js';
import { weightsVariants } from '../variants.js';
import { setAnalysisPoolFactory } from '../suite/worker-pools.js';
import { createNodeAnalysisPool } from '../../src/node.js';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
setBinaryFixtureLoader(async (name) => new Uint8Array(await readFile(root + BINARY_FIXTURE_PATHS[name])));
setFixtureSource(nodeFixtureSource); // the readers' suites (fixtures, real models)

// Worker threads run the built worker entry (dist/), as users do.
setAnalysisPoolFactory((size) => createNodeAnalysisPool(size));

await runWithVitest(weightsSuites, weightsVariants, { timeoutMs: 600_000 });
