// Which changed files a run plans: each side of a rename judged by the manifests globs, so a manifest that
// leaves them is a deletion, never dropped unseen.
import { describe, expect, it } from "vitest";
import { manifestFileChanges } from "../src/changes.ts";

const GLOBS = ["**/*.yaml", "**/*.yml"];

describe("manifestFileChanges", () => {
  it("plans a manifest renamed out of the globs (git mv auth.yaml auth.yaml.bak) as the deletion of its old path", () => {
    expect(
      manifestFileChanges(
        [{ status: "renamed", path: "auth.yaml.bak", previousPath: "auth.yaml" }],
        new Set(),
        GLOBS,
      ),
    ).toEqual([{ status: "deleted", path: "auth.yaml" }]);
  });
  it("plans a manifest moved to a folder the globs leave out as a deletion", () => {
    expect(
      manifestFileChanges(
        [{ status: "renamed", path: "archive/auth.yaml", previousPath: "identity/auth.yaml" }],
        new Set(),
        ["identity/**/*.yaml"],
      ),
    ).toEqual([{ status: "deleted", path: "identity/auth.yaml" }]);
  });
  it("plans a file renamed into the globs as an addition", () => {
    expect(
      manifestFileChanges(
        [{ status: "renamed", path: "identity/auth.yaml", previousPath: "drafts/auth.txt" }],
        new Set(["identity/auth.yaml"]),
        GLOBS,
      ),
    ).toEqual([{ status: "added", path: "identity/auth.yaml" }]);
  });
  it("keeps a rename within the globs as a rename", () => {
    const rename = { status: "renamed" as const, path: "b.yaml", previousPath: "a.yaml" };
    expect(manifestFileChanges([rename], new Set(["b.yaml"]), GLOBS)).toEqual([rename]);
  });
  it("leaves out files outside the globs on both sides, and keeps deletions that match them", () => {
    expect(
      manifestFileChanges(
        [
          { status: "renamed", path: "README.txt", previousPath: "README.md" },
          { status: "modified", path: "notes.md" },
          { status: "deleted", path: "old.yaml" },
          { status: "deleted", path: "old.md" },
        ],
        new Set(),
        GLOBS,
      ),
    ).toEqual([{ status: "deleted", path: "old.yaml" }]);
  });
});
