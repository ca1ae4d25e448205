// The index check as a table: a stack is up to date by the index only when the index holds its manifest's
// digest with the stack's current last-update time.
import { describe, expect, it } from "vitest";
import { checkIndex, indexKey, indexStackOf, indexValue } from "@cognito-action/provisioner";

const MANIFEST = {
  stack: "acme/identity/dev.pool",
  engineName: "organization/identity/dev.pool",
  digest: "d1",
};

describe("checkIndex", () => {
  const cases: {
    title: string;
    lastUpdate: string | undefined;
    entry: string | undefined;
    verified: boolean;
  }[] = [
    {
      title: "verifies a stack at the indexed digest, not updated since",
      lastUpdate: "t1",
      entry: "d1@t1",
      verified: true,
    },
    {
      title: "reads a stack updated since (another run, a manual up, a refresh)",
      lastUpdate: "t2",
      entry: "d1@t1",
      verified: false,
    },
    { title: "reads a stack indexed at another digest", lastUpdate: "t1", entry: "d0@t1", verified: false },
    { title: "reads a stack the index does not know", lastUpdate: "t1", entry: undefined, verified: false },
    { title: "reads a stack never updated", lastUpdate: undefined, entry: "d1@t1", verified: false },
  ];
  for (const { title, lastUpdate, entry, verified } of cases) {
    it(title, () => {
      const index = entry ? { [indexKey(MANIFEST.engineName)]: entry } : {};
      const result = checkIndex([MANIFEST], [{ name: MANIFEST.engineName, lastUpdate }], index);
      expect(result.verified.has(MANIFEST.stack)).toBe(verified);
      expect(result.unread).toEqual(verified ? [] : [MANIFEST.engineName]);
    });
  }

  it("reads every listed stack without a manifest (a candidate orphan)", () => {
    const result = checkIndex([], [{ name: "organization/identity/gone", lastUpdate: "t1" }], {});
    expect(result.unread).toEqual(["organization/identity/gone"]);
  });
});

describe("index names", () => {
  it("keeps tag names within Pulumi's 40 characters", () => {
    expect(indexKey("organization/a-very-long-project-name/with.a.very.long.stack.name")).toHaveLength(40);
  });
  it("writes the digest and the update time", () => {
    expect(indexValue("abc", "2026-11-29T10:00:00Z")).toBe("abc@2026-11-29T10:00:00Z");
  });
  it("names the index stack after the job's comment key, as stack names allow", () => {
    expect(indexStackOf("team a/prod")).toEqual({ project: "cognito-action-index", stack: "team-a-prod" });
  });
});
