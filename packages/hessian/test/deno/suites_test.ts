import { runWithDeno } from '@spectra/testkit/deno';
import { hessianSuites } from '../suite/index.js';
import { hessianVariants } from '../variants.js';

// The built package (dist/) loads in Deno with no permissions; Deno 2.9 validates relaxed SIMD.
runWithDeno(hessianSuites, hessianVariants({ requireRelaxed: true }));
