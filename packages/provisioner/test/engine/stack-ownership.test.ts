// Whose a stack is, as a table: the tags and resources the backend reports, this run's repository and job,
// and the adoption marker, against the decision.
import { describe, expect, it } from "vitest";
import { notOwnedReason, stackOwnership, ORIGIN_TAGS } from "@cognito-action/provisioner";
import type { StackFacts } from "@cognito-action/provisioner";

const US = { repository: "acme/identity", scope: "cognito" };
const DATABASE = { type: "aws:rds/instance:Instance", name: "ledger" };
const POOL = { type: "aws:cognito/userPool:UserPool", name: "prod-auth" };
const tagged = (repository: string, scope: string) => ({
  [ORIGIN_TAGS.repository]: repository,
  [ORIGIN_TAGS.scope]: scope,
});

describe("stackOwnership", () => {
  const cases: [string, StackFacts, boolean, ReturnType<typeof stackOwnership>][] = [
    [
      "tags of this repository and job",
      { tags: tagged("acme/identity", "cognito"), resources: [POOL] },
      false,
      { kind: "ours" },
    ],
    ["a new stack", { tags: {}, resources: [] }, false, { kind: "empty" }],
    [
      "an untagged stack with resources",
      { tags: {}, resources: [DATABASE] },
      false,
      { kind: "not-owned", owner: undefined },
    ],
    [
      "another job's stack of this repository",
      { tags: tagged("acme/identity", "payments-job"), resources: [POOL] },
      false,
      { kind: "not-owned", owner: "repository acme/identity, comment-key payments-job" },
    ],
    [
      "another job's stack, even with nothing in it",
      { tags: tagged("acme/identity", "payments-job"), resources: [] },
      false,
      { kind: "not-owned", owner: "repository acme/identity, comment-key payments-job" },
    ],
    [
      "another repository's stack",
      { tags: tagged("acme/payments", "cognito"), resources: [POOL] },
      false,
      { kind: "not-owned", owner: "repository acme/payments, comment-key cognito" },
    ],
    [
      "an untagged stack the manifest adopts",
      { tags: {}, resources: [DATABASE] },
      true,
      { kind: "adopted", owner: undefined },
    ],
    [
      "another job's stack the manifest adopts",
      { tags: tagged("acme/identity", "payments-job"), resources: [POOL] },
      true,
      { kind: "adopted", owner: "repository acme/identity, comment-key payments-job" },
    ],
  ];
  it.each(cases)("%s", (_name, facts, adopts, expected) => {
    expect(stackOwnership(facts, US, adopts)).toEqual(expected);
  });
});

describe("notOwnedReason", () => {
  it("names the stack, its owner, what it holds, and the way to adopt it", () => {
    const reason = notOwnedReason(
      "acme/payments/prod",
      "repository acme/identity, comment-key payments-job",
      [DATABASE],
    );
    expect(reason).toContain("stack acme/payments/prod exists and is not this job's");
    expect(reason).toContain("belongs to repository acme/identity, comment-key payments-job");
    expect(reason).toContain("aws:rds/instance:Instance ledger");
    expect(reason).toContain("spec.adopt.stack: true");
  });

  it("says when no tag names an owner", () => {
    expect(notOwnedReason("acme/payments/prod", undefined, [DATABASE])).toContain(
      "deployed by hand or by another tool",
    );
  });
});
