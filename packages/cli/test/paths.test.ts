// One path semantics for every command: however a selection is spelled (relative, `./`, `../`, absolute, a
// glob) and wherever the command runs in the repository, it chooses the same files, names them the same way,
// and (for plan --base-ref) plans the manifests deleted or renamed away since the base.
import { mkdirSync, renameSync, rmSync } from "node:fs";
import { join, relative } from "node:path";
import fc from "fast-check";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { gitRepositoryIn, poolYaml, temporaryDirectory, writeFile } from "./fixtures.ts";
import { runCli } from "./run-cli.ts";

vi.setConfig({ testTimeout: 120_000 });

interface JsonRefPlan {
  plans: { manifest: string; file: string; fileChange: string; summary: Record<string, number> }[];
  summary: Record<string, number>;
}

/**
 * A repository whose last commit, in `cognito/`, replaces one pool (a create-only attribute changed), deletes
 * another's manifest and renames a third's file; `other/` holds an unrelated directory to run from.
 */
function repositoryWithLastCommit(): string {
  const root = temporaryDirectory();
  const git = gitRepositoryIn(root);
  writeFile(root, "cognito/dev.yaml", poolYaml("dev-auth"));
  writeFile(root, "cognito/social.yaml", poolYaml("social-auth"));
  writeFile(root, "cognito/old.yaml", poolYaml("renamed-auth"));
  writeFile(root, "other/readme.yaml", "note: not a manifest\n");
  git("add", "--all");
  git("commit", "--quiet", "--message", "base");
  writeFile(root, "cognito/dev.yaml", poolYaml("dev-auth", { usernameAttributes: ["email"] }));
  rmSync(join(root, "cognito/social.yaml"));
  renameSync(join(root, "cognito/old.yaml"), join(root, "cognito/new.yaml"));
  git("add", "--all");
  git("commit", "--quiet", "--message", "change");
  return root;
}

const summaryOf = (stdout: string) => {
  const report = JSON.parse(stdout) as JsonRefPlan;
  return {
    plans: report.plans
      .map(({ manifest, file, fileChange, summary }) => ({ manifest, file, fileChange, summary }))
      .sort((a, b) => a.manifest.localeCompare(b.manifest)),
    summary: report.summary,
  };
};

