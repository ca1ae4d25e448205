// Changed files: git's name-status output parsed, the manifests in them paired base to head, and real git.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validateSources } from "@cognito-action/spec";
import type { SourceText } from "@cognito-action/spec";
import {
  changedFilesBetween,
  gitIn,
  manifestFileChanges,
  pairChangedManifests,
  parseNameStatus,
  readFileAtRef,
} from "../src/index.ts";
import type { ChangedFile, ManifestChange } from "../src/index.ts";
import { poolDocument, stackLabels } from "./fixtures.ts";
import { temporaryGitRepository } from "./git-repository.ts";
import type { GitRepository } from "./git-repository.ts";

describe("parseNameStatus", () => {
  it("parses added, modified, deleted and renamed files from NUL-separated fields", () => {
    const output = [
      "A",
      "new pool.yaml",
      "M",
      "pools/ünïcødé 🔐.yaml",
      "D",
      "old.yaml",
      "R100",
      "before/name.yaml",
      "after/name with spaces.yaml",
      "",
    ].join("\0");
    expect(parseNameStatus(output)).toEqual([
      { status: "added", path: "new pool.yaml" },
      { status: "modified", path: "pools/ünïcødé 🔐.yaml" },
      { status: "deleted", path: "old.yaml" },
      { status: "renamed", path: "after/name with spaces.yaml", previousPath: "before/name.yaml" },
    ]);
  });

  it("treats a partial rename as a rename, a copy as a new file and a type change as a modification", () => {
    expect(parseNameStatus("R087\0a.yaml\0b.yaml\0C100\0a.yaml\0copy.yaml\0T\0link.yaml\0")).toEqual([
      { status: "renamed", path: "b.yaml", previousPath: "a.yaml" },
      { status: "added", path: "copy.yaml" },
      { status: "modified", path: "link.yaml" },
    ]);
  });

  it("keeps newlines and tabs that are part of a file name", () => {
    expect(parseNameStatus("A\0line\nbreak\ttab.yaml\0")).toEqual([
      { status: "added", path: "line\nbreak\ttab.yaml" },
    ]);
  });

  it("gives nothing for empty output", () => {
    expect(parseNameStatus("")).toEqual([]);
  });
});

/** A pool manifest on a stack of its own name. */
function poolText(name: string, spec: Record<string, unknown> = {}): string {
  return JSON.stringify(
    poolDocument({ name, spec, metadata: { labels: stackLabels("acme", "tests", name) } }),
  );
}

function multiDocument(...texts: string[]): string {
  return texts.join("\n---\n");
}

/** The pairs as names and files, so a failure reads at a glance. */
function pairing(changes: readonly ManifestChange[]) {
  return changes.map(({ name, file, fileChange, base, head }) => ({
    name,
    file,
    fileChange,
    base: base && `${base.file}#${base.index} ${base.name}`,
    head: head && `${head.file}#${head.index} ${head.name}`,
  }));
}

