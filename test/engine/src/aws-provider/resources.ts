// The resource types the program declares, each following terraform-provider-aws (hashicorp/terraform-provider-aws
// internal/service/cognitoidp/*.go, and internal/service/lambda/permission.go): which attributes force
// replacement, which are Optional+Computed, the import ID formats, and what Read sets. The calls go to the
// Cognito API through the AWS SDK v3, which honours AWS_ENDPOINT_URL (so moto stands in for AWS).
import {
  AddCustomAttributesCommand,
  CognitoIdentityProviderClient,
  CreateGroupCommand,
  CreateIdentityProviderCommand,
  CreateResourceServerCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  CreateUserPoolDomainCommand,
  DeleteGroupCommand,
  DeleteIdentityProviderCommand,
  DeleteResourceServerCommand,
  DeleteUserPoolClientCommand,
  DeleteUserPoolCommand,
  DeleteUserPoolDomainCommand,
  DescribeIdentityProviderCommand,
  DescribeResourceServerCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  DescribeUserPoolDomainCommand,
  GetGroupCommand,
  GetUserPoolMfaConfigCommand,
  ResourceNotFoundException,
  SetUserPoolMfaConfigCommand,
  UpdateGroupCommand,
  UpdateIdentityProviderCommand,
  UpdateResourceServerCommand,
  UpdateUserPoolClientCommand,
  UpdateUserPoolCommand,
  UpdateUserPoolDomainCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import type { Props, Rules } from "./diff.ts";

export interface ProviderSettings {
  region: string;
  /** The provider's `endpoints[].cognitoidp`, when the program sets one. */
  endpoint?: string | undefined;
}

export interface ResourceType {
  rules: Rules;
  /** terraform-plugin-framework resources tell null from false; terraform-plugin-sdk/v2 ones do not. */
  framework?: boolean;
  /** Defaults terraform's schema applies in the plan (the engine sees them from Check). */
  defaults?: Props;
  create(client: CognitoIdentityProviderClient, inputs: Props): Promise<{ id: string; outs: Props }>;
  /** The state Read sets, or undefined when the resource is gone (terraform removes it from state). */
  read(client: CognitoIdentityProviderClient, id: string, state: Props): Promise<Props | undefined>;
  update(client: CognitoIdentityProviderClient, id: string, olds: Props, news: Props): Promise<Props>;
  delete(client: CognitoIdentityProviderClient, id: string, state: Props): Promise<void>;
  /** The inputs an import records: Read's state restricted to the arguments (pulumi-terraform-bridge ExtractInputsFromOutputs). */
  inputsFromState(state: Props): Props;
}

export function cognitoClient(settings: ProviderSettings): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient({
    region: settings.region,
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
  });
}

async function orGone<T>(call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
}

const defined = (values: Props): Props =>
  Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined && value !== null));

const pick = (state: Props, rules: Rules): Props =>
  defined(
    Object.fromEntries(
      Object.entries(rules)
        .filter(([, rule]) => !rule.outputOnly)
        .map(([key]) => [key, state[key]]),
    ),
  );

// ---------------------------------------------------------------------------------------------------------------
// aws:cognito/userPool:UserPool — internal/service/cognitoidp/user_pool.go (terraform-plugin-sdk/v2).
const poolRules: Rules = {
  name: { forceNew: true },
  aliasAttributes: { forceNew: true },
  usernameAttributes: { forceNew: true },
  usernameConfiguration: { forceNew: true },
  // Attributes can only be added (AddCustomAttributes); user_pool.go's CustomizeDiff refuses other changes.
  schemas: {},
  passwordPolicy: { computed: true },
  adminCreateUserConfig: { computed: true },
  accountRecoverySetting: { computed: true },
  emailConfiguration: { computed: true },
  verificationMessageTemplate: { computed: true },
  signInPolicy: { computed: true },
  userPoolTier: { computed: true },
  webAuthnConfiguration: { computed: true },
  // sms_configuration is Optional+Computed (its sns_region too); sms_authentication_message, device_configuration,
  // user_attribute_update_settings and user_pool_add_ons are Optional only (user_pool.go's schema).
  smsConfiguration: { computed: true },
  smsAuthenticationMessage: {},
  userAttributeUpdateSettings: {},
  mfaConfiguration: {},
  deletionProtection: {},
  softwareTokenMfaConfiguration: {},
  emailMfaConfiguration: {},
  autoVerifiedAttributes: {},
  lambdaConfig: {},
  userPoolAddOns: {},
  deviceConfiguration: {},
  tags: {},
  arn: { outputOnly: true },
  endpoint: { outputOnly: true },
  creationDate: { outputOnly: true },
  lastModifiedDate: { outputOnly: true },
  estimatedNumberOfUsers: { outputOnly: true },
  domain: { outputOnly: true },
  customDomain: { outputOnly: true },
  tagsAll: { outputOnly: true },
};

