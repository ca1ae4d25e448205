import { defineConfig } from "vitest/config";

// Generous caps, not timings: CI runs every package's suite at once on two cores, where a test that takes
// a second alone can take ten. Performance is measured by the benchmark scripts, never by tests.
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
