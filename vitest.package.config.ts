import { defineConfig } from 'vitest/config';

// `npm run test:package`: the npm tarball installed into an empty directory and driven from there. It uses the
// dist/ that `npm test` built (CI runs it after), and installs some 200 packages from the registry, so it takes a minute or more.
export default defineConfig({
  test: {
    include: ['test/package/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 600_000,
    pool: 'forks',
  },
});