// The API names that are not the provider's with a capital first letter (botocore LambdaConfigType:
// CustomSMSSender, KMSKeyID; terraform user_pool.go expandUserPoolLambdaConfig maps them by hand).
const IRREGULAR_API_NAMES: Readonly<Record<string, string>> = {
  customSmsSender: "CustomSMSSender",
  kmsKeyId: "KMSKeyID",
};
const PROVIDER_NAMES: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(IRREGULAR_API_NAMES).map(([provider, api]) => [api, provider]),
);
const upperFirst = (text: string) =>
  IRREGULAR_API_NAMES[text] ?? text.charAt(0).toUpperCase() + text.slice(1);
const lowerFirst = (text: string) => PROVIDER_NAMES[text] ?? text.charAt(0).toLowerCase() + text.slice(1);

/** camelCase keys to the API's PascalCase, all the way down. */
export function toApi(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toApi);
  if (value !== null && typeof value === "object")
    return Object.fromEntries(
      Object.entries(value as Props).map(([key, item]) => [upperFirst(key), toApi(item)]),
    );
  return value;
}

/** The API's PascalCase keys to the provider's camelCase, all the way down. */
export function fromApi(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(fromApi);
  if (value instanceof Date) return value.toISOString();
  if (value !== null && typeof value === "object")
    return Object.fromEntries(
      Object.entries(value as Props).map(([key, item]) => [lowerFirst(key), fromApi(item)]),
    );
  return value;
}

function emailToApi(email: Props | undefined): Props | undefined {
  if (!email) return undefined;
  const { fromEmailAddress, ...rest } = email;
  return { ...(toApi(rest) as Props), ...(fromEmailAddress !== undefined ? { From: fromEmailAddress } : {}) };
}

/** The provider's plural attributesRequireVerificationBeforeUpdates is the API's singular field. */
function attributeUpdateToApi(settings: Props | undefined): Props | undefined {
  if (!settings) return undefined;
  return { AttributesRequireVerificationBeforeUpdate: settings.attributesRequireVerificationBeforeUpdates };
}

function poolRequest(inputs: Props): Props {
  const passwordPolicy = inputs.passwordPolicy as Props | undefined;
  const signInPolicy = inputs.signInPolicy as Props | undefined;
  return defined({
    AliasAttributes: inputs.aliasAttributes,
    UsernameAttributes: inputs.usernameAttributes,
    UsernameConfiguration: toApi(inputs.usernameConfiguration),
    AutoVerifiedAttributes: inputs.autoVerifiedAttributes,
    AccountRecoverySetting: toApi(inputs.accountRecoverySetting),
    AdminCreateUserConfig: toApi(inputs.adminCreateUserConfig),
    EmailConfiguration: emailToApi(inputs.emailConfiguration as Props | undefined),
    VerificationMessageTemplate: toApi(inputs.verificationMessageTemplate),
    LambdaConfig: toApi(inputs.lambdaConfig),
    DeletionProtection: inputs.deletionProtection,
    UserPoolTier: inputs.userPoolTier,
    // user_pool.go sends the SMS configuration and message outside the MFA configuration as well ("it can be
    // used for user verification"), with device tracking, attribute-update settings and threat protection.
    SmsConfiguration: toApi(inputs.smsConfiguration),
    SmsAuthenticationMessage: inputs.smsAuthenticationMessage,
    DeviceConfiguration: toApi(inputs.deviceConfiguration),
    UserAttributeUpdateSettings: attributeUpdateToApi(
      inputs.userAttributeUpdateSettings as Props | undefined,
    ),
    UserPoolAddOns: toApi(inputs.userPoolAddOns),
    UserPoolTags: inputs.tags,
    ...(passwordPolicy || signInPolicy
      ? {
          Policies: defined({
            PasswordPolicy: toApi(passwordPolicy),
            SignInPolicy: toApi(signInPolicy),
          }),
        }
      : {}),
  });
}

