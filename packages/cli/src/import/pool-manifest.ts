// From a deployed pool (as read by read-pool.ts) to a manifest that describes it and adopts it. Pure: takes the
// API's shapes, returns the manifest document and, for everything the manifest cannot say, a note with the
// deployed value, so nothing is dropped silently. Field mappings follow the program (provisioner/program.ts),
// so the first apply sends what is deployed; units follow the API reference (TokenValidityUnitsType).
import {
  LOG_EVENT_SOURCES,
  MANIFEST_API_VERSION,
  MANIFEST_KIND,
  STANDARD_ATTRIBUTE_TYPES,
} from "@cognito-action/spec";
import type {
  AccountTakeoverActionType,
  ManagedLoginBrandingType,
  LogConfigurationType,
  NotifyEmailType,
  RiskConfigurationType,
  SchemaAttributeType,
} from "@aws-sdk/client-cognito-identity-provider";
import type { DeployedClient, DeployedPool, DeployedUiCustomization } from "./deployed-pool.ts";

/** The manifest of a deployed pool, with what it could not express. */
export interface ImportedManifest {
  document: Record<string, unknown>;
  /** Pool-wide settings the manifest lacks, each `Field: value`. */
  notes: string[];
  /** Per client (same order as spec.clients): settings of the client the manifest lacks. */
  clientNotes: string[][];
  /** Things that make adopting risky: shown on stderr and at the top of the file. */
  warnings: string[];
  /** Per identity provider (same order as spec.identityProviders): its secrets, as environment variables. */
  providerSecrets: { key: string; variable: string }[][];
  /**
   * Deployed settings the manifest cannot express, which the first apply would reset to AWS's defaults
   * (UpdateUserPool and UpdateUserPoolClient reset what they are not sent): while there is one, the manifest
   * carries no adoption marker. Empty when the pool is marked for adoption.
   */
  adoptionBlockedBy: string[];
}

/** Pool fields the manifest expresses (fully or in part, the rest noted), or that are identity, not settings. */
const HANDLED_POOL_FIELDS = new Set([
  "Id",
  "Name",
  "Arn",
  "Status",
  "CreationDate",
  "LastModifiedDate",
  "EstimatedNumberOfUsers",
  "Domain",
  "CustomDomain",
  "Policies",
  "UsernameAttributes",
  "AliasAttributes",
  "UsernameConfiguration",
  "MfaConfiguration",
  "AutoVerifiedAttributes",
  "AccountRecoverySetting",
  "EmailConfiguration",
  "AdminCreateUserConfig",
  "DeletionProtection",
  "SchemaAttributes",
  "LambdaConfig",
  "SmsConfiguration",
  "UserPoolTier",
  "VerificationMessageTemplate",
  // Beyond OpenMCF: what a production pool has.
  "UserPoolAddOns",
  "SmsAuthenticationMessage",
  "DeviceConfiguration",
  "UserAttributeUpdateSettings",
  "UserPoolTags",
]);

/**
 * The legacy top-level verification fields DescribeUserPool still answers, with the VerificationMessageTemplate
 * field each mirrors (the API reference's UserPoolType; terraform user_pool.go reads them as Optional+Computed,
 * because AWS fills them in). Equal to the template's, the template expresses them.
 */
const LEGACY_VERIFICATION_FIELDS = {
  EmailVerificationMessage: "EmailMessage",
  EmailVerificationSubject: "EmailSubject",
  SmsVerificationMessage: "SmsMessage",
} as const;

/** Tags cognito-action sets itself (provisioner poolTags): the program adds them, the manifest does not hold them. */
const OWN_TAG = /^(managed-by$|openmcf\.org\/)/;

/** Client fields the manifest expresses, or that identify the client. */
const HANDLED_CLIENT_FIELDS = new Set([
  "UserPoolId",
  "ClientName",
  "ClientId",
  "HasSecret",
  "CreationDate",
  "LastModifiedDate",
  "AllowedOAuthFlowsUserPoolClient",
  "AllowedOAuthFlows",
  "AllowedOAuthScopes",
  "CallbackURLs",
  "LogoutURLs",
  "DefaultRedirectURI",
  "SupportedIdentityProviders",
  "ExplicitAuthFlows",
  "AccessTokenValidity",
  "IdTokenValidity",
  "RefreshTokenValidity",
  "TokenValidityUnits",
  "EnableTokenRevocation",
  "PreventUserExistenceErrors",
  "RefreshTokenRotation",
  // Beyond OpenMCF.
  "ReadAttributes",
  "WriteAttributes",
  "AuthSessionValidity",
  "EnablePropagateAdditionalUserContextData",
  "AnalyticsConfiguration",
]);

