// The manifest is a superset of the OpenMCF component: a manifest that uses only OpenMCF fields validates as it
// did and synthesizes the resources and inputs it did, apart from the two documented additions (a Lambda
// permission per trigger, and [COGNITO] for OAuth clients that name no identity provider). Generated manifests,
// checked against what the OpenMCF-only program could declare.
import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { EXTENSION_RULES, validateSources } from "@cognito-action/spec";
import { RESOURCE_TYPES, synth } from "../src/index.ts";
import type { GraphResource, ResourceGraph } from "../src/index.ts";
import { poolDocument, stackLabels } from "./fixtures.ts";

// Each run synthesizes twice; nothing here is timed, a busy machine only needs room.
vi.setConfig({ testTimeout: 300_000 });

/** Every input the OpenMCF-only program set on a pool, a client and a domain. */
const OPENMCF_POOL_INPUTS = new Set([
  "name",
  "usernameAttributes",
  "aliasAttributes",
  "usernameConfiguration",
  "passwordPolicy",
  "mfaConfiguration",
  "softwareTokenMfaConfiguration",
  "autoVerifiedAttributes",
  "accountRecoverySetting",
  "emailConfiguration",
  "adminCreateUserConfig",
  "deletionProtection",
  "schemas",
  "lambdaConfig",
  "tags",
]);
const OPENMCF_CLIENT_INPUTS = new Set([
  "name",
  "userPoolId",
  "generateSecret",
  "allowedOauthFlowsUserPoolClient",
  "allowedOauthFlows",
  "allowedOauthScopes",
  "callbackUrls",
  "logoutUrls",
  "supportedIdentityProviders",
  "explicitAuthFlows",
  "defaultRedirectUri",
  "enableTokenRevocation",
  "preventUserExistenceErrors",
  "accessTokenValidity",
  "idTokenValidity",
  "refreshTokenValidity",
  "tokenValidityUnits",
]);
const OPENMCF_OUTPUTS = [
  "user_pool_id",
  "user_pool_arn",
  "user_pool_endpoint",
  "user_pool_domain",
  "cloudfront_distribution_arn",
  "client_ids",
  "client_secrets",
];
const OPENMCF_TYPES = new Set<string>([
  RESOURCE_TYPES.provider,
  RESOURCE_TYPES.userPool,
  RESOURCE_TYPES.userPoolClient,
  RESOURCE_TYPES.userPoolDomain,
]);
const EXTENSION_RULE_IDS = new Set(EXTENSION_RULES.map((rule) => rule.id));

const TRIGGERS = ["preSignUp", "postConfirmation", "preTokenGeneration", "customMessage"] as const;

interface GeneratedClient {
  name: string;
  oauth: boolean;
  providers: readonly string[];
  secret: boolean;
}

/** A client that breaks no rule: OAuth off, or the code flow with a callback and openid. */
const clientArbitrary = fc.record({
  oauth: fc.boolean(),
  providers: fc.constantFrom([], ["COGNITO"]),
  secret: fc.boolean(),
});

/** OpenMCF-only manifests, valid as written. */
const manifestArbitrary = fc.record({
  region: fc.constantFrom("us-east-1", "eu-west-1", "ap-southeast-2"),
  usernameAttributes: fc.constantFrom([], ["email"], ["email", "phone_number"]),
  mfa: fc.constantFrom("OFF", "OPTIONAL", "ON"),
  recovery: fc.boolean(),
  adminOnly: fc.boolean(),
  deletionProtection: fc.boolean(),
  triggers: fc.subarray([...TRIGGERS]),
  attributes: fc.subarray(["tenant", "plan", "score"]),
  clients: fc.array(clientArbitrary, { minLength: 1, maxLength: 3 }),
  domain: fc.constantFrom(undefined, "acme-login"),
});

type Generated = typeof manifestArbitrary extends fc.Arbitrary<infer T> ? T : never;

/** The manifest document of a generated pool: only fields the OpenMCF component has. */
function documentOf(generated: Generated): Record<string, unknown> {
  const clients: GeneratedClient[] = generated.clients.map((client, index) => ({
    ...client,
    name: `client-${index}`,
  }));
  const arn = (trigger: string) => `arn:aws:lambda:${generated.region}:123456789012:function:${trigger}`;
  return poolDocument({
    metadata: { labels: stackLabels("acme", "superset", "dev.pool") },
    spec: {
      region: generated.region,
      usernameAttributes: generated.usernameAttributes,
      mfaConfiguration: generated.mfa,
      softwareTokenMfaEnabled: generated.mfa !== "OFF",
      autoVerifiedAttributes: ["email"],
      ...(generated.recovery ? { accountRecoveryMechanisms: [{ name: "verified_email", priority: 1 }] } : {}),
      allowAdminCreateUserOnly: generated.adminOnly,
      deletionProtection: generated.deletionProtection,
      customAttributes: generated.attributes.map((name) => ({ name, attributeDataType: "String" })),
      ...(generated.triggers.length > 0
        ? { lambdaConfig: Object.fromEntries(generated.triggers.map((trigger) => [trigger, arn(trigger)])) }
        : {}),
      clients: clients.map((client) => ({
        name: client.name,
        generateSecret: client.secret,
        explicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        supportedIdentityProviders: client.providers,
        ...(client.oauth
          ? {
              allowedOauthFlowsUserPoolClient: true,
              allowedOauthFlows: ["code"],
              allowedOauthScopes: ["openid", "email"],
              callbackUrls: ["https://app.example.com/callback"],
            }
          : {}),
      })),
      ...(generated.domain ? { domain: { domain: generated.domain } } : {}),
    },
  });
}

