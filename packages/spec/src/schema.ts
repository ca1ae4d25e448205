// The AwsCognitoUserPool manifest. This zod schema is the single source of the manifest's types, its
// defaults and its JSON Schema (`pnpm generate`); cross-field and AWS-specific checks live in rules/.
// Field meanings follow the OpenMCF component reference; ranges cite the AWS API model (botocore
// cognito-idp service-2.json) and terraform-provider-aws, which pulumi-aws is generated from.
import * as z from "zod";

/** The only apiVersion and kind this tool acts on. */
export const MANIFEST_API_VERSION = "aws.openmcf.org/v1";
export const MANIFEST_KIND = "AwsCognitoUserPool";

/** Where a `valueFrom` reference points: another manifest's output, read from its stack. */
export interface ValueRef {
  kind: string;
  name: string;
  /** `status.outputs.<output>` and optionally a map key after it: `status.outputs.client_ids.web-spa`. */
  fieldPath: string;
  env?: string | undefined;
}

/** A StringValueOrRef after parsing: a literal value or a reference, never both. */
export type StringValueOrRef = { value: string } | { valueFrom: ValueRef };

interface RefDefaults {
  kind: string;
  fieldPath: string;
}

function valueRef(defaults?: RefDefaults) {
  const kind = z.string().min(1).describe("Kind of the referenced manifest, e.g. AwsLambda.");
  const fieldPath = z
    .string()
    .min(1)
    .describe("Output of the referenced manifest: status.outputs.<name>, optionally followed by a map key.");
  return z.strictObject({
    kind: defaults ? kind.default(defaults.kind) : kind,
    name: z.string().min(1).describe("metadata.name of the referenced manifest."),
    fieldPath: defaults ? fieldPath.default(defaults.fieldPath) : fieldPath,
    env: z
      .string()
      .min(1)
      .optional()
      .describe("metadata.env of the referenced manifest, when names repeat across environments."),
  });
}

/** A plain string, `{value: …}` or `{valueFrom: {kind, name, fieldPath, env?}}`, normalized to one shape. */
function stringValueOrRef(description: string, defaults?: RefDefaults) {
  return z
    .union([
      z.string(),
      z.strictObject({ value: z.string() }),
      z.strictObject({ valueFrom: valueRef(defaults) }),
    ])
    .transform((input): StringValueOrRef => (typeof input === "string" ? { value: input } : input))
    .describe(description);
}

const LAMBDA_REF: RefDefaults = { kind: "AwsLambda", fieldPath: "status.outputs.function_arn" };
const CERTIFICATE_REF: RefDefaults = {
  kind: "AwsCertManagerCert",
  fieldPath: "status.outputs.certificate_arn",
};

const lambdaTrigger = (when: string) =>
  stringValueOrRef(
    `Lambda function ARN invoked ${when}; can reference an AwsLambda manifest via valueFrom.`,
    LAMBDA_REF,
  ).optional();

/** Attribute constraint values are strings in the AWS API; YAML authors write numbers. Both are accepted. */
const numericString = z.union([z.string(), z.number()]).transform(String);

export const passwordPolicySchema = z
  .strictObject({
    // botocore PasswordPolicyMinLengthType 6..99; terraform IntBetween(6, 99).
    minimumLength: z.int().min(6).max(99).default(8).describe("Minimum password length, 6-99."),
    requireLowercase: z.boolean().default(false).describe("Require a lowercase letter."),
    requireUppercase: z.boolean().default(false).describe("Require an uppercase letter."),
    requireNumbers: z.boolean().default(false).describe("Require a digit."),
    requireSymbols: z.boolean().default(false).describe("Require a special character."),
    // botocore TemporaryPasswordValidityDaysType 0..365 (0 means the AWS default of 7).
    temporaryPasswordValidityDays: z
      .int()
      .min(0)
      .max(365)
      .default(7)
      .describe("Days an administrator-set temporary password stays valid, 0-365."),
    // Beyond OpenMCF. botocore PasswordHistorySizeType 0..24; Essentials or Plus (PasswordPolicyType doc).
    passwordHistorySize: z
      .int()
      .min(0)
      .max(24)
      .optional()
      .describe(
        "Beyond OpenMCF. How many previous passwords a user may not reuse, 0-24; needs ESSENTIALS or PLUS.",
      ),
  })
  .describe("Password rules. When omitted, AWS's own default policy applies.");

export const recoveryMechanismSchema = z.strictObject({
  // botocore RecoveryOptionNameType.
  name: z.enum(["verified_email", "verified_phone_number", "admin_only"]).describe("Recovery method."),
  // botocore PriorityType 1..2.
  priority: z.int().min(1).max(2).describe("1 is tried first."),
});

export const emailConfigurationSchema = z.strictObject({
  // botocore EmailSendingAccountType.
  emailSendingAccount: z
    .enum(["COGNITO_DEFAULT", "DEVELOPER"])
    .default("COGNITO_DEFAULT")
    .describe("COGNITO_DEFAULT (50 emails a day) or DEVELOPER (your own SES identity)."),
  sourceArn: stringValueOrRef("SES identity ARN; required for DEVELOPER.").optional(),
  fromEmailAddress: z
    .string()
    .optional()
    .describe('"From" address, e.g. "Acme <noreply@example.com>"; DEVELOPER only.'),
  replyToEmailAddress: z.string().optional().describe("Reply-to address."),
  configurationSet: z.string().optional().describe("SES configuration set for delivery metrics."),
});

export const customAttributeSchema = z.strictObject({
  name: z.string().describe("Attribute name without the custom: prefix, 1-20 characters."),
  // botocore AttributeDataType.
  attributeDataType: z.enum(["String", "Number", "DateTime", "Boolean"]).describe("Data type."),
  mutable: z.boolean().optional().describe("Whether the value can change after sign-up."),
  required: z.boolean().optional().describe("AWS refuses required custom attributes."),
  stringMinLength: numericString.optional().describe("Minimum length of a String attribute."),
  stringMaxLength: numericString.optional().describe("Maximum length of a String attribute, at most 2048."),
  numberMinValue: numericString.optional().describe("Minimum value of a Number attribute."),
  numberMaxValue: numericString.optional().describe("Maximum value of a Number attribute."),
  // Beyond OpenMCF. botocore SchemaAttributeType.DeveloperOnlyAttribute: stored as dev:custom:<name>.
  developerOnly: z
    .boolean()
    .optional()
    .describe(
      "Beyond OpenMCF. Only administrators (with AWS credentials) read and write it, never users; stored as dev:custom:<name>.",
    ),
});

