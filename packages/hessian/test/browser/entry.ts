import { runInBrowser } from '@spectra/testkit/browser';
import { hessianSuites } from '../suite/index.js';
import { hessianVariants } from '../variants.js';

// Chromium ≥ 114 validates relaxed SIMD: both wasm builds are required here.
await runInBrowser(hessianSuites, hessianVariants({ requireRelaxed: true }));