function validated(document: Record<string, unknown>) {
  const [report] = validateSources([{ file: "pool.yaml", text: JSON.stringify(document) }]).documents;
  return report!;
}

function withoutAdditions(graph: ResourceGraph): GraphResource[] {
  return graph.resources.filter((resource) => resource.type !== RESOURCE_TYPES.lambdaPermission);
}

describe("an OpenMCF-only manifest", () => {
  it("validates with no rule beyond OpenMCF involved, and parses to the extensions' neutral defaults", () => {
    fc.assert(
      fc.property(manifestArbitrary, (generated) => {
        const report = validated(documentOf(generated));
        expect(report.status).toBe("valid");
        expect(report.findings.filter((finding) => EXTENSION_RULE_IDS.has(finding.rule))).toEqual([]);
        const { spec } = report.manifest!;
        expect(spec.resourceServers).toEqual([]);
        expect(spec.identityProviders).toEqual([]);
        expect(spec.groups).toEqual([]);
        expect(spec.manageLambdaPermissions).toBe(true);
        for (const client of spec.clients) expect(client.refreshTokenRotation).toBeUndefined();
        for (const field of [
          "userPoolTier",
          "verificationMessageTemplate",
          "inviteMessageTemplate",
          "signInPolicy",
          "webAuthn",
          "emailMfa",
        ] as const)
          expect(spec[field]).toBeUndefined();
      }),
      { numRuns: 200 },
    );
  });

  it("synthesizes only what OpenMCF declared, plus one permission per trigger and COGNITO for OAuth clients", async () => {
    await fc.assert(
      fc.asyncProperty(manifestArbitrary, async (generated) => {
        const manifest = validated(documentOf(generated)).manifest!;
        const graph = await synth(manifest);
        const pool = graph.resources.find((resource) => resource.type === RESOURCE_TYPES.userPool)!;

        for (const resource of withoutAdditions(graph)) expect(OPENMCF_TYPES.has(resource.type)).toBe(true);
        expect(Object.keys(pool.inputs).filter((key) => !OPENMCF_POOL_INPUTS.has(key))).toEqual([]);
        expect(Object.keys(pool.inputs.adminCreateUserConfig as object)).toEqual([
          "allowAdminCreateUserOnly",
        ]);
        expect(Object.keys(graph.outputs)).toEqual(OPENMCF_OUTPUTS);

        // Addition 1: a permission for each trigger, for this pool only.
        const permissions = graph.resources.filter(
          (resource) => resource.type === RESOURCE_TYPES.lambdaPermission,
        );
        expect(permissions.map((permission) => permission.inputs.function).sort()).toEqual(
          Object.values(pool.inputs.lambdaConfig ?? {}).sort(),
        );
        for (const permission of permissions) {
          expect(permission.inputs.principal).toBe("cognito-idp.amazonaws.com");
          expect(permission.inputs.sourceArn).toBe(graph.outputs.user_pool_arn);
        }

        // Addition 2: an OAuth client naming no provider signs in with the pool's own directory.
        manifest.spec.clients.forEach((client) => {
          const resource = graph.resources.find(
            (candidate) =>
              candidate.inputs.name === client.name && candidate.type === RESOURCE_TYPES.userPoolClient,
          )!;
          expect(Object.keys(resource.inputs).filter((key) => !OPENMCF_CLIENT_INPUTS.has(key))).toEqual([]);
          const expected =
            client.supportedIdentityProviders.length > 0
              ? client.supportedIdentityProviders
              : client.allowedOauthFlowsUserPoolClient
                ? ["COGNITO"]
                : undefined;
          expect(resource.inputs.supportedIdentityProviders).toEqual(expected);
        });

        // Turning the permissions off leaves exactly the OpenMCF resources, with the same inputs.
        const bare = await synth({ ...manifest, spec: { ...manifest.spec, manageLambdaPermissions: false } });
        expect(bare.resources.map(({ type, name, inputs }) => ({ type, name, inputs }))).toEqual(
          withoutAdditions(graph).map(({ type, name, inputs }) => ({ type, name, inputs })),
        );
      }),
      { numRuns: 25 },
    );
  });
});
