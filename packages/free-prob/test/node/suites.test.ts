import { runWithVitest } from '@spectra/testkit/vitest';
import { freeProbSuites } from '../suite/index.js';
import { freeProbVariants } from '../variants.js';

await runWithVitest(freeProbSuites, freeProbVariants, { timeoutMs: 600_000 });
