// Stand-in engine: stacks another repository's job owns, which the real suite does not set up.
// A manifest pointing the apply at a stack that is not this job's, end to end with the bundled action: the
// stand-in Pulumi CLI's file:// backend holds the stack already (an untagged one with a database and a
// bucket, or another comment-key's), and the merge names it through its labels. Nothing may be deleted or
// tagged; the run fails with failure-reason stack-not-owned, naming the stack and its owner.
import { describe, expect, it } from "vitest";
import { TestRepository } from "./harness.ts";
import type { ActionRun } from "./harness.ts";
import {
  DEFAULT_SCOPE,
  edit,
  example,
  FakePulumi,
  POOL,
  resourceStep,
  RUN_TIMEOUT,
  runPush,
  startedPerTest,
} from "./scenario.ts";
import { ORIGIN_TAGS, originTags } from "@cognito-action/provisioner";

/** Where the attacking manifest's labels point: the payments team's production stack. */
const PAYMENTS_PROD = "organization/payments/prod";
const DATABASE = "aws:rds/instance:Instance";
const BUCKET = "aws:s3/bucket:Bucket";
const urn = (type: string, name: string) => `urn:pulumi:prod::payments::${type}::${name}`;

/** The quick-start pool, relabelled onto the payments production stack. */
const ATTACK = edit(
  edit(
    example("quick-start"),
    "pulumi.openmcf.org/project: my-project",
    "pulumi.openmcf.org/project: payments",
  ),
  "pulumi.openmcf.org/stack.name: dev.AwsCognitoUserPool.my-auth",
  "pulumi.openmcf.org/stack.name: prod",
);

/** What the engine plans for the relabelled pool on that stack: its pool created, the rest deleted. */
const TAKEOVER_PREVIEW = [
  resourceStep("create", POOL, "my-auth", { detailedDiff: null }),
  resourceStep("delete", DATABASE, "ledger", { detailedDiff: null }),
  resourceStep("delete", BUCKET, "receipts", { detailedDiff: null }),
];

const started = startedPerTest();

/** The payments stack as its team left it: a database and a bucket, with `tags`. */
function seedPaymentsStack(pulumi: FakePulumi, tags: Record<string, string>): void {
  pulumi.seed(PAYMENTS_PROD, {
    tags,
    outputs: { ledger_endpoint: "ledger.payments.internal:5432" },
    resources: [
      { urn: urn("pulumi:pulumi:Stack", "payments-prod"), type: "pulumi:pulumi:Stack" },
      { urn: urn(DATABASE, "ledger"), type: DATABASE, custom: true, id: "ledger" },
      { urn: urn(BUCKET, "receipts"), type: BUCKET, custom: true, id: "acme-receipts" },
    ],
  });
}

/** Merges the attacking manifest, with both allow inputs set (the worst case), and applies it. */
async function mergeAttack(tags: Record<string, string>, manifest = ATTACK): Promise<ActionRun> {
  started.repository = new TestRepository();
  const before = started.repository.commit({ "README.md": "identity\n" }, "main");
  const after = started.repository.commit({ "teams/payments/auth.yaml": manifest }, "Merge pull request #9");
  started.pulumi = new FakePulumi({ [PAYMENTS_PROD]: { previewEvents: TAKEOVER_PREVIEW } });
  seedPaymentsStack(started.pulumi, tags);
  return runPush(started, {
    before,
    after,
    pulls: [{ number: 9, merged_at: "2026-12-01T09:00:00Z" }],
    inputs: { "allow-destroy": "true", "allow-replace": "true" },
  });
}

function expectUntouched(pulumi: FakePulumi, tags: Record<string, string>): void {
  const checkpoint = pulumi.checkpoint(PAYMENTS_PROD)!;
  expect((checkpoint.resources as unknown[]).length).toBe(3);
  expect(checkpoint.tags).toEqual(tags);
  const touching = pulumi
    .invocations()
    .filter((args) => args.includes(PAYMENTS_PROD))
    .filter(
      (args) => ["up", "destroy", "refresh"].includes(args[0]!) || (args[1] === "tag" && args[2] !== "ls"),
    );
  expect(touching).toEqual([]);
}

describe("a manifest whose labels name a stack this job does not own", () => {
  it(
    "refuses an existing untagged stack with foreign resources: nothing deleted, no tags written",
    async () => {
      const run = await mergeAttack({});
      expect(run.code).not.toBe(0);
      expect(run.outputs["failure-reason"]).toBe("stack-not-owned");
      expectUntouched(started.pulumi!, {});
      const said = run.stdout + run.summary;
      expect(said).toContain(
        "stack-not-owned: stack my-org/payments/prod (organization/payments/prod in the backend)",
      );
      expect(said).toContain("aws:rds/instance:Instance ledger");
      expect(said).toContain("spec.adopt.stack: true");
    },
    RUN_TIMEOUT,
  );

  it(
    "refuses another comment-key's stack of this repository, naming it as the owner",
    async () => {
      const theirs = originTags({
        repository: "acme/identity",
        scope: "payments-job",
        stack: "acme/payments/prod",
        manifest: "ledger-auth",
        file: "payments/auth.yaml",
        digest: "0".repeat(64),
        commit: "1".repeat(40),
      });
      expect(theirs[ORIGIN_TAGS.scope]).not.toBe(DEFAULT_SCOPE);
      const run = await mergeAttack(theirs);
      expect(run.code).not.toBe(0);
      expect(run.outputs["failure-reason"]).toBe("stack-not-owned");
      expectUntouched(started.pulumi!, theirs);
      expect(run.stdout + run.summary).toContain("repository acme/identity, comment-key payments-job");
    },
    RUN_TIMEOUT,
  );

  it(
    "takes the stack over when the manifest adopts it (spec.adopt.stack), with both allow inputs",
    async () => {
      const adopting = edit(ATTACK, "spec:\n", "spec:\n  adopt:\n    stack: true\n");
      const run = await mergeAttack({}, adopting);
      expect(run.code, run.stdout).toBe(0);
      const ups = started
        .pulumi!.invocations()
        .filter((args) => args[0] === "up" && args.includes(PAYMENTS_PROD));
      expect(ups).toHaveLength(1);
      expect(started.pulumi!.recordedCommit(PAYMENTS_PROD)).toBeDefined();
      expect(run.stdout).toContain("Taking over stack my-org/payments/prod");
    },
    RUN_TIMEOUT,
  );
});
