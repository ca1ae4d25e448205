// The convergence decision as a table: manifests at this commit, what their stacks record, and what an apply
// does with each (skip by digest, converge, leave to a newer commit, refuse, orphan).
import { describe, expect, it } from "vitest";
import { decideConvergence, needingWork } from "../src/apply/decide.ts";
import type { ConvergenceInput, RecordedStack } from "../src/apply/decide.ts";
import type { DesiredStack } from "../src/manifests/changes.ts";
import type { CommitRelation, StackOrigin } from "@cognito-action/provisioner";

const SCOPE = "manifests-0123456789ab";

function desired(name: string, digest = `digest-${name}`): DesiredStack {
  return { name, file: `identity/${name}.yaml`, stack: `acme/identity/${name}`, digest };
}

function recorded(
  name: string,
  options: { digest?: string; relation?: CommitRelation; scope?: string } = {},
): RecordedStack {
  const origin: StackOrigin = {
    repository: "acme/identity",
    scope: options.scope ?? SCOPE,
    stack: `acme/identity/${name}`,
    manifest: name,
    file: `identity/${name}.yaml`,
    digest: options.digest ?? `digest-${name}`,
    commit: "c0ffee0000000000000000000000000000000000",
  };
  return { engineName: `organization/identity/${name}`, origin, relation: options.relation };
}

function decide(overrides: Partial<ConvergenceInput>) {
  return decideConvergence({
    desired: [],
    recorded: [],
    scope: SCOPE,
    only: [],
    allowDestroy: false,
    allowReplace: false,
    ...overrides,
  });
}

describe("decideConvergence: a manifest's stack", () => {
  const cases: { title: string; record?: RecordedStack; expected: string }[] = [
    { title: "never deployed (no tags) converges", expected: "converge" },
    { title: "with the same digest is up to date", record: recorded("a"), expected: "up-to-date" },
    {
      title: "with the same digest is up to date even when a newer commit recorded it",
      record: recorded("a", { relation: "newer" }),
      expected: "up-to-date",
    },
    {
      title: "with another digest from an older commit converges",
      record: recorded("a", { digest: "old", relation: "older" }),
      expected: "converge",
    },
    {
      title: "with another digest from this same commit converges (a new action version)",
      record: recorded("a", { digest: "old", relation: "same" }),
      expected: "converge",
    },
    {
      title: "with another digest from a newer commit is left alone (no going back in time)",
      record: recorded("a", { digest: "new", relation: "newer" }),
      expected: "newer",
    },
    {
      title: "with another digest from an unrelated commit is refused",
      record: recorded("a", { digest: "x", relation: "unrelated" }),
      expected: "refused",
    },
    {
      title: "with another digest from a commit missing from the checkout is refused",
      record: recorded("a", { digest: "x", relation: "unknown" }),
      expected: "refused",
    },
  ];
  for (const { title, record, expected } of cases) {
    it(title, () => {
      const decision = decide({ desired: [desired("a")], recorded: record ? [record] : [] });
      expect(decision.stacks.map((stack) => stack.kind)).toEqual([expected]);
    });
  }

  it("says why a stack from a commit missing in the checkout is refused, and how to fix it", () => {
    const decision = decide({
      desired: [desired("a")],
      recorded: [recorded("a", { digest: "x", relation: "unknown" })],
    });
    const refused = decision.stacks[0];
    expect(refused?.kind === "refused" && refused.reason).toContain("fetch-depth: 0");
  });
});

describe("decideConvergence: only", () => {
  it("converges exactly the named manifests and leaves the others unselected", () => {
    const decision = decide({
      desired: [desired("prod-auth"), desired("webapp-auth"), desired("my-auth")],
      only: ["prod-auth", "my-*"],
    });
    expect(decision.stacks.map((stack) => [stack.desired.name, stack.kind])).toEqual([
      ["prod-auth", "converge"],
      ["webapp-auth", "not-selected"],
      ["my-auth", "converge"],
    ]);
  });

  it("leaves orphans to runs without only, so matrix jobs never decide them", () => {
    const decision = decide({
      desired: [desired("a")],
      recorded: [recorded("gone", { relation: "older" })],
      only: ["a"],
      allowDestroy: true,
      allowReplace: true,
    });
    expect(decision.orphans).toEqual([]);
    expect(decision.orphansLeftToFullRun).toBe(true);
  });
});

