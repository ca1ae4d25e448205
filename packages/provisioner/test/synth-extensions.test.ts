// What the program declares beyond the OpenMCF component: resource servers, identity providers, groups, the
// triggers' Lambda permissions and the new pool inputs, with the dependencies synth records for each.
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { detailValue, providerDetailsDigest } from "../src/program/identity-providers.ts";
import { RESOURCE_TYPES, SECRET_PLACEHOLDER, synth, SynthError } from "../src/index.ts";
import type { ResourceGraph } from "../src/index.ts";
import { exampleManifest, poolDocument, resourceNamed, resourcesOfType, validManifest } from "./fixtures.ts";

const LAMBDA_ARN = "arn:aws:lambda:eu-west-1:123456789012:function:pre-sign-up";
const ROLE_ARN = "arn:aws:iam::123456789012:role/admins";
const GOOGLE_SECRET = "GOCSPX-value-that-never-shows";

/** A pool using every resource beyond OpenMCF, valid as written. */
function extendedDocument(spec: Record<string, unknown> = {}) {
  return poolDocument({
    spec: {
      userPoolTier: "ESSENTIALS",
      autoVerifiedAttributes: ["email"],
      resourceServers: [
        {
          identifier: "https://api.example.com",
          name: "Acme API",
          scopes: [
            { name: "read", description: "Read access" },
            { name: "write", description: "Write access" },
          ],
        },
      ],
      identityProviders: [
        {
          providerName: "Google",
          providerType: "Google",
          providerDetails: {
            client_id: "1234-abc.apps.googleusercontent.com",
            client_secret: { valueFromEnv: "GOOGLE_CLIENT_SECRET" },
            authorize_scopes: "openid email",
          },
          attributeMapping: { email: "email", username: "sub" },
        },
      ],
      groups: [
        { name: "admins", description: "Administrators", precedence: 1, roleArn: ROLE_ARN },
        { name: "readers" },
      ],
      lambdaConfig: { preSignUp: LAMBDA_ARN, postConfirmation: `${LAMBDA_ARN}:live` },
      clients: [
        {
          name: "web",
          allowedOauthFlowsUserPoolClient: true,
          allowedOauthFlows: ["code"],
          allowedOauthScopes: ["openid", "https://api.example.com/read"],
          callbackUrls: ["https://app.example.com/callback"],
          supportedIdentityProviders: ["COGNITO", "Google"],
        },
        { name: "plain", explicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] },
      ],
      ...spec,
    },
  });
}

function poolIdOf(graph: ResourceGraph): string {
  return String(graph.outputs.user_pool_id);
}

