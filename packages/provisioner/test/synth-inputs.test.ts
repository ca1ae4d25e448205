// What the program declares for a manifest: every resource's inputs, field by field, as synth records them.
import { describe, expect, it } from "vitest";
import { RESOURCE_TYPES, synth } from "../src/index.ts";
import type { ResourceGraph } from "../src/index.ts";
import { exampleManifest, poolDocument, resourceNamed, validManifest } from "./fixtures.ts";

/** pulumi-aws adds these to every explicit provider's inputs itself; the program sets only the region. */
const PROVIDER_DEFAULTS = { skipCredentialsValidation: "false", skipRegionValidation: "true" };
const TOKEN_VALIDITY_UNITS = { accessToken: "minutes", idToken: "minutes", refreshToken: "days" };
const USER_POOL_ID = /^[a-z0-9-]+_[0-9A-Za-z]{9}$/;

function poolId(graph: ResourceGraph): string {
  const id = graph.outputs.user_pool_id;
  if (typeof id !== "string" || !USER_POOL_ID.test(id)) throw new Error(`no user pool id in ${graph.stack}`);
  return id;
}

function resourceList(graph: ResourceGraph) {
  return graph.resources.map(({ type, name, provider }) => ({ type, name, provider }));
}

describe("synth of examples/quick-start.yaml", async () => {
  const graph = await synth(exampleManifest("quick-start"));

  it("declares the provider, the pool and one client, on the stack its labels name", () => {
    expect(graph.stack).toBe("my-org/my-project/dev.AwsCognitoUserPool.my-auth");
    expect(resourceList(graph)).toEqual([
      { type: RESOURCE_TYPES.provider, name: "aws", provider: undefined },
      { type: RESOURCE_TYPES.userPool, name: "my-auth", provider: "aws" },
      { type: RESOURCE_TYPES.userPoolClient, name: "my-auth-web-app", provider: "aws" },
    ]);
  });

  it("configures the provider for the manifest's region", () => {
    expect(resourceNamed(graph, "aws").inputs).toEqual({ region: "us-east-1", ...PROVIDER_DEFAULTS });
  });

  it("passes only the fields the manifest sets, and the defaults AWS needs explicitly", () => {
    const pool = resourceNamed(graph, "my-auth");
    expect(pool.inputs).toEqual({
      name: "my-auth",
      usernameAttributes: ["email"],
      usernameConfiguration: { caseSensitive: false },
      mfaConfiguration: "OFF",
      autoVerifiedAttributes: ["email"],
      adminCreateUserConfig: { allowAdminCreateUserOnly: false },
      deletionProtection: "INACTIVE",
      tags: { "managed-by": "cognito-action", "openmcf.org/name": "my-auth" },
    });
    expect(pool.protect).toBeUndefined();
    expect(pool.dependencies).toBeUndefined();
  });

  it("gives the client default validities in explicit units, fed by the pool's id", () => {
    const client = resourceNamed(graph, "my-auth-web-app");
    expect(client.inputs).toEqual({
      name: "web-app",
      userPoolId: poolId(graph),
      generateSecret: false,
      allowedOauthFlowsUserPoolClient: false,
      explicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
      accessTokenValidity: 60,
      idTokenValidity: 60,
      refreshTokenValidity: 30,
      tokenValidityUnits: TOKEN_VALIDITY_UNITS,
    });
    expect(client.dependencies).toEqual({ userPoolId: ["my-auth"] });
    expect(client.protect).toBeUndefined();
  });
});