/**
 * user_pool.go: MFA settings go through SetUserPoolMfaConfig after create and on update; with an SMS
 * configuration, SMS MFA is configured with it (SmsMfaConfiguration: the configuration and the message).
 */
async function setMfa(client: CognitoIdentityProviderClient, id: string, inputs: Props): Promise<void> {
  const token = inputs.softwareTokenMfaConfiguration as Props | undefined;
  const emailMfa = inputs.emailMfaConfiguration as Props | undefined;
  const webAuthn = inputs.webAuthnConfiguration as Props | undefined;
  const sms = inputs.smsConfiguration as Props | undefined;
  if (inputs.mfaConfiguration === "OFF" && !token && !emailMfa && !webAuthn) return;
  const smsMfa = sms
    ? defined({
        SmsConfiguration: toApi(sms),
        SmsAuthenticationMessage: inputs.smsAuthenticationMessage,
      })
    : undefined;
  await client.send(
    new SetUserPoolMfaConfigCommand({
      UserPoolId: id,
      MfaConfiguration: (inputs.mfaConfiguration as "OFF" | "ON" | "OPTIONAL") ?? "OFF",
      ...(token ? { SoftwareTokenMfaConfiguration: { Enabled: token.enabled === true } } : {}),
      ...(smsMfa && inputs.mfaConfiguration !== "OFF" ? { SmsMfaConfiguration: smsMfa } : {}),
      ...(emailMfa ? { EmailMfaConfiguration: toApi(emailMfa) as never } : {}),
      ...(webAuthn ? { WebAuthnConfiguration: toApi(webAuthn) as never } : {}),
    }),
  );
}

/** user_pool.go resourceUserPoolRead: what it sets (standard attributes are left out of `schema`). */
async function readPool(client: CognitoIdentityProviderClient, id: string): Promise<Props | undefined> {
  const result = await orGone(() => client.send(new DescribeUserPoolCommand({ UserPoolId: id })));
  const pool = result?.UserPool;
  if (!pool) return undefined;
  const policies = pool.Policies ?? {};
  const email = pool.EmailConfiguration as Props | undefined;
  const schemas = (pool.SchemaAttributes ?? [])
    .filter((attribute) => attribute.Name?.startsWith("custom:"))
    .map((attribute) => {
      const entry = fromApi(attribute) as Props;
      entry.name = attribute.Name!.slice("custom:".length);
      return defined(entry);
    });
  // user_pool.go reads mfa_configuration and software_token_mfa_configuration from GetUserPoolMfaConfig.
  const mfa = await client.send(new GetUserPoolMfaConfigCommand({ UserPoolId: id }));
  const token = mfa.SoftwareTokenMfaConfiguration
    ? { enabled: mfa.SoftwareTokenMfaConfiguration.Enabled === true }
    : undefined;
  return defined({
    id: pool.Id,
    arn: pool.Arn,
    name: pool.Name,
    // terraform: endpoint is cognito-idp.<region>.amazonaws.com/<pool id>.
    endpoint: `cognito-idp.${pool.Id!.split("_")[0]}.amazonaws.com/${pool.Id}`,
    creationDate: pool.CreationDate?.toISOString(),
    lastModifiedDate: pool.LastModifiedDate?.toISOString(),
    estimatedNumberOfUsers: pool.EstimatedNumberOfUsers ?? 0,
    domain: pool.Domain,
    customDomain: pool.CustomDomain,
    aliasAttributes: pool.AliasAttributes,
    usernameAttributes: pool.UsernameAttributes,
    usernameConfiguration: fromApi(pool.UsernameConfiguration),
    autoVerifiedAttributes: pool.AutoVerifiedAttributes,
    accountRecoverySetting: fromApi(pool.AccountRecoverySetting),
    adminCreateUserConfig: fromApi(pool.AdminCreateUserConfig),
    emailConfiguration: email
      ? defined({
          emailSendingAccount: email.EmailSendingAccount,
          sourceArn: email.SourceArn,
          fromEmailAddress: email.From,
          replyToEmailAddress: email.ReplyToEmailAddress,
          configurationSet: email.ConfigurationSet,
        })
      : undefined,
    verificationMessageTemplate: fromApi(pool.VerificationMessageTemplate),
    lambdaConfig: fromApi(pool.LambdaConfig),
    passwordPolicy: fromApi(policies.PasswordPolicy),
    signInPolicy: fromApi(policies.SignInPolicy),
    smsConfiguration: fromApi(pool.SmsConfiguration),
    smsAuthenticationMessage: pool.SmsAuthenticationMessage,
    deviceConfiguration: fromApi(pool.DeviceConfiguration),
    userAttributeUpdateSettings: pool.UserAttributeUpdateSettings
      ? {
          attributesRequireVerificationBeforeUpdates:
            pool.UserAttributeUpdateSettings.AttributesRequireVerificationBeforeUpdate,
        }
      : undefined,
    userPoolAddOns: fromApi(pool.UserPoolAddOns),
    mfaConfiguration: mfa.MfaConfiguration ?? pool.MfaConfiguration ?? "OFF",
    softwareTokenMfaConfiguration: token,
    deletionProtection: pool.DeletionProtection ?? "INACTIVE",
    userPoolTier: pool.UserPoolTier,
    schemas: schemas.length > 0 ? schemas : undefined,
    tags: pool.UserPoolTags && Object.keys(pool.UserPoolTags).length > 0 ? pool.UserPoolTags : undefined,
    tagsAll: pool.UserPoolTags ?? {},
  });
}

