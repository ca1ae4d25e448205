#!/usr/bin/env node
// Builds the real Pulumi CLI at one version from its Go module, once, into a cache folder outside the repository,
// and prints the path of the binary. Later runs find the binary and print its path without building.
//
//   node test/engine/pulumi-cli/build.mjs 3.248.0
//
// The wrapper module (go.mod beside this file) is copied into <cache>/<version>/module, its requirements are moved
// to that version, and the non-local `replace` lines of that version's pkg/go.mod are repeated (pkg/go.mod replaces
// the SDK with `../sdk`, which only works inside pulumi's own repository; requiring sdk/v3 at the same version
// stands in for it). The version is stamped the way pulumi's Makefile does (`-X .../common/version.Version=v<ver>`),
// so `pulumi version` reports it and the SDK's version checks see it.
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const PKG = "github.com/pulumi/pulumi/pkg/v3";
const SDK = "github.com/pulumi/pulumi/sdk/v3";

/** The cache root for engine test tools; shared with the other engine scripts. */
export function engineCacheDir() {
  return (
    process.env.COGNITO_ACTION_ENGINE_CACHE ??
    join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "cognito-action")
  );
}

/** Where the CLI of one version lives once built: a folder holding only `pulumi`, fit to put on PATH. */
export function pulumiBinDir(version) {
  return join(engineCacheDir(), "pulumi", version, "bin");
}

/** The `replace` lines of a go.mod that point at another module (not at a local folder). */
export function nonLocalReplaces(goMod) {
  const replaces = [];
  for (const line of goMod.split("\n")) {
    const match = /^\s*(?:replace\s+)?(\S+)(?:\s+(\S+))?\s+=>\s+(\S+)\s+(\S+)\s*$/.exec(line);
    if (!match || !/^replace\b/.test(line.trim())) continue;
    const [, from, fromVersion, to, toVersion] = match;
    replaces.push({ from: fromVersion ? `${from}@${fromVersion}` : from, to: `${to}@${toVersion}` });
  }
  return replaces;
}

function go(args, cwd, env = {}) {
  return execFileSync("go", args, {
    cwd,
    env: { ...process.env, GOFLAGS: "-mod=mod -buildvcs=false", ...env },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
}

export function buildPulumi(version) {
  if (!/^\d+\.\d+\.\d+$/.test(version)) throw new Error(`expected a version like 3.248.0, got "${version}"`);
  const binDir = pulumiBinDir(version);
  const binary = join(binDir, "pulumi");
  if (existsSync(binary)) return binary;

  const moduleDir = join(engineCacheDir(), "pulumi", version, "module");
  mkdirSync(moduleDir, { recursive: true });
  copyFileSync(join(dirname(fileURLToPath(import.meta.url)), "go.mod"), join(moduleDir, "go.mod"));

  const pkgMod = JSON.parse(go(["mod", "download", "-json", `${PKG}@v${version}`], moduleDir));
  if (pkgMod.Error) throw new Error(`the Go module proxy does not serve ${PKG}@v${version}: ${pkgMod.Error}`);
  const pkgGoMod = readFileSync(pkgMod.GoMod, "utf8");
  const goVersion = /^go\s+(\S+)/m.exec(pkgGoMod)?.[1];

  const edits = [`-require=${PKG}@v${version}`, `-require=${SDK}@v${version}`];
  if (goVersion) edits.push(`-go=${goVersion}`);
  for (const { from } of nonLocalReplaces(readFileSync(join(moduleDir, "go.mod"), "utf8")))
    edits.push(`-dropreplace=${from}`);
  for (const { from, to } of nonLocalReplaces(pkgGoMod)) edits.push(`-replace=${from}=${to}`);
  go(["mod", "edit", ...edits], moduleDir);

  const started = Date.now();
  process.stderr.write(`building the Pulumi CLI ${version} from ${PKG} (several minutes the first time)\n`);
  const partial = join(binDir, "pulumi.partial");
  mkdirSync(binDir, { recursive: true });
  go(
    [
      "build",
      "-trimpath",
      "-ldflags",
      `-s -w -X ${SDK}/go/common/version.Version=v${version}`,
      "-o",
      partial,
      `${PKG}/cmd/pulumi`,
    ],
    moduleDir,
    { GOFLAGS: `-mod=mod -buildvcs=false -p=${process.env.ENGINE_BUILD_JOBS ?? "2"}` },
  );
  // Renamed only when complete, so an interrupted build is never mistaken for a cached one.
  renameSync(partial, binary);
  process.stderr.write(`built the Pulumi CLI ${version} in ${Math.round((Date.now() - started) / 1000)} s\n`);
  return binary;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const versions = process.argv.slice(2);
  if (versions.length === 0) {
    process.stderr.write("usage: build.mjs <version>...\n");
    process.exit(2);
  }
  for (const version of versions) process.stdout.write(`${buildPulumi(version)}\n`);
}
