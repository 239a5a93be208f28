import { runWithDeno } from '@spectra/testkit/deno';
import { coreSuites } from '../suite/index.ts';
import { coreVariants } from '../variants.ts';

// Deno 2.9 validates relaxed SIMD: both wasm builds are required here.
runWithDeno(coreSuites, coreVariants({ requireRelaxed: true }));