const userPool: ResourceType = {
  rules: poolRules,
  defaults: { mfaConfiguration: "OFF", deletionProtection: "INACTIVE" },
  async create(client, inputs) {
    const schemas = ((inputs.schemas as Props[] | undefined) ?? []).map((schema) => toApi(schema));
    const result = await client.send(
      new CreateUserPoolCommand({
        PoolName: inputs.name as string,
        ...(poolRequest(inputs) as object),
        ...(schemas.length > 0 ? { Schema: schemas as never } : {}),
      }),
    );
    const id = result.UserPool!.Id!;
    await setMfa(client, id, inputs);
    return { id, outs: (await readPool(client, id))! };
  },
  read: (client, id) => readPool(client, id),
  async update(client, id, olds, news) {
    // UpdateUserPool resets every setting the request leaves out (user_pool.go sends them all).
    const request = poolRequest(news);
    delete request.AliasAttributes;
    delete request.UsernameAttributes;
    delete request.UsernameConfiguration;
    await setMfa(client, id, news);
    await client.send(new UpdateUserPoolCommand({ UserPoolId: id, ...(request as object) }));
    const known = new Set(((olds.schemas as Props[] | undefined) ?? []).map((schema) => schema.name));
    const added = ((news.schemas as Props[] | undefined) ?? []).filter((schema) => !known.has(schema.name));
    if (added.length > 0)
      await client.send(
        new AddCustomAttributesCommand({ UserPoolId: id, CustomAttributes: added.map(toApi) as never }),
      );
    return (await readPool(client, id))!;
  },
  async delete(client, id) {
    await orGone(() => client.send(new DeleteUserPoolCommand({ UserPoolId: id })));
  },
  inputsFromState: (state) => pick(state, poolRules),
};

// ---------------------------------------------------------------------------------------------------------------
// aws:cognito/userPoolClient:UserPoolClient — internal/service/cognitoidp/user_pool_client.go
// (terraform-plugin-framework: null and false differ). Import ID `<pool id>/<client id>` (ImportState splits on
// the slash); the resource ID is the client ID. `generate_secret` is not in DescribeUserPoolClient, so Read
// leaves it null.
const clientRules: Rules = {
  userPoolId: { forceNew: true },
  generateSecret: { forceNew: true },
  name: {},
  accessTokenValidity: { computed: true },
  idTokenValidity: { computed: true },
  refreshTokenValidity: { computed: true },
  allowedOauthFlows: { computed: true },
  allowedOauthFlowsUserPoolClient: { computed: true },
  allowedOauthScopes: { computed: true },
  callbackUrls: { computed: true },
  logoutUrls: { computed: true },
  defaultRedirectUri: { computed: true },
  enableTokenRevocation: { computed: true },
  explicitAuthFlows: { computed: true },
  preventUserExistenceErrors: { computed: true },
  supportedIdentityProviders: { computed: true },
  readAttributes: { computed: true },
  writeAttributes: { computed: true },
  tokenValidityUnits: {},
  refreshTokenRotation: {},
  // auth_session_validity and enable_propagate_additional_user_context_data are Optional+Computed,
  // analytics_configuration Optional (user_pool_client.go's schema).
  authSessionValidity: { computed: true },
  enablePropagateAdditionalUserContextData: { computed: true },
  analyticsConfiguration: {},
  clientSecret: { outputOnly: true, sensitive: true },
};