export const lambdaConfigSchema = z.strictObject({
  preSignUp: lambdaTrigger("before sign-up"),
  preAuthentication: lambdaTrigger("before authentication"),
  postAuthentication: lambdaTrigger("after authentication"),
  postConfirmation: lambdaTrigger("after confirmation"),
  preTokenGeneration: lambdaTrigger("before token generation"),
  customMessage: lambdaTrigger("to customize messages"),
  userMigration: lambdaTrigger("to migrate users"),
  defineAuthChallenge: lambdaTrigger("to define a custom auth challenge"),
  createAuthChallenge: lambdaTrigger("to create a custom auth challenge"),
  verifyAuthChallengeResponse: lambdaTrigger("to verify a custom auth challenge response"),
  // Beyond OpenMCF. botocore LambdaConfigType.CustomEmailSender / CustomSMSSender (CustomEmailLambdaVersionConfigType:
  // LambdaVersion V1_0 only) with KMSKeyID, which terraform requires with either (RequiredWith).
  customEmailSender: lambdaTrigger(
    "to send every email itself (Beyond OpenMCF; needs kmsKeyId: Cognito encrypts the codes with it)",
  ),
  customSmsSender: lambdaTrigger(
    "to send every SMS itself (Beyond OpenMCF; needs kmsKeyId: Cognito encrypts the codes with it)",
  ),
  kmsKeyId: stringValueOrRef(
    "Beyond OpenMCF. ARN of the KMS key Cognito encrypts codes with for the custom email and SMS senders.",
  ).optional(),
  // Beyond OpenMCF. botocore PreTokenGenerationLambdaVersionType: V1_0 (ID token only), V2_0 (access token too),
  // V3_0 (machine-to-machine too); V2_0 and V3_0 need Essentials or Plus.
  preTokenGenerationVersion: z
    .enum(["V1_0", "V2_0", "V3_0"])
    .optional()
    .describe(
      "Beyond OpenMCF. Event version of preTokenGeneration: V1_0 (ID token), V2_0 (access token too) or V3_0 (client credentials too); V2_0 and V3_0 need ESSENTIALS or PLUS.",
    ),
});

/** Settings of lambdaConfig that are not triggers (no function of their own to invoke). */
const LAMBDA_SETTINGS = new Set(["kmsKeyId", "preTokenGenerationVersion"]);

/** The Lambda trigger fields, in manifest order. */
export const LAMBDA_TRIGGERS = Object.keys(lambdaConfigSchema.shape).filter(
  (key) => !LAMBDA_SETTINGS.has(key),
) as LambdaTrigger[];
/** A lambdaConfig field that names a function. */
export type LambdaTrigger = Exclude<keyof LambdaConfig, "kmsKeyId" | "preTokenGenerationVersion">;

// botocore AccountTakeoverActionType / NotifyEmailType / CompromisedCredentialsRiskConfigurationType /
// RiskExceptionConfigurationType (SetRiskConfiguration); pulumi-aws cognito.RiskConfiguration.
const takeoverActionSchema = z.strictObject({
  eventAction: z
    .enum(["BLOCK", "MFA_IF_CONFIGURED", "MFA_REQUIRED", "NO_ACTION"])
    .describe("What Cognito does at this risk level."),
  notify: z.boolean().describe("Email the user about the attempt (needs notifyConfiguration)."),
});
const notifyEmailSchema = z.strictObject({
  subject: z.string().min(1).max(140).describe("Subject, 1-140 characters."),
  htmlBody: z.string().min(6).max(20000).describe("HTML body."),
  textBody: z.string().min(6).max(20000).describe("Text body."),
});
export const riskConfigurationSchema = z.strictObject({
  compromisedCredentials: z
    .strictObject({
      eventAction: z
        .enum(["BLOCK", "NO_ACTION"])
        .describe("BLOCK sign-ins with leaked credentials, or only log."),
      eventFilters: z
        .array(z.enum(["SIGN_IN", "PASSWORD_CHANGE", "SIGN_UP"]))
        .default([])
        .describe("Events checked; left empty, all of them."),
    })
    .optional()
    .describe("Response to credentials found in public leaks."),
  accountTakeover: z
    .strictObject({
      lowAction: takeoverActionSchema.optional(),
      mediumAction: takeoverActionSchema.optional(),
      highAction: takeoverActionSchema.optional(),
      notifyConfiguration: z
        .strictObject({
          sourceArn: z.string().describe("SES identity ARN the notifications are sent from."),
          from: z.string().optional().describe("From address."),
          replyTo: z.string().optional().describe("Reply-to address."),
          blockEmail: notifyEmailSchema.optional().describe("Email when a sign-in is blocked."),
          mfaEmail: notifyEmailSchema.optional().describe("Email when MFA is asked for."),
          noActionEmail: notifyEmailSchema.optional().describe("Email when a risk is only logged."),
        })
        .optional()
        .describe("How users are told about risky sign-ins."),
    })
    .optional()
    .describe("Responses to risky sign-ins by risk level."),
  riskExceptions: z
    .strictObject({
      blockedIpRanges: z
        .array(z.string())
        .max(200)
        .default([])
        .describe("CIDR ranges always blocked, at most 200."),
      skippedIpRanges: z
        .array(z.string())
        .max(200)
        .default([])
        .describe("CIDR ranges threat protection never checks, at most 200."),
    })
    .optional()
    .describe("IP ranges always blocked or never checked."),
});