describe("decideConvergence: stacks whose manifest is gone", () => {
  const orphanCases: {
    title: string;
    record: RecordedStack;
    allow: [boolean, boolean];
    expected: string[];
  }[] = [
    {
      title: "are pending destruction without allow-destroy",
      record: recorded("gone", { relation: "older" }),
      allow: [false, true],
      expected: ["pending"],
    },
    {
      title: "are pending destruction without allow-replace",
      record: recorded("gone", { relation: "older" }),
      allow: [true, false],
      expected: ["pending"],
    },
    {
      title: "are destroyed with allow-destroy and allow-replace",
      record: recorded("gone", { relation: "older" }),
      allow: [true, true],
      expected: ["destroy"],
    },
    {
      title: "are not orphans when a newer commit deployed them (a manifest added after this commit)",
      record: recorded("gone", { relation: "newer" }),
      allow: [true, true],
      expected: [],
    },
    {
      title: "are refused when their commit cannot be ordered against this one",
      record: recorded("gone", { relation: "unknown" }),
      allow: [true, true],
      expected: ["refused"],
    },
    {
      title: "are never touched when another job (another scope) deployed them",
      record: recorded("gone", { relation: "older", scope: "other-job" }),
      allow: [true, true],
      expected: [],
    },
  ];
  for (const { title, record, allow, expected } of orphanCases) {
    it(title, () => {
      const decision = decide({
        desired: [desired("a")],
        recorded: [record],
        allowDestroy: allow[0],
        allowReplace: allow[1],
      });
      expect(decision.orphans.map((orphan) => orphan.kind)).toEqual(expected);
    });
  }

  it("names the manifest file and the stack of a pending orphan, and both allow inputs", () => {
    const decision = decide({ recorded: [recorded("gone", { relation: "older" })] });
    const orphan = decision.orphans[0];
    expect(orphan?.kind === "pending" && orphan.reason).toBe(
      "its manifest identity/gone.yaml is gone; set allow-destroy: true and allow-replace: true to destroy stack acme/identity/gone",
    );
  });
});

describe("needingWork", () => {
  it("lists the manifests to converge and, apart, the orphans to destroy, not those up to date", () => {
    const decision = decide({
      desired: [desired("same"), desired("changed"), desired("new")],
      recorded: [
        recorded("same"),
        recorded("changed", { digest: "old", relation: "older" }),
        recorded("gone", { relation: "older" }),
      ],
      allowDestroy: true,
      allowReplace: true,
    });
    expect(needingWork(decision)).toEqual({ manifests: ["changed", "new"], orphans: ["gone"] });
  });
});

describe("decideConvergence: a stack another job of this repository recorded", () => {
  it("is not this job's: refused, whatever its digest", () => {
    for (const digest of ["digest-a", "other"]) {
      const decision = decide({
        desired: [desired("a")],
        recorded: [recorded("a", { scope: "payments-job", digest, relation: "older" })],
      });
      expect(decision.stacks[0]!.kind).toBe("not-owned");
    }
  });

  it("converges when the manifest adopts the stack (spec.adopt.stack)", () => {
    const decision = decide({
      desired: [{ ...desired("a"), adoptsStack: true }],
      recorded: [recorded("a", { scope: "payments-job", relation: "unknown" })],
    });
    expect(decision.stacks[0]).toMatchObject({ kind: "converge", origin: undefined });
  });
});

describe("needingWork with one name on two stacks (dev and prod of one pool)", () => {
  it("lists the name once: an only job selects both stacks by it", () => {
    const dev = { ...desired("auth"), stack: "acme/identity/dev" };
    const prod = { ...desired("auth"), stack: "acme/identity/prod" };
    expect(needingWork(decide({ desired: [dev, prod] })).manifests).toEqual(["auth"]);
  });
});