describe("synth of examples/hosted-ui.yaml", async () => {
  const graph = await synth(exampleManifest("hosted-ui"));

  it("declares the provider, the pool, the client and the prefix domain", () => {
    expect(graph.stack).toBe("acme/webapp/staging.AwsCognitoUserPool.webapp-auth");
    expect(resourceList(graph)).toEqual([
      { type: RESOURCE_TYPES.provider, name: "aws", provider: undefined },
      { type: RESOURCE_TYPES.userPool, name: "webapp-auth", provider: "aws" },
      { type: RESOURCE_TYPES.userPoolClient, name: "webapp-auth-web-app", provider: "aws" },
      { type: RESOURCE_TYPES.userPoolDomain, name: "webapp-auth-domain", provider: "aws" },
    ]);
    expect(resourceNamed(graph, "aws").inputs).toEqual({ region: "us-east-1", ...PROVIDER_DEFAULTS });
  });

  it("fills the password policy's unset fields with the schema defaults", () => {
    const pool = resourceNamed(graph, "webapp-auth");
    expect(pool.inputs).toEqual({
      name: "webapp-auth",
      usernameAttributes: ["email"],
      usernameConfiguration: { caseSensitive: false },
      passwordPolicy: {
        minimumLength: 10,
        requireLowercase: true,
        requireUppercase: true,
        requireNumbers: true,
        requireSymbols: false,
        temporaryPasswordValidityDays: 7,
      },
      mfaConfiguration: "OFF",
      autoVerifiedAttributes: ["email"],
      accountRecoverySetting: { recoveryMechanisms: [{ name: "verified_email", priority: 1 }] },
      adminCreateUserConfig: { allowAdminCreateUserOnly: false },
      deletionProtection: "INACTIVE",
      tags: { "managed-by": "cognito-action", "openmcf.org/name": "webapp-auth" },
    });
    expect(pool.protect).toBeUndefined();
  });

  it("maps every OAuth field of the client", () => {
    const client = resourceNamed(graph, "webapp-auth-web-app");
    expect(client.inputs).toEqual({
      name: "web-app",
      userPoolId: poolId(graph),
      generateSecret: false,
      allowedOauthFlowsUserPoolClient: true,
      allowedOauthFlows: ["code"],
      allowedOauthScopes: ["openid", "email", "profile"],
      callbackUrls: ["https://staging.example.com/callback"],
      logoutUrls: ["https://staging.example.com/logout"],
      // Not in the manifest: an OAuth client signs in with the pool's own directory unless it says otherwise.
      supportedIdentityProviders: ["COGNITO"],
      explicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
      enableTokenRevocation: true,
      preventUserExistenceErrors: "ENABLED",
      accessTokenValidity: 60,
      idTokenValidity: 60,
      refreshTokenValidity: 30,
      tokenValidityUnits: TOKEN_VALIDITY_UNITS,
    });
    expect(client.dependencies).toEqual({ userPoolId: ["webapp-auth"] });
  });

  it("gives the prefix domain no certificate", () => {
    const domain = resourceNamed(graph, "webapp-auth-domain");
    expect(domain.inputs).toEqual({ domain: "acme-staging-auth", userPoolId: poolId(graph) });
    expect(domain.dependencies).toEqual({ userPoolId: ["webapp-auth"] });
  });
});

