import { defineConfig } from 'vitest/config';

// Node runs the TypeScript sources of this package against the built @spectra/core (dist), as Deno
// and Chromium do; `npm test` builds core first.
export default defineConfig({
  test: {
    include: ['test/node/**/*.test.ts'],
    testTimeout: 600_000,
    hookTimeout: 600_000,
    pool: 'forks',
  },
});