describe("pairChangedManifests", () => {
  function pair(changed: ChangedFile[], base: SourceText[], head: SourceText[]) {
    return pairing(pairChangedManifests(changed, validateSources(base), validateSources(head)));
  }

  it("gives an added file's manifests only a head side", () => {
    expect(
      pair([{ status: "added", path: "a.yaml" }], [], [{ file: "a.yaml", text: poolText("a-auth") }]),
    ).toEqual([
      { name: "a-auth", file: "a.yaml", fileChange: "added", base: undefined, head: "a.yaml#0 a-auth" },
    ]);
  });

  it("pairs a modified file's manifest by name", () => {
    expect(
      pair(
        [{ status: "modified", path: "a.yaml" }],
        [{ file: "a.yaml", text: poolText("a-auth") }],
        [{ file: "a.yaml", text: poolText("a-auth", { mfaConfiguration: "OFF" }) }],
      ),
    ).toEqual([
      {
        name: "a-auth",
        file: "a.yaml",
        fileChange: "modified",
        base: "a.yaml#0 a-auth",
        head: "a.yaml#0 a-auth",
      },
    ]);
  });

  it("gives a deleted file's manifests only a base side", () => {
    expect(
      pair([{ status: "deleted", path: "a.yaml" }], [{ file: "a.yaml", text: poolText("a-auth") }], []),
    ).toEqual([
      { name: "a-auth", file: "a.yaml", fileChange: "deleted", base: "a.yaml#0 a-auth", head: undefined },
    ]);
  });

  it("follows a renamed file from its previous path", () => {
    expect(
      pair(
        [{ status: "renamed", path: "pools/a.yaml", previousPath: "a.yaml" }],
        [{ file: "a.yaml", text: poolText("a-auth") }],
        [{ file: "pools/a.yaml", text: poolText("a-auth") }],
      ),
    ).toEqual([
      {
        name: "a-auth",
        file: "pools/a.yaml",
        fileChange: "renamed",
        base: "a.yaml#0 a-auth",
        head: "pools/a.yaml#0 a-auth",
      },
    ]);
  });

  it("plans a manifest whose stack changed within its file as a deletion plus a creation", () => {
    expect(
      pair(
        [{ status: "modified", path: "a.yaml" }],
        [{ file: "a.yaml", text: poolText("a-auth") }],
        [{ file: "a.yaml", text: poolText("renamed-auth") }],
      ),
    ).toEqual([
      {
        name: "renamed-auth",
        file: "a.yaml",
        fileChange: "modified",
        base: undefined,
        head: "a.yaml#0 renamed-auth",
      },
      {
        name: "a-auth",
        file: "a.yaml",
        fileChange: "modified",
        base: "a.yaml#0 a-auth",
        head: undefined,
      },
    ]);
  });

  it("pairs a manifest whose metadata.name changed when its stack label stays the same", () => {
    const onStack = (name: string) =>
      JSON.stringify(
        poolDocument({ name, metadata: { labels: stackLabels("acme", "tests", "shared.stack") } }),
      );
    expect(
      pair(
        [{ status: "modified", path: "a.yaml" }],
        [{ file: "a.yaml", text: onStack("a-auth") }],
        [{ file: "a.yaml", text: onStack("renamed-auth") }],
      ),
    ).toEqual([
      {
        name: "renamed-auth",
        file: "a.yaml",
        fileChange: "modified",
        base: "a.yaml#0 a-auth",
        head: "a.yaml#0 renamed-auth",
      },
    ]);
  });

  it("plans a file git calls renamed but holding another stack as a deleted and an added manifest", () => {
    // git pairs old-auth.yaml with a similar brand-new.yaml; the stacks say they are different pools.
    expect(
      pair(
        [{ status: "renamed", path: "brand-new.yaml", previousPath: "old-auth.yaml" }],
        [{ file: "old-auth.yaml", text: poolText("old-auth") }],
        [{ file: "brand-new.yaml", text: poolText("brand-new") }],
      ),
    ).toEqual([
      {
        name: "brand-new",
        file: "brand-new.yaml",
        fileChange: "added",
        base: undefined,
        head: "brand-new.yaml#0 brand-new",
      },
      {
        name: "old-auth",
        file: "old-auth.yaml",
        fileChange: "deleted",
        base: "old-auth.yaml#0 old-auth",
        head: undefined,
      },
    ]);
  });

  it("pairs the documents of a multi-document file by name, leaving added and removed ones alone", () => {
    const base = multiDocument(poolText("first-auth"), poolText("second-auth"), poolText("third-auth"));
    const head = multiDocument(
      poolText("second-auth", { mfaConfiguration: "OFF" }),
      poolText("first-auth"),
      poolText("fourth-auth"),
      poolText("fifth-auth"),
    );
    expect(
      pair(
        [{ status: "modified", path: "all.yaml" }],
        [{ file: "all.yaml", text: base }],
        [{ file: "all.yaml", text: head }],
      ),
    ).toEqual([
      {
        name: "second-auth",
        file: "all.yaml",
        fileChange: "modified",
        base: "all.yaml#1 second-auth",
        head: "all.yaml#0 second-auth",
      },
      {
        name: "first-auth",
        file: "all.yaml",
        fileChange: "modified",
        base: "all.yaml#0 first-auth",
        head: "all.yaml#1 first-auth",
      },
      {
        name: "fourth-auth",
        file: "all.yaml",
        fileChange: "modified",
        base: undefined,
        head: "all.yaml#2 fourth-auth",
      },
      {
        name: "fifth-auth",
        file: "all.yaml",
        fileChange: "modified",
        base: undefined,
        head: "all.yaml#3 fifth-auth",
      },
      {
        name: "third-auth",
        file: "all.yaml",
        fileChange: "modified",
        base: "all.yaml#2 third-auth",
        head: undefined,
      },
    ]);
  });

  it("plans a manifest removed from a multi-document file as a deletion in that file", () => {
    expect(
      pair(
        [{ status: "modified", path: "all.yaml" }],
        [{ file: "all.yaml", text: multiDocument(poolText("first-auth"), poolText("second-auth")) }],
        [{ file: "all.yaml", text: poolText("first-auth") }],
      ),
    ).toEqual([
      {
        name: "first-auth",
        file: "all.yaml",
        fileChange: "modified",
        base: "all.yaml#0 first-auth",
        head: "all.yaml#0 first-auth",
      },
      {
        name: "second-auth",
        file: "all.yaml",
        fileChange: "modified",
        base: "all.yaml#1 second-auth",
        head: undefined,
      },
    ]);
  });

  it("pairs a manifest moved to a file git sees as new with its deleted original, by stack", () => {
    expect(
      pair(
        [
          { status: "deleted", path: "a.yaml" },
          { status: "added", path: "pools/a.yaml" },
        ],
        [{ file: "a.yaml", text: poolText("a-auth") }],
        [{ file: "pools/a.yaml", text: poolText("a-auth") }],
      ),
    ).toEqual([
      {
        name: "a-auth",
        file: "pools/a.yaml",
        fileChange: "renamed",
        base: "a.yaml#0 a-auth",
        head: "pools/a.yaml#0 a-auth",
      },
    ]);
  });

  it("pairs a manifest split out of a multi-document file into its own file", () => {
    const first = poolText("first-auth");
    const second = poolText("second-auth");
    expect(
      pair(
        [
          { status: "added", path: "second.yaml" },
          { status: "modified", path: "all.yaml" },
        ],
        [{ file: "all.yaml", text: multiDocument(first, second) }],
        [
          { file: "all.yaml", text: first },
          { file: "second.yaml", text: second },
        ],
      ),
    ).toEqual([
      {
        name: "second-auth",
        file: "second.yaml",
        fileChange: "renamed",
        base: "all.yaml#1 second-auth",
        head: "second.yaml#0 second-auth",
      },
      {
        name: "first-auth",
        file: "all.yaml",
        fileChange: "modified",
        base: "all.yaml#0 first-auth",
        head: "all.yaml#0 first-auth",
      },
    ]);
  });

  it("keeps a deleted and an added manifest on different stacks apart", () => {
    expect(
      pair(
        [
          { status: "deleted", path: "old.yaml" },
          { status: "added", path: "new.yaml" },
        ],
        [{ file: "old.yaml", text: poolText("old-auth") }],
        [{ file: "new.yaml", text: poolText("new-auth") }],
      ).map(({ name, fileChange }) => [name, fileChange]),
    ).toEqual([
      ["old-auth", "deleted"],
      ["new-auth", "added"],
    ]);
  });

  it("ignores documents of other kinds and keeps invalid manifests (without a parsed manifest)", () => {
    const lambda = JSON.stringify({
      apiVersion: "aws.openmcf.org/v1",
      kind: "AwsLambda",
      metadata: { name: "fn" },
      spec: {},
    });
    const invalid = JSON.stringify(poolDocument({ name: "broken-auth", spec: { region: "nowhere" } }));
    const changes = pairChangedManifests(
      [{ status: "added", path: "mixed.yaml" }],
      validateSources([]),
      validateSources([{ file: "mixed.yaml", text: multiDocument(lambda, invalid) }]),
    );
    expect(pairing(changes)).toEqual([
      {
        name: "broken-auth",
        file: "mixed.yaml",
        fileChange: "added",
        base: undefined,
        head: "mixed.yaml#1 broken-auth",
      },
    ]);
    expect(changes[0]!.head!.status).toBe("invalid");
    expect(changes[0]!.head!.manifest).toBeUndefined();
  });

  it("ignores changed files that hold no manifest", () => {
    expect(
      pair(
        [{ status: "modified", path: "README.yaml" }],
        [{ file: "README.yaml", text: "a: 1" }],
        [{ file: "README.yaml", text: "a: 2" }],
      ),
    ).toEqual([]);
  });
});

