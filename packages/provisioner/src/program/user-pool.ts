// The user pool: its arguments (every pool setting the manifest makes, OpenMCF's and beyond) and its
// declaration. Everything else in the program hangs on the pool this file declares.
import { UserPool } from "@pulumi/aws/cognito/index.js";
import type * as awsInputs from "@pulumi/aws/types/input.js";
import { LAMBDA_TRIGGERS } from "@cognito-action/spec";
import type { CustomAttribute, Manifest } from "@cognito-action/spec";
import { poolResourceName } from "../naming.ts";
import { defined, importOption, nonEmpty } from "./arguments.ts";
import type { ProgramContext } from "./program-context.ts";
import { literalOnly } from "./reference-resolver.ts";
import type { Resolve } from "./reference-resolver.ts";

type UserPoolArgs = ConstructorParameters<typeof UserPool>[1];

/** Tag every pool carries, so people find what this tool manages. */
export const MANAGED_BY_TAG = { "managed-by": "cognito-action" } as const;

/** Declares the manifest's user pool. */
export function declareUserPool({ manifest, provider, resolve, adoption }: ProgramContext): UserPool {
  return new UserPool(poolResourceName(manifest), userPoolArgs(manifest, resolve), {
    provider,
    // deletionProtection also protects the pool in Pulumi, so neither AWS nor the engine deletes it by accident.
    protect: manifest.spec.deletionProtection,
    ...importOption(adoption.pool),
  });
}

/** The UserPool arguments for a manifest (pure, apart from how references resolve). */
export function userPoolArgs(manifest: Manifest, resolve: Resolve = literalOnly): UserPoolArgs {
  const { metadata, spec } = manifest;
  const email = spec.emailConfiguration;
  const lambdaTriggers = LAMBDA_TRIGGERS.flatMap((trigger): [string, unknown][] => {
    const value = spec.lambdaConfig?.[trigger];
    if (!value) return [];
    const arn = resolve(value, ["spec", "lambdaConfig", trigger]);
    // The custom senders are blocks with an event version; V1_0 is the only one AWS has (botocore
    // CustomEmailSenderLambdaVersionType, CustomSMSSenderLambdaVersionType).
    if (trigger === "customEmailSender" || trigger === "customSmsSender")
      return [[trigger, { lambdaArn: arn, lambdaVersion: "V1_0" }]];
    return [[trigger, arn]];
  });
  const lambdaSettings = lambdaSettingArgs(manifest, resolve);
  return {
    name: metadata.name,
    ...nonEmpty("usernameAttributes", spec.usernameAttributes),
    ...nonEmpty("aliasAttributes", spec.aliasAttributes),
    usernameConfiguration: { caseSensitive: spec.usernameCaseSensitive },
    ...(spec.passwordPolicy ? { passwordPolicy: { ...spec.passwordPolicy } } : {}),
    mfaConfiguration: spec.mfaConfiguration,
    // Sent only when enabled: AWS refuses a configured factor with MFA OFF.
    ...(spec.softwareTokenMfaEnabled ? { softwareTokenMfaConfiguration: { enabled: true } } : {}),
    ...nonEmpty("autoVerifiedAttributes", spec.autoVerifiedAttributes),
    ...(spec.accountRecoveryMechanisms.length > 0
      ? {
          accountRecoverySetting: {
            recoveryMechanisms: spec.accountRecoveryMechanisms.map(({ name, priority }) => ({
              name,
              priority,
            })),
          },
        }
      : {}),
    ...(email
      ? {
          emailConfiguration: {
            emailSendingAccount: email.emailSendingAccount,
            ...(email.sourceArn
              ? { sourceArn: resolve(email.sourceArn, ["spec", "emailConfiguration", "sourceArn"]) }
              : {}),
            ...defined({
              fromEmailAddress: email.fromEmailAddress,
              replyToEmailAddress: email.replyToEmailAddress,
              configurationSet: email.configurationSet,
            }),
          },
        }
      : {}),
    adminCreateUserConfig: {
      allowAdminCreateUserOnly: spec.allowAdminCreateUserOnly,
      ...inviteMessageTemplateArgs(manifest),
    },
    deletionProtection: spec.deletionProtection ? "ACTIVE" : "INACTIVE",
    ...(spec.customAttributes.length > 0 ? { schemas: spec.customAttributes.map(schemaAttribute) } : {}),
    ...(lambdaTriggers.length > 0
      ? { lambdaConfig: { ...Object.fromEntries(lambdaTriggers), ...lambdaSettings } }
      : {}),
    tags: poolTags(manifest),
    ...signInAndMessageArgs(manifest),
    ...productionPoolArgs(manifest, resolve),
  };
}

/**
 * The KMS key of the custom senders, and the pre-token trigger's event version: AWS describes the trigger twice
 * (PreTokenGeneration and PreTokenGenerationConfig with the same ARN, botocore LambdaConfigType doc), so a
 * version is sent with the ARN again. Beyond OpenMCF.
 */