describe("synth of examples/production.yaml", async () => {
  const graph = await synth(exampleManifest("production"));

  it("declares the resource server, the risk configuration, the log delivery and the web ACL association, then two clients in manifest order, the web client's own risk configuration, the domain, and the web client's branding style last", () => {
    expect(graph.stack).toBe("acme/platform/prod.AwsCognitoUserPool.prod-auth");
    expect(resourceList(graph)).toEqual([
      { type: RESOURCE_TYPES.provider, name: "aws", provider: undefined },
      { type: RESOURCE_TYPES.userPool, name: "prod-auth", provider: "aws" },
      { type: RESOURCE_TYPES.resourceServer, name: "prod-auth-server-api", provider: "aws" },
      { type: RESOURCE_TYPES.riskConfiguration, name: "prod-auth-risk", provider: "aws" },
      { type: RESOURCE_TYPES.logDeliveryConfiguration, name: "prod-auth-logs", provider: "aws" },
      { type: RESOURCE_TYPES.webAclAssociation, name: "prod-auth-waf", provider: "aws" },
      { type: RESOURCE_TYPES.userPoolClient, name: "prod-auth-web-spa", provider: "aws" },
      { type: RESOURCE_TYPES.userPoolClient, name: "prod-auth-api-server", provider: "aws" },
      { type: RESOURCE_TYPES.riskConfiguration, name: "prod-auth-web-spa-risk", provider: "aws" },
      { type: RESOURCE_TYPES.userPoolDomain, name: "prod-auth-domain", provider: "aws" },
      { type: RESOURCE_TYPES.managedLoginBranding, name: "prod-auth-branding-web-spa", provider: "aws" },
    ]);
    expect(resourceNamed(graph, "aws").inputs).toEqual({ region: "us-east-1", ...PROVIDER_DEFAULTS });
  });

  it("maps MFA, SMS, threat protection, email and deletion protection, and protects the pool in Pulumi too", () => {
    const pool = resourceNamed(graph, "prod-auth");
    expect(pool.inputs).toEqual({
      name: "prod-auth",
      usernameAttributes: ["email"],
      usernameConfiguration: { caseSensitive: false },
      passwordPolicy: {
        minimumLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireNumbers: true,
        requireSymbols: true,
        temporaryPasswordValidityDays: 3,
        passwordHistorySize: 5,
      },
      mfaConfiguration: "OPTIONAL",
      softwareTokenMfaConfiguration: { enabled: true },
      autoVerifiedAttributes: ["email", "phone_number"],
      accountRecoverySetting: { recoveryMechanisms: [{ name: "verified_email", priority: 1 }] },
      emailConfiguration: {
        emailSendingAccount: "DEVELOPER",
        sourceArn: "arn:aws:ses:us-east-1:123456789012:identity/noreply@example.com",
        fromEmailAddress: "Acme <noreply@example.com>",
      },
      adminCreateUserConfig: { allowAdminCreateUserOnly: false },
      deletionProtection: "ACTIVE",
      tags: {
        team: "identity",
        "cost-center": "cc-1234",
        "managed-by": "cognito-action",
        "openmcf.org/name": "prod-auth",
      },
      userPoolTier: "PLUS",
      userPoolAddOns: { advancedSecurityMode: "ENFORCED" },
      smsConfiguration: {
        snsCallerArn: "arn:aws:iam::123456789012:role/prod-auth-cognito-sms",
        externalId: "prod-auth-sms",
      },
      smsAuthenticationMessage: "Your Acme sign-in code is {####}",
      deviceConfiguration: { challengeRequiredOnNewDevice: true, deviceOnlyRememberedOnUserPrompt: true },
      userAttributeUpdateSettings: { attributesRequireVerificationBeforeUpdates: ["email"] },
    });
    expect(pool.protect).toBe(true);
  });

  it("maps the public client with explicit validities", () => {
    expect(resourceNamed(graph, "prod-auth-web-spa").inputs).toEqual({
      name: "web-spa",
      userPoolId: poolId(graph),
      generateSecret: false,
      allowedOauthFlowsUserPoolClient: true,
      allowedOauthFlows: ["code"],
      allowedOauthScopes: ["openid", "email", "profile"],
      callbackUrls: ["https://app.example.com/callback"],
      logoutUrls: ["https://app.example.com/logout"],
      supportedIdentityProviders: ["COGNITO"],
      explicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
      enableTokenRevocation: true,
      preventUserExistenceErrors: "ENABLED",
      accessTokenValidity: 60,
      idTokenValidity: 60,
      // Beyond OpenMCF: tokenValidity.refreshToken, 12 hours.
      refreshTokenValidity: 12,
      tokenValidityUnits: { ...TOKEN_VALIDITY_UNITS, refreshToken: "hours" },
    });
  });

  it("maps the confidential client, leaving out what it does not set", () => {
    expect(resourceNamed(graph, "prod-auth-api-server").inputs).toEqual({
      name: "api-server",
      userPoolId: poolId(graph),
      generateSecret: true,
      allowedOauthFlowsUserPoolClient: true,
      allowedOauthFlows: ["client_credentials"],
      allowedOauthScopes: ["api/read", "api/write"],
      supportedIdentityProviders: ["COGNITO"],
      enableTokenRevocation: true,
      accessTokenValidity: 30,
      idTokenValidity: 60,
      refreshTokenValidity: 30,
      tokenValidityUnits: TOKEN_VALIDITY_UNITS,
    });
  });

  it("feeds the pool's id to every client and the domain, and records that dependency", () => {
    for (const name of ["prod-auth-web-spa", "prod-auth-api-server", "prod-auth-domain"]) {
      const resource = resourceNamed(graph, name);
      expect(resource.dependencies, name).toEqual({ userPoolId: ["prod-auth"] });
      expect(resource.protect, name).toBeUndefined();
    }
    expect(resourceNamed(graph, "prod-auth-domain").inputs).toEqual({
      domain: "acme-prod-auth",
      userPoolId: poolId(graph),
      managedLoginVersion: 2,
    });
  });
});