// botocore TimeUnitsType: the unit TokenValidityUnits gives each token's validity in.
const TOKEN_VALIDITY_UNITS = ["seconds", "minutes", "hours", "days"] as const;
const tokenLifetimeSchema = (token: string, range: string) =>
  z
    .strictObject({
      value: z.int().min(1).describe(`Lifetime of the ${token}, in unit.`),
      unit: z.enum(TOKEN_VALIDITY_UNITS).describe("seconds, minutes, hours or days."),
    })
    .optional()
    .describe(`Beyond OpenMCF. The ${token}'s lifetime in a unit of its own: ${range}.`);

// Beyond OpenMCF. botocore TokenValidityUnitsType with AccessTokenValidity / IdTokenValidity /
// RefreshTokenValidity: a live client may count its tokens in any unit, which the OpenMCF fields (minutes,
// minutes, days) cannot all say; each entry set here replaces its OpenMCF field.
export const tokenValiditySchema = z.strictObject({
  accessToken: tokenLifetimeSchema(
    "access token",
    "5 minutes to 1 day (300-86400 seconds, 5-1440 minutes, 1-24 hours, 1 day)",
  ),
  idToken: tokenLifetimeSchema(
    "ID token",
    "5 minutes to 1 day (300-86400 seconds, 5-1440 minutes, 1-24 hours, 1 day)",
  ),
  refreshToken: tokenLifetimeSchema(
    "refresh token",
    "1 hour to 10 years (3600-315360000 seconds, 60-5256000 minutes, 1-87600 hours, 1-3650 days)",
  ),
});
// Beyond OpenMCF. Managed login branding (botocore CreateManagedLoginBranding, AssetType; pulumi-aws
// cognito.ManagedLoginBranding) and the classic hosted UI's customization (botocore SetUICustomization; pulumi-aws
// cognito.UserPoolUICustomization). Images are inline Base64, as the API and the provider take them: a manifest
// stays one self-contained file that `import` writes whole and every ref of a pull request plans alike.

/** Image roles of a managed login style (botocore AssetCategoryType). */
export const BRANDING_ASSET_CATEGORIES = [
  "FAVICON_ICO",
  "FAVICON_SVG",
  "EMAIL_GRAPHIC",
  "SMS_GRAPHIC",
  "AUTH_APP_GRAPHIC",
  "PASSWORD_GRAPHIC",
  "PASSKEY_GRAPHIC",
  "PAGE_HEADER_LOGO",
  "PAGE_HEADER_BACKGROUND",
  "PAGE_FOOTER_LOGO",
  "PAGE_FOOTER_BACKGROUND",
  "PAGE_BACKGROUND",
  "FORM_BACKGROUND",
  "FORM_LOGO",
  "IDP_BUTTON_ICON",
] as const;

export const brandingAssetSchema = z.strictObject({
  category: z.enum(BRANDING_ASSET_CATEGORIES).describe("Where the image goes: a logo, background or icon."),
  // botocore ColorSchemeModeType.
  colorMode: z.enum(["LIGHT", "DARK", "DYNAMIC"]).describe("Display mode: LIGHT, DARK or DYNAMIC (both)."),
  // botocore AssetExtensionType.
  extension: z.enum(["ICO", "JPEG", "PNG", "SVG", "WEBP"]).describe("Image format."),
  // botocore AssetBytesType: at most 1,000,000 bytes (checked after decoding, rule branding-asset-bytes).
  bytes: z
    .string()
    .min(1)
    .describe("The image, Base64-encoded (base64 -w0 logo.svg), at most 1,000,000 bytes decoded."),
  // botocore ResourceIdType: 1-40 characters of [\w\- ].
  resourceId: z
    .string()
    .regex(/^[\w\- ]{1,40}$/, "must be 1-40 letters, digits, underscores, hyphens or spaces")
    .optional()
    .describe("ID of the asset (IDP_BUTTON_ICON: the identity provider it belongs to)."),
});

export const managedLoginBrandingSchema = z
  .strictObject({
    useCognitoProvidedValues: z
      .boolean()
      .optional()
      .describe("true: Cognito's default style (then no settings); AWS keeps the assets as given."),
    // botocore CreateManagedLoginBrandingRequest.Settings: a JSON document (Smithy document type).
    settings: z
      .union([z.record(z.string(), z.unknown()), z.string()])
      .optional()
      .describe(
        "The style's settings: a JSON object, written as YAML or as a JSON string (the branding designer's export).",
      ),
    // botocore AssetListType: at most 40.
    assets: z
      .array(brandingAssetSchema)
      .max(40)
      .default([])
      .describe("Images of the style, at most 40, one per category and colorMode."),
  })
  .describe(
    "Beyond OpenMCF. The client's managed login branding style (managedLoginVersion 2); needs ESSENTIALS or PLUS.",
  );

export const uiCustomizationSchema = z
  .strictObject({
    // DG hosted-ui-classic-branding: only the listed -customizable classes.
    css: z
      .string()
      .min(1)
      .optional()
      .describe("CSS of the classic hosted UI; only its -customizable classes (rule ui-customization-css)."),
    // botocore ImageFileType; DG: PNG or JPEG, at most 100 KB.
    imageFile: z
      .string()
      .min(1)
      .optional()
      .describe("Logo of the classic hosted UI, Base64-encoded PNG or JPEG, at most 100 KB decoded."),
  })
  .describe(
    "Beyond OpenMCF. Classic hosted UI customization (managedLoginVersion 1): CSS and a logo; at least one.",
  );