function lambdaSettingArgs(manifest: Manifest, resolve: Resolve): Record<string, unknown> {
  const config = manifest.spec.lambdaConfig;
  if (!config) return {};
  const settings: Record<string, unknown> = {};
  if (config.kmsKeyId) settings.kmsKeyId = resolve(config.kmsKeyId, ["spec", "lambdaConfig", "kmsKeyId"]);
  if (config.preTokenGenerationVersion && config.preTokenGeneration)
    settings.preTokenGenerationConfig = {
      lambdaArn: resolve(config.preTokenGeneration, ["spec", "lambdaConfig", "preTokenGeneration"]),
      lambdaVersion: config.preTokenGenerationVersion,
    };
  return settings;
}

/** The invitation template, which AWS keeps inside AdminCreateUserConfig. */
function inviteMessageTemplateArgs(manifest: Manifest) {
  const invite = manifest.spec.inviteMessageTemplate;
  return invite ? { inviteMessageTemplate: defined({ ...invite }) } : {};
}

/** Feature plan, verification message, sign-in policy, passkeys and email MFA (beyond OpenMCF); each only when set. */
function signInAndMessageArgs(manifest: Manifest) {
  const { spec } = manifest;
  const verification = spec.verificationMessageTemplate;
  return {
    ...(spec.userPoolTier !== undefined ? { userPoolTier: spec.userPoolTier } : {}),
    ...(verification ? { verificationMessageTemplate: defined({ ...verification }) } : {}),
    ...(spec.signInPolicy
      ? { signInPolicy: { allowedFirstAuthFactors: [...spec.signInPolicy.allowedFirstAuthFactors] } }
      : {}),
    ...(spec.webAuthn ? { webAuthnConfiguration: defined({ ...spec.webAuthn }) } : {}),
    ...(spec.emailMfa ? { emailMfaConfiguration: defined({ ...spec.emailMfa }) } : {}),
  };
}

/**
 * Threat protection, SMS, device tracking and attribute-update settings. Each block is sent only when the
 * manifest sets it: the provider plans a block left out away, and UpdateUserPool resets it.
 */
function productionPoolArgs(manifest: Manifest, resolve: Resolve) {
  const { spec } = manifest;
  const threat = spec.threatProtection;
  const sms = spec.smsConfiguration;
  return {
    ...(threat
      ? {
          userPoolAddOns: {
            advancedSecurityMode: threat.standardAuthMode,
            ...(threat.customAuthMode !== undefined
              ? { advancedSecurityAdditionalFlows: { customAuthMode: threat.customAuthMode } }
              : {}),
          },
        }
      : {}),
    ...(sms
      ? {
          smsConfiguration: {
            snsCallerArn: resolve(sms.snsCallerArn, ["spec", "smsConfiguration", "snsCallerArn"]),
            externalId: sms.externalId,
            ...(sms.snsRegion !== undefined ? { snsRegion: sms.snsRegion } : {}),
          },
        }
      : {}),
    ...(spec.smsAuthenticationMessage !== undefined
      ? { smsAuthenticationMessage: spec.smsAuthenticationMessage }
      : {}),
    ...(spec.deviceTracking ? { deviceConfiguration: { ...spec.deviceTracking } } : {}),
    ...(spec.keepOriginalAttributeUntilVerified.length > 0
      ? {
          userAttributeUpdateSettings: {
            attributesRequireVerificationBeforeUpdates: [...spec.keepOriginalAttributeUntilVerified],
          },
        }
      : {}),
  };
}

/** A custom attribute as a pool schema entry, with the constraints block its data type takes. */
export function schemaAttribute(attribute: CustomAttribute): awsInputs.cognito.UserPoolSchema {
  const { name, attributeDataType, mutable, required } = attribute;
  const entry: awsInputs.cognito.UserPoolSchema = {
    name,
    attributeDataType,
    ...defined({ mutable, required }),
    // Beyond OpenMCF.
    ...(attribute.developerOnly === true ? { developerOnlyAttribute: true } : {}),
  };
  // Without a constraints block for String and Number attributes, the provider sees a diff on every run
  // (terraform docs for schema); AWS's own String default is 0..2048.
  if (attributeDataType === "String") {
    entry.stringAttributeConstraints = {
      minLength: attribute.stringMinLength ?? "0",
      maxLength: attribute.stringMaxLength ?? "2048",
    };
  } else if (attributeDataType === "Number") {
    entry.numberAttributeConstraints = defined({
      minValue: attribute.numberMinValue,
      maxValue: attribute.numberMaxValue,
    });
  }
  return entry;
}

/**
 * Tags on the pool: the manifest's own (spec.tags, beyond OpenMCF), then who manages it and the manifest's
 * identity, which win: the tags input is the pool's whole set, so what is not here is removed.
 */
export function poolTags(manifest: Manifest): Record<string, string> {
  const { name, org, env, id } = manifest.metadata;
  return {
    ...manifest.spec.tags,
    ...MANAGED_BY_TAG,
    "openmcf.org/name": name,
    ...prefixed("openmcf.org/", defined({ org, env, id })),
  };
}

function prefixed(prefix: string, values: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(values).flatMap(([key, value]) =>
      value === undefined ? [] : [[`${prefix}${key}`, value]],
    ),
  );
}