const CLIENT_FIELDS: [string, string][] = [
  ["name", "ClientName"],
  ["userPoolId", "UserPoolId"],
  ["generateSecret", "GenerateSecret"],
  ["accessTokenValidity", "AccessTokenValidity"],
  ["idTokenValidity", "IdTokenValidity"],
  ["refreshTokenValidity", "RefreshTokenValidity"],
  ["allowedOauthFlows", "AllowedOAuthFlows"],
  ["allowedOauthFlowsUserPoolClient", "AllowedOAuthFlowsUserPoolClient"],
  ["allowedOauthScopes", "AllowedOAuthScopes"],
  ["callbackUrls", "CallbackURLs"],
  ["logoutUrls", "LogoutURLs"],
  ["defaultRedirectUri", "DefaultRedirectURI"],
  ["enableTokenRevocation", "EnableTokenRevocation"],
  ["explicitAuthFlows", "ExplicitAuthFlows"],
  ["preventUserExistenceErrors", "PreventUserExistenceErrors"],
  ["supportedIdentityProviders", "SupportedIdentityProviders"],
  ["readAttributes", "ReadAttributes"],
  ["writeAttributes", "WriteAttributes"],
  ["tokenValidityUnits", "TokenValidityUnits"],
  ["refreshTokenRotation", "RefreshTokenRotation"],
  ["authSessionValidity", "AuthSessionValidity"],
  ["enablePropagateAdditionalUserContextData", "EnablePropagateAdditionalUserContextData"],
  ["analyticsConfiguration", "AnalyticsConfiguration"],
];

function clientRequest(inputs: Props, withSecret: boolean): Props {
  return defined(
    Object.fromEntries(
      CLIENT_FIELDS.filter(([field]) => withSecret || field !== "generateSecret").map(([field, api]) => [
        api,
        toApi(inputs[field]),
      ]),
    ),
  );
}

async function readClient(
  client: CognitoIdentityProviderClient,
  poolId: string,
  clientId: string,
  state: Props,
): Promise<Props | undefined> {
  const result = await orGone(() =>
    client.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId })),
  );
  const described = result?.UserPoolClient as Props | undefined;
  if (!described) return undefined;
  const state2: Props = {};
  for (const [field, api] of CLIENT_FIELDS)
    if (field !== "generateSecret") state2[field] = fromApi(described[api]);
  return defined({
    ...state2,
    id: clientId,
    // Not in DescribeUserPoolClient: Read keeps what the state had (null after an import).
    generateSecret: state.generateSecret,
    clientSecret: described.ClientSecret ?? "",
  });
}

const userPoolClient: ResourceType = {
  rules: clientRules,
  framework: true,
  async create(client, inputs) {
    const result = await client.send(new CreateUserPoolClientCommand(clientRequest(inputs, true) as never));
    const id = result.UserPoolClient!.ClientId!;
    return { id, outs: (await readClient(client, inputs.userPoolId as string, id, inputs))! };
  },
  async read(client, id, state) {
    // An import passes `<pool id>/<client id>`; afterwards the ID is the client's and the pool is in state.
    const [poolId, clientId] = id.includes("/") ? id.split("/", 2) : [state.userPoolId as string, id];
    return readClient(client, poolId!, clientId!, state);
  },
  async update(client, id, _olds, news) {
    // UpdateUserPoolClient resets what it is not sent: user_pool_client.go sends every argument.
    await client.send(
      new UpdateUserPoolClientCommand({ ...(clientRequest(news, false) as object), ClientId: id } as never),
    );
    return (await readClient(client, news.userPoolId as string, id, news))!;
  },
  async delete(client, id, state) {
    await orGone(() =>
      client.send(new DeleteUserPoolClientCommand({ UserPoolId: state.userPoolId as string, ClientId: id })),
    );
  },
  inputsFromState: (state) => pick(state, clientRules),
};

