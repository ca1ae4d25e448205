// What a production pool sends beyond the basics (threat protection, SMS, the V2 pre-token trigger, custom
// senders with their KMS key, device tracking, password history, attribute-update settings, the pool's own
// tags): the pool's inputs as pulumi-aws names them, and an invoke permission for each sender.
import { describe, expect, it, vi } from "vitest";
import { RESOURCE_TYPES, synth } from "../src/index.ts";
import { parsedManifest, poolDocument, resourceNamed, resourcesOfType, validManifest } from "./fixtures.ts";

vi.setConfig({ testTimeout: 30_000 });

const FUNCTION = "arn:aws:lambda:eu-west-1:123456789012:function";
const KMS_KEY = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const SMS_ROLE = "arn:aws:iam::123456789012:role/cognito-sms";

/** A production pool with every one of these settings on, valid as written. */
export function productionPoolDocument(spec: Record<string, unknown> = {}) {
  return poolDocument({
    spec: {
      userPoolTier: "PLUS",
      autoVerifiedAttributes: ["email", "phone_number"],
      mfaConfiguration: "OPTIONAL",
      softwareTokenMfaEnabled: true,
      passwordPolicy: { minimumLength: 12, passwordHistorySize: 5 },
      threatProtection: { standardAuthMode: "ENFORCED", customAuthMode: "AUDIT" },
      smsConfiguration: { snsCallerArn: SMS_ROLE, externalId: "acme-prod-sms", snsRegion: "eu-west-1" },
      smsAuthenticationMessage: "Your Acme code is {####}",
      deviceTracking: { challengeRequiredOnNewDevice: true, deviceOnlyRememberedOnUserPrompt: true },
      keepOriginalAttributeUntilVerified: ["email"],
      tags: { team: "identity", "cost-center": "1234" },
      riskConfiguration: {
        compromisedCredentials: { eventAction: "BLOCK", eventFilters: ["SIGN_IN"] },
        accountTakeover: {
          highAction: { eventAction: "BLOCK", notify: false },
          mediumAction: { eventAction: "MFA_REQUIRED", notify: false },
        },
        riskExceptions: { blockedIpRanges: ["203.0.113.0/24"] },
      },
      lambdaConfig: {
        preTokenGeneration: `${FUNCTION}:pre-token`,
        preTokenGenerationVersion: "V2_0",
        customEmailSender: `${FUNCTION}:email-sender`,
        customSmsSender: `${FUNCTION}:sms-sender`,
        kmsKeyId: KMS_KEY,
      },
      ...spec,
    },
  });
}

describe("a production pool's inputs", () => {
  it("names each setting as pulumi-aws does", async () => {
    const graph = await synth(validManifest(productionPoolDocument()));
    const pool = resourceNamed(graph, "test-auth").inputs;

    expect(pool.userPoolAddOns).toEqual({
      advancedSecurityMode: "ENFORCED",
      advancedSecurityAdditionalFlows: { customAuthMode: "AUDIT" },
    });
    expect(pool.smsConfiguration).toEqual({
      snsCallerArn: SMS_ROLE,
      externalId: "acme-prod-sms",
      snsRegion: "eu-west-1",
    });
    expect(pool.smsAuthenticationMessage).toBe("Your Acme code is {####}");
    expect(pool.deviceConfiguration).toEqual({
      challengeRequiredOnNewDevice: true,
      deviceOnlyRememberedOnUserPrompt: true,
    });
    expect(pool.userAttributeUpdateSettings).toEqual({
      attributesRequireVerificationBeforeUpdates: ["email"],
    });
    expect((pool.passwordPolicy as Record<string, unknown>).passwordHistorySize).toBe(5);
    expect(pool.lambdaConfig).toEqual({
      preTokenGeneration: `${FUNCTION}:pre-token`,
      preTokenGenerationConfig: { lambdaArn: `${FUNCTION}:pre-token`, lambdaVersion: "V2_0" },
      customEmailSender: { lambdaArn: `${FUNCTION}:email-sender`, lambdaVersion: "V1_0" },
      customSmsSender: { lambdaArn: `${FUNCTION}:sms-sender`, lambdaVersion: "V1_0" },
      kmsKeyId: KMS_KEY,
    });
  });

  it("declares the pool's risk configuration as pulumi-aws's RiskConfiguration, on the pool", async () => {
    const graph = await synth(validManifest(productionPoolDocument()));
    const risk = resourceNamed(graph, "test-auth-risk");
    expect(risk.type).toBe("aws:cognito/riskConfiguration:RiskConfiguration");
    expect(risk.dependencies).toEqual({ userPoolId: ["test-auth"] });
    const { userPoolId: _pool, ...inputs } = risk.inputs;
    expect(inputs).toEqual({
      compromisedCredentialsRiskConfiguration: {
        actions: { eventAction: "BLOCK" },
        eventFilters: ["SIGN_IN"],
      },
      accountTakeoverRiskConfiguration: {
        actions: {
          mediumAction: { eventAction: "MFA_REQUIRED", notify: false },
          highAction: { eventAction: "BLOCK", notify: false },
        },
      },
      riskExceptionConfiguration: { blockedIpRangeLists: ["203.0.113.0/24"] },
    });
  });

  it("merges the pool's own tags with cognito-action's, which win", async () => {
    // Validation refuses the reserved key (pool-tags); the program must still never let it through.
    const graph = await synth(
      parsedManifest(productionPoolDocument({ tags: { team: "identity", "managed-by": "terraform" } })),
    );
    expect(resourceNamed(graph, "test-auth").inputs.tags).toEqual({
      team: "identity",
      "managed-by": "cognito-action",
      "openmcf.org/name": "test-auth",
    });
  });

  it("grants Cognito permission to invoke each custom sender, limited to this pool", async () => {
    const graph = await synth(validManifest(productionPoolDocument()));
    const permissions = resourcesOfType(graph, RESOURCE_TYPES.lambdaPermission);
    expect(permissions.map((permission) => [permission.name, permission.inputs.function])).toEqual([
      ["test-auth-invoke-preTokenGeneration", `${FUNCTION}:pre-token`],
      ["test-auth-invoke-customEmailSender", `${FUNCTION}:email-sender`],
      ["test-auth-invoke-customSmsSender", `${FUNCTION}:sms-sender`],
    ]);
  });

  it("marks a developer-only custom attribute as such in the pool's schema", async () => {
    const graph = await synth(
      validManifest(
        productionPoolDocument({
          customAttributes: [{ name: "risk_score", attributeDataType: "Number", developerOnly: true }],
        }),
      ),
    );
    expect(resourceNamed(graph, "test-auth").inputs.schemas).toEqual([
      {
        name: "risk_score",
        attributeDataType: "Number",
        developerOnlyAttribute: true,
        numberAttributeConstraints: {},
      },
    ]);
  });

  it("sends none of these blocks when the manifest sets none", async () => {
    const graph = await synth(validManifest(poolDocument()));
    const pool = resourceNamed(graph, "test-auth").inputs;
    for (const input of [
      "userPoolAddOns",
      "smsConfiguration",
      "smsAuthenticationMessage",
      "deviceConfiguration",
      "userAttributeUpdateSettings",
    ])
      expect(pool, input).not.toHaveProperty(input);
  });
});
