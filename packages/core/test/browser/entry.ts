import { runInBrowser } from '@spectra/testkit/browser';
import { coreSuites } from '../suite/index.js';
import { coreVariants } from '../variants.js';

// Chromium ≥ 114 validates relaxed SIMD: both wasm builds are required here.
await runInBrowser(coreSuites, coreVariants({ requireRelaxed: true }));
