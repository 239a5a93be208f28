import { describe, expect, it } from 'vitest';
import { initCore, matmul, randomGaussian, wasmVariant } from '../../src/index.js';
import { idleWarmUpsPending } from '../../src/wasm/instance.js';

describe('warm-ups', () => {
  it('load warm-ups run before ready() resolves; idle ones right after, one per macrotask', async () => {
    expect(await initCore({ variant: 'simd' })).toBe('wasm');
    // The rarer families (eigenvectors, SVD, QR, roots) are still queued when ready() resolves…
    expect(idleWarmUpsPending()).toBeGreaterThanOrEqual(4);
    // …and a call made at once works (the queue never blocks real work).
    const a = randomGaussian(8, 8, { seed: 1 });
    expect(matmul(a, a, { backend: 'wasm' }).data.length).toBe(64);
    for (let i = 0; i < 50 && idleWarmUpsPending() > 0; i++) await new Promise((r) => setTimeout(r, 5));
    expect(idleWarmUpsPending()).toBe(0);
    expect(wasmVariant()).toBe('simd'); // every warm-up checked its kernel's answer: still live
  });
});