describe("plan --base-ref, however the paths are spelled", () => {
  let root: string;
  let expected: ReturnType<typeof summaryOf>;
  beforeAll(async () => {
    root = repositoryWithLastCommit();
    const { code, stdout, stderr } = await runCli(
      ["plan", "--base-ref", "HEAD~1", "--format", "json", "cognito"],
      root,
    );
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expected = summaryOf(stdout);
  });

  it("plans the replacement, the deletion and the rename of the directory", () => {
    expect(expected.plans).toEqual([
      {
        manifest: "dev-auth",
        file: "cognito/dev.yaml",
        fileChange: "modified",
        summary: { create: 0, update: 0, replace: 2, delete: 0 },
      },
      {
        manifest: "renamed-auth",
        file: "cognito/new.yaml",
        fileChange: "renamed",
        summary: { create: 0, update: 0, replace: 0, delete: 0 },
      },
      {
        manifest: "social-auth",
        file: "cognito/social.yaml",
        fileChange: "deleted",
        summary: { create: 0, update: 0, replace: 0, delete: 3 },
      },
    ]);
  });

  it("gives the same plan for every spelling of the same directory, from anywhere in the repository", async () => {
    const spellings: Record<string, (fromCwd: string, absolute: string) => string> = {
      relative: (fromCwd) => fromCwd,
      "dot-slash": (fromCwd) => (fromCwd.startsWith("..") ? fromCwd : `./${fromCwd}`),
      "trailing slash": (fromCwd) => `${fromCwd}/`,
      absolute: (_, absolute) => absolute,
      "absolute with ..": (_, absolute) => `${absolute}/../cognito`,
      "recursive glob": (fromCwd) => `${fromCwd}/**/*.yaml`,
      "one-level glob": (fromCwd) => `${fromCwd}/*.{yaml,yml}`,
    };
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("", "cognito", "other"),
        fc.constantFrom(...Object.keys(spellings)),
        async (where, spelling) => {
          const cwd = join(root, where);
          const fromCwd = relative(cwd, join(root, "cognito")) || ".";
          const path = spellings[spelling]!(fromCwd, join(root, "cognito"));
          const { code, stdout, stderr } = await runCli(
            ["plan", "--base-ref", "HEAD~1", "--format", "json", path],
            cwd,
          );
          expect({ where, path, stderr, code }).toEqual({ where, path, stderr: "", code: 0 });
          expect(summaryOf(stdout)).toEqual(expected);
        },
      ),
      { numRuns: 12, seed: 19 },
    );
  });

  it("plans the deletion of a deleted file named alone, instead of failing", async () => {
    const { code, stdout, stderr } = await runCli(
      ["plan", "--base-ref", "HEAD~1", "--format", "json", "cognito/social.yaml"],
      root,
    );
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(summaryOf(stdout).plans).toEqual([expected.plans[2]]);
  });

  it("plans the deleted manifest a glob matched at the base, from inside the directory", async () => {
    const { code, stdout } = await runCli(
      ["plan", "--base-ref", "HEAD~1", "--format", "json", "*.yaml"],
      join(root, "cognito"),
    );
    expect(code).toBe(0);
    expect(summaryOf(stdout)).toEqual(expected);
  });

  it("exits 2 in one line for a path that matches nothing now or at the base", async () => {
    const { code, stdout, stderr } = await runCli(["plan", "--base-ref", "HEAD~1", "nowhere"], root);
    expect({ code, stdout }).toEqual({ code: 2, stdout: "" });
    expect(stderr).toBe(
      'cognito-action: nothing matches "nowhere": no YAML file there now, and no changed one there at HEAD~1\n',
    );
  });

  it("plans a manifest moved out of the chosen directory as a move, not a deletion", async () => {
    const moved = temporaryDirectory();
    const git = gitRepositoryIn(moved);
    writeFile(moved, "cognito/kept.yaml", poolYaml("kept-auth"));
    git("add", "--all");
    git("commit", "--quiet", "--message", "base");
    mkdirSync(join(moved, "archive"));
    git("mv", "cognito/kept.yaml", "archive/kept.yaml");
    const { code, stdout } = await runCli(
      ["plan", "--base-ref", "HEAD", "--format", "json", "cognito"],
      moved,
    );
    expect(code).toBe(0);
    expect(summaryOf(stdout).plans).toEqual([
      {
        manifest: "kept-auth",
        file: "archive/kept.yaml",
        fileChange: "renamed",
        summary: { create: 0, update: 0, replace: 0, delete: 0 },
      },
    ]);
  });
});

describe("validate and synth, however the paths are spelled", () => {
  it("name a file relative to the repository root from a subdirectory, as annotations need", async () => {
    const root = temporaryDirectory();
    gitRepositoryIn(root);
    writeFile(root, "cognito/bad.yaml", poolYaml("bad-auth", { mfaConfiguration: "SOMETIMES" }));
    const outputs = await Promise.all(
      [
        ["bad.yaml", join(root, "cognito")],
        ["./bad.yaml", join(root, "cognito")],
        ["../cognito/bad.yaml", join(root, "cognito")],
        [join(root, "cognito/bad.yaml"), join(root, "other")],
        ["cognito/*.yaml", root],
      ].map(async ([path, cwd]) => {
        mkdirSync(cwd!, { recursive: true });
        return runCli(["validate", "--format", "github", path!], cwd);
      }),
    );
    for (const output of outputs) {
      expect(output.code).toBe(1);
      expect(output.stdout).toBe(outputs[0]!.stdout);
    }
    expect(outputs[0]!.stdout).toMatch(/^::error file=cognito\/bad\.yaml,line=/m);
  });

  it("synthesize the same graph from an absolute path and a relative one", async () => {
    const root = temporaryDirectory();
    gitRepositoryIn(root);
    writeFile(root, "cognito/dev.yaml", poolYaml("dev-auth"));
    const relativeRun = await runCli(["synth", "cognito/dev.yaml"], root);
    const absoluteRun = await runCli(["synth", join(root, "cognito/dev.yaml")], join(root, "cognito"));
    expect(relativeRun.code).toBe(0);
    expect(absoluteRun.stdout).toBe(relativeRun.stdout);
  });
});
