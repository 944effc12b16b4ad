import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    // Property tests and the synth end-to-end tests are CPU-bound; two cores here.
    pool: 'forks',
  },
});
