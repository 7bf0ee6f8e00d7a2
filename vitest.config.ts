import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    globalSetup: ['test/helpers/global-setup.ts'],
    setupFiles: ['test/helpers/dns-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // expect.poll gives up after 1 s by default: too short for a browser on a loaded 2-core
    // machine (a service worker showed its notification later than that under the full suite).
    expect: { poll: { timeout: 10_000 } },
  },
});
