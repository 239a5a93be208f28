import { createMatrix, matmul, randomGaussian, ready, trimMemory, wasmMemoryBytes, initCore, wasmVariant } from '@spectra/core';
import { assert, assertAtMost, assertEqual, defineSuite } from '@spectra/testkit';

export default defineSuite('memory', (test) => {
  test('wasm memory is reused across thousands of calls, not leaked', async ({ backend, variant }) => {
    if (backend !== 'wasm') return; // the JS backend holds no wasm memory
    const a = randomGaussian(24, 24, { seed: 1 });
    for (let i = 0; i < 100; i++) matmul(a, a, { backend: 'wasm' });
    const settled = wasmMemoryBytes();
    for (let i = 0; i < 5000; i++) matmul(a, a, { backend: 'wasm' });
    assertEqual(wasmMemoryBytes(), settled, `memory after 5000 more calls (${variant})`);
  });

  test('growth re-creates views: a small call after a large one reads fresh memory', async ({ backend }) => {
    if (backend !== 'wasm') return;
    const small = createMatrix(2, 2, [1, 2, 3, 4]);
    const before = matmul(small, small, { backend: 'wasm' });
    const big = randomGaussian(700, 700, { seed: 2 }); // grows memory by several MiB
    const grownFrom = wasmMemoryBytes();
    matmul(big, big, { backend: 'wasm' });
    assert(wasmMemoryBytes() > grownFrom || grownFrom > 700 * 700 * 8 * 3, 'memory grew for the large call');
    const after = matmul(small, small, { backend: 'wasm' });
    assertEqual(Array.from(after.data).join(), Array.from(before.data).join());
    assertEqual(Array.from(after.data).join(), '7,10,15,22');
  });

  test('trimMemory releases the instance; ready() brings it back', async ({ backend, variant }) => {
    if (backend !== 'wasm') return;
    const had = wasmVariant();
    trimMemory();
    assertEqual(wasmMemoryBytes(), 0);
    // Reload the same build the variant runs, so later cases keep testing it.
    assertEqual(await initCore({ variant: had ?? 'simd' }), 'wasm');
    assertEqual(await ready(), 'wasm');
    assertEqual(wasmVariant(), variant === 'wasm-relaxed-simd' ? 'relaxed-simd' : 'simd');
    assertAtMost(wasmMemoryBytes(), 1 << 20);
  });
});