export const clientSchema = z.strictObject({
  name: z
    .string()
    .min(1)
    .max(128)
    .describe("Client name, unique in the pool; the key in the client_ids and client_secrets outputs."),
  generateSecret: z
    .boolean()
    .default(false)
    .describe("Generate a client secret (server-side apps). Changing it replaces the client."),
  allowedOauthFlowsUserPoolClient: z.boolean().default(false).describe("Enable OAuth flows for this client."),
  // botocore OAuthFlowsType: at most 3 of OAuthFlowType.
  allowedOauthFlows: z
    .array(z.enum(["code", "implicit", "client_credentials"]))
    .max(3)
    .default([])
    .describe("OAuth grant types."),
  // botocore ScopeListType: at most 50.
  allowedOauthScopes: z
    .array(z.string())
    .max(50)
    .default([])
    .describe(
      "OAuth scopes: openid, email, phone, profile, aws.cognito.signin.user.admin or <resource-server>/<scope>.",
    ),
  // botocore CallbackURLsListType / LogoutURLsListType: at most 100 each.
  callbackUrls: z.array(z.string()).max(100).default([]).describe("Redirect URLs after sign-in."),
  logoutUrls: z.array(z.string()).max(100).default([]).describe("Redirect URLs after sign-out."),
  defaultRedirectUri: z.string().optional().describe("Default redirect URL; must be one of callbackUrls."),
  supportedIdentityProviders: z
    .array(z.string())
    .default([])
    .describe(
      "Identity providers, e.g. COGNITO or a declared provider's name. An OAuth client that names none gets [COGNITO], so its hosted sign-in page works.",
    ),
  explicitAuthFlows: z
    .array(
      z.enum([
        "ALLOW_USER_SRP_AUTH",
        "ALLOW_REFRESH_TOKEN_AUTH",
        "ALLOW_USER_PASSWORD_AUTH",
        "ALLOW_ADMIN_USER_PASSWORD_AUTH",
        "ALLOW_CUSTOM_AUTH",
        // Choice-based sign-in (passwordless, passkeys); Essentials or Plus pools only (botocore ExplicitAuthFlows).
        "ALLOW_USER_AUTH",
      ]),
    )
    .default([])
    .describe("Authentication flows the client may use."),
  // 5 minutes to 1 day: botocore AccessTokenValidityType/IdTokenValidityType with terraform's ConfigValidators.
  accessTokenValidityMinutes: z
    .int()
    .min(5)
    .max(1440)
    .default(60)
    .describe("Access token lifetime in minutes, 5-1440."),
  idTokenValidityMinutes: z
    .int()
    .min(5)
    .max(1440)
    .default(60)
    .describe("ID token lifetime in minutes, 5-1440."),
  // botocore RefreshTokenValidity in days: 1..3650 (an explicit 0 would silently become 30 at AWS).
  refreshTokenValidityDays: z
    .int()
    .min(1)
    .max(3650)
    .default(30)
    .describe("Refresh token lifetime in days, 1-3650."),
  enableTokenRevocation: z
    .boolean()
    .optional()
    .describe("Revoke refresh tokens on sign-out. When omitted, AWS's default (enabled) applies."),
  preventUserExistenceErrors: z
    .enum(["ENABLED", "LEGACY"])
    .optional()
    .describe("ENABLED hides whether a user exists."),
  // Beyond OpenMCF. botocore RefreshTokenRotationType: Feature ENABLED | DISABLED, RetryGracePeriodSeconds 0-60.
  refreshTokenRotation: z
    .strictObject({
      feature: z
        .enum(["ENABLED", "DISABLED"])
        .describe("ENABLED: every refresh also issues a new refresh token."),
      retryGracePeriodSeconds: z
        .int()
        .min(0)
        .max(60)
        .optional()
        .describe("Seconds the replaced refresh token keeps working, for client retries; 0-60."),
    })
    .optional()
    .describe(
      "Beyond OpenMCF. Refresh token rotation; when ENABLED, refresh goes through GetTokensFromRefreshToken and explicitAuthFlows leaves out ALLOW_REFRESH_TOKEN_AUTH.",
    ),
  // Beyond OpenMCF. botocore ClientPermissionListType: attribute names (custom ones with custom:).
  readAttributes: z
    .array(z.string().min(1))
    .default([])
    .describe(
      "Beyond OpenMCF. Attributes the client may read (custom ones as custom:<name>); left empty, every attribute.",
    ),
  writeAttributes: z
    .array(z.string().min(1))
    .default([])
    .describe(
      "Beyond OpenMCF. Attributes the client may write (custom ones as custom:<name>); left empty, every writable attribute.",
    ),
  // botocore AuthSessionValidityType 3..15 minutes (default 3).
  authSessionValidityMinutes: z
    .int()
    .min(3)
    .max(15)
    .optional()
    .describe(
      "Beyond OpenMCF. Minutes a sign-in session (between MFA and other challenges) stays valid, 3-15; AWS's default is 3.",
    ),
  enablePropagateAdditionalUserContextData: z
    .boolean()
    .optional()
    .describe(
      "Beyond OpenMCF. Pass the user's IP and device data to threat protection; needs a client secret.",
    ),
  // botocore AnalyticsConfigurationType.
  analytics: z
    .strictObject({
      applicationId: z.string().optional().describe("Amazon Pinpoint project ID."),
      applicationArn: z.string().optional().describe("Amazon Pinpoint project ARN (instead of the ID)."),
      roleArn: z.string().optional().describe("IAM role Cognito publishes events with (with applicationId)."),
      externalId: z.string().optional().describe("External ID of that role's trust policy."),
      userDataShared: z.boolean().optional().describe("Include user data in the events."),
    })
    .optional()
    .describe("Beyond OpenMCF. Amazon Pinpoint analytics for the client."),
  tokenValidity: tokenValiditySchema
    .optional()
    .describe(
      "Beyond OpenMCF. Token lifetimes with their units, for lifetimes the OpenMCF fields cannot say (an access token of 1 hour, a refresh token of 12 hours); each token set here replaces accessTokenValidityMinutes, idTokenValidityMinutes or refreshTokenValidityDays.",
    ),
  riskConfiguration: riskConfigurationSchema
    .optional()
    .describe(
      "Beyond OpenMCF. Threat protection's responses for this client alone (an aws.cognito.RiskConfiguration with its clientId), in place of the pool's riskConfiguration; PLUS only.",
    ),
  managedLoginBranding: managedLoginBrandingSchema.optional(),
  uiCustomization: uiCustomizationSchema
    .optional()
    .describe(
      "Beyond OpenMCF. This client's classic hosted UI customization (CSS and logo), over the pool's own uiCustomization.",
    ),
});