describe("changedFilesBetween and readFileAtRef with real git", () => {
  let repository: GitRepository;
  const unicodeName = "pools/ünïcødé pool.yaml";

  beforeAll(() => {
    repository = temporaryGitRepository();
    repository.write("kept.yaml", poolText("kept-auth"));
    repository.write("modified.yaml", poolText("modified-auth"));
    repository.write("deleted.yaml", poolText("deleted-auth"));
    repository.write("before/moved.yaml", poolText("moved-auth"));
    repository.write(unicodeName, poolText("unicode-auth"));
    repository.commit("base");
    repository.write("modified.yaml", poolText("modified-auth", { mfaConfiguration: "OFF" }));
    repository.git("rm", "--quiet", "deleted.yaml");
    repository.move("before/moved.yaml", "after/moved file.yaml");
    repository.write("added.yaml", poolText("added-auth"));
    repository.commit("head");
  });

  afterAll(() => repository.remove());

  it("lists what changed between two commits, following the rename", async () => {
    const files = await changedFilesBetween(gitIn(repository.root), "HEAD~1", "HEAD");
    expect(files).toEqual([
      { status: "added", path: "added.yaml" },
      { status: "renamed", path: "after/moved file.yaml", previousPath: "before/moved.yaml" },
      { status: "deleted", path: "deleted.yaml" },
      { status: "modified", path: "modified.yaml" },
    ]);
  });

  it("lists the working tree's changes against a commit, untracked files as added", async () => {
    repository.write(unicodeName, poolText("unicode-auth", { mfaConfiguration: "OFF" }));
    repository.write("untracked new.yaml", poolText("untracked-auth"));
    try {
      const files = await changedFilesBetween(gitIn(repository.root), "HEAD");
      expect(files).toEqual([
        { status: "modified", path: unicodeName },
        { status: "added", path: "untracked new.yaml" },
      ]);
    } finally {
      repository.git("checkout", "--quiet", "--", unicodeName);
      repository.git("clean", "--quiet", "--force");
    }
  });

  it("gives paths relative to the directory git runs in", async () => {
    const files = await changedFilesBetween(gitIn(`${repository.root}/after`), "HEAD~1", "HEAD");
    expect(files).toEqual([{ status: "added", path: "moved file.yaml" }]);
  });

  it("fails for a ref that does not exist", async () => {
    await expect(changedFilesBetween(gitIn(repository.root), "no-such-ref")).rejects.toThrow(/no-such-ref/);
  });

  it("reads a file as it was at a commit", async () => {
    const git = gitIn(repository.root);
    expect(await readFileAtRef(git, "HEAD~1", "deleted.yaml")).toBe(poolText("deleted-auth"));
    expect(await readFileAtRef(git, "HEAD~1", unicodeName)).toBe(poolText("unicode-auth"));
    expect(await readFileAtRef(git, "HEAD", "after/moved file.yaml")).toBe(poolText("moved-auth"));
  });

  it("gives undefined for a path that does not exist at the commit", async () => {
    const git = gitIn(repository.root);
    expect(await readFileAtRef(git, "HEAD", "deleted.yaml")).toBeUndefined();
    expect(await readFileAtRef(git, "HEAD~1", "added.yaml")).toBeUndefined();
    expect(await readFileAtRef(git, "HEAD", "never/existed.yaml")).toBeUndefined();
  });

  it("throws for a ref that does not exist instead of calling the file absent", async () => {
    await expect(readFileAtRef(gitIn(repository.root), "no-such-ref", "kept.yaml")).rejects.toThrow();
  });
});

