// Security-relevant changes: a setting the deployed pool or client has, turned off, lowered or reset. Marked
// the same from the offline plan's leaf paths and from the engine's diffs (whole blocks or leaves).
import { describe, expect, it, vi } from "vitest";
import type { Manifest } from "@cognito-action/spec";
import {
  planChanges,
  planFromEngineEvents,
  RESOURCE_TYPES,
  securityDowngradesOf,
  synth,
} from "../src/index.ts";
import type { Plan, ResourceChange } from "../src/index.ts";
import { poolDocument, validManifest } from "./fixtures.ts";
import { POOL_INPUTS, previewStream, STACK, step } from "./engine/engine-events.ts";

vi.setConfig({ testTimeout: 30_000 });

function update(type: string, path: string, before: unknown, after: unknown): ResourceChange {
  return {
    type,
    name: "prod-auth",
    action: "update",
    properties: [{ path, before, after, forcesReplacement: false }],
  };
}

const POOL = RESOURCE_TYPES.userPool;
const CLIENT = RESOURCE_TYPES.userPoolClient;

describe("securityDowngradesOf", () => {
  it.each([
    [
      "threat protection lowered",
      POOL,
      "userPoolAddOns.advancedSecurityMode",
      "ENFORCED",
      "AUDIT",
      "threat protection",
    ],
    [
      "threat protection block removed",
      POOL,
      "userPoolAddOns",
      { advancedSecurityMode: "ENFORCED" },
      null,
      "threat protection",
    ],
    [
      "custom auth threat protection lowered",
      POOL,
      "userPoolAddOns.advancedSecurityAdditionalFlows.customAuthMode",
      "ENFORCED",
      "AUDIT",
      "custom authentication",
    ],
    ["MFA weakened", POOL, "mfaConfiguration", "ON", "OPTIONAL", "MFA is lowered from ON to OPTIONAL"],
    ["TOTP off", POOL, "softwareTokenMfaConfiguration.enabled", true, false, "TOTP"],
    [
      "SMS removed",
      POOL,
      "smsConfiguration",
      { snsCallerArn: "arn:aws:iam::1:role/sms", externalId: "x" },
      null,
      "SMS configuration",
    ],
    ["email MFA removed", POOL, "emailMfaConfiguration", {}, null, "email MFA"],
    [
      "trigger removed",
      POOL,
      "lambdaConfig.preSignUp",
      "arn:aws:lambda:us-east-1:1:function:f",
      null,
      "Lambda trigger preSignUp is removed",
    ],
    [
      "V2 pre-token trigger downgraded",
      POOL,
      "lambdaConfig.preTokenGenerationConfig.lambdaVersion",
      "V2_0",
      "V1_0",
      "event version",
    ],
    [
      "custom email sender removed",
      POOL,
      "lambdaConfig",
      { customEmailSender: { lambdaArn: "a", lambdaVersion: "V1_0" } },
      null,
      "Lambda trigger customEmailSender",
    ],
    [
      "device tracking off",
      POOL,
      "deviceConfiguration",
      { challengeRequiredOnNewDevice: true },
      null,
      "device tracking is removed",
    ],
    ["password history lowered", POOL, "passwordPolicy.passwordHistorySize", 5, null, "password history"],
    [
      "password shortened",
      POOL,
      "passwordPolicy.minimumLength",
      12,
      8,
      "minimum password length is lowered from 12 to 8",
    ],
    ["password rule off", POOL, "passwordPolicy.requireSymbols", true, false, "requireSymbols"],
    ["temporary passwords longer", POOL, "passwordPolicy.temporaryPasswordValidityDays", 3, 7, "3 → 7 days"],
    ["deletion protection off", POOL, "deletionProtection", "ACTIVE", "INACTIVE", "deletion protection"],
    [
      "self sign-up opened",
      POOL,
      "adminCreateUserConfig.allowAdminCreateUserOnly",
      true,
      false,
      "self sign-up",
    ],
    ["plan lowered", POOL, "userPoolTier", "PLUS", "ESSENTIALS", "feature plan"],
    ["tag dropped", POOL, 'tags["cost.center"]', "identity", null, "tag cost.center is dropped"],
    ["token revocation off", CLIENT, "enableTokenRevocation", true, false, "revocation"],
    ["existence errors shown", CLIENT, "preventUserExistenceErrors", "ENABLED", "LEGACY", "existence"],
    ["rotation off", CLIENT, "refreshTokenRotation.feature", "ENABLED", "DISABLED", "rotation"],
    ["context data off", CLIENT, "enablePropagateAdditionalUserContextData", true, false, "context data"],
  ] as const)("marks %s", (_title, type, path, before, after, reason) => {
    const downgrades = securityDowngradesOf(update(type, path, before, after));
    expect(downgrades).toHaveLength(1);
    expect(downgrades[0]!.reason).toContain(reason);
  });

  it.each([
    ["threat protection raised", POOL, "userPoolAddOns.advancedSecurityMode", "AUDIT", "ENFORCED"],
    ["MFA strengthened", POOL, "mfaConfiguration", "OPTIONAL", "ON"],
    ["a trigger added", POOL, "lambdaConfig.preSignUp", null, "arn:aws:lambda:us-east-1:1:function:f"],
    ["a trigger moved to another function", POOL, "lambdaConfig.preSignUp", "arn:a", "arn:b"],
    ["a longer password", POOL, "passwordPolicy.minimumLength", 8, 12],
    ["a tag added", POOL, "tags.team", null, "identity"],
    ["a tag's value changed", POOL, "tags.team", "a", "b"],
    ["the plan raised", POOL, "userPoolTier", "ESSENTIALS", "PLUS"],
    ["a client renamed", CLIENT, "name", "a", "b"],
  ] as const)("does not mark %s", (_title, type, path, before, after) => {
    expect(securityDowngradesOf(update(type, path, before, after))).toEqual([]);
  });

  it("marks the deletion of a risk configuration, and nothing for a created one", () => {
    const type = "aws:cognito/riskConfiguration:RiskConfiguration";
    expect(
      securityDowngradesOf({ type, name: "risk", action: "delete", properties: [] })[0]!.reason,
    ).toContain("risk configuration");
    expect(securityDowngradesOf({ type, name: "risk", action: "create", properties: [] })).toEqual([]);
  });

  it("names each dropped tag once when the engine reports the whole tags block", () => {
    const downgrades = securityDowngradesOf(
      update(POOL, "tags", { team: "identity", "cost.center": "x", kept: "y" }, { kept: "y" }),
    );
    expect(downgrades.map((downgrade) => downgrade.path)).toEqual(["tags.team", 'tags["cost.center"]']);
  });
});

