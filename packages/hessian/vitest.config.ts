import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

// Node runs the TypeScript sources of this package and of core directly (fast iteration); Deno and
// Chromium test the built dist. The worker-pool test loads dist/ (workers cannot run .ts sources):
// `npm test` builds first.
export default defineConfig({
  resolve: {
    alias: {
      '@spectra/hessian/node': fileURLToPath(new URL('./src/node.ts', import.meta.url)),
      '@spectra/hessian': fileURLToPath(new URL('./src/index.ts', import.meta.url)),
      '@spectra/core': fileURLToPath(new URL('../core/src/index.ts', import.meta.url)),
    },
  },
  test: {
    include: ['test/node/**/*.test.ts'],
    testTimeout: 600_000,
    hookTimeout: 600_000,
    pool: 'forks',
  },
});
