// User pool identity, sign-in, MFA, verification and recovery. Sources: the AWS API model (botocore
// cognito-idp service-2.json), terraform-provider-aws user_pool.go (pulumi-aws is generated from it), the
// Amazon Cognito Developer Guide (DG), and AWS error messages reported in public issue threads.
import { REGION_PATTERN } from "../aws-formats.ts";
import { defineRule, duplicates } from "./rule.ts";

export const poolRules = [
  // botocore UserPoolNameType: 1-128 characters, whole-string [\w\s+=,.@-]+ (length is checked by the schema).
  defineRule("pool-name-format", "error", ({ metadata }) =>
    /^[\w\s+=,.@-]+$/.test(metadata.name)
      ? []
      : [
          {
            path: ["metadata", "name"],
            message: `metadata.name ${JSON.stringify(metadata.name)} is the user pool's name and may use only letters, digits, spaces and + = , . @ - _`,
          },
        ],
  ),

  // terraform-provider-aws verify.ValidRegionName; GovCloud, China and ISO regions share the shape.
  defineRule("region-format", "error", ({ spec }) =>
    REGION_PATTERN.test(spec.region)
      ? []
      : [
          {
            path: ["spec", "region"],
            message: `spec.region ${JSON.stringify(spec.region)} is not an AWS region code; write it like us-east-1 or eu-west-2`,
          },
        ],
  ),

  // terraform user_pool.go: username_attributes ConflictsWith alias_attributes; DG "Customizing sign-in attributes".
  defineRule("username-alias-exclusive", "error", ({ spec }) =>
    spec.usernameAttributes.length > 0 && spec.aliasAttributes.length > 0
      ? [
          {
            path: ["spec", "usernameAttributes"],
            message:
              "usernameAttributes and aliasAttributes cannot both be set: choose sign-in with email/phone as the username, or aliases for a username",
          },
        ]
      : [],
  ),

  // DG user-pool-settings-attributes: "You can select preferred_username as required or as an alias, but not both".
  defineRule("preferred-username-alias-or-required", "error", ({ spec }) => {
    if (!spec.aliasAttributes.includes("preferred_username")) return [];
    const index = spec.customAttributes.findIndex(
      (attribute) => attribute.name === "preferred_username" && attribute.required === true,
    );
    return index < 0
      ? []
      : [
          {
            path: ["spec", "customAttributes", index, "required"],
            message:
              "preferred_username cannot be both an alias and a required attribute; drop one of the two",
          },
        ];
  }),

  // AWS SetUserPoolMfaConfig: "Invalid MFA configuration given, can't disable all MFAs with a required or optional
  // configuration." (aws/aws-sdk-js#4186). The factors: TOTP, and beyond OpenMCF email MFA or SMS MFA (which
  // terraform's SetUserPoolMfaConfig enables whenever an SMS configuration is set, user_pool.go).
  defineRule("mfa-needs-factor", "error", ({ spec }) =>
    spec.mfaConfiguration !== "OFF" &&
    !spec.softwareTokenMfaEnabled &&
    !spec.emailMfa &&
    !spec.smsConfiguration
      ? [
          {
            path: ["spec", "mfaConfiguration"],
            message: `mfaConfiguration ${spec.mfaConfiguration} needs an enabled factor: set softwareTokenMfaEnabled: true (or emailMfa, or smsConfiguration for SMS MFA)`,
          },
        ]
      : [],
  ),

  // AWS: "Invalid MFA configuration given, can't turn off MFA and configure an MFA together."
  defineRule("totp-needs-mfa", "error", ({ spec }) =>
    spec.softwareTokenMfaEnabled && spec.mfaConfiguration === "OFF"
      ? [
          {
            path: ["spec", "softwareTokenMfaEnabled"],
            message:
              "softwareTokenMfaEnabled needs mfaConfiguration OPTIONAL or ON; AWS refuses a configured factor with MFA OFF",
          },
        ]
      : [],
  ),

  // AWS: "SMS configuration is required when phone_number is selected for auto verification"
  // (aws-amplify/amplify-backend#1523).
  defineRule("auto-verify-phone-needs-sms", "error", ({ spec }) => {
    const index = spec.autoVerifiedAttributes.indexOf("phone_number");
    return index < 0 || spec.smsConfiguration
      ? []
      : [
          {
            path: ["spec", "autoVerifiedAttributes", index],
            message:
              "auto-verifying phone_number needs smsConfiguration (the SNS role Cognito sends codes through); add it, or verify email instead",
          },
        ];
  }),

  // botocore RecoveryMechanismsType and RecoveryOptionType: names are distinct and priorities 1 and 2 distinct.
  defineRule("recovery-unique", "error", ({ spec }) => {
    const mechanisms = spec.accountRecoveryMechanisms;
    const path = ["spec", "accountRecoveryMechanisms"];
    return [
      ...duplicates(
        mechanisms.map((m) => m.name),
        path,
        "recovery mechanism",
      ).map((hit) => ({ ...hit, path: [...hit.path, "name"] })),
      ...duplicates(
        mechanisms.map((m) => String(m.priority)),
        path,
        "recovery priority",
      ).map((hit) => ({ ...hit, path: [...hit.path, "priority"] })),
    ];
  }),

  // DG how-to-recover-a-user-account: "You cannot use admin_only with any other account recovery mechanism".
  defineRule("recovery-admin-only-alone", "error", ({ spec }) => {
    const mechanisms = spec.accountRecoveryMechanisms;
    const index = mechanisms.findIndex((m) => m.name === "admin_only");
    return index >= 0 && mechanisms.length > 1
      ? [
          {
            path: ["spec", "accountRecoveryMechanisms", index, "name"],
            message: "admin_only recovery cannot be combined with another mechanism; list it alone",
          },
        ]
      : [];
  }),

  // terraform keeps these lists as sets (TypeSet), so a repeat collapses before it reaches AWS; it is still a
  // mistake worth pointing at (a typo for another value, most likely), but nothing refuses it.
  defineRule("duplicate-entry", "warning", ({ spec }) => [
    ...duplicates(spec.usernameAttributes, ["spec", "usernameAttributes"], "username attribute"),
    ...duplicates(spec.aliasAttributes, ["spec", "aliasAttributes"], "alias attribute"),
    ...duplicates(spec.autoVerifiedAttributes, ["spec", "autoVerifiedAttributes"], "auto-verified attribute"),
    ...spec.clients.flatMap((client, i) => {
      const base = ["spec", "clients", i];
      return [
        ...duplicates(client.allowedOauthFlows, [...base, "allowedOauthFlows"], "OAuth flow"),
        ...duplicates(client.allowedOauthScopes, [...base, "allowedOauthScopes"], "OAuth scope"),
        ...duplicates(client.callbackUrls, [...base, "callbackUrls"], "callback URL"),
        ...duplicates(client.logoutUrls, [...base, "logoutUrls"], "logout URL"),
        ...duplicates(
          client.supportedIdentityProviders,
          [...base, "supportedIdentityProviders"],
          "identity provider",
        ),
        ...duplicates(client.explicitAuthFlows, [...base, "explicitAuthFlows"], "auth flow"),
      ];
    }),
  ]),

  // DG user-pool-settings-email-phone-verification: with self sign-up and nothing auto-verified, new users cannot
  // confirm their accounts without an administrator or a Lambda trigger.
  defineRule("self-signup-unverifiable", "warning", ({ spec }) =>
    !spec.allowAdminCreateUserOnly &&
    spec.autoVerifiedAttributes.length === 0 &&
    !spec.lambdaConfig?.preSignUp
      ? [
          {
            path: ["spec", "autoVerifiedAttributes"],
            message:
              "self sign-up is allowed but no attribute is auto-verified, so new users cannot confirm themselves; add autoVerifiedAttributes: [email] or set allowAdminCreateUserOnly: true",
          },
        ]
      : [],
  ),
];
