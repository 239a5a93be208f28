// The configurations every shared weights case runs under: core's plain-JS twins and its SIMD128
// wasm build (the relaxed-SIMD FMA variant is core's concern). Backend-independent cases run once.
import { initCore, setBackend } from '@spectra/core';
import type { Variant } from '@spectra/testkit';

export const weightsVariants: Variant[] = [
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
