import { defineConfig } from 'vitest/config';

// Two projects so `npm run test:unit` never touches the network and integration tests get the
// emulators from the global setup. Coverage of the pure domain is enforced at 100% of lines.
export default defineConfig({
  test: {
    // The SDK warns once per process that Node 20 is in maintenance; Lambdas run on Node 22.
    env: {
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      // Handlers log and emit metrics as in Lambda; tests assert on behaviour, not on log lines.
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      POWERTOOLS_METRICS_DISABLED: 'true',
    },
    coverage: {
      provider: 'v8',
      include: ['core/**/*.ts'],
      thresholds: { lines: 100 },
      reporter: ['text-summary', 'html'],
    },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'infra',
          include: ['test/infra/**/*.test.ts'],
          environment: 'node',
          testTimeout: 180_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: [
            'test/integration/**/*.test.ts',
            'test/security/**/*.test.ts',
            'sdk/node/test/**/*.test.ts',
            'examples/*/test/**/*.test.ts',
          ],
          exclude: ['test/security/load.test.ts'],
          environment: 'node',
          globalSetup: ['test/integration/global-setup.ts'],
          setupFiles: ['test/integration/setup-env.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          // The load battery saturates the emulators (moto answers one request at a time), so it runs
          // alone after the integration tests instead of slowing them past their timeouts.
          name: 'load',
          include: ['test/security/load.test.ts'],
          environment: 'node',
          globalSetup: ['test/integration/global-setup.ts'],
          setupFiles: ['test/integration/setup-env.ts'],
          testTimeout: 900_000,
          hookTimeout: 240_000,
        },
      },
      {
        test: {
          // The console in Debian's chromium against `vivified dev` run as a user runs it.
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/integration/global-setup.ts'],
          setupFiles: ['test/integration/setup-env.ts'],
          testTimeout: 120_000,
          hookTimeout: 240_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
