// Stand-in engine: the adopted resources' comment and client-secret masking, with eight scripted import
// steps; test/engine's adoption scenario imports on the real CLI.
// Adopting a deployed pool on merge, end to end: a pushed manifest with spec.adopt, the stand-in Pulumi CLI
// answering the preview with the engine's `import` steps (step_generator.go: an import ID the state does not
// hold), and the merged pull request's comment at the GitHub stand-in.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPOSITORY_ROOT, TestRepository } from "./harness.ts";
import type { ActionRun } from "./harness.ts";
import {
  bodyOf,
  commentWrites,
  examplesOnMain,
  FakePulumi,
  resourceStep,
  RUN_TIMEOUT,
  startedPerTest,
  runPush,
} from "./scenario.ts";
import type { StackScenario } from "./scenario.ts";

const MERGED_PULL_REQUEST = 11;
const POOL = "aws:cognito/userPool:UserPool";
const CLIENT = "aws:cognito/userPoolClient:UserPoolClient";
const DOMAIN = "aws:cognito/userPoolDomain:UserPoolDomain";
const SERVER = "aws:cognito/resourceServer:ResourceServer";
const PROVIDER = "aws:cognito/identityProvider:IdentityProvider";
const GROUP = "aws:cognito/userGroup:UserGroup";
/** The Google provider's client secret, passed to the job from a GitHub secret as the manifest asks. */
const GOOGLE_CLIENT_SECRET = "GOCSPX-e2eGoogleClientSecret42";
/** examples/adopted.yaml's stack on the file:// backend. */
const STACK = "organization/identity/prod.AwsCognitoUserPool.acme-customers";
const API_CLIENT_SECRET = "q9w8e7r6t5y4u3i2o1p0a9s8d7f6g5h4j3k2l1z0x9c8v7b6n5m4";

const started = startedPerTest();

/** main with the other examples; the merge adds examples/adopted.yaml. */
async function mergeAdoption(stack: StackScenario): Promise<ActionRun> {
  started.repository = new TestRepository();
  const before = started.repository.commit(examplesOnMain(), "main");
  const after = started.repository.commit(
    { "examples/adopted.yaml": readFileSync(join(REPOSITORY_ROOT, "examples/adopted.yaml"), "utf8") },
    `Merge pull request #${MERGED_PULL_REQUEST}`,
  );
  started.pulumi = new FakePulumi({ [STACK]: stack });
  // The other examples were applied from main already: only the adopted pool is this merge's work.
  started.pulumi.deployedFrom(examplesOnMain(), before);
  return runPush(started, {
    before,
    after,
    pulls: [{ number: MERGED_PULL_REQUEST, merged_at: "2026-11-29T09:00:00Z" }],
    inputs: { "env-secrets": "GOOGLE_CLIENT_SECRET" },
    env: { GOOGLE_CLIENT_SECRET },
  });
}

function mergedPullRequestComment(): string {
  const writes = commentWrites(started.standIn!.requests);
  expect(writes).toHaveLength(1);
  return bodyOf(writes[0]!);
}

/** The engine's import of a resource: no old state yet, no diff of its own (ImportStep). */
const importStep = (type: string, name: string) =>
  resourceStep("import", type, name, { old: null, new: { inputs: { name } }, detailedDiff: null });

/** What the preview of the adoption emits: the pool, its resource server, provider, groups, clients and domain imported. */
function adoptionPreview(): unknown[] {
  return [
    resourceStep("create", "pulumi:providers:aws", "aws", { detailedDiff: null }),
    importStep(POOL, "acme-customers"),
    // The manifest keeps the pool's own tags and adds cognito-action's: the engine diffs after the import,
    // as an update that adds tags and drops none (dropping one would be a security-relevant change).
    resourceStep("update", POOL, "acme-customers", {
      old: { inputs: { tags: { team: "identity", "cost-center": "cc-4711" } } },
      new: {
        inputs: {
          tags: { team: "identity", "cost-center": "cc-4711", "managed-by": "cognito-action" },
        },
      },
      detailedDiff: { 'tags["managed-by"]': { diffKind: "add", inputDiff: true } },
    }),
    importStep(SERVER, "acme-customers-server-orders"),
    importStep(PROVIDER, "acme-customers-idp-Google"),
    importStep(GROUP, "acme-customers-group-admins"),
    importStep(GROUP, "acme-customers-group-support-agents"),
    importStep(CLIENT, "acme-customers-api-server"),
    importStep(CLIENT, "acme-customers-web-spa"),
    importStep(DOMAIN, "acme-customers-domain"),
  ];
}

describe("adopting a deployed pool on merge", () => {
  it(
    "applies the adoption and reports the resources as adopted, with the client secret masked",
    async () => {
      const run = await mergeAdoption({
        previewEvents: adoptionPreview(),
        outputs: {
          user_pool_id: "us-east-1_Xq7Rm2KpL",
          client_ids: { "api-server": "1r9t3y5u7i2o4p6a8s0d2f4gh1", "web-spa": "5f2kq8n1v7c3m9x0b4h6j2l8pd" },
          client_secrets: { "api-server": API_CLIENT_SECRET },
        },
        secretOutputs: ["client_secrets"],
      });

      expect(run.code, run.stderr).toBe(0);
      expect(started.pulumi!.operations()).toEqual([`preview ${STACK}`, `up ${STACK}`]);
      const comment = mergedPullRequestComment();
      expect(comment).toContain(
        "| <code>acme-customers</code> | <code>" + STACK + "</code> | ✅ applied | 8 adopted |",
      );
      expect(comment).not.toContain(API_CLIENT_SECRET);
      expect(comment).not.toContain(GOOGLE_CLIENT_SECRET);
      expect(run.stdout + run.stderr).not.toMatch(new RegExp(`(?<!::add-mask::)${GOOGLE_CLIENT_SECRET}`));
      // The runner is told to mask it, and that is the only line where it appears.
      expect(run.stdout.split("\n").filter((line) => line.includes(API_CLIENT_SECRET))).toEqual([
        `::add-mask::${API_CLIENT_SECRET}`,
      ]);
    },
    RUN_TIMEOUT,
  );

  it(
    "refuses an adoption whose manifest the engine would replace, before any update",
    async () => {
      const replacement = {
        old: { inputs: { name: "acme-customers-legacy" } },
        new: { inputs: { name: "acme-customers" } },
        keys: ["name"],
        detailedDiff: { name: { diffKind: "update-replace", inputDiff: true } },
      };
      const run = await mergeAdoption({
        previewEvents: [
          importStep(POOL, "acme-customers"),
          resourceStep("create-replacement", POOL, "acme-customers", replacement),
          resourceStep("replace", POOL, "acme-customers", replacement),
          resourceStep("delete-replaced", POOL, "acme-customers", { ...replacement, detailedDiff: null }),
        ],
      });

      expect(run.code).toBe(1);
      expect(run.outputs["failure-reason"]).toBe("replacement-blocked");
      expect(started.pulumi!.operations()).toEqual([`preview ${STACK}`]);
      expect(mergedPullRequestComment()).toContain(
        "the engine's preview: acme-customers: user pool acme-customers is replaced because name cannot change in place",
      );
    },
    RUN_TIMEOUT,
  );
});
