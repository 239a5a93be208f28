// The configurations every shared case runs under: the JS twins, the SIMD128 wasm build, and the
// relaxed-SIMD (FMA) build where the engine validates it.
import { initCore, relaxedSimdSupported, setBackend } from '@spectra/core';
import type { Variant } from '@spectra/testkit';

export function coreVariants(options: { requireRelaxed: boolean }): Variant[] {
  return [
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
    {
      name: 'wasm-relaxed-simd',
      backend: 'wasm',
      required: options.requireRelaxed,
      available: relaxedSimdSupported,
      unavailableReason: 'this engine does not validate relaxed SIMD (Node 20 needs --experimental-wasm-relaxed-simd; `npm test` runs that pass too)',
      setup: async () => {
        if (!relaxedSimdSupported()) return false;
        const got = await initCore({ variant: 'relaxed-simd' });
        setBackend('wasm');
        return got === 'wasm';
      },
    },
  ];
}
