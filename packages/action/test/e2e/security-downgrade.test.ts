// Stand-in engine: the guard's decisions on scripted engine plans; test/engine's references scenario meets
// the guard on the real CLI.
// The security-downgrade guard end to end: the bundled action applying a push to main that switches the
// production pool's MFA off. Refused (before any engine call) without allow-security-downgrade, applied with
// it, and named in the merged pull request's comment either way.
import { describe, expect, it } from "vitest";
import { TestRepository } from "./harness.ts";
import type { ActionRun } from "./harness.ts";
import {
  bodyOf,
  commentWrites,
  edit,
  example,
  examplesOnMain,
  FakePulumi,
  POOL,
  resourceStep,
  RUN_TIMEOUT,
  runPush,
  STACKS,
  startedPerTest,
} from "./scenario.ts";

const MERGED_PULL_REQUEST = 7;
const started = startedPerTest();

/** production.yaml with MFA switched off (and its TOTP factor with it, as AWS requires). */
const MFA_OFF = {
  "examples/production.yaml": edit(
    edit(example("production"), "mfaConfiguration: OPTIONAL", 'mfaConfiguration: "OFF"'),
    "  softwareTokenMfaEnabled: true\n",
    "",
  ),
};

/** The engine's update of the pool: MFA from OPTIONAL to OFF, the TOTP configuration gone. */
function mfaTurnedOff() {
  return [
    resourceStep("update", POOL, "prod-auth", {
      old: {
        inputs: {
          name: "prod-auth",
          mfaConfiguration: "OPTIONAL",
          softwareTokenMfaConfiguration: { enabled: true },
        },
      },
      new: { inputs: { name: "prod-auth", mfaConfiguration: "OFF" } },
      detailedDiff: {
        mfaConfiguration: { diffKind: "update", inputDiff: true },
        softwareTokenMfaConfiguration: { diffKind: "delete", inputDiff: true },
      },
    }),
  ];
}

async function pushMfaOff(inputs: Record<string, string> = {}): Promise<ActionRun> {
  started.repository = new TestRepository();
  const before = started.repository.commit(examplesOnMain(), "main");
  const after = started.repository.commit(MFA_OFF, "Merge pull request #7");
  started.pulumi = new FakePulumi({
    [STACKS.production]: { previewEvents: mfaTurnedOff(), outputs: { user_pool_id: "us-east-1_Prod" } },
  });
  started.pulumi.deployedFrom(examplesOnMain(), before);
  return runPush(started, {
    before,
    after,
    pulls: [{ number: MERGED_PULL_REQUEST, merged_at: "2026-11-26T09:00:00Z" }],
    inputs,
  });
}

/** production.yaml without its web ACL, and with user auth events logged at ERROR (AWS sends them at INFO). */
const WAF_AND_LOGS_LOWERED = {
  "examples/production.yaml": edit(
    edit(
      example("production"),
      '      bucketArn: "arn:aws:s3:::acme-prod-auth-logs"\n',
      '      bucketArn: "arn:aws:s3:::acme-prod-auth-logs"\n      logLevel: ERROR\n',
    ),
    '  webAclAssociation:\n    webAclArn: "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/prod-auth/a1b2c3d4-5678-90ab-cdef-0123456789ab"\n',
    "",
  ),
};

async function pushWafAndLogsLowered(): Promise<ActionRun> {
  started.repository = new TestRepository();
  const before = started.repository.commit(examplesOnMain(), "main");
  const after = started.repository.commit(WAF_AND_LOGS_LOWERED, "Merge pull request #7");
  started.pulumi = new FakePulumi({ [STACKS.production]: { previewEvents: [], outputs: {} } });
  started.pulumi.deployedFrom(examplesOnMain(), before);
  return runPush(started, {
    before,
    after,
    pulls: [{ number: MERGED_PULL_REQUEST, merged_at: "2026-11-26T09:00:00Z" }],
  });
}

function mergedPullRequestComment(): string {
  const writes = commentWrites(started.standIn!.requests);
  expect(writes.map((request) => `${request.method} ${request.path}`)).toEqual([
    `POST /repos/acme/identity/issues/${MERGED_PULL_REQUEST}/comments`,
  ]);
  return bodyOf(writes[0]!);
}

describe("the security-downgrade guard on a push to main", () => {
  it(
    "refuses a change that turns MFA off before any engine call, naming it in the comment",
    async () => {
      const run = await pushMfaOff();

      expect(run.code).toBe(1);
      expect(run.outputs["failure-reason"]).toBe("replacement-blocked");
      expect(started.pulumi!.operations()).toEqual([]);
      const comment = mergedPullRequestComment();
      expect(comment).toContain("Refused before any change was made");
      expect(comment).toContain("UserPool prod-auth would be weakened: MFA is lowered from OPTIONAL to OFF");
      expect(comment).toContain("authenticator-app (TOTP) MFA is turned off");
      expect(comment).toContain("set allow-security-downgrade: true");
    },
    RUN_TIMEOUT,
  );

  it(
    "with allow-security-downgrade, previews and applies it, and the comment names what was weakened",
    async () => {
      const run = await pushMfaOff({ "allow-security-downgrade": "true" });

      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(run.outputs["failure-reason"]).toBeUndefined();
      expect(started.pulumi!.operations()).toEqual([
        `preview ${STACKS.production}`,
        `up ${STACKS.production}`,
      ]);
      const comment = mergedPullRequestComment();
      expect(comment).toContain("✅ applied");
      expect(comment).toContain(
        `**Security-relevant change applied** in <code>prod-auth</code> (<code>${STACKS.production}</code>): MFA is lowered from OPTIONAL to OFF (<code>mfaConfiguration</code>), allowed by <code>allow-security-downgrade: true</code>.`,
      );
    },
    RUN_TIMEOUT,
  );

  it(
    "refuses removing the pool's web ACL association and lowering its auth-event logs, naming each",
    async () => {
      const run = await pushWafAndLogsLowered();

      expect(run.code).toBe(1);
      expect(run.outputs["failure-reason"]).toBe("replacement-blocked");
      expect(started.pulumi!.operations()).toEqual([]);
      const comment = mergedPullRequestComment();
      expect(comment).toContain("its web ACL (WAF) association is deleted");
      expect(comment).toContain("the log level of userAuthEvents is lowered from INFO to ERROR");
      expect(comment).toContain("set allow-security-downgrade: true");
    },
    RUN_TIMEOUT,
  );
});
