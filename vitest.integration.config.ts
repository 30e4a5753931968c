import { defineConfig } from 'vitest/config';

// `npm run test:integration`: the one scenario on the emulator and on the real OpenStack box
// (scripts/openstack-box.sh), and the differential check between them. Files run one at a time: the box is shared.
export default defineConfig({
  test: {
    include: ['test/integration/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