function pool(spec: Record<string, unknown>): Manifest {
  return validManifest(poolDocument({ name: "test-auth", spec: { clients: [{ name: "web" }], ...spec } }));
}

async function planOf(base: Manifest, head: Manifest): Promise<Plan> {
  return planChanges(await synth(base), await synth(head));
}

describe("the offline plan", () => {
  it("marks MFA turned off and a trigger removed on the pool", async () => {
    const trigger = "arn:aws:lambda:us-east-1:123456789012:function:pre-sign-up";
    const plan = await planOf(
      pool({ mfaConfiguration: "ON", softwareTokenMfaEnabled: true, lambdaConfig: { preSignUp: trigger } }),
      pool({ mfaConfiguration: "OFF" }),
    );
    const poolChange = plan.changes.find((change) => change.type === POOL)!;
    expect(poolChange.securityDowngrades?.map((downgrade) => downgrade.path)).toEqual([
      "lambdaConfig.preSignUp",
      "mfaConfiguration",
      "softwareTokenMfaConfiguration.enabled",
    ]);
  });

  it("marks no SMS removal: the provider keeps an SMS configuration left out, and the plan notes it", async () => {
    const sms = { snsCallerArn: "arn:aws:iam::123456789012:role/cognito-sms", externalId: "acme" };
    const plan = await planOf(pool({ smsConfiguration: sms }), pool({}));
    expect(plan.changes.filter((change) => change.securityDowngrades)).toEqual([]);
    expect(plan.notes?.map((note) => note.message).join("\n")).toContain("smsConfiguration of test-auth");
  });

  it("marks nothing for a change that only strengthens", async () => {
    const plan = await planOf(
      pool({ mfaConfiguration: "OFF" }),
      pool({ mfaConfiguration: "ON", softwareTokenMfaEnabled: true }),
    );
    expect(plan.changes.filter((change) => change.securityDowngrades)).toEqual([]);
  });
});

describe("the engine's plan", () => {
  it("marks what the engine's diff turns off, as the offline plan does", () => {
    const after = { ...POOL_INPUTS, mfaConfiguration: "OFF" };
    const plan = planFromEngineEvents(
      STACK,
      previewStream(
        step({
          op: "update",
          type: POOL,
          name: "prod-auth",
          old: { inputs: POOL_INPUTS },
          new: { inputs: after },
          diffs: ["mfaConfiguration"],
          detailedDiff: { mfaConfiguration: { diffKind: "update", inputDiff: true } },
        }),
      ),
    );
    const poolChange = plan.changes.find((change) => change.type === POOL)!;
    expect(poolChange.securityDowngrades).toEqual([
      {
        path: "mfaConfiguration",
        before: "OPTIONAL",
        after: "OFF",
        reason: "MFA is lowered from OPTIONAL to OFF",
      },
    ]);
  });
});