describe("synth of fields the examples do not use", () => {
  async function poolInputs(spec: Record<string, unknown>, metadata?: Record<string, unknown>) {
    const graph = await synth(validManifest(poolDocument({ spec, metadata })));
    return resourceNamed(graph, "test-auth").inputs;
  }

  async function clientInputs(client: Record<string, unknown>) {
    const graph = await synth(validManifest(poolDocument({ spec: { clients: [client] } })));
    return resourceNamed(graph, `test-auth-${String(client.name)}`).inputs;
  }

  it("turns custom attributes into schemas with the constraints block of their type", async () => {
    const inputs = await poolInputs({
      customAttributes: [
        { name: "tenant", attributeDataType: "String", mutable: true },
        { name: "code", attributeDataType: "String", stringMinLength: 4, stringMaxLength: "12" },
        { name: "score", attributeDataType: "Number", numberMinValue: 0, numberMaxValue: 100 },
        { name: "age", attributeDataType: "Number" },
        { name: "joined", attributeDataType: "DateTime", mutable: false },
        { name: "vip", attributeDataType: "Boolean" },
      ],
    });
    expect(inputs.schemas).toEqual([
      {
        name: "tenant",
        attributeDataType: "String",
        mutable: true,
        stringAttributeConstraints: { minLength: "0", maxLength: "2048" },
      },
      {
        name: "code",
        attributeDataType: "String",
        stringAttributeConstraints: { minLength: "4", maxLength: "12" },
      },
      {
        name: "score",
        attributeDataType: "Number",
        numberAttributeConstraints: { minValue: "0", maxValue: "100" },
      },
      { name: "age", attributeDataType: "Number", numberAttributeConstraints: {} },
      { name: "joined", attributeDataType: "DateTime", mutable: false },
      { name: "vip", attributeDataType: "Boolean" },
    ]);
  });

  it("leaves schemas out when there are no custom attributes", async () => {
    expect(await poolInputs({})).not.toHaveProperty("schemas");
  });

  it("passes literal Lambda trigger ARNs through, and only the triggers that are set", async () => {
    const preSignUp = "arn:aws:lambda:eu-west-1:123456789012:function:pre-sign-up";
    const customMessage = "arn:aws:lambda:eu-west-1:123456789012:function:custom-message";
    const inputs = await poolInputs({ lambdaConfig: { preSignUp, customMessage: { value: customMessage } } });
    expect(inputs.lambdaConfig).toEqual({ preSignUp, customMessage });
  });

  it("uses alias attributes and case-sensitive usernames when set", async () => {
    const inputs = await poolInputs({
      aliasAttributes: ["email", "preferred_username"],
      usernameCaseSensitive: true,
    });
    expect(inputs.aliasAttributes).toEqual(["email", "preferred_username"]);
    expect(inputs).not.toHaveProperty("usernameAttributes");
    expect(inputs.usernameConfiguration).toEqual({ caseSensitive: true });
  });

  it("maps the email reply-to address and configuration set", async () => {
    const inputs = await poolInputs({
      emailConfiguration: {
        emailSendingAccount: "DEVELOPER",
        sourceArn: "arn:aws:ses:eu-west-1:123456789012:identity/example.com",
        replyToEmailAddress: "support@example.com",
        configurationSet: "auth-emails",
      },
    });
    expect(inputs.emailConfiguration).toEqual({
      emailSendingAccount: "DEVELOPER",
      sourceArn: "arn:aws:ses:eu-west-1:123456789012:identity/example.com",
      replyToEmailAddress: "support@example.com",
      configurationSet: "auth-emails",
    });
  });

  it("sends the default email account alone when nothing else is set", async () => {
    const inputs = await poolInputs({ emailConfiguration: {} });
    expect(inputs.emailConfiguration).toEqual({ emailSendingAccount: "COGNITO_DEFAULT" });
  });

  it("tags the pool with metadata org, env and id when they are set", async () => {
    const inputs = await poolInputs({}, { org: "acme", env: "prod", id: "cup-123" });
    expect(inputs.tags).toEqual({
      "managed-by": "cognito-action",
      "openmcf.org/name": "test-auth",
      "openmcf.org/org": "acme",
      "openmcf.org/env": "prod",
      "openmcf.org/id": "cup-123",
    });
  });

  it("passes token revocation and user existence errors through, with LEGACY and false kept", async () => {
    const inputs = await clientInputs({
      name: "legacy",
      enableTokenRevocation: false,
      preventUserExistenceErrors: "LEGACY",
    });
    expect(inputs.enableTokenRevocation).toBe(false);
    expect(inputs.preventUserExistenceErrors).toBe("LEGACY");
  });

  it("leaves token revocation and user existence errors out when unset, so AWS's defaults apply", async () => {
    const inputs = await clientInputs({ name: "plain" });
    expect(inputs).toEqual({
      name: "plain",
      userPoolId: expect.stringMatching(USER_POOL_ID) as unknown,
      generateSecret: false,
      allowedOauthFlowsUserPoolClient: false,
      accessTokenValidity: 60,
      idTokenValidity: 60,
      refreshTokenValidity: 30,
      tokenValidityUnits: TOKEN_VALIDITY_UNITS,
    });
  });

  it("maps the default redirect URI and the supported identity providers", async () => {
    const inputs = await clientInputs({
      name: "hosted",
      allowedOauthFlowsUserPoolClient: true,
      allowedOauthFlows: ["code"],
      allowedOauthScopes: ["openid"],
      callbackUrls: ["https://app.example.com/callback", "https://app.example.com/other"],
      defaultRedirectUri: "https://app.example.com/other",
      supportedIdentityProviders: ["COGNITO"],
      explicitAuthFlows: ["ALLOW_REFRESH_TOKEN_AUTH"],
      accessTokenValidityMinutes: 5,
      idTokenValidityMinutes: 1440,
      refreshTokenValidityDays: 3650,
    });
    expect(inputs).toMatchObject({
      callbackUrls: ["https://app.example.com/callback", "https://app.example.com/other"],
      defaultRedirectUri: "https://app.example.com/other",
      supportedIdentityProviders: ["COGNITO"],
      accessTokenValidity: 5,
      idTokenValidity: 1440,
      refreshTokenValidity: 3650,
      tokenValidityUnits: TOKEN_VALIDITY_UNITS,
    });
  });

  it("gives a custom domain its certificate", async () => {
    const certificateArn =
      "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789";
    const graph = await synth(
      validManifest(poolDocument({ spec: { domain: { domain: "auth.example.com", certificateArn } } })),
    );
    expect(resourceNamed(graph, "test-auth-domain").inputs).toEqual({
      domain: "auth.example.com",
      userPoolId: poolId(graph),
      certificateArn,
    });
  });

  it("leaves the pool unprotected and INACTIVE without deletion protection, and protected with it", async () => {
    const unprotected = await synth(validManifest(poolDocument({ spec: { deletionProtection: false } })));
    const protectedPool = await synth(validManifest(poolDocument({ spec: { deletionProtection: true } })));
    expect(resourceNamed(unprotected, "test-auth").inputs.deletionProtection).toBe("INACTIVE");
    expect(resourceNamed(unprotected, "test-auth").protect).toBeUndefined();
    expect(resourceNamed(protectedPool, "test-auth").inputs.deletionProtection).toBe("ACTIVE");
    expect(resourceNamed(protectedPool, "test-auth").protect).toBe(true);
    for (const resource of protectedPool.resources.filter((entry) => entry.name !== "test-auth"))
      expect(resource.protect, resource.name).toBeUndefined();
  });
});

describe("an AWS endpoint (LocalStack, moto)", () => {
  const endpoint = "http://127.0.0.1:5000";

  it("points the provider's endpoints for every service it calls there, and only when one is given", async () => {
    const graph = await synth(exampleManifest("quick-start"), { awsEndpointUrl: endpoint });
    // pulumi-aws ProviderEndpoint keys: cognitoidp for the pool and its parts, lambda for trigger permissions,
    // wafv2 for the web ACL association, sts and iam for what the provider asks about its credentials. A provider's object inputs reach the
    // engine JSON-encoded, as the SDK sends every non-string provider input.
    expect(resourceNamed(graph, "aws").inputs).toEqual({
      region: "us-east-1",
      ...PROVIDER_DEFAULTS,
      endpoints: JSON.stringify([
        { cognitoidp: endpoint, iam: endpoint, lambda: endpoint, sts: endpoint, wafv2: endpoint },
      ]),
    });
    const plain = await synth(exampleManifest("quick-start"));
    expect(resourceNamed(plain, "aws").inputs).not.toHaveProperty("endpoints");
  });
});
