// Fails when committed generated files lag behind the sources: the bundles in dist/ (users run them
// directly) and the files `pnpm generate` writes. Rebuilds into a temporary directory and compares, so
// the working tree is never modified.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { staleGeneratedFiles } from "./generate.mts";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const problems: string[] = [];

const fresh = mkdtempSync(join(tmpdir(), "cognito-action-dist-"));
try {
  execFileSync(process.execPath, [join(root, "scripts/bundle.mjs"), "--outdir", fresh, "--quiet"], {
    stdio: "inherit",
  });
  const built = readdirSync(fresh).sort();
  const committed = readdirSync(join(root, "dist")).sort();
  for (const file of new Set([...built, ...committed])) {
    const expected = built.includes(file) ? readFileSync(join(fresh, file)) : undefined;
    const actual = committed.includes(file) ? readFileSync(join(root, "dist", file)) : undefined;
    if (expected === undefined)
      problems.push(`dist/${file} is not built from the sources any more; delete it`);
    else if (actual === undefined || !expected.equals(actual))
      problems.push(`dist/${file} is stale; run pnpm bundle and commit dist/`);
  }
} finally {
  rmSync(fresh, { recursive: true, force: true });
}

for (const path of await staleGeneratedFiles())
  problems.push(`${path} is stale; run pnpm generate and commit it`);

if (problems.length > 0) {
  for (const problem of problems) console.error(`✖ ${problem}`);
  process.exitCode = 1;
} else {
  console.log("✔ dist/ and generated files match the sources");
}
