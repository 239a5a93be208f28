// The configurations every shared case runs under: core's wasm GEMM (SIMD128 build), core's JS
// GEMM twin, and this package's own plain loops ('loop', the first engine and an independent
// check of core's GEMM). The wasm variant comes first: backend-independent cases
// (`perVariant: false`) run once, on the fastest engine.
import { initCore, relaxedSimdSupported, setBackend } from '@spectra/core';
import type { Variant } from '@spectra/testkit';

export function hessianVariants(options: { requireRelaxed: boolean }): Variant[] {
  return [
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
    {
      name: 'js',
      backend: 'js',
      setup: () => {
        setBackend('js');
        return true;
      },
    },
    {
      name: 'loop',
      backend: 'loop',
      setup: () => {
        setBackend('js');
        return true;
      },
    },
    {
      name: 'wasm-relaxed-simd',
      backend: 'wasm',
      required: options.requireRelaxed,
      available: relaxedSimdSupported,
      unavailableReason: 'this engine does not validate relaxed SIMD (Node 20 needs --experimental-wasm-relaxed-simd)',
      setup: async () => {
        if (!relaxedSimdSupported()) return false;
        const got = await initCore({ variant: 'relaxed-simd' });
        setBackend('wasm');
        return got === 'wasm';
      },
    },
  ];
}
