import { defineConfig } from 'vitest/config';

// scripts/container-test.sh builds the image, then runs this suite with BLOCKOPS_CONTAINER_IMAGE set.
export default defineConfig({
  test: {
    include: ['test/container/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
