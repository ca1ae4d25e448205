import { defineConfig } from "vitest/config";

// One file at a time: every scenario starts the real CLI, the provider plugin and moto calls, and the machines
// that run CI have two cores. Caps are generous for the same reason; they are not timings.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 1_200_000,
  },
});
