import { defineConfig } from 'vitest/config';

// CLI tests run `main([...])` from the TypeScript sources against the built packages (dist/),
// exactly what the `spectra` binary uses after `npm run build`.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
