// What a production pool has beyond the basics (beyond OpenMCF): threat protection, SMS, the custom senders and
// the V2/V3 pre-token trigger, password history, device tracking, attribute-update settings and the pool's
// own tags. Sources: the botocore cognito-idp model (shapes named per rule), terraform-provider-aws
// user_pool.go (pulumi-aws is generated from it) and the Developer Guide's feature plans page.
import { parseArn } from "../aws-formats.ts";
import { STANDARD_ATTRIBUTE_TYPES } from "./attributes.ts";
import { literalValue } from "../references.ts";
import { defineRule } from "./rule.ts";
import type { RuleHit } from "./rule.ts";
import type { Manifest } from "../schema.ts";

/** The plan the checks assume: AWS puts a pool created without UserPoolTier on ESSENTIALS (botocore UserPoolTier doc). */
export function effectiveTier(manifest: Manifest): "LITE" | "ESSENTIALS" | "PLUS" {
  return manifest.spec.userPoolTier ?? "ESSENTIALS";
}

/** Which plan the pool is on, said as a finding says it: the default named as the reason when it is left out. */
export function tierStated(manifest: Manifest): string {
  return manifest.spec.userPoolTier === undefined
    ? "userPoolTier is left out, which puts a new pool on ESSENTIALS"
    : `this pool is on ${effectiveTier(manifest)}`;
}

/** What a pool uses that only the PLUS plan has, with where each sits. */
function plusFeatures({ spec }: Manifest): RuleHit[] {
  const hits: RuleHit[] = [];
  const threat = spec.threatProtection;
  if (threat && threat.standardAuthMode !== "OFF")
    hits.push({
      path: ["spec", "threatProtection", "standardAuthMode"],
      message: `threat protection (standardAuthMode ${threat.standardAuthMode})`,
    });
  if (threat?.customAuthMode !== undefined)
    hits.push({
      path: ["spec", "threatProtection", "customAuthMode"],
      message: `threat protection for custom authentication (customAuthMode ${threat.customAuthMode})`,
    });
  if (spec.riskConfiguration)
    hits.push({ path: ["spec", "riskConfiguration"], message: "a risk configuration (riskConfiguration)" });
  return hits;
}

/** An IPv4 or IPv6 CIDR range, as botocore BlockedIPRangeListType entries are. */
export const CIDR =
  /^(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}\/(?:3[0-2]|[12]?\d)|[0-9A-Fa-f:]+:[0-9A-Fa-f:]*\/(?:12[0-8]|1[01]\d|[1-9]?\d))$/;

/** What a pool uses that needs ESSENTIALS or PLUS, beyond what feature-plan.ts already lists. */
export function productionEssentialsFeatures({ spec }: Manifest): RuleHit[] {
  const hits: RuleHit[] = [];
  if ((spec.passwordPolicy?.passwordHistorySize ?? 0) > 0)
    hits.push({
      path: ["spec", "passwordPolicy", "passwordHistorySize"],
      message: "password history (passwordHistorySize)",
    });
  const version = spec.lambdaConfig?.preTokenGenerationVersion;
  if (version === "V2_0" || version === "V3_0")
    hits.push({
      path: ["spec", "lambdaConfig", "preTokenGenerationVersion"],
      message: `access token customization (preTokenGenerationVersion ${version})`,
    });
  return hits;
}

/** Tag keys cognito-action sets itself (provisioner poolTags): the manifest's own tags cannot take them. */
const RESERVED_TAG = /^(managed-by$|openmcf\.org\/)/;

