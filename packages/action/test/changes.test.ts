import { describe, expect, it } from "vitest";
import type { Git } from "@cognito-action/provisioner";
import { changedFilesOf } from "../src/manifests/changes.ts";
import { ActionFailure, ContextError } from "../src/run/errors.ts";
import { httpError, RecordingGitHubApi } from "./fakes.ts";

const BASE = "a".repeat(40);
const HEAD = "b".repeat(40);

interface FakeGitOptions {
  /** Commits in the checkout. */
  present: string[];
  /** Commits `git fetch origin <sha>` can bring in. */
  fetchable?: string[];
  /** `git diff --name-status -z` output. */
  diff?: string;
  /** `${ref}:${path}` → text, for `git show`. */
  files?: Record<string, string>;
  /** What `git merge-base` answers. */
  mergeBase?: string;
}

/** A Git over a few known commits, recording each command. */
function fakeGit(options: FakeGitOptions): { git: Git; commands: string[][] } {
  const present = new Set(options.present);
  const commands: string[][] = [];
  const git: Git = async (args) => {
    await Promise.resolve();
    commands.push([...args]);
    const [command] = args;
    if (command === "cat-file") {
      const sha = args[2]!.replace("^{commit}", "");
      if (present.has(sha)) return "";
      throw new Error(`fatal: Not a valid object name ${sha}`);
    }
    if (command === "fetch") {
      const sha = args.at(-1)!;
      if (!options.fetchable?.includes(sha))
        throw new Error(`fatal: remote error: upload-pack: not our ref ${sha}\nmore`);
      present.add(sha);
      return "";
    }
    if (command === "diff") return options.diff ?? "";
    if (command === "merge-base") return `${options.mergeBase ?? args[1]!}\n`;
    if (command === "show") {
      const text = options.files?.[args[1]!.replace(":./", ":")];
      if (text !== undefined) return text;
      throw Object.assign(new Error("fatal: path does not exist"), {
        stderr: `fatal: path '${args[1]}' does not exist in '${BASE}'`,
      });
    }
    throw new Error(`unexpected git ${args.join(" ")}`);
  };
  return { git, commands };
}

