// The README's first command, `npx github:<owner>/cognito-action#v1 validate cognito/`, run as npm runs it:
// from the packed tarball, and from a git+file:// repository (what npm does with a github: spec, without the
// network). npm prepares a git dependency that has lifecycle scripts (build, prepare, install…) by
// installing its devDependencies first, which the workspace: protocol breaks: the root must need nothing.
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { REPOSITORY } from "./run-cli.ts";

// npm unpacks and links a package; on a busy machine that takes seconds. Nothing here is timed.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

let scratch: string;
let project: string;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), "cognito-action-npx-"));
  project = join(scratch, "project");
  mkdirSync(join(project, "cognito"), { recursive: true });
  copyFileSync(join(REPOSITORY, "examples/quick-start.yaml"), join(project, "cognito/auth.yaml"));
});

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The environment without the npm_* settings a package manager running the tests passes down. */
const cleanEnv = (): NodeJS.ProcessEnv =>
  Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));

/** `npx --package <spec> cognito-action validate cognito/`, offline, with an npm cache of its own. */
function npxValidate(spec: string, cache: string) {
  return spawnSync(
    "npx",
    ["--yes", "--offline", "--cache", cache, "--package", spec, "cognito-action", "validate", "cognito/"],
    {
      cwd: project,
      encoding: "utf8",
      env: { ...cleanEnv(), NO_COLOR: "1", npm_config_update_notifier: "false" },
    },
  );
}

const VALID = "✔ 1 document: 1 valid, 0 invalid, 0 skipped; 0 errors, 0 warnings\n";

describe("npx cognito-action", () => {
  it("runs from the packed tarball", () => {
    const packed = execFileSync("npm", ["pack", "--json", "--pack-destination", scratch], {
      cwd: REPOSITORY,
      encoding: "utf8",
      env: cleanEnv(),
    });
    const [tarball] = JSON.parse(packed) as { filename: string }[];
    const result = npxValidate(join(scratch, tarball!.filename), join(scratch, "cache-tarball"));
    expect(result.stderr).toBe("");
    expect(result.stdout).toBe(VALID);
    expect(result.status).toBe(0);
  });

  it("runs from a git+file:// repository of the working tree, as from github:", () => {
    const clone = join(scratch, "repository");
    const tracked = execFileSync("git", ["ls-files", "-z"], { cwd: REPOSITORY, encoding: "utf8" })
      .split("\0")
      .filter((path) => path !== "");
    for (const path of tracked) {
      mkdirSync(dirname(join(clone, path)), { recursive: true });
      try {
        copyFileSync(join(REPOSITORY, path), join(clone, path));
      } catch {
        // A tracked file deleted in the working tree is not part of it.
      }
    }
    const git = (...args: string[]) => execFileSync("git", args, { cwd: clone, encoding: "utf8" });
    git("init", "--quiet", "--initial-branch=main");
    git("add", "--all");
    git(
      "-c",
      "user.name=Test",
      "-c",
      "user.email=test@example.com",
      "-c",
      "commit.gpgsign=false",
      "commit",
      "--quiet",
      "-m",
      "v1",
    );
    git("tag", "v1");
    const result = npxValidate(`git+file://${clone}#v1`, join(scratch, "cache-git"));
    expect(result.stderr).toBe("");
    expect(result.stdout).toBe(VALID);
    expect(result.status).toBe(0);
  });
});

describe("the root package.json", () => {
  let manifest: { scripts?: Record<string, string>; dependencies?: Record<string, string> };
  beforeAll(async () => {
    manifest = (await import("../../../package.json", { with: { type: "json" } })).default;
  });

  it("has no script that makes npm prepare it as a git dependency", () => {
    // pacote (npm's fetcher) prepares a git dependency that has any of these, installing devDependencies.
    const preparing = ["build", "prepare", "prepack", "preinstall", "install", "postinstall"];
    expect(Object.keys(manifest.scripts ?? {}).filter((name) => preparing.includes(name))).toEqual([]);
  });

  it("needs no dependency at run time: the bundles carry everything", () => {
    expect(manifest.dependencies ?? {}).toEqual({});
  });
});