export const productionPoolRules = [
  // terraform risk_configuration.go: AtLeastOneOf account_takeover_risk_configuration,
  // compromised_credentials_risk_configuration, risk_exception_configuration; an empty one configures nothing.
  defineRule("risk-configuration-empty", "error", ({ spec }) => {
    const risk = spec.riskConfiguration;
    return risk && !risk.accountTakeover && !risk.compromisedCredentials && !risk.riskExceptions
      ? [
          {
            path: ["spec", "riskConfiguration"],
            message:
              "riskConfiguration needs compromisedCredentials, accountTakeover or riskExceptions; remove it or set one",
          },
        ]
      : [];
  }),

  // botocore AccountTakeoverRiskConfigurationType.NotifyConfiguration: the SES identity and texts Cognito emails
  // users with; an action that notifies without it has nothing to send with.
  defineRule("risk-notify-needs-configuration", "warning", ({ spec }) => {
    const takeover = spec.riskConfiguration?.accountTakeover;
    if (!takeover || takeover.notifyConfiguration) return [];
    return (["lowAction", "mediumAction", "highAction"] as const).flatMap((level) =>
      takeover[level]?.notify === true
        ? [
            {
              path: ["spec", "riskConfiguration", "accountTakeover", level, "notify"],
              message: `accountTakeover.${level} notifies users, but accountTakeover.notifyConfiguration (the SES identity to send from) is not set`,
            },
          ]
        : [],
    );
  }),

  // botocore RiskExceptionConfigurationType: BlockedIPRangeList and SkippedIPRangeList hold CIDR ranges.
  defineRule("risk-ip-range-format", "error", ({ spec }) => {
    const exceptions = spec.riskConfiguration?.riskExceptions;
    if (!exceptions) return [];
    return (["blockedIpRanges", "skippedIpRanges"] as const).flatMap((list) =>
      exceptions[list].flatMap((range, index) =>
        CIDR.test(range)
          ? []
          : [
              {
                path: ["spec", "riskConfiguration", "riskExceptions", list, index],
                message: `${JSON.stringify(range)} is not a CIDR range like 203.0.113.0/24 or 2001:db8::/32`,
              },
            ],
      ),
    );
  }),

  // botocore CreateUserPoolClientRequest.ReadAttributes/WriteAttributes: names of the pool's attributes; a custom
  // one the pool does not have is refused ("Invalid read attributes specified").
  defineRule("client-attribute-unknown", "error", ({ spec }) => {
    const custom = new Set(spec.customAttributes.map((attribute) => `custom:${attribute.name}`));
    const known = (name: string) =>
      Object.hasOwn(STANDARD_ATTRIBUTE_TYPES, name) ||
      custom.has(name) ||
      name === "email_verified" ||
      name === "phone_number_verified";
    return spec.clients.flatMap((client, clientIndex) =>
      (["readAttributes", "writeAttributes"] as const).flatMap((list) =>
        client[list].flatMap((name, index) =>
          known(name)
            ? []
            : [
                {
                  path: ["spec", "clients", clientIndex, list, index],
                  message: `client ${JSON.stringify(client.name)} lists ${JSON.stringify(name)} in ${list}, which is neither a standard attribute nor custom:<name> of a declared custom attribute`,
                },
              ],
        ),
      ),
    );
  }),

  // botocore EnablePropagateAdditionalUserContextData doc: only an app client with a client secret can pass
  // context data (with the secret it proves the data comes from the app's own server).
  defineRule("context-data-needs-secret", "error", ({ spec }) =>
    spec.clients.flatMap((client, index) =>
      client.enablePropagateAdditionalUserContextData === true && !client.generateSecret
        ? [
            {
              path: ["spec", "clients", index, "enablePropagateAdditionalUserContextData"],
              message: `client ${JSON.stringify(client.name)} propagates user context data, which AWS allows only for a client with a secret: set generateSecret: true (a new client) or drop it`,
            },
          ]
        : [],
    ),
  ),

  // botocore AnalyticsConfigurationType: an Amazon Pinpoint project by ApplicationArn, or by ApplicationId with
  // the RoleArn and ExternalId Cognito publishes with.
  defineRule("client-analytics-target", "error", ({ spec }) =>
    spec.clients.flatMap((client, index) => {
      const analytics = client.analytics;
      if (!analytics || analytics.applicationArn) return [];
      return analytics.applicationId && analytics.roleArn && analytics.externalId
        ? []
        : [
            {
              path: ["spec", "clients", index, "analytics"],
              message: `client ${JSON.stringify(client.name)}'s analytics needs applicationArn, or applicationId with roleArn and externalId`,
            },
          ];
    }),
  ),

  // DG feature plans: threat protection (standard and custom authentication) is a Plus feature; AWS refuses it on
  // other plans (FeatureUnavailableInTierException). A pool created without userPoolTier is on ESSENTIALS.
  defineRule("feature-needs-plus", "error", (manifest) => {
    const tier = effectiveTier(manifest);
    if (tier === "PLUS") return [];
    const on = tierStated(manifest);
    return plusFeatures(manifest).map((hit) => ({
      path: hit.path,
      message: `${hit.message} needs userPoolTier PLUS; ${on}`,
    }));
  }),

  // botocore PasswordPolicyType.PasswordHistorySize and PreTokenGenerationVersionConfigType doc: password history
  // and the V2_0/V3_0 trigger events are Essentials and Plus features.
  defineRule("production-feature-above-tier", "error", (manifest) =>
    manifest.spec.userPoolTier === "LITE"
      ? productionEssentialsFeatures(manifest).map((hit) => ({
          path: hit.path,
          message: `${hit.message} needs userPoolTier ESSENTIALS or PLUS; this pool is on LITE`,
        }))
      : [],
  ),

  // terraform user_pool.go: lambda_config.kms_key_id RequiredWith custom_email_sender / custom_sms_sender; botocore
  // LambdaConfigType.KMSKeyID: Cognito encrypts the codes it hands the senders with this key.
  defineRule("custom-sender-needs-kms-key", "error", ({ spec }) => {
    const config = spec.lambdaConfig;
    if (!config || config.kmsKeyId) return [];
    return (["customEmailSender", "customSmsSender"] as const).flatMap((sender) =>
      config[sender]
        ? [
            {
              path: ["spec", "lambdaConfig", sender],
              message: `lambdaConfig.${sender} needs lambdaConfig.kmsKeyId: Cognito encrypts the codes it passes to the sender with that KMS key`,
            },
          ]
        : [],
    );
  }),

  // botocore LambdaConfigType.KMSKeyID (ArnType): a KMS key ARN, arn:<partition>:kms:<region>:<account>:key/<id>.
  defineRule("kms-key-arn-format", "error", ({ spec }) => {
    const text = literalValue(spec.lambdaConfig?.kmsKeyId);
    if (text === undefined) return [];
    const arn = parseArn(text);
    return arn?.service === "kms" && /^key\/[\w-]+$/.test(arn.resource) && arn.account !== ""
      ? []
      : [
          {
            path: ["spec", "lambdaConfig", "kmsKeyId"],
            message: `lambdaConfig.kmsKeyId must be a KMS key ARN like arn:aws:kms:${spec.region}:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab, not ${JSON.stringify(text)}`,
          },
        ];
  }),

  // botocore PreTokenGenerationVersionConfigType: the version belongs to the pre-token trigger (LambdaArn is
  // required with it), so without preTokenGeneration it configures nothing.
  defineRule("pre-token-version-needs-trigger", "error", ({ spec }) =>
    spec.lambdaConfig?.preTokenGenerationVersion !== undefined && !spec.lambdaConfig.preTokenGeneration
      ? [
          {
            path: ["spec", "lambdaConfig", "preTokenGenerationVersion"],
            message:
              "lambdaConfig.preTokenGenerationVersion needs lambdaConfig.preTokenGeneration, the function it versions",
          },
        ]
      : [],
  ),

  // botocore SmsConfigurationType.SnsCallerArn (ArnType): the IAM role Cognito assumes to publish through SNS.
  defineRule("sms-role-arn-format", "error", ({ spec }) => {
    const text = literalValue(spec.smsConfiguration?.snsCallerArn);
    if (text === undefined) return [];
    const arn = parseArn(text);
    return arn?.service === "iam" && arn.resource.startsWith("role/")
      ? []
      : [
          {
            path: ["spec", "smsConfiguration", "snsCallerArn"],
            message: `smsConfiguration.snsCallerArn must be an IAM role ARN like arn:aws:iam::123456789012:role/cognito-sms, not ${JSON.stringify(text)}`,
          },
        ];
  }),

  // botocore SmsVerificationMessageType (SmsAuthenticationMessage): 6-140 characters containing {####}.
  defineRule("sms-authentication-message", "error", ({ spec }) => {
    const message = spec.smsAuthenticationMessage;
    if (message === undefined) return [];
    return message.includes("{####}") && message.length >= 6 && message.length <= 140
      ? []
      : [
          {
            path: ["spec", "smsAuthenticationMessage"],
            message:
              "smsAuthenticationMessage must contain {####}, where Cognito puts the code, and be 6-140 characters",
          },
        ];
  }),

  // botocore SignInPolicyType / AuthFactorType SMS_OTP: codes are sent by SMS through the pool's SNS role, so the
  // factor cannot work without an SMS configuration (as auto-verifying phone numbers cannot).
  defineRule("sms-otp-needs-sms", "error", ({ spec }) => {
    const index = spec.signInPolicy?.allowedFirstAuthFactors.indexOf("SMS_OTP") ?? -1;
    return index >= 0 && !spec.smsConfiguration
      ? [
          {
            path: ["spec", "signInPolicy", "allowedFirstAuthFactors", index],
            message:
              "SMS_OTP sends codes by SMS: add smsConfiguration (the SNS role Cognito publishes through)",
          },
        ]
      : [];
  }),

  // botocore UserAttributeUpdateSettingsType: keeping the original value until the new one is verified applies to
  // attributes AWS verifies, so each must be in AutoVerifiedAttributes.
  defineRule("keep-original-needs-auto-verify", "error", ({ spec }) =>
    spec.keepOriginalAttributeUntilVerified.flatMap((attribute, index) =>
      spec.autoVerifiedAttributes.includes(attribute)
        ? []
        : [
            {
              path: ["spec", "keepOriginalAttributeUntilVerified", index],
              message: `${attribute} is kept until verified, but AWS does not verify it: add ${attribute} to autoVerifiedAttributes`,
            },
          ],
    ),
  ),

  // provisioner poolTags: cognito-action sets managed-by and openmcf.org/* itself, and AWS reserves the aws:
  // prefix (AWS tagging rules); botocore UserPoolTagsType allows 50 tags in all.
  defineRule("pool-tags", "error", (manifest) => {
    const keys = Object.keys(manifest.spec.tags);
    const hits: RuleHit[] = keys.flatMap((key) =>
      RESERVED_TAG.test(key) || key.toLowerCase().startsWith("aws:")
        ? [
            {
              path: ["spec", "tags", key],
              message: `tag ${JSON.stringify(key)} is ${key.toLowerCase().startsWith("aws:") ? "reserved by AWS (aws:)" : "set by cognito-action itself"}; choose another key`,
            },
          ]
        : [],
    );
    const own =
      2 + ["org", "env", "id"].filter((key) => manifest.metadata[key as "org"] !== undefined).length;
    if (keys.length + own > 50)
      hits.push({
        path: ["spec", "tags"],
        message: `${keys.length} tags plus cognito-action's ${own} exceed AWS's 50 tags per pool; remove ${keys.length + own - 50}`,
      });
    return hits;
  }),
];
