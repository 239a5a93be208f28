// The configurations every shared case runs under: the plain-JS twins of @spectra/core and its
// SIMD128 wasm build (the relaxed-SIMD build is core's own concern: free-prob's results do not depend
// on the FMA variant). Backend-independent cases run once (`perVariant: false`).
import { initCore, setBackend } from '@spectra/core';
import type { Variant } from '@spectra/testkit';

export const freeProbVariants: Variant[] = [
  {
    name: 'js',
    backend: 'js',
    setup: () => {
      setBackend('js');
      return true;
    },
  },
  {
    name: 'wasm-simd',
    backend: 'wasm',
    required: true,
    unavailableReason: 'the SIMD128 build did not instantiate',
    setup: async () => {
      const got = await initCore({ variant: 'simd' });
      setBackend('wasm');
      return got === 'wasm';
    },
  },
];