describe("synth of a pool with every resource beyond OpenMCF", async () => {
  const graph = await synth(validManifest(extendedDocument()));

  it("declares them after the pool and before the clients that use them", () => {
    expect(graph.resources.map(({ type, name }) => [type, name])).toEqual([
      [RESOURCE_TYPES.provider, "aws"],
      [RESOURCE_TYPES.userPool, "test-auth"],
      [RESOURCE_TYPES.resourceServer, "test-auth-server-https://api.example.com"],
      [RESOURCE_TYPES.identityProvider, "test-auth-idp-Google"],
      [RESOURCE_TYPES.userGroup, "test-auth-group-admins"],
      [RESOURCE_TYPES.userGroup, "test-auth-group-readers"],
      [RESOURCE_TYPES.lambdaPermission, "test-auth-invoke-preSignUp"],
      [RESOURCE_TYPES.lambdaPermission, "test-auth-invoke-postConfirmation"],
      [RESOURCE_TYPES.userPoolClient, "test-auth-web"],
      [RESOURCE_TYPES.userPoolClient, "test-auth-plain"],
    ]);
    expect(graph.resources.filter((resource) => resource.name !== "aws").map((r) => r.provider)).toEqual(
      Array(9).fill("aws"),
    );
  });

  it("maps the resource server and its scopes", () => {
    const server = resourceNamed(graph, "test-auth-server-https://api.example.com");
    expect(server.inputs).toEqual({
      userPoolId: poolIdOf(graph),
      identifier: "https://api.example.com",
      name: "Acme API",
      scopes: [
        { scopeName: "read", scopeDescription: "Read access" },
        { scopeName: "write", scopeDescription: "Write access" },
      ],
    });
    expect(server.dependsOn).toEqual(["test-auth"]);
  });

  it("maps the identity provider, showing where its secret comes from and never a value", () => {
    expect(resourceNamed(graph, "test-auth-idp-Google").inputs).toEqual({
      userPoolId: poolIdOf(graph),
      providerName: "Google",
      providerType: "Google",
      providerDetails: {
        client_id: "1234-abc.apps.googleusercontent.com",
        client_secret: "(from $GOOGLE_CLIENT_SECRET)",
        authorize_scopes: "openid email",
      },
      attributeMapping: { email: "email", username: "sub" },
    });
  });

  it("maps groups with only the fields they set", () => {
    expect(resourceNamed(graph, "test-auth-group-admins").inputs).toEqual({
      userPoolId: poolIdOf(graph),
      name: "admins",
      description: "Administrators",
      precedence: 1,
      roleArn: ROLE_ARN,
    });
    expect(resourceNamed(graph, "test-auth-group-readers").inputs).toEqual({
      userPoolId: poolIdOf(graph),
      name: "readers",
    });
  });

  it("lets Cognito invoke each trigger, from this pool only", () => {
    expect(resourceNamed(graph, "test-auth-invoke-preSignUp").inputs).toEqual({
      action: "lambda:InvokeFunction",
      function: LAMBDA_ARN,
      principal: "cognito-idp.amazonaws.com",
      sourceArn: String(graph.outputs.user_pool_arn),
    });
    expect(resourceNamed(graph, "test-auth-invoke-preSignUp").dependsOn).toEqual(["test-auth"]);
  });

  it("grants a trigger with an alias on the function, with the alias as the qualifier", () => {
    expect(resourceNamed(graph, "test-auth-invoke-postConfirmation").inputs).toMatchObject({
      function: LAMBDA_ARN,
      qualifier: "live",
    });
  });

  it("makes a client wait for the resource server and identity provider it uses", () => {
    const web = resourceNamed(graph, "test-auth-web");
    expect(web.dependsOn).toEqual([
      "test-auth",
      "test-auth-idp-Google",
      "test-auth-server-https://api.example.com",
    ]);
    expect(resourceNamed(graph, "test-auth-plain").dependsOn).toEqual(["test-auth"]);
  });

  it("gives every resource its dependsOn, the provider aside", () => {
    expect(resourceNamed(graph, "aws").dependsOn).toEqual([]);
    expect(resourceNamed(graph, "test-auth").dependsOn).toEqual([]);
    for (const resource of graph.resources) expect(resource.dependsOn).not.toContain("aws");
  });

  it("passes the feature plan to the pool", () => {
    expect(resourceNamed(graph, "test-auth").inputs.userPoolTier).toBe("ESSENTIALS");
  });

  it("exports the scope identifiers, provider names and group names for dependents", () => {
    expect(graph.outputs).toMatchObject({
      resource_server_scope_identifiers: {
        "https://api.example.com": ["https://api.example.com/read", "https://api.example.com/write"],
      },
      identity_provider_names: ["Google"],
      user_group_names: ["admins", "readers"],
    });
  });
});

describe("values from the environment", () => {
  it("reach Pulumi as secrets", async () => {
    const value = detailValue({ valueFromEnv: "GOOGLE_CLIENT_SECRET" }, ["spec"], {
      GOOGLE_CLIENT_SECRET: GOOGLE_SECRET,
    });
    expect(pulumi.Output.isInstance(value)).toBe(true);
    expect(await pulumi.isSecret(pulumi.output(value))).toBe(true);
  });

  it("show only as where they come from when no value is given (synth, offline plans)", () => {
    expect(detailValue({ valueFromEnv: "GOOGLE_CLIENT_SECRET" }, ["spec"], undefined)).toBe(
      "(from $GOOGLE_CLIENT_SECRET)",
    );
  });

  it("never enter the graph, even when a deploy's values are given", async () => {
    const graph = await synth(validManifest(extendedDocument()), {
      envValues: { GOOGLE_CLIENT_SECRET: GOOGLE_SECRET },
    });
    expect(resourceNamed(graph, "test-auth-idp-Google").inputs.providerDetails).toEqual({
      client_id: "1234-abc.apps.googleusercontent.com",
      client_secret: SECRET_PLACEHOLDER,
      authorize_scopes: "openid email",
    });
    expect(JSON.stringify(graph)).not.toContain(GOOGLE_SECRET);
  });

  it("stop a deploying program that lacks one, naming the variable and the field", async () => {
    await expect(synth(validManifest(extendedDocument()), { envValues: {} })).rejects.toThrow(SynthError);
    await expect(synth(validManifest(extendedDocument()), { envValues: {} })).rejects.toThrow(
      "environment variable GOOGLE_CLIENT_SECRET (for spec.identityProviders[0].providerDetails.client_secret) is not set",
    );
  });
});