describe("changedFilesOf", () => {
  it("diffs with git when both commits are in the checkout", async () => {
    const { git, commands } = fakeGit({
      present: [BASE, HEAD],
      diff: "M\0auth/prod.yaml\0A\0auth/new.yaml\0",
      files: { [`${BASE}:auth/prod.yaml`]: "kind: AwsCognitoUserPool\n" },
    });
    const api = new RecordingGitHubApi();
    const logs: string[] = [];
    const changes = await changedFilesOf({ base: BASE, head: HEAD }, git, api, 7, (message) =>
      logs.push(message),
    );
    expect(changes.source).toBe("git");
    expect(changes.files).toEqual([
      { status: "modified", path: "auth/prod.yaml" },
      { status: "added", path: "auth/new.yaml" },
    ]);
    expect(commands.some((args) => args[0] === "fetch")).toBe(false);
    const diff = commands.find((args) => args[0] === "diff")!;
    expect(diff).toContain(BASE);
    expect(diff).toContain(HEAD);
    expect(await changes.readBase("auth/prod.yaml")).toBe("kind: AwsCognitoUserPool\n");
    expect(await changes.readBase("auth/new.yaml")).toBeUndefined();
    expect(api.calls).toEqual([]);
    expect(logs).toEqual([]);
  });

  it("reads the head version of a file by commit, from git", async () => {
    const { git } = fakeGit({
      present: [BASE, HEAD],
      diff: "M\0auth/prod.yaml\0",
      files: { [`${HEAD}:auth/prod.yaml`]: "head text" },
    });
    const changes = await changedFilesOf({ base: BASE, head: HEAD }, git, undefined, 7, () => undefined);
    expect(await changes.readHead("auth/prod.yaml")).toBe("head text");
  });

  it("diffs a pull request's branch from its fork point, fetching its head commit, and reads base at base", async () => {
    const forkPoint = "c".repeat(40);
    const { git, commands } = fakeGit({
      present: [BASE],
      fetchable: [HEAD],
      mergeBase: forkPoint,
      diff: "M\0auth/prod.yaml\0",
      files: { [`${BASE}:auth/prod.yaml`]: "base text" },
    });
    const changes = await changedFilesOf(
      { base: BASE, head: HEAD, fromMergeBase: true },
      git,
      undefined,
      7,
      () => undefined,
    );
    expect(changes.source).toBe("git");
    expect(commands.find((args) => args[0] === "fetch")?.at(-1)).toBe(HEAD);
    const diff = commands.find((args) => args[0] === "diff")!;
    expect(diff).toContain(forkPoint);
    expect(diff).not.toContain(BASE);
    expect(await changes.readBase("auth/prod.yaml")).toBe("base text");
  });

  it("reads the head version through the contents API when git cannot", async () => {
    const { git } = fakeGit({ present: [BASE] });
    const api = new RecordingGitHubApi({
      pullRequestFiles: [{ status: "modified", path: "x.yaml" }],
      files: { [`${HEAD}:x.yaml`]: "head text" },
    });
    const changes = await changedFilesOf(
      { base: BASE, head: HEAD, fromMergeBase: true },
      git,
      api,
      7,
      () => undefined,
    );
    expect(changes.source).toBe("api");
    expect(await changes.readHead("x.yaml")).toBe("head text");
  });

  it("fetches a missing base commit, then diffs with git", async () => {
    const { git, commands } = fakeGit({ present: [HEAD], fetchable: [BASE], diff: "D\0auth/old.yaml\0" });
    const changes = await changedFilesOf({ base: BASE, head: HEAD }, git, undefined, 7, () => undefined);
    expect(changes.source).toBe("git");
    expect(changes.files).toEqual([{ status: "deleted", path: "auth/old.yaml" }]);
    const order = commands.map((args) => args[0]);
    expect(order.indexOf("fetch")).toBeGreaterThan(-1);
    expect(order.indexOf("fetch")).toBeLessThan(order.indexOf("diff"));
    expect(commands.find((args) => args[0] === "fetch")).toEqual([
      "fetch",
      "--no-tags",
      "--no-recurse-submodules",
      "--depth=1",
      "origin",
      BASE,
    ]);
  });

  it("asks the API when the base cannot be fetched", async () => {
    const { git, commands } = fakeGit({ present: [HEAD] });
    const api = new RecordingGitHubApi({
      pullRequestFiles: [{ status: "renamed", path: "auth/b.yaml", previousPath: "auth/a.yaml" }],
      files: { [`${BASE}:auth/a.yaml`]: "base text" },
    });
    const logs: string[] = [];
    const changes = await changedFilesOf({ base: BASE, head: HEAD }, git, api, 7, (message) =>
      logs.push(message),
    );
    expect(changes.source).toBe("api");
    expect(changes.files).toEqual([{ status: "renamed", path: "auth/b.yaml", previousPath: "auth/a.yaml" }]);
    expect(await changes.readBase("auth/a.yaml")).toBe("base text");
    expect(api.calls).toEqual([
      { method: "listPullRequestFiles", args: [7] },
      { method: "fileAtRef", args: ["auth/a.yaml", BASE] },
    ]);
    expect(commands.some((args) => args[0] === "diff")).toBe(false);
    // Why git was not used is in the log: the failed fetch, then the fallback.
    expect(logs[0]).toBe(
      `could not fetch ${BASE.slice(0, 12)}: fatal: remote error: upload-pack: not our ref ${BASE}`,
    );
    expect(logs[1]).toContain("asking the GitHub API which files changed");
  });

  it("fails as plan-failed, saying what GitHub would not do, when the API cannot list the files", async () => {
    const { git } = fakeGit({ present: [BASE] });
    const api = new RecordingGitHubApi().failNext("listPullRequestFiles", httpError(502, "Bad Gateway"));
    const attempt = changedFilesOf({ base: BASE, head: HEAD }, git, api, 7, () => undefined);
    await expect(attempt).rejects.toBeInstanceOf(ActionFailure);
    await expect(
      changedFilesOf(
        { base: BASE, head: HEAD },
        git,
        new RecordingGitHubApi().failNext("listPullRequestFiles", httpError(502, "Bad Gateway")),
        7,
        () => undefined,
      ),
    ).rejects.toMatchObject({
      reason: "plan-failed",
      message:
        "GitHub did not list the files of pull request #7 (HTTP 502: Bad Gateway), so nothing was planned",
    });
  });

  it("asks the API when the head commit is missing", async () => {
    const { git } = fakeGit({ present: [BASE] });
    const api = new RecordingGitHubApi({ pullRequestFiles: [{ status: "added", path: "x.yaml" }] });
    const changes = await changedFilesOf({ base: BASE, head: HEAD }, git, api, 7, () => undefined);
    expect(changes.source).toBe("api");
  });

  it("throws a ContextError naming fetch-depth when neither git nor the API can tell", async () => {
    const { git } = fakeGit({ present: [HEAD] });
    const attempt = changedFilesOf({ base: BASE, head: HEAD }, git, undefined, 7, () => undefined);
    await expect(attempt).rejects.toThrow(ContextError);
    await expect(
      changedFilesOf({ base: BASE, head: HEAD }, git, undefined, 7, () => undefined),
    ).rejects.toThrow(/fetch-depth: 0/);
  });

  it("throws for a push (no pull request to ask the API about) whose base is gone", async () => {
    const { git } = fakeGit({ present: [HEAD] });
    await expect(
      changedFilesOf({ base: BASE, head: HEAD }, git, new RecordingGitHubApi(), undefined, () => undefined),
    ).rejects.toThrow(ContextError);
  });

  it("never passes something that is not a commit id to git", async () => {
    const { git, commands } = fakeGit({ present: [HEAD] });
    await expect(
      changedFilesOf({ base: "--upload-pack=evil", head: HEAD }, git, undefined, undefined, () => undefined),
    ).rejects.toThrow(ContextError);
    expect(commands.flat()).not.toContain("--upload-pack=evil");
  });
});
