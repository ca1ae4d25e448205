import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { ChangedFile } from "@cognito-action/provisioner";
import type { ChangeSet } from "../src/run/types.ts";
import { pullRequestHeadView } from "../src/manifests/pull-request-head.ts";

const directories: string[] = [];
afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

/** A checkout of the base branch holding `files`. */
function checkout(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "cognito-action-base-"));
  directories.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

function changeSet(files: ChangedFile[], head: Record<string, string>): ChangeSet & { read: string[] } {
  const read: string[] = [];
  return {
    files,
    source: "api",
    read,
    readBase: () => Promise.resolve(undefined),
    readHead: (path) => {
      read.push(path);
      return Promise.resolve(head[path]);
    },
  };
}

describe("pullRequestHeadView", () => {
  it("lays the pull request's changes over the base branch's manifests, reading only what changed", async () => {
    const root = checkout({ "a.yaml": "base a", "b.yaml": "base b", "c.yaml": "base c", "old.yaml": "old" });
    const changes = changeSet(
      [
        { status: "modified", path: "a.yaml" },
        { status: "deleted", path: "b.yaml" },
        { status: "renamed", path: "new.yaml", previousPath: "old.yaml" },
        { status: "added", path: "added.yaml" },
        { status: "added", path: "docs/readme.md" },
      ],
      { "a.yaml": "head a", "new.yaml": "moved", "added.yaml": "head added" },
    );
    const view = await pullRequestHeadView(changes, ["a.yaml", "b.yaml", "c.yaml", "old.yaml"], root, [
      "**/*.yaml",
    ]);
    expect(view.files).toEqual(["a.yaml", "added.yaml", "c.yaml", "new.yaml"]);
    expect(view.sources).toEqual([
      { file: "a.yaml", text: "head a" },
      { file: "added.yaml", text: "head added" },
      { file: "c.yaml", text: "base c" },
      { file: "new.yaml", text: "moved" },
    ]);
    // Files outside the globs are never read.
    expect(changes.read).toEqual(["a.yaml", "new.yaml", "added.yaml"]);
  });
});