/** Lambda triggers the manifest has, by their API name. */
const LAMBDA_TRIGGERS: Record<string, string> = {
  PreSignUp: "preSignUp",
  PreAuthentication: "preAuthentication",
  PostAuthentication: "postAuthentication",
  PostConfirmation: "postConfirmation",
  PreTokenGeneration: "preTokenGeneration",
  CustomMessage: "customMessage",
  UserMigration: "userMigration",
  DefineAuthChallenge: "defineAuthChallenge",
  CreateAuthChallenge: "createAuthChallenge",
  VerifyAuthChallengeResponse: "verifyAuthChallengeResponse",
};

const MANIFEST_AUTH_FLOWS = new Set([
  "ALLOW_USER_SRP_AUTH",
  "ALLOW_REFRESH_TOKEN_AUTH",
  "ALLOW_USER_PASSWORD_AUTH",
  "ALLOW_ADMIN_USER_PASSWORD_AUTH",
  "ALLOW_CUSTOM_AUTH",
  "ALLOW_USER_AUTH",
]);

/** Whether `field` is a legacy verification field whose value the pool's template holds too. */
function mirrorsTemplate(pool: DeployedPool["pool"], field: string, value: unknown): boolean {
  if (!Object.hasOwn(LEGACY_VERIFICATION_FIELDS, field)) return false;
  const templateField = LEGACY_VERIFICATION_FIELDS[field as keyof typeof LEGACY_VERIFICATION_FIELDS];
  return pool.VerificationMessageTemplate?.[templateField] === value;
}

