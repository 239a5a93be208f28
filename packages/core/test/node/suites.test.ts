import { runWithVitest } from '@spectra/testkit/vitest';
import { coreSuites } from '../suite/index.js';
import { coreVariants } from '../variants.js';

await runWithVitest(coreSuites, coreVariants({ requireRelaxed: process.env.SPECTRA_REQUIRE_RELAXED_SIMD === '1' }));