export const domainSchema = z.strictObject({
  domain: z
    .string()
    .describe(
      'A Cognito prefix ("myapp-auth") or a custom domain ("auth.example.com"). Changing it replaces the domain.',
    ),
  certificateArn: stringValueOrRef(
    "ACM certificate ARN in us-east-1; required for a custom domain; can reference an AwsCertManagerCert via valueFrom.",
    CERTIFICATE_REF,
  ).optional(),
  // Beyond OpenMCF. botocore CreateUserPoolDomainRequest.ManagedLoginVersion: 1 (classic hosted UI) or 2.
  managedLoginVersion: z
    .union([z.literal(1), z.literal(2)])
    .optional()
    .describe(
      "Beyond OpenMCF. 1: the classic hosted UI; 2: managed login (ESSENTIALS or PLUS). Left out, AWS's default for new domains (1) or the deployed version.",
    ),
});

/**
 * The adoption marker: existing AWS resources the first apply takes over (Pulumi's `import` resource option)
 * instead of creating new ones. `cognito-action import` writes it. Once an apply has adopted them, the
 * stack's state holds the same IDs and the marker does nothing more, except for adopted clients: their
 * generateSecret cannot be read back from AWS, and `clientIds` keeps it out of the engine's diff.
 */
export const adoptSchema = z
  .strictObject({
    // botocore UserPoolIdType: [\w-]+_[0-9a-zA-Z]+, the region code before the underscore.
    userPoolId: z
      .string()
      .optional()
      .describe(
        "ID of the deployed user pool, e.g. us-east-1_AbCdEf123. Needed to adopt the pool or any part of it.",
      ),
    // Beyond OpenMCF: a stack is ours only when its tags name this repository and job (the action's
    // `comment-key`); taking over any other stack that holds resources is a decision a reviewer must see.
    stack: z
      .boolean()
      .optional()
      .describe(
        "Beyond OpenMCF. true: take over the existing Pulumi stack the labels name although its tags do not record this repository and comment-key (deployed by hand, by another tool, repository or job). The pull request comment shows it; resources in that stack the manifest does not declare are deleted, which needs allow-destroy and allow-replace. Remove it after the first apply.",
      ),
    // botocore ClientIdType: [\w+]+, 1-128 characters.
    clientIds: z
      .record(z.string(), z.string())
      .default({})
      .describe("Deployed app client IDs, keyed by the name of the client in spec.clients."),
    // Beyond OpenMCF: the pool's parts that have names of their own at AWS, adopted by pool ID and that name.
    resourceServers: z
      .array(z.string())
      .default([])
      .describe("Beyond OpenMCF. Identifiers of deployed resource servers in spec.resourceServers to adopt."),
    groups: z
      .array(z.string())
      .default([])
      .describe("Beyond OpenMCF. Names of deployed groups in spec.groups to adopt."),
    // botocore ManagedLoginBrandingIdType (a UUID); pulumi-aws imports a style by `<pool id>,<style id>`.
    managedLoginBrandings: z
      .record(z.string(), z.string())
      .default({})
      .describe(
        "Beyond OpenMCF. IDs of deployed managed login branding styles, keyed by the name of their client in spec.clients.",
      ),
    identityProviders: z
      .array(z.string())
      .default([])
      .describe(
        "Beyond OpenMCF. Provider names of deployed identity providers in spec.identityProviders to adopt.",
      ),
  })
  .describe(
    "Adopt existing resources on the first apply instead of creating them: the pool by ID, each listed client by ID, the domain by its name, and the listed resource servers, groups and identity providers by theirs; with stack: true, the existing Pulumi stack itself. Remove it after the first successful apply.",
  );
// --- Beyond OpenMCF ---------------------------------------------------------------------------------------
// Fields the OpenMCF AwsCognitoUserPool component does not have, each one documented as such. Every one is
// optional (or defaults to what the component already means), so an OpenMCF manifest stays valid and means
// the same.

const BEYOND_OPENMCF = "Beyond OpenMCF.";

/** Marks a field's description as an extension of the OpenMCF component. */
function beyondOpenMcf(description: string): string {
  return `${BEYOND_OPENMCF} ${description}`;
}

/** Environment variable names as shells and GitHub Actions `env:` accept them. */
export const ENV_VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A value read from the environment of the run (a GitHub secret passed as `env:`), never written in Git. */
export interface EnvValue {
  valueFromEnv: string;
}

const envValueSchema = z.strictObject({
  valueFromEnv: z
    .string()
    .regex(
      ENV_VARIABLE_NAME,
      "must be an environment variable name: letters, digits and underscores, not starting with a digit (e.g. GOOGLE_CLIENT_SECRET)",
    )
    .describe("Name of the environment variable that holds the value at apply time."),
});

/** A plain string, or `{valueFromEnv: NAME}` for a value that must not live in Git. */
export type StringOrEnv = { value: string } | EnvValue;

const stringOrEnv = z
  .union([z.string(), envValueSchema])
  .transform((input): StringOrEnv => (typeof input === "string" ? { value: input } : input));

export const resourceServerScopeSchema = z.strictObject({
  // botocore ResourceServerScopeNameType: 1-256 characters of [\x21\x23-\x2E\x30-\x5B\x5D-\x7E] (no slash).
  name: z.string().min(1).max(256).describe("Scope name; clients ask for <identifier>/<name>."),
  // botocore ResourceServerScopeDescriptionType: 1-256 characters.
  description: z.string().min(1).max(256).describe("What the scope allows, 1-256 characters."),
});

export const resourceServerSchema = z.strictObject({
  // botocore ResourceServerIdentifierType: 1-256 characters of [\x21\x23-\x5B\x5D-\x7E].
  identifier: z
    .string()
    .min(1)
    .max(256)
    .describe(
      "Identifier, often the API's URL or a short name; changing it replaces the server, never the pool.",
    ),
  // botocore ResourceServerNameType: 1-256 characters of [\w\s+=,.@-].
  name: z.string().min(1).max(256).describe("Display name; changing it replaces the server."),
  // botocore ResourceServerScopeListType: at most 100 scopes.
  scopes: z.array(resourceServerScopeSchema).max(100).default([]).describe("Custom scopes, at most 100."),
});

