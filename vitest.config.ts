import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/support/aws-sdk-node-warning.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // The tests never leave loopback: a proxy set on the machine must not route them (the
    // request function reads these once, at import). An empty value is unset.
    env: { HTTPS_PROXY: '', https_proxy: '', HTTP_PROXY: '', http_proxy: '', NO_PROXY: '', no_proxy: '' },
  },
});