describe("pool inputs beyond OpenMCF", () => {
  it("maps messages, sign-in policy, passkeys, email MFA and refresh token rotation, the invitation inside adminCreateUserConfig", async () => {
    const graph = await synth(
      validManifest(
        poolDocument({
          spec: {
            userPoolTier: "PLUS",
            autoVerifiedAttributes: ["email"],
            emailConfiguration: {
              emailSendingAccount: "DEVELOPER",
              sourceArn: "arn:aws:ses:eu-west-1:123456789012:identity/noreply@example.com",
            },
            verificationMessageTemplate: {
              defaultEmailOption: "CONFIRM_WITH_LINK",
              emailSubjectByLink: "Verify your email",
              emailMessageByLink: "Please {##verify your email##}",
            },
            inviteMessageTemplate: {
              emailSubject: "Welcome",
              emailMessage: "Your username is {username} and your temporary password is {####}",
            },
            signInPolicy: { allowedFirstAuthFactors: ["PASSWORD", "WEB_AUTHN"] },
            webAuthn: { relyingPartyId: "auth.example.com" },
            mfaConfiguration: "OPTIONAL",
            emailMfa: { subject: "Your code", message: "Your sign-in code is {####}" },
            clients: [
              {
                name: "web",
                explicitAuthFlows: ["ALLOW_USER_AUTH"],
                refreshTokenRotation: { feature: "ENABLED", retryGracePeriodSeconds: 10 },
              },
            ],
          },
        }),
      ),
    );
    expect(resourceNamed(graph, "test-auth").inputs).toMatchObject({
      userPoolTier: "PLUS",
      verificationMessageTemplate: {
        defaultEmailOption: "CONFIRM_WITH_LINK",
        emailSubjectByLink: "Verify your email",
        emailMessageByLink: "Please {##verify your email##}",
      },
      adminCreateUserConfig: {
        allowAdminCreateUserOnly: false,
        inviteMessageTemplate: {
          emailSubject: "Welcome",
          emailMessage: "Your username is {username} and your temporary password is {####}",
        },
      },
      signInPolicy: { allowedFirstAuthFactors: ["PASSWORD", "WEB_AUTHN"] },
      webAuthnConfiguration: { relyingPartyId: "auth.example.com", userVerification: "preferred" },
      mfaConfiguration: "OPTIONAL",
      emailMfaConfiguration: { subject: "Your code", message: "Your sign-in code is {####}" },
    });
    expect(resourceNamed(graph, "test-auth-web").inputs).toMatchObject({
      explicitAuthFlows: ["ALLOW_USER_AUTH"],
      refreshTokenRotation: { feature: "ENABLED", retryGracePeriodSeconds: 10 },
    });
  });

  it("passes the managed login version to the domain", async () => {
    const graph = await synth(
      validManifest(poolDocument({ spec: { domain: { domain: "acme-login", managedLoginVersion: 2 } } })),
    );
    expect(resourceNamed(graph, "test-auth-domain").inputs).toEqual({
      domain: "acme-login",
      userPoolId: String(graph.outputs.user_pool_id),
      managedLoginVersion: 2,
    });
  });

  it("declares no trigger permission when the manifest manages them elsewhere", async () => {
    const graph = await synth(validManifest(extendedDocument({ manageLambdaPermissions: false })));
    expect(resourcesOfType(graph, RESOURCE_TYPES.lambdaPermission)).toEqual([]);
  });

  it("gives an OAuth client without providers the pool's own directory, and a non-OAuth client none", async () => {
    const graph = await synth(exampleManifest("hosted-ui"));
    expect(resourceNamed(graph, "webapp-auth-web-app").inputs.supportedIdentityProviders).toEqual([
      "COGNITO",
    ]);
    const quick = await synth(exampleManifest("quick-start"));
    expect(resourceNamed(quick, "my-auth-web-app").inputs).not.toHaveProperty("supportedIdentityProviders");
  });
});

// pulumi/pulumi-aws#5401: an identity provider whose providerDetails hold a secret shows a providerDetails
// diff on every run (AWS returns detail keys the configuration never set, and the secret map hides which).
// The program records a digest of the details it last deployed (a secret stack output) and, while the
// manifest asks for the same details, keeps the engine's diff of them out (ignoreChanges); any change of a
// detail, the secret's value included, changes the digest, and the update goes through.
describe("identity provider details with secrets, compared by digest", () => {
  const details = {
    client_id: "1234-abc.apps.googleusercontent.com",
    client_secret: GOOGLE_SECRET,
    authorize_scopes: "openid email",
  };
  const deploy = (digests: Record<string, string> | undefined, secret = GOOGLE_SECRET) =>
    synth(validManifest(extendedDocument()), {
      envValues: { GOOGLE_CLIENT_SECRET: secret },
      ...(digests ? { deployedProviderDetailsDigests: digests } : {}),
    });

  it("outputs a digest of the details it deploys per provider, as a secret", async () => {
    const graph = await deploy(undefined);
    expect(graph.outputs.identity_provider_details_digests).toEqual({ Google: SECRET_PLACEHOLDER });
    expect(JSON.stringify(graph)).not.toContain(GOOGLE_SECRET);
  });

  it("keeps the diff out while the deployed digest matches, and lets a changed secret through", async () => {
    const deployed = { Google: providerDetailsDigest(details) };
    expect(resourceNamed(await deploy(deployed), "test-auth-idp-Google").ignoreChanges).toEqual([
      "providerDetails",
    ]);
    expect(
      resourceNamed(await deploy(deployed, "GOCSPX-rotated"), "test-auth-idp-Google").ignoreChanges,
    ).toBeUndefined();
    expect(resourceNamed(await deploy(undefined), "test-auth-idp-Google").ignoreChanges).toBeUndefined();
  });
});