/** Identity provider types (botocore IdentityProviderTypeType, less the pool's own COGNITO). */
export const IDENTITY_PROVIDER_TYPES = [
  "Google",
  "Facebook",
  "LoginWithAmazon",
  "SignInWithApple",
  "SAML",
  "OIDC",
] as const;

export const identityProviderSchema = z.strictObject({
  providerName: z
    .string()
    .describe(
      "Name clients list in supportedIdentityProviders; a social provider's name is its type (Google). Changing it replaces the provider.",
    ),
  providerType: z.enum(IDENTITY_PROVIDER_TYPES).describe("Provider type. Changing it replaces the provider."),
  providerDetails: z
    .record(z.string(), stringOrEnv)
    .describe(
      "Provider settings (client_id, authorize_scopes, MetadataURL, …); secrets (client_secret, private_key) only as {valueFromEnv: NAME}.",
    ),
  attributeMapping: z
    .record(z.string(), z.string())
    .default({})
    .describe("Pool attribute → provider attribute, e.g. {email: email, username: sub}."),
  // botocore IdpIdentifiersListType: at most 50 identifiers of 1-40 characters [\w\s+=.@-]+.
  idpIdentifiers: z
    .array(z.string().min(1).max(40))
    .max(50)
    .default([])
    .describe("Identifiers (such as email domains) that route users to this provider."),
});

export const groupSchema = z.strictObject({
  // botocore GroupNameType: 1-128 characters of [\p{L}\p{M}\p{S}\p{N}\p{P}]+.
  name: z
    .string()
    .min(1)
    .max(128)
    .describe("Group name, unique in the pool; changing it replaces the group."),
  // botocore DescriptionType: at most 2048 characters.
  description: z.string().max(2048).optional().describe("What the group is for."),
  // botocore PrecedenceType: 0 and up; lower wins when a user is in several groups with roles.
  precedence: z.int().min(0).max(2147483647).optional().describe("Lower wins when a user's groups disagree."),
  roleArn: stringValueOrRef(
    "IAM role ARN for the group's members (identity pools); can reference another manifest.",
  ).optional(),
});

export const verificationMessageTemplateSchema = z.strictObject({
  // botocore DefaultEmailOptionType.
  defaultEmailOption: z
    .enum(["CONFIRM_WITH_CODE", "CONFIRM_WITH_LINK"])
    .default("CONFIRM_WITH_CODE")
    .describe("Verify email addresses with a code or a link."),
  // botocore EmailVerificationSubjectType 1-140, EmailVerificationMessageType 6-20000.
  emailSubject: z.string().optional().describe("Subject of the code email, 1-140 characters."),
  emailMessage: z.string().optional().describe("Body of the code email; must contain {####}."),
  emailSubjectByLink: z.string().optional().describe("Subject of the link email, 1-140 characters."),
  emailMessageByLink: z
    .string()
    .optional()
    .describe("Body of the link email; must contain {##Click Here##}."),
  // botocore SmsVerificationMessageType 6-140.
  smsMessage: z.string().optional().describe("Verification SMS; must contain {####}."),
});

export const inviteMessageTemplateSchema = z.strictObject({
  emailSubject: z.string().optional().describe("Subject of the invitation email, 1-140 characters."),
  emailMessage: z
    .string()
    .optional()
    .describe("Body of the invitation email; must contain {username} and {####}."),
  smsMessage: z.string().optional().describe("Invitation SMS; must contain {username} and {####}."),
});

/** First sign-in factors (botocore AuthFactorType). */
export const AUTH_FACTORS = ["PASSWORD", "EMAIL_OTP", "SMS_OTP", "WEB_AUTHN"] as const;

export const signInPolicySchema = z.strictObject({
  allowedFirstAuthFactors: z
    .array(z.enum(AUTH_FACTORS))
    .min(1)
    .describe("How users may start signing in; anything but PASSWORD needs ESSENTIALS or PLUS."),
});

export const webAuthnSchema = z.strictObject({
  // botocore RelyingPartyIdType: 1-127 characters.
  relyingPartyId: z
    .string()
    .min(1)
    .max(127)
    .optional()
    .describe(
      "Domain passkeys are bound to: the pool's custom domain or a parent of it; AWS's default is the prefix domain.",
    ),
  userVerification: z
    .enum(["required", "preferred"])
    .default("preferred")
    .describe("Whether passkeys must verify the user (biometrics, PIN)."),
});

export const emailMfaSchema = z.strictObject({
  // botocore EmailMfaSubjectType 1-140, EmailMfaMessageType 6-20000 with {####}.
  subject: z.string().optional().describe("Subject of the MFA email, 1-140 characters."),
  message: z.string().optional().describe("Body of the MFA email; must contain {####}."),
});

// botocore AdvancedSecurityModeType / AdvancedSecurityEnabledModeType (UserPoolAddOnsType); PLUS only.
export const threatProtectionSchema = z.strictObject({
  standardAuthMode: z
    .enum(["OFF", "AUDIT", "ENFORCED"])
    .describe("Threat protection for standard sign-in: OFF, AUDIT (log risks) or ENFORCED (act on them)."),
  customAuthMode: z
    .enum(["AUDIT", "ENFORCED"])
    .optional()
    .describe("Threat protection for custom authentication (Lambda challenges): AUDIT or ENFORCED."),
});

// botocore SmsConfigurationType: SnsCallerArn (ArnType), ExternalId, SnsRegion.
export const smsConfigurationSchema = z.strictObject({
  snsCallerArn: stringValueOrRef(
    "IAM role Cognito assumes to publish SMS through Amazon SNS; can reference another manifest.",
  ),
  externalId: z
    .string()
    .min(1)
    .describe("External ID in the role's trust policy (confused-deputy protection; not a secret)."),
  snsRegion: z.string().optional().describe("Region of Amazon SNS, when not the pool's."),
});

