import { describe, expect, it } from "vitest";
import { validateSources } from "@cognito-action/spec";
import { readBaseVersions, referenceScope } from "../src/index.ts";

const lambda = (name: string, stack: string) =>
  `apiVersion: aws.openmcf.org/v1\nkind: AwsLambda\nmetadata:\n  name: ${name}\n  labels:\n    pulumi.openmcf.org/stack.name: ${stack}\n`;

describe("referenceScope", () => {
  it("gives the base side the base versions of changed files and the head versions of the rest", () => {
    const head = validateSources([
      { file: "fn.yaml", text: lambda("fn", "head-stack") },
      { file: "other.yaml", text: lambda("other", "other-stack") },
    ]);
    const base = validateSources([{ file: "fn.yaml", text: lambda("fn", "base-stack") }]);
    const scope = referenceScope(base, head, [{ status: "modified", path: "fn.yaml" }], "the examples");
    expect(
      scope.base.map((target) => [target.file, target.labels?.["pulumi.openmcf.org/stack.name"]]),
    ).toEqual([
      ["fn.yaml", "base-stack"],
      ["other.yaml", "other-stack"],
    ]);
    expect(scope.head.map((target) => target.labels?.["pulumi.openmcf.org/stack.name"])).toEqual([
      "head-stack",
      "other-stack",
    ]);
    expect(scope.searchedIn).toBe("the examples");
  });

  it("leaves a file added at head out of the base side", () => {
    const head = validateSources([{ file: "new.yaml", text: lambda("new", "s") }]);
    const scope = referenceScope(validateSources([]), head, [{ status: "added", path: "new.yaml" }], "x");
    expect(scope.base).toEqual([]);
  });
});

describe("readBaseVersions", () => {
  it("reads renamed files at their old path, skips added ones and files the base lacks", async () => {
    const read: string[] = [];
    const sources = await readBaseVersions(
      [
        { status: "renamed", path: "b.yaml", previousPath: "a.yaml" },
        { status: "added", path: "c.yaml" },
        { status: "modified", path: "gone.yaml" },
      ],
      (path) => {
        read.push(path);
        return Promise.resolve(path === "gone.yaml" ? undefined : `text of ${path}`);
      },
    );
    expect(read).toEqual(["a.yaml", "gone.yaml"]);
    expect(sources).toEqual([{ file: "a.yaml", text: "text of a.yaml" }]);
  });
});