// ---------------------------------------------------------------------------------------------------------------
// aws:cognito/userPoolDomain:UserPoolDomain — internal/service/cognitoidp/user_pool_domain.go. Imported by the
// domain; Read sets user_pool_id from DescribeUserPoolDomain.
const domainRules: Rules = {
  domain: { forceNew: true },
  userPoolId: { forceNew: true },
  certificateArn: {},
  managedLoginVersion: { computed: true },
  awsAccountId: { outputOnly: true },
  cloudfrontDistribution: { outputOnly: true },
  cloudfrontDistributionArn: { outputOnly: true },
  cloudfrontDistributionZoneId: { outputOnly: true },
  s3Bucket: { outputOnly: true },
  version: { outputOnly: true },
};

async function readDomain(client: CognitoIdentityProviderClient, domain: string): Promise<Props | undefined> {
  const result = await client.send(new DescribeUserPoolDomainCommand({ Domain: domain }));
  const description = result.DomainDescription;
  // user_pool_domain.go: an empty description means the domain is gone.
  if (!description?.Domain) return undefined;
  return defined({
    id: description.Domain,
    domain: description.Domain,
    userPoolId: description.UserPoolId,
    certificateArn: description.CustomDomainConfig?.CertificateArn,
    managedLoginVersion: description.ManagedLoginVersion,
    awsAccountId: description.AWSAccountId,
    cloudfrontDistribution: description.CloudFrontDistribution,
    cloudfrontDistributionArn: description.CloudFrontDistribution
      ? `arn:aws:cloudfront::${description.AWSAccountId ?? ""}:distribution/${description.CloudFrontDistribution}`
      : undefined,
    cloudfrontDistributionZoneId: "Z2FDTNDATAQYW2",
    s3Bucket: description.S3Bucket,
    version: description.Version,
  });
}

const userPoolDomain: ResourceType = {
  rules: domainRules,
  async create(client, inputs) {
    await client.send(
      new CreateUserPoolDomainCommand({
        Domain: inputs.domain as string,
        UserPoolId: inputs.userPoolId as string,
        ...(inputs.certificateArn
          ? { CustomDomainConfig: { CertificateArn: inputs.certificateArn as string } }
          : {}),
        ...(inputs.managedLoginVersion !== undefined
          ? { ManagedLoginVersion: Number(inputs.managedLoginVersion) }
          : {}),
      }),
    );
    const outs = await readDomain(client, inputs.domain as string);
    return { id: inputs.domain as string, outs: outs ?? inputs };
  },
  read: (client, id) => readDomain(client, id),
  async update(client, id, _olds, news) {
    await client.send(
      new UpdateUserPoolDomainCommand({
        Domain: id,
        UserPoolId: news.userPoolId as string,
        ...(news.certificateArn
          ? { CustomDomainConfig: { CertificateArn: news.certificateArn as string } }
          : {}),
        ...(news.managedLoginVersion !== undefined
          ? { ManagedLoginVersion: Number(news.managedLoginVersion) }
          : {}),
      }),
    );
    return (await readDomain(client, id)) ?? news;
  },
  async delete(client, id, state) {
    await orGone(() =>
      client.send(new DeleteUserPoolDomainCommand({ Domain: id, UserPoolId: state.userPoolId as string })),
    );
  },
  inputsFromState: (state) => pick(state, domainRules),
};

// ---------------------------------------------------------------------------------------------------------------
// aws:cognito/resourceServer:ResourceServer — internal/service/cognitoidp/resource_server.go. ID `<pool>|<identifier>`.
const serverRules: Rules = {
  identifier: { forceNew: true },
  userPoolId: { forceNew: true },
  name: {},
  scopes: {},
  scopeIdentifiers: { outputOnly: true },
};

function scopesToApi(scopes: unknown): { ScopeName: string; ScopeDescription: string }[] {
  return ((scopes as Props[] | undefined) ?? []).map((scope) => ({
    ScopeName: scope.scopeName as string,
    ScopeDescription: scope.scopeDescription as string,
  }));
}