/** The manifest for `deployed`: metadata.name is the pool's own name (renaming a pool replaces it). */
export function importedManifest(deployed: DeployedPool): ImportedManifest {
  const { pool, mfa, region } = deployed;
  const notes: string[] = [];
  const warnings: string[] = [];
  const note = (field: string, value: unknown) => {
    if (!isEmpty(value)) notes.push(`${field}: ${show(value)}`);
  };
  for (const [field, value] of Object.entries(pool))
    if (!HANDLED_POOL_FIELDS.has(field) && !mirrorsTemplate(pool, field, value)) note(field, value);

  const spec: Record<string, unknown> = { region };
  if (pool.UsernameAttributes?.length) spec.usernameAttributes = [...pool.UsernameAttributes];
  if (pool.AliasAttributes?.length) spec.aliasAttributes = [...pool.AliasAttributes];
  if (pool.UsernameConfiguration?.CaseSensitive !== undefined) {
    spec.usernameCaseSensitive = pool.UsernameConfiguration.CaseSensitive;
  } else {
    // Pools made before usernames could be case-insensitive have no UsernameConfiguration and are
    // case-sensitive; the program always sends one, a create-only field: the adoption would replace the pool.
    spec.usernameCaseSensitive = true;
    warnings.push(
      "the pool has no UsernameConfiguration (usernames are case-sensitive, as in pools made before 2020); the manifest always sets one, which the provider can only do by replacing the pool, so expect the guard to refuse the adoption until the manifest can leave it unset",
    );
  }

  // The program merges these with its own (provisioner poolTags); a tags input is the whole set, so every tag
  // the pool has must be here or the first apply drops it.
  const tags = Object.entries(pool.UserPoolTags ?? {}).filter(([key]) => !OWN_TAG.test(key));
  if (tags.length > 0) spec.tags = Object.fromEntries(tags);

  if (pool.UserPoolTier) spec.userPoolTier = pool.UserPoolTier;

  const { PasswordPolicy: passwordPolicy, SignInPolicy: signIn, ...otherPolicies } = pool.Policies ?? {};
  if (passwordPolicy) {
    const { PasswordHistorySize, ...rest } = passwordPolicy;
    spec.passwordPolicy = dropUndefined({
      minimumLength: rest.MinimumLength,
      requireLowercase: rest.RequireLowercase,
      requireUppercase: rest.RequireUppercase,
      requireNumbers: rest.RequireNumbers,
      requireSymbols: rest.RequireSymbols,
      temporaryPasswordValidityDays: rest.TemporaryPasswordValidityDays,
      // 0 is AWS's default (no history): written only when the pool keeps one.
      passwordHistorySize: PasswordHistorySize ? PasswordHistorySize : undefined,
    });
  }
  for (const [field, value] of Object.entries(otherPolicies)) note(`Policies.${field}`, value);
  // Every pool now describes a sign-in policy; PASSWORD alone is what a pool without choice-based sign-in has.
  const factors = signIn?.AllowedFirstAuthFactors ?? [];
  if (factors.length > 0 && !(factors.length === 1 && factors[0] === "PASSWORD"))
    spec.signInPolicy = { allowedFirstAuthFactors: [...factors] };

  spec.mfaConfiguration = pool.MfaConfiguration ?? "OFF";
  spec.softwareTokenMfaEnabled = mfa.SoftwareTokenMfaConfiguration?.Enabled === true;
  // SMS MFA is on whenever the pool has an SMS configuration and MFA is not OFF (terraform user_pool.go sends
  // SmsMfaConfiguration with the SMS configuration); its message is the pool's SmsAuthenticationMessage.
  const smsMfa = mfa.SmsMfaConfiguration;
  const smsMessage = smsMfa?.SmsAuthenticationMessage ?? pool.SmsAuthenticationMessage;
  if (smsMessage) spec.smsAuthenticationMessage = smsMessage;
  if (mfa.EmailMfaConfiguration && !isEmpty(mfa.EmailMfaConfiguration))
    spec.emailMfa = dropUndefined({
      subject: mfa.EmailMfaConfiguration.Subject,
      message: mfa.EmailMfaConfiguration.Message,
    });
  // GetUserPoolMfaConfig describes passkeys on every pool; only a relying party, required verification or
  // passkeys offered as a first factor say the pool uses them.
  const webAuthn = mfa.WebAuthnConfiguration;
  const passkeys = signIn?.AllowedFirstAuthFactors?.includes("WEB_AUTHN") === true;
  if (webAuthn && (passkeys || webAuthn.RelyingPartyId || webAuthn.UserVerification === "required"))
    spec.webAuthn = dropUndefined({
      relyingPartyId: webAuthn.RelyingPartyId,
      userVerification: webAuthn.UserVerification,
    });
  note("WebAuthnConfiguration.FactorConfiguration", webAuthn?.FactorConfiguration);
  const sms = pool.SmsConfiguration ?? smsMfa?.SmsConfiguration;
  if (sms?.SnsCallerArn) {
    // ExternalId is the SNS role's trust-policy condition (confused-deputy protection), not a secret: the
    // provider needs it to keep the configuration.
    spec.smsConfiguration = dropUndefined({
      snsCallerArn: sms.SnsCallerArn,
      externalId: sms.ExternalId,
      snsRegion: sms.SnsRegion,
    });
  }
  const addOns = pool.UserPoolAddOns;
  const customAuthMode = addOns?.AdvancedSecurityAdditionalFlows?.CustomAuthMode;
  if (addOns?.AdvancedSecurityMode && (addOns.AdvancedSecurityMode !== "OFF" || customAuthMode))
    spec.threatProtection = dropUndefined({
      standardAuthMode: addOns.AdvancedSecurityMode,
      customAuthMode,
    });
  if (pool.DeviceConfiguration)
    spec.deviceTracking = {
      challengeRequiredOnNewDevice: pool.DeviceConfiguration.ChallengeRequiredOnNewDevice === true,
      deviceOnlyRememberedOnUserPrompt: pool.DeviceConfiguration.DeviceOnlyRememberedOnUserPrompt === true,
    };
  const keepOriginal = pool.UserAttributeUpdateSettings?.AttributesRequireVerificationBeforeUpdate ?? [];
  if (keepOriginal.length > 0) spec.keepOriginalAttributeUntilVerified = [...keepOriginal];
  if (pool.AutoVerifiedAttributes?.length) spec.autoVerifiedAttributes = [...pool.AutoVerifiedAttributes];
  const recovery = pool.AccountRecoverySetting?.RecoveryMechanisms ?? [];
  if (recovery.length > 0)
    spec.accountRecoveryMechanisms = recovery.map((mechanism) => ({
      name: mechanism.Name,
      priority: mechanism.Priority,
    }));
  if (pool.EmailConfiguration) {
    const email = pool.EmailConfiguration;
    spec.emailConfiguration = dropUndefined({
      emailSendingAccount: email.EmailSendingAccount ?? "COGNITO_DEFAULT",
      sourceArn: email.SourceArn,
      fromEmailAddress: email.From,
      replyToEmailAddress: email.ReplyToEmailAddress,
      configurationSet: email.ConfigurationSet,
    });
  }
  const verification = pool.VerificationMessageTemplate ?? {};
  // Every pool has a template saying CONFIRM_WITH_CODE; only a link or texts of its own say something.
  if (
    verification.DefaultEmailOption === "CONFIRM_WITH_LINK" ||
    !isEmpty({ ...verification, DefaultEmailOption: undefined })
  )
    spec.verificationMessageTemplate = dropUndefined({
      defaultEmailOption: verification.DefaultEmailOption ?? "CONFIRM_WITH_CODE",
      emailSubject: verification.EmailSubject,
      emailMessage: verification.EmailMessage,
      emailSubjectByLink: verification.EmailSubjectByLink,
      emailMessageByLink: verification.EmailMessageByLink,
      smsMessage: verification.SmsMessage,
    });
  const {
    AllowAdminCreateUserOnly,
    InviteMessageTemplate: invite,
    ...otherAdminCreate
  } = pool.AdminCreateUserConfig ?? {};
  if (invite && !isEmpty(invite))
    spec.inviteMessageTemplate = dropUndefined({
      emailSubject: invite.EmailSubject,
      emailMessage: invite.EmailMessage,
      smsMessage: invite.SMSMessage,
    });
  spec.allowAdminCreateUserOnly = AllowAdminCreateUserOnly === true;
  for (const [field, value] of Object.entries(otherAdminCreate)) {
    // botocore AdminCreateUserConfigType.UnusedAccountValidityDays: "no longer used", AWS mirrors
    // TemporaryPasswordValidityDays into it; only a value of its own would say something.
    if (
      field === "UnusedAccountValidityDays" &&
      value === (passwordPolicy?.TemporaryPasswordValidityDays ?? 7)
    )
      continue;
    note(`AdminCreateUserConfig.${field}`, value);
  }
  spec.deletionProtection = pool.DeletionProtection === "ACTIVE";
  if (!spec.deletionProtection && (pool.EstimatedNumberOfUsers ?? 0) > 0)
    warnings.push(
      `the pool holds about ${pool.EstimatedNumberOfUsers!.toLocaleString("en-US")} users without deletion protection; consider deletionProtection: true (an in-place change that also protects the pool in Pulumi)`,
    );

  const attributes = (pool.SchemaAttributes ?? []).flatMap((attribute) => {
    const entry = customAttribute(attribute);
    return entry ? [entry] : [];
  });
  if (attributes.length > 0) spec.customAttributes = attributes;

  const lambda: Record<string, string> = {};
  for (const [field, value] of Object.entries(pool.LambdaConfig ?? {})) {
    const trigger = LAMBDA_TRIGGERS[field];
    const versioned = value as { LambdaArn?: string; LambdaVersion?: string };
    if (trigger && typeof value === "string") lambda[trigger] = value;
    else if (field === "KMSKeyID" && typeof value === "string") lambda.kmsKeyId = value;
    // The custom senders have one event version, V1_0 (botocore CustomEmailSenderLambdaVersionType).
    else if (
      (field === "CustomEmailSender" || field === "CustomSMSSender") &&
      versioned.LambdaArn &&
      versioned.LambdaVersion === "V1_0"
    )
      lambda[field === "CustomEmailSender" ? "customEmailSender" : "customSmsSender"] = versioned.LambdaArn;
    // PreTokenGenerationConfig repeats PreTokenGeneration's ARN with an event version.
    else if (field === "PreTokenGenerationConfig" && versioned.LambdaArn && versioned.LambdaVersion) {
      lambda.preTokenGeneration ??= versioned.LambdaArn;
      if (versioned.LambdaVersion !== "V1_0") lambda.preTokenGenerationVersion = versioned.LambdaVersion;
    } else note(`LambdaConfig.${field}`, value);
  }
  if (Object.keys(lambda).length > 0) {
    spec.lambdaConfig = lambda;
    // A working pool's triggers already let cognito-idp.amazonaws.com invoke them (the console or the team's
    // own IaC made those statements); adopting must not take ownership of a new statement on their functions.
    spec.manageLambdaPermissions = false;
  }

  const risk = deployed.riskConfiguration ? riskConfiguration(deployed.riskConfiguration) : undefined;
  if (risk) spec.riskConfiguration = risk;
  const logs = logDelivery(deployed.logConfigurations ?? [], note);
  if (logs) spec.logDelivery = logs;
  if (deployed.webAclArn) spec.webAclAssociation = { webAclArn: deployed.webAclArn };

  const names = uniqueClientNames(deployed.clients);
  const clientNotes: string[][] = [];
  spec.clients = deployed.clients.map((client, index) => {
    const own = client.ClientId ? deployed.clientRiskConfigurations?.[client.ClientId] : undefined;
    const { manifest, notes: lacking } = clientManifest(client, names[index]!, own);
    // Beyond OpenMCF: the client's managed login branding style and classic UI customization.
    const style = client.ClientId ? deployed.brandings?.[client.ClientId] : undefined;
    if (style) manifest.managedLoginBranding = managedLoginBranding(style, lacking);
    const ui = client.ClientId ? deployed.uiCustomizations?.[client.ClientId] : undefined;
    if (ui) manifest.uiCustomization = uiCustomization(ui, lacking);
    clientNotes.push(lacking);
    return manifest;
  });
  const poolUi = deployed.uiCustomizations?.ALL;
  if (poolUi) spec.uiCustomization = uiCustomization(poolUi, notes);
  if (deployed.domain) {
    const { Domain, CertificateArn, ManagedLoginVersion } = deployed.domain;
    spec.domain = dropUndefined({
      domain: Domain,
      certificateArn: pool.CustomDomain ? CertificateArn : undefined,
      managedLoginVersion:
        ManagedLoginVersion === 1 || ManagedLoginVersion === 2 ? ManagedLoginVersion : undefined,
    });
    if (ManagedLoginVersion !== undefined && ManagedLoginVersion !== 1 && ManagedLoginVersion !== 2)
      note("Domain.ManagedLoginVersion", ManagedLoginVersion);
  }
  const servers = deployed.resourceServers ?? [];
  if (servers.length > 0)
    spec.resourceServers = servers.map((server) => ({
      identifier: server.Identifier,
      name: server.Name,
      scopes: (server.Scopes ?? []).map((scope) => ({
        name: scope.ScopeName,
        description: scope.ScopeDescription,
      })),
    }));
  const providers = deployed.identityProviders ?? [];
  const providerSecrets = providers.map((provider) =>
    provider.SecretDetails.map((key) => ({
      key,
      variable: secretVariable(provider.ProviderName ?? "", key),
    })),
  );
  for (const [index, secrets] of providerSecrets.entries())
    for (const { key, variable } of secrets)
      warnings.push(
        `identity provider ${providers[index]!.ProviderName ?? ""}'s ${key} is not written: the apply needs it in ${variable} (a GitHub secret passed as env: to the job), or it stops naming the variable`,
      );
  if (providers.length > 0)
    spec.identityProviders = providers.map((provider, index) =>
      dropUndefined({
        providerName: provider.ProviderName,
        providerType: provider.ProviderType,
        providerDetails: {
          ...provider.ProviderDetails,
          ...Object.fromEntries(
            providerSecrets[index]!.map(({ key, variable }) => [key, { valueFromEnv: variable }]),
          ),
        },
        attributeMapping: isEmpty(provider.AttributeMapping) ? undefined : { ...provider.AttributeMapping },
        idpIdentifiers: nonEmpty(provider.IdpIdentifiers),
      }),
    );
  const groups = deployed.groups ?? [];
  if (groups.length > 0)
    spec.groups = groups.map((group) =>
      dropUndefined({
        name: group.GroupName,
        description: group.Description,
        precedence: group.Precedence,
        roleArn: group.RoleArn,
      }),
    );
  // A setting the manifest cannot hold would be reset by the first apply, silently: no adoption then.
  const settingOf = (line: string) => line.split(": ")[0]!.replace(/ \(.*$/, "");
  const adoptionBlockedBy = [
    ...notes.map(settingOf),
    ...clientNotes.flatMap((lacking, index) =>
      lacking
        // A renamed duplicate is renamed in place, shown in the plan: nothing is reset.
        .filter((line) => !line.startsWith("ClientName:"))
        .map((line) => `client ${names[index]!}: ${settingOf(line)}`),
    ),
  ];
  for (const part of deployed.unread) notes.push(`(${part.what} not read: ${part.reason})`);

  // Resource servers, groups and identity providers already exist: declared without adopting, the first
  // apply would try to create them again, and AWS refuses a second one of the same name.
  if (adoptionBlockedBy.length === 0)
    spec.adopt = {
      userPoolId: pool.Id,
      clientIds: Object.fromEntries(
        deployed.clients.map((client, index): [string, string] => [names[index]!, client.ClientId ?? ""]),
      ),
      ...(servers.length > 0 ? { resourceServers: servers.map((server) => server.Identifier) } : {}),
      ...(groups.length > 0 ? { groups: groups.map((group) => group.GroupName) } : {}),
      ...(providers.length > 0
        ? { identityProviders: providers.map((provider) => provider.ProviderName) }
        : {}),
      ...brandingIds(deployed, names),
    };
  const document = {
    apiVersion: MANIFEST_API_VERSION,
    kind: MANIFEST_KIND,
    metadata: { name: pool.Name },
    spec,
  };
  return { document, notes, clientNotes, warnings, providerSecrets, adoptionBlockedBy };
}

/**
 * A branding style as the manifest holds it: Cognito's values, or the settings the style customizes (the
 * document as it is), and its images in Base64. Settings beside Cognito's values cannot be expressed (the
 * provider takes one or the other): noted, which keeps the pool from adoption.
 */
function managedLoginBranding(style: ManagedLoginBrandingType, lacking: string[]): Record<string, unknown> {
  const settings = style.Settings as unknown;
  const hasSettings = settings !== null && typeof settings === "object" && Object.keys(settings).length > 0;
  const branding: Record<string, unknown> = {};
  if (style.UseCognitoProvidedValues === true) {
    branding.useCognitoProvidedValues = true;
    if (hasSettings)
      lacking.push(`ManagedLoginBranding.Settings (beside UseCognitoProvidedValues): ${show(settings)}`);
  } else branding.settings = hasSettings ? settings : {};
  const assets = style.Assets ?? [];
  if (assets.length > 0)
    branding.assets = assets.map((asset) =>
      dropUndefined({
        category: asset.Category,
        colorMode: asset.ColorMode,
        extension: asset.Extension,
        bytes: asset.Bytes ? Buffer.from(asset.Bytes).toString("base64") : undefined,
        resourceId: asset.ResourceId,
      }),
    );
  return branding;
}

/** A classic UI customization as the manifest holds it; a logo that could not be downloaded is noted. */
function uiCustomization(ui: DeployedUiCustomization, lacking: string[]): Record<string, unknown> {
  if (ui.ImageUnread !== undefined)
    lacking.push(
      `UICustomization.ImageUrl (the logo could not be downloaded: ${ui.ImageUnread}): ${ui.ImageUrl ?? ""}`,
    );
  return dropUndefined({ css: ui.CSS, imageFile: ui.ImageFile });
}

/** spec.adopt's style IDs, by client name: pulumi-aws imports a style by its own ID. */
function brandingIds(deployed: DeployedPool, names: readonly string[]): Record<string, unknown> {
  const ids = deployed.clients.flatMap((client, index): [string, string][] => {
    const id = client.ClientId ? deployed.brandings?.[client.ClientId]?.ManagedLoginBrandingId : undefined;
    return id ? [[names[index]!, id]] : [];
  });
  return ids.length > 0 ? { managedLoginBrandings: Object.fromEntries(ids) } : {};
}

/** The environment variable a provider's secret is read from, as the plaintext-secret rule suggests it. */
function secretVariable(providerName: string, key: string): string {
  const name = `${providerName}_${key}`.toUpperCase().replace(/[^A-Z0-9_]/g, "_");
  return /^[0-9]/.test(name) ? `IDP_${name}` : name;
}

/** AWS's default length of a standard String attribute: 0-2048, but birthdate is exactly 10 (YYYY-MM-DD). */
const STANDARD_STRING_LENGTHS: Readonly<Record<string, readonly [string, string]>> = {
  birthdate: ["10", "10"],
};

/** A custom attribute (`custom:` prefix dropped) or a standard one changed from its default; else nothing. */
function customAttribute(attribute: SchemaAttributeType): Record<string, unknown> | undefined {
  const fullName = attribute.Name ?? "";
  // A developer-only attribute is described as dev:custom:<name> (botocore SchemaAttributeType).
  const developerOnly = fullName.startsWith("dev:custom:");
  const custom = developerOnly || fullName.startsWith("custom:");
  const name = fullName.replace(/^(dev:)?custom:/, "");
  const type = attribute.AttributeDataType ?? STANDARD_ATTRIBUTE_TYPES[name] ?? "String";
  const strings = attribute.StringAttributeConstraints;
  const numbers = attribute.NumberAttributeConstraints;
  // Standard attributes are listed on every pool; only those made required or immutable, or given limits other
  // than AWS's (set at creation, botocore StringAttributeConstraintsType / NumberAttributeConstraintsType: a
  // length of 0-2048, a number from 0 with no maximum), say something. `sub` is required and immutable on every
  // pool.
  const [minLength, maxLength] = (!custom && STANDARD_STRING_LENGTHS[name]) || ["0", "2048"];
  const ownLimits =
    (type === "String" &&
      strings !== undefined &&
      ((strings.MinLength ?? minLength) !== minLength || (strings.MaxLength ?? maxLength) !== maxLength)) ||
    (type === "Number" &&
      numbers !== undefined &&
      ((numbers.MinValue ?? "0") !== "0" || numbers.MaxValue !== undefined));
  if (
    !custom &&
    (name === "sub" || (attribute.Required !== true && attribute.Mutable !== false && !ownLimits))
  )
    return undefined;
  return dropUndefined({
    name,
    attributeDataType: type,
    mutable: attribute.Mutable,
    required: attribute.Required === true ? true : undefined,
    stringMinLength: type === "String" ? strings?.MinLength : undefined,
    stringMaxLength: type === "String" ? strings?.MaxLength : undefined,
    numberMinValue: type === "Number" ? numbers?.MinValue : undefined,
    numberMaxValue: type === "Number" ? numbers?.MaxValue : undefined,
    developerOnly: attribute.DeveloperOnlyAttribute === true ? true : undefined,
  });
}

function clientManifest(
  client: DeployedClient,
  name: string,
  ownRisk: RiskConfigurationType | undefined,
): { manifest: Record<string, unknown>; notes: string[] } {
  const notes: string[] = [];
  const note = (field: string, value: unknown) => {
    if (!isEmpty(value)) notes.push(`${field}: ${show(value)}`);
  };
  for (const [field, value] of Object.entries(client))
    if (!HANDLED_CLIENT_FIELDS.has(field)) note(field, value);
  if (name !== client.ClientName)
    notes.push(
      `ClientName: ${show(client.ClientName)} (another client has the same name; the manifest names this one ${name}, and the first apply renames it at AWS, in place)`,
    );
  const flows = client.ExplicitAuthFlows ?? [];
  const unsupported = flows.filter((flow) => !MANIFEST_AUTH_FLOWS.has(flow));
  if (unsupported.length > 0)
    note("ExplicitAuthFlows (not expressible, dropped by the first apply)", unsupported);
  const lifetimes = tokenLifetimes(client);
  const manifest = dropUndefined({
    name,
    generateSecret: client.HasSecret ? true : undefined,
    allowedOauthFlowsUserPoolClient: client.AllowedOAuthFlowsUserPoolClient === true ? true : undefined,
    allowedOauthFlows: nonEmpty(client.AllowedOAuthFlows),
    allowedOauthScopes: nonEmpty(client.AllowedOAuthScopes),
    callbackUrls: nonEmpty(client.CallbackURLs),
    logoutUrls: nonEmpty(client.LogoutURLs),
    defaultRedirectUri: client.DefaultRedirectURI,
    supportedIdentityProviders: nonEmpty(client.SupportedIdentityProviders),
    explicitAuthFlows: nonEmpty(flows.filter((flow) => MANIFEST_AUTH_FLOWS.has(flow))),
    ...lifetimes.openMcf,
    enableTokenRevocation: client.EnableTokenRevocation,
    preventUserExistenceErrors: client.PreventUserExistenceErrors,
    readAttributes: nonEmpty(client.ReadAttributes),
    writeAttributes: nonEmpty(client.WriteAttributes),
    // 3 minutes is AWS's default, which every client describes.
    authSessionValidityMinutes:
      client.AuthSessionValidity !== undefined && client.AuthSessionValidity !== 3
        ? client.AuthSessionValidity
        : undefined,
    enablePropagateAdditionalUserContextData:
      client.EnablePropagateAdditionalUserContextData === true ? true : undefined,
    analytics: client.AnalyticsConfiguration
      ? dropUndefined({
          applicationId: client.AnalyticsConfiguration.ApplicationId,
          applicationArn: client.AnalyticsConfiguration.ApplicationArn,
          roleArn: client.AnalyticsConfiguration.RoleArn,
          externalId: client.AnalyticsConfiguration.ExternalId,
          userDataShared: client.AnalyticsConfiguration.UserDataShared,
        })
      : undefined,
    refreshTokenRotation:
      client.RefreshTokenRotation?.Feature === "ENABLED"
        ? dropUndefined({
            feature: "ENABLED",
            retryGracePeriodSeconds: client.RefreshTokenRotation.RetryGracePeriodSeconds,
          })
        : undefined,
    tokenValidity: Object.keys(lifetimes.own).length > 0 ? lifetimes.own : undefined,
    riskConfiguration: ownRisk ? riskConfiguration(ownRisk) : undefined,
  });
  return { manifest, notes };
}

/** A token's OpenMCF field, the unit it counts in, and AWS's default when the client describes no value. */
const TOKEN_FIELDS = [
  {
    token: "accessToken",
    api: "AccessToken",
    field: "accessTokenValidityMinutes",
    unit: "minutes",
    fallback: 60,
  },
  { token: "idToken", api: "IdToken", field: "idTokenValidityMinutes", unit: "minutes", fallback: 60 },
  {
    token: "refreshToken",
    api: "RefreshToken",
    field: "refreshTokenValidityDays",
    unit: "days",
    fallback: 30,
  },
] as const;

/**
 * Each token's lifetime as deployed: in its OpenMCF field when it counts in that field's unit, else in
 * tokenValidity with its own unit, so the first apply sends the same value and unit back (botocore
 * TokenValidityUnitsType; a value without units counts in hours for access and ID tokens, in days for refresh).
 */
function tokenLifetimes(client: DeployedClient): {
  openMcf: Record<string, number>;
  own: Record<string, { value: number; unit: string }>;
} {
  const units: Record<string, string | undefined> = { ...client.TokenValidityUnits };
  const values: Record<string, number | undefined> = {
    accessToken: client.AccessTokenValidity,
    idToken: client.IdTokenValidity,
    // 0 is AWS's "use the default" (30 days).
    refreshToken: client.RefreshTokenValidity === 0 ? undefined : client.RefreshTokenValidity,
  };
  const openMcf: Record<string, number> = {};
  const own: Record<string, { value: number; unit: string }> = {};
  for (const { token, api, field, unit, fallback } of TOKEN_FIELDS) {
    const value = values[token];
    const deployedUnit = units[api] ?? (token === "refreshToken" ? "days" : "hours");
    if (value === undefined) openMcf[field] = fallback;
    else if (deployedUnit === unit) openMcf[field] = value;
    else own[token] = { value, unit: deployedUnit };
  }
  return { openMcf, own };
}

/** The pool's risk configuration as the manifest says it; undefined when it has no section. */
function riskConfiguration(risk: RiskConfigurationType): Record<string, unknown> | undefined {
  const leaked = risk.CompromisedCredentialsRiskConfiguration;
  const takeover = risk.AccountTakeoverRiskConfiguration;
  const exceptions = risk.RiskExceptionConfiguration;
  const action = (value: AccountTakeoverActionType | undefined) =>
    value ? { eventAction: value.EventAction, notify: value.Notify === true } : undefined;
  const email = (value: NotifyEmailType | undefined) =>
    value
      ? dropUndefined({ subject: value.Subject, htmlBody: value.HtmlBody, textBody: value.TextBody })
      : undefined;
  const notify = takeover?.NotifyConfiguration;
  const result = dropUndefined({
    compromisedCredentials: leaked?.Actions?.EventAction
      ? dropUndefined({ eventAction: leaked.Actions.EventAction, eventFilters: nonEmpty(leaked.EventFilter) })
      : undefined,
    accountTakeover: takeover?.Actions
      ? dropUndefined({
          lowAction: action(takeover.Actions.LowAction),
          mediumAction: action(takeover.Actions.MediumAction),
          highAction: action(takeover.Actions.HighAction),
          notifyConfiguration: notify?.SourceArn
            ? dropUndefined({
                sourceArn: notify.SourceArn,
                from: notify.From,
                replyTo: notify.ReplyTo,
                blockEmail: email(notify.BlockEmail),
                mfaEmail: email(notify.MfaEmail),
                noActionEmail: email(notify.NoActionEmail),
              })
            : undefined,
        })
      : undefined,
    riskExceptions:
      exceptions && (exceptions.BlockedIPRangeList?.length || exceptions.SkippedIPRangeList?.length)
        ? dropUndefined({
            blockedIpRanges: nonEmpty(exceptions.BlockedIPRangeList),
            skippedIpRanges: nonEmpty(exceptions.SkippedIPRangeList),
          })
        : undefined,
  });
  return Object.keys(result).length > 0 ? result : undefined;
}

/** The level AWS sends each event source at: the manifest's defaults (botocore LogConfigurationType.LogLevel doc). */
const DEFAULT_LOG_LEVELS: Readonly<Record<string, string>> = {
  userNotification: "ERROR",
  userAuthEvents: "INFO",
};

/**
 * The pool's log delivery by event source (program/log-delivery.ts sends it back as a list). An entry the
 * manifest cannot hold (an event source or level it does not know, a second entry for a source) is a note,
 * which keeps the pool from adoption: the first apply would set the configuration without it.
 */
function logDelivery(
  configurations: readonly LogConfigurationType[],
  note: (field: string, value: unknown) => void,
): Record<string, unknown> | undefined {
  const delivery: Record<string, unknown> = {};
  for (const configuration of configurations) {
    const source = configuration.EventSource ?? "";
    const level = configuration.LogLevel ?? "";
    if (
      !(LOG_EVENT_SOURCES as readonly string[]).includes(source) ||
      !["ERROR", "INFO"].includes(level) ||
      source in delivery
    ) {
      note(`LogDeliveryConfiguration.${source || "LogConfigurations"}`, configuration);
      continue;
    }
    delivery[source] = dropUndefined({
      logLevel: level === DEFAULT_LOG_LEVELS[source] ? undefined : level,
      logGroupArn: configuration.CloudWatchLogsConfiguration?.LogGroupArn,
      bucketArn: configuration.S3Configuration?.BucketArn,
      streamArn: configuration.FirehoseConfiguration?.StreamArn,
    });
  }
  return Object.keys(delivery).length > 0 ? delivery : undefined;
}

/** Client names as the manifest keys them: AWS allows repeats, the manifest does not. */
function uniqueClientNames(clients: readonly DeployedClient[]): string[] {
  const seen = new Set<string>();
  return clients.map((client) => {
    const base = client.ClientName ?? client.ClientId ?? "client";
    let name = base;
    for (let suffix = 2; seen.has(name); suffix++) name = `${base}-${suffix}`;
    seen.add(name);
    return name;
  });
}

function nonEmpty<T>(values: readonly T[] | undefined): T[] | undefined {
  return values && values.length > 0 ? [...values] : undefined;
}

function dropUndefined(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined));
}

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null || value === "") return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === "object" && !(value instanceof Date))
    return Object.values(value).every((entry) => isEmpty(entry));
  return false;
}

/** A deployed value as one line of text. */
function show(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  return typeof value === "string"
    ? JSON.stringify(value)
    : JSON.stringify(value, (_key, entry: unknown) => entry);
}
