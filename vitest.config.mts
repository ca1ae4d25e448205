import { join, relative, sep } from "node:path";
import { defineConfig } from "vitest/config";

// One configuration for every unit suite: a project per package, and the lint rules' own tests. The engine
// conformance suite (test/engine) keeps its own configuration: its global setup builds the real Pulumi CLI and
// starts moto, and `pnpm test` must never start it (`pnpm test:engine` does).
//
// Generous caps, not timings: CI runs every package's suite at once on two cores, where a test that takes
// a second alone can take ten. Performance is measured by the benchmark scripts, never by tests.

const PACKAGES = ["spec", "provisioner", "action", "cli"];

// Roots are absolute: vitest finds this file from any folder below, and a relative root would be taken from there.
const packageProject = (name: string) => ({
  extends: true as const,
  root: join(import.meta.dirname, "packages", name),
  test: { name },
});

const scriptsProject = {
  extends: true as const,
  root: import.meta.dirname,
  test: { name: "scripts", include: ["scripts/**/*.test.mjs"] },
};

// Run from inside a package (its `test` script, `pnpm --filter <package> exec vitest run <file>`), only that
// package's project runs, as it did with a configuration of its own; from the root, every project.
const [top, folder] = relative(import.meta.dirname, process.cwd()).split(sep);
const runFromPackage = top === "packages" ? PACKAGES.find((name) => name === folder) : undefined;

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: runFromPackage
      ? [packageProject(runFromPackage)]
      : [...PACKAGES.map(packageProject), scriptsProject],
  },
});