// botocore DeviceConfigurationType.
export const deviceTrackingSchema = z.strictObject({
  challengeRequiredOnNewDevice: z
    .boolean()
    .default(false)
    .describe("Ask for MFA on a device the user has not used before."),
  deviceOnlyRememberedOnUserPrompt: z
    .boolean()
    .default(false)
    .describe("true: users choose to remember a device; false: every device is remembered."),
});

// botocore LogConfigurationType (SetLogDeliveryConfiguration): one event source, its level and a destination;
// pulumi-aws cognito.LogDeliveryConfiguration logConfigurations.
const logDestinationShape = {
  logGroupArn: z
    .string()
    .optional()
    .describe("CloudWatch Logs log group ARN: arn:aws:logs:<region>:<account>:log-group:<name>."),
  bucketArn: z.string().optional().describe("Amazon S3 bucket ARN: arn:aws:s3:::<bucket>."),
  streamArn: z
    .string()
    .optional()
    .describe("Amazon Data Firehose stream ARN: arn:aws:firehose:<region>:<account>:deliverystream/<name>."),
};
export const userNotificationLogSchema = z.strictObject({
  logLevel: z
    .enum(["ERROR", "INFO"])
    .default("ERROR")
    .describe("ERROR, the level AWS sends user notification logs at."),
  ...logDestinationShape,
});
export const userAuthEventsLogSchema = z.strictObject({
  logLevel: z
    .enum(["ERROR", "INFO"])
    .default("INFO")
    .describe("INFO, the level AWS sends threat protection's user activity at."),
  ...logDestinationShape,
});
export const logDeliverySchema = z.strictObject({
  userNotification: userNotificationLogSchema
    .optional()
    .describe("Email and SMS delivery errors, to a CloudWatch Logs log group (logGroupArn)."),
  userAuthEvents: userAuthEventsLogSchema
    .optional()
    .describe(
      "Threat protection's user activity (sign-in risk assessments), to one of logGroupArn, bucketArn or streamArn; needs userPoolTier PLUS.",
    ),
});

// wafv2 AssociateWebACL: a Cognito user pool takes a regional web ACL of its own Region.
export const webAclAssociationSchema = z.strictObject({
  webAclArn: z
    .string()
    .describe("Regional AWS WAF web ACL ARN: arn:aws:wafv2:<region>:<account>:regional/webacl/<name>/<id>."),
});

const poolExtensionShape = {
  // botocore UserPoolTierType. AWS puts new pools created through the API on ESSENTIALS when this is left out.
  userPoolTier: z
    .enum(["LITE", "ESSENTIALS", "PLUS"])
    .optional()
    .describe(
      beyondOpenMcf(
        "Feature plan. Left out, AWS puts a new pool on ESSENTIALS (a paid plan) and leaves an existing pool's plan as it is.",
      ),
    ),
  // DG quotas: 25 resource servers per pool.
  resourceServers: z
    .array(resourceServerSchema)
    .max(25)
    .default([])
    .describe(beyondOpenMcf("Resource servers: the custom scopes clients ask for, at most 25.")),
  // DG quotas: 300 identity providers per pool.
  identityProviders: z
    .array(identityProviderSchema)
    .max(300)
    .default([])
    .describe(beyondOpenMcf("Federated identity providers (social, SAML, OIDC), at most 300.")),
  // DG quotas: 10,000 groups per pool.
  groups: z.array(groupSchema).max(10000).default([]).describe(beyondOpenMcf("User groups.")),
  verificationMessageTemplate: verificationMessageTemplateSchema
    .optional()
    .describe(beyondOpenMcf("Verification messages; custom email text needs emailSendingAccount DEVELOPER.")),
  inviteMessageTemplate: inviteMessageTemplateSchema
    .optional()
    .describe(beyondOpenMcf("Messages to users an administrator creates.")),
  signInPolicy: signInPolicySchema
    .optional()
    .describe(beyondOpenMcf("Choice-based sign-in: the first factors users may pick.")),
  webAuthn: webAuthnSchema.optional().describe(beyondOpenMcf("Passkey (WebAuthn) settings.")),
  emailMfa: emailMfaSchema
    .optional()
    .describe(
      beyondOpenMcf(
        "Email MFA: codes sent by email as a second factor; needs ESSENTIALS or PLUS and SES (DEVELOPER).",
      ),
    ),
  threatProtection: threatProtectionSchema
    .optional()
    .describe(
      beyondOpenMcf(
        "Threat protection (userPoolAddOns): risk detection for sign-ins; anything but OFF needs userPoolTier PLUS.",
      ),
    ),
  riskConfiguration: riskConfigurationSchema
    .optional()
    .describe(
      beyondOpenMcf(
        "Threat protection's responses for the whole pool (an aws.cognito.RiskConfiguration): compromised credentials, account takeover, IP exceptions; PLUS only.",
      ),
    ),
  smsConfiguration: smsConfigurationSchema
    .optional()
    .describe(
      beyondOpenMcf(
        "SMS through Amazon SNS: needed for SMS MFA (on whenever mfaConfiguration is OPTIONAL or ON), SMS verification, SMS_OTP sign-in and auto-verified phone numbers. AWS cannot remove it once set.",
      ),
    ),
  // botocore SmsVerificationMessageType 6-140 with {####}.
  smsAuthenticationMessage: z
    .string()
    .optional()
    .describe(beyondOpenMcf("SMS MFA message; must contain {####}, 6-140 characters.")),
  deviceTracking: deviceTrackingSchema
    .optional()
    .describe(beyondOpenMcf("Remember users' devices (device tracking). Left out, devices are not tracked.")),
  // botocore UserAttributeUpdateSettingsType.AttributesRequireVerificationBeforeUpdate: email, phone_number.
  keepOriginalAttributeUntilVerified: z
    .array(z.enum(["email", "phone_number"]))
    .default([])
    .describe(
      beyondOpenMcf(
        "Attributes whose old value stays in use until the user verifies the new one; each must be auto-verified.",
      ),
    ),
  // botocore UserPoolTagsType: at most 50 tags; TagKeysType 1-128, TagValueType 0-256.
  tags: z
    .record(z.string().min(1).max(128), z.string().max(256))
    .default({})
    .describe(
      beyondOpenMcf(
        "The pool's own tags, merged with cognito-action's (managed-by and openmcf.org/*, which they cannot override).",
      ),
    ),
  uiCustomization: uiCustomizationSchema
    .optional()
    .describe(
      beyondOpenMcf(
        "Classic hosted UI customization for every client without its own (CSS and logo); only the classic hosted UI (managedLoginVersion 1) shows it.",
      ),
    ),
  manageLambdaPermissions: z
    .boolean()
    .default(true)
    .describe(
      beyondOpenMcf(
        "Grant cognito-idp.amazonaws.com permission to invoke each trigger (one Lambda permission per trigger, limited to this pool).",
      ),
    ),
  logDelivery: logDeliverySchema
    .optional()
    .describe(
      beyondOpenMcf(
        "Log delivery (an aws.cognito.LogDeliveryConfiguration): user notification errors and user auth events; left out, the pool's log delivery is not managed.",
      ),
    ),
  webAclAssociation: webAclAssociationSchema
    .optional()
    .describe(
      beyondOpenMcf(
        "An AWS WAF web ACL in front of the pool's endpoints (an aws.wafv2.WebAclAssociation, made once the pool exists).",
      ),
    ),
};

