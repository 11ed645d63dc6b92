import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts", "app/**/*.test.ts"],
    environment: "node",
    globals: true,
    globalSetup: ["tests/support/global-setup.ts"],
    setupFiles: ["tests/support/setup-job-scope.ts"],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Two cores: keep parallelism modest so simulators' timing stays meaningful.
    poolOptions: { forks: { maxForks: 2 } },
  },
});
