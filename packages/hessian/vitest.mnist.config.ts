import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

// On-demand MNIST runs (`npm run test:mnist -w @spectra/hessian`): the §9 protocol on 5000 digits
// (several minutes) and the narrow twin's exact dense check (P = 13,002: a 1.35 GB Hessian and its
// eigendecomposition, tens of minutes). Same sources as the default suite.
export default defineConfig({
  resolve: {
    alias: {
      '@spectra/hessian/node': fileURLToPath(new URL('./src/node.ts', import.meta.url)),
      '@spectra/hessian': fileURLToPath(new URL('./src/index.ts', import.meta.url)),
      '@spectra/core': fileURLToPath(new URL('../core/src/index.ts', import.meta.url)),
    },
  },
  test: {
    include: ['test/mnist/**/*.test.ts'],
    testTimeout: 7_200_000,
    hookTimeout: 600_000,
    pool: 'forks',
  },
});
