import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Store suites create their own databases; files run in parallel on the machine's two cores.
    pool: 'forks',
    env: { TZ: 'Asia/Almaty' },
  },
});
