import { runWithVitest } from '@spectra/testkit/vitest';
import { hessianSuites } from '../suite/index.js';
import { hessianVariants } from '../variants.js';

await runWithVitest(hessianSuites, hessianVariants({ requireRelaxed: false }), { timeoutMs: 600_000 });