async function readServer(client: CognitoIdentityProviderClient, id: string): Promise<Props | undefined> {
  const [poolId, identifier] = id.split("|", 2);
  const result = await orGone(() =>
    client.send(new DescribeResourceServerCommand({ UserPoolId: poolId, Identifier: identifier })),
  );
  const server = result?.ResourceServer;
  if (!server) return undefined;
  const scopes = (server.Scopes ?? []).map((scope) => ({
    scopeName: scope.ScopeName,
    scopeDescription: scope.ScopeDescription,
  }));
  return defined({
    id,
    identifier: server.Identifier,
    userPoolId: server.UserPoolId,
    name: server.Name,
    scopes: scopes.length > 0 ? scopes : undefined,
    scopeIdentifiers: scopes.map((scope) => `${server.Identifier}/${scope.scopeName}`),
  });
}

const resourceServer: ResourceType = {
  rules: serverRules,
  async create(client, inputs) {
    await client.send(
      new CreateResourceServerCommand({
        UserPoolId: inputs.userPoolId as string,
        Identifier: inputs.identifier as string,
        Name: inputs.name as string,
        Scopes: scopesToApi(inputs.scopes),
      }),
    );
    const id = `${inputs.userPoolId as string}|${inputs.identifier as string}`;
    return { id, outs: (await readServer(client, id))! };
  },
  read: (client, id) => readServer(client, id),
  async update(client, id, _olds, news) {
    await client.send(
      new UpdateResourceServerCommand({
        UserPoolId: news.userPoolId as string,
        Identifier: news.identifier as string,
        Name: news.name as string,
        Scopes: scopesToApi(news.scopes),
      }),
    );
    return (await readServer(client, id))!;
  },
  async delete(client, id) {
    const [poolId, identifier] = id.split("|", 2);
    await orGone(() =>
      client.send(new DeleteResourceServerCommand({ UserPoolId: poolId, Identifier: identifier })),
    );
  },
  inputsFromState: (state) => pick(state, serverRules),
};

// ---------------------------------------------------------------------------------------------------------------
// aws:cognito/identityProvider:IdentityProvider — internal/service/cognitoidp/identity_provider.go. ID
// `<pool>:<provider name>`. Read sets provider_details from AWS, secrets included (pulumi/pulumi-aws#5401).
const idpRules: Rules = {
  userPoolId: { forceNew: true },
  providerName: { forceNew: true },
  providerType: { forceNew: true },
  providerDetails: {},
  attributeMapping: { computed: true },
  idpIdentifiers: {},
};

async function readIdp(client: CognitoIdentityProviderClient, id: string): Promise<Props | undefined> {
  const [poolId, name] = [id.slice(0, id.indexOf(":")), id.slice(id.indexOf(":") + 1)];
  const result = await orGone(() =>
    client.send(new DescribeIdentityProviderCommand({ UserPoolId: poolId, ProviderName: name })),
  );
  const idp = result?.IdentityProvider;
  if (!idp) return undefined;
  return defined({
    id,
    userPoolId: idp.UserPoolId,
    providerName: idp.ProviderName,
    providerType: idp.ProviderType,
    providerDetails: idp.ProviderDetails,
    attributeMapping: idp.AttributeMapping,
    idpIdentifiers: idp.IdpIdentifiers && idp.IdpIdentifiers.length > 0 ? idp.IdpIdentifiers : undefined,
  });
}

const identityProvider: ResourceType = {
  rules: idpRules,
  async create(client, inputs) {
    await client.send(
      new CreateIdentityProviderCommand({
        UserPoolId: inputs.userPoolId as string,
        ProviderName: inputs.providerName as string,
        ProviderType: inputs.providerType as never,
        ProviderDetails: inputs.providerDetails as Record<string, string>,
        AttributeMapping: inputs.attributeMapping as Record<string, string> | undefined,
        IdpIdentifiers: inputs.idpIdentifiers as string[] | undefined,
      }),
    );
    const id = `${inputs.userPoolId as string}:${inputs.providerName as string}`;
    return { id, outs: (await readIdp(client, id))! };
  },
  read: (client, id) => readIdp(client, id),
  async update(client, id, _olds, news) {
    await client.send(
      new UpdateIdentityProviderCommand({
        UserPoolId: news.userPoolId as string,
        ProviderName: news.providerName as string,
        ProviderDetails: news.providerDetails as Record<string, string>,
        AttributeMapping: news.attributeMapping as Record<string, string> | undefined,
        IdpIdentifiers: news.idpIdentifiers as string[] | undefined,
      }),
    );
    return (await readIdp(client, id))!;
  },
  async delete(client, _id, state) {
    await orGone(() =>
      client.send(
        new DeleteIdentityProviderCommand({
          UserPoolId: state.userPoolId as string,
          ProviderName: state.providerName as string,
        }),
      ),
    );
  },
  inputsFromState: (state) => pick(state, idpRules),
};

