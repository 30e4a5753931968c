import { defineConfig } from 'vitest/config';

// `npm run test:package`: the npm tarball installed into an empty directory and driven from there. It uses the
// dist/ that `npm test` built (CI runs it after), and compiles better-sqlite3 once, so it takes minutes.
export default defineConfig({
  test: {
    include: ['test/package/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 900_000,
    pool: 'forks',
  },
});