describe("manifestFileChanges", () => {
  const atHead = (files: string[]) => (path: string) => files.includes(path);
  const yaml = (path: string) => /\.ya?ml$/.test(path);

  it("plans a manifest renamed out of the manifests (git mv auth.yaml auth.yaml.bak) as the deletion of its old path", () => {
    expect(
      manifestFileChanges(
        [{ status: "renamed", path: "auth.yaml.bak", previousPath: "auth.yaml" }],
        atHead([]),
        yaml,
      ),
    ).toEqual([{ status: "deleted", path: "auth.yaml" }]);
  });
  it("plans a manifest moved to a folder that is not searched as a deletion", () => {
    expect(
      manifestFileChanges(
        [{ status: "renamed", path: "archive/auth.yaml", previousPath: "identity/auth.yaml" }],
        atHead([]),
        (path) => path.startsWith("identity/"),
      ),
    ).toEqual([{ status: "deleted", path: "identity/auth.yaml" }]);
  });
  it("keeps a rename whose new path is a manifest as a rename, wherever it came from", () => {
    const rename = {
      status: "renamed" as const,
      path: "identity/auth.yaml",
      previousPath: "drafts/auth.yaml",
    };
    expect(
      manifestFileChanges([rename], atHead(["identity/auth.yaml"]), (path) => path.startsWith("identity/")),
    ).toEqual([rename]);
  });
  it("leaves out files that are manifests on neither side, and keeps deletions of manifests", () => {
    expect(
      manifestFileChanges(
        [
          { status: "renamed", path: "README.txt", previousPath: "README.md" },
          { status: "modified", path: "notes.md" },
          { status: "deleted", path: "old.yaml" },
          { status: "deleted", path: "old.md" },
        ],
        atHead([]),
        yaml,
      ),
    ).toEqual([{ status: "deleted", path: "old.yaml" }]);
  });
});