// ---------------------------------------------------------------------------------------------------------------
// aws:cognito/userGroup:UserGroup — internal/service/cognitoidp/user_group.go. ID `<pool>/<name>`.
const groupRules: Rules = {
  userPoolId: { forceNew: true },
  name: { forceNew: true },
  description: {},
  precedence: {},
  roleArn: {},
};

async function readGroup(client: CognitoIdentityProviderClient, id: string): Promise<Props | undefined> {
  const [poolId, name] = [id.slice(0, id.indexOf("/")), id.slice(id.indexOf("/") + 1)];
  const result = await orGone(() =>
    client.send(new GetGroupCommand({ UserPoolId: poolId, GroupName: name })),
  );
  const group = result?.Group;
  if (!group) return undefined;
  return defined({
    id,
    userPoolId: group.UserPoolId,
    name: group.GroupName,
    description: group.Description,
    precedence: group.Precedence,
    roleArn: group.RoleArn,
  });
}

const userGroup: ResourceType = {
  rules: groupRules,
  async create(client, inputs) {
    await client.send(
      new CreateGroupCommand({
        UserPoolId: inputs.userPoolId as string,
        GroupName: inputs.name as string,
        Description: inputs.description as string | undefined,
        Precedence: inputs.precedence as number | undefined,
        RoleArn: inputs.roleArn as string | undefined,
      }),
    );
    const id = `${inputs.userPoolId as string}/${inputs.name as string}`;
    return { id, outs: (await readGroup(client, id))! };
  },
  read: (client, id) => readGroup(client, id),
  async update(client, id, _olds, news) {
    await client.send(
      new UpdateGroupCommand({
        UserPoolId: news.userPoolId as string,
        GroupName: news.name as string,
        Description: news.description as string | undefined,
        Precedence: news.precedence as number | undefined,
        RoleArn: news.roleArn as string | undefined,
      }),
    );
    return (await readGroup(client, id))!;
  },
  async delete(client, id) {
    const [poolId, name] = [id.slice(0, id.indexOf("/")), id.slice(id.indexOf("/") + 1)];
    await orGone(() => client.send(new DeleteGroupCommand({ UserPoolId: poolId, GroupName: name })));
  },
  inputsFromState: (state) => pick(state, groupRules),
};

// ---------------------------------------------------------------------------------------------------------------
// aws:lambda/permission:Permission — internal/service/lambda/permission.go: every argument forces replacement.
// moto's Lambda needs Docker to hold functions, which these machines lack: the permission is recorded (its
// state is its inputs, with the statement ID terraform generates) and never sent.
const permissionRules: Rules = {
  action: { forceNew: true },
  function: { forceNew: true },
  principal: { forceNew: true },
  qualifier: { forceNew: true },
  sourceArn: { forceNew: true },
  sourceAccount: { forceNew: true },
  statementId: { forceNew: true, computed: true },
};

const lambdaPermission: ResourceType = {
  rules: permissionRules,
  create(_client, inputs) {
    const statementId = (inputs.statementId as string | undefined) ?? `terraform-${Date.now()}`;
    return Promise.resolve({ id: statementId, outs: { ...inputs, statementId } });
  },
  read: (_client, _id, state) => Promise.resolve(state),
  update: (_client, _id, _olds, news) => Promise.resolve(news),
  delete: () => Promise.resolve(),
  inputsFromState: (state) => pick(state, permissionRules),
};

export const RESOURCE_TYPES: Record<string, ResourceType> = {
  "aws:cognito/userPool:UserPool": userPool,
  "aws:cognito/userPoolClient:UserPoolClient": userPoolClient,
  "aws:cognito/userPoolDomain:UserPoolDomain": userPoolDomain,
  "aws:cognito/resourceServer:ResourceServer": resourceServer,
  "aws:cognito/identityProvider:IdentityProvider": identityProvider,
  "aws:cognito/userGroup:UserGroup": userGroup,
  "aws:lambda/permission:Permission": lambdaPermission,
};
