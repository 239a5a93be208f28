import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

// Node runs the TypeScript sources directly (fast iteration); Deno and Chromium test the built dist.
export default defineConfig({
  resolve: {
    alias: { '@spectra/core': fileURLToPath(new URL('./src/index.ts', import.meta.url)) },
  },
  test: {
    include: ['test/node/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    execArgv: process.env.SPECTRA_REQUIRE_RELAXED_SIMD === '1' ? ['--experimental-wasm-relaxed-simd'] : [],
  },
});