export const userPoolSpecSchema = z.strictObject({
  region: z.string().describe("AWS region of the user pool, e.g. us-east-1."),
  // botocore UsernameAttributeType; create-only (replacement).
  usernameAttributes: z
    .array(z.enum(["email", "phone_number"]))
    .default([])
    .describe("Attributes users sign in with instead of a username. Changing them replaces the pool."),
  // botocore AliasAttributeType; create-only (replacement).
  aliasAttributes: z
    .array(z.enum(["email", "phone_number", "preferred_username"]))
    .default([])
    .describe("Attributes users may sign in with besides the username. Changing them replaces the pool."),
  usernameCaseSensitive: z
    .boolean()
    .default(false)
    .describe("Case-sensitive usernames. Changing it replaces the pool."),
  passwordPolicy: passwordPolicySchema.optional(),
  // botocore UserPoolMfaType.
  mfaConfiguration: z.enum(["OFF", "OPTIONAL", "ON"]).default("OFF").describe("Multi-factor authentication."),
  softwareTokenMfaEnabled: z
    .boolean()
    .default(false)
    .describe("Allow authenticator-app (TOTP) MFA; needs MFA OPTIONAL or ON."),
  // botocore VerifiedAttributeType.
  autoVerifiedAttributes: z
    .array(z.enum(["email", "phone_number"]))
    .default([])
    .describe("Attributes verified on sign-up."),
  // botocore RecoveryMechanismsType: 1..2 entries.
  accountRecoveryMechanisms: z
    .array(recoveryMechanismSchema)
    .max(2)
    .default([])
    .describe("Account recovery methods, at most 2."),
  emailConfiguration: emailConfigurationSchema.optional(),
  allowAdminCreateUserOnly: z
    .boolean()
    .default(false)
    .describe("Only administrators create users (no self sign-up)."),
  deletionProtection: z.boolean().default(false).describe("Refuse to delete the pool, at AWS and in Pulumi."),
  // botocore SchemaAttributesListType: at most 50 entries.
  customAttributes: z.array(customAttributeSchema).max(50).default([]).describe("Custom user attributes."),
  lambdaConfig: lambdaConfigSchema.optional(),
  // DG limits.md: 1,000 app clients per pool by default.
  clients: z.array(clientSchema).min(1).max(1000).describe("App clients; at least one."),
  domain: domainSchema.optional(),
  adopt: adoptSchema.optional(),
  ...poolExtensionShape,
});

export const metadataSchema = z.strictObject({
  name: z.string().min(1).max(128).describe("Name of the user pool and the key everything else hangs on."),
  org: z.string().optional(),
  env: z.string().optional(),
  id: z.string().optional(),
  labels: z
    .record(z.string(), z.string())
    .default({})
    .describe("pulumi.openmcf.org/organization, /project and /stack.name choose the Pulumi stack."),
});

/** The whole manifest document. */
export const manifestSchema = z
  .strictObject({
    apiVersion: z.literal(MANIFEST_API_VERSION),
    kind: z.literal(MANIFEST_KIND),
    metadata: metadataSchema,
    spec: userPoolSpecSchema,
  })
  .describe("An OpenMCF AwsCognitoUserPool manifest.");

/** A typed, defaulted AwsCognitoUserPool manifest: what the provisioner consumes. */
export type Manifest = z.output<typeof manifestSchema>;
export type UserPoolSpec = Manifest["spec"];
export type ClientSpec = UserPoolSpec["clients"][number];
export type CustomAttribute = UserPoolSpec["customAttributes"][number];
export type EmailConfiguration = NonNullable<UserPoolSpec["emailConfiguration"]>;
export type LambdaConfig = NonNullable<UserPoolSpec["lambdaConfig"]>;
export type DomainSpec = NonNullable<UserPoolSpec["domain"]>;
export type PasswordPolicy = NonNullable<UserPoolSpec["passwordPolicy"]>;
export type AdoptSpec = NonNullable<UserPoolSpec["adopt"]>;
export type ResourceServerSpec = UserPoolSpec["resourceServers"][number];
export type IdentityProviderSpec = UserPoolSpec["identityProviders"][number];
export type GroupSpec = UserPoolSpec["groups"][number];
export type VerificationMessageTemplate = NonNullable<UserPoolSpec["verificationMessageTemplate"]>;
export type InviteMessageTemplate = NonNullable<UserPoolSpec["inviteMessageTemplate"]>;
export type ManagedLoginBrandingSpec = NonNullable<ClientSpec["managedLoginBranding"]>;
export type UiCustomizationSpec = NonNullable<UserPoolSpec["uiCustomization"]>;
