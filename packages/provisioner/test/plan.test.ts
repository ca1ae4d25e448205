// The offline plan: what applying a head manifest over its base would do, from the two synthesized graphs.
import { describe, expect, it, vi } from "vitest";
import type { Manifest } from "@cognito-action/spec";
import {
  DEPLOYED_UNKNOWN,
  isUnknownValue,
  KNOWN_AFTER_APPLY,
  planChanges,
  REPLACEMENT_RULES,
  RESOURCE_TYPES,
  synth,
} from "../src/index.ts";
import type { Plan, ResourceChange } from "../src/index.ts";
import { replacementRuleFor } from "../src/plan/replacement-rules.ts";
import { parsedManifest, poolDocument, stackLabels, validManifest } from "./fixtures.ts";

// Each plan synthesizes two graphs; a busy machine can take seconds for that. Nothing here is timed.
vi.setConfig({ testTimeout: 30_000 });

const CERTIFICATE_ARN = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789";
const OTHER_CERTIFICATE_ARN =
  "arn:aws:acm:us-east-1:123456789012:certificate/99999999-8888-7777-6666-555555555555";

/** A pool with two clients (one confidential) and a prefix domain: every resource kind the program has. */
const BASE_SPEC = {
  usernameAttributes: ["email"],
  autoVerifiedAttributes: ["email"],
  passwordPolicy: { minimumLength: 10 },
  clients: [
    { name: "web", explicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] },
    { name: "api", generateSecret: true },
  ],
  domain: { domain: "test-auth-login" },
};

function pool(spec: Record<string, unknown> = {}, name = "test-auth"): Manifest {
  return validManifest(poolDocument({ name, spec: { ...BASE_SPEC, ...spec } }));
}

async function planOf(base: Manifest | undefined, head: Manifest | undefined): Promise<Plan> {
  return planChanges(base && (await synth(base)), head && (await synth(head)));
}

function changeNamed(plan: Plan, name: string): ResourceChange {
  const change = plan.changes.find((candidate) => candidate.name === name);
  if (!change)
    throw new Error(`no change for ${name} in ${plan.changes.map((entry) => entry.name).join(", ")}`);
  return change;
}

function forcingPaths(change: ResourceChange): string[] {
  return change.properties.filter((property) => property.forcesReplacement).map((property) => property.path);
}

function actions(plan: Plan): Record<string, string> {
  return Object.fromEntries(plan.changes.map((change) => [change.name, change.action]));
}

interface ReplacementCase {
  /** The rule under test: its type token and property. */
  type: string;
  property: string;
  base: Manifest;
  head: Manifest;
  /** The resource the rule replaces, and the paths that force it. */
  resource: string;
  forcedBy: string[];
  /**
   * The property is part of the resource's logical name (an identity provider's or a group's name): the engine
   * deletes the old resource and creates the new one rather than replacing one, and the plan says the same.
   */
  created?: string;
}

const LAMBDA_ARN = "arn:aws:lambda:eu-west-1:123456789012:function:pre-sign-up";
/** A pool with a risk configuration (PLUS only). */
const RISK_SPEC = {
  userPoolTier: "PLUS",
  riskConfiguration: { compromisedCredentials: { eventAction: "BLOCK" } },
};
/** RISK_SPEC's pool with threat protection, whose client "web" has a risk configuration of its own. */
function clientRisk(generateSecret: boolean): Record<string, unknown> {
  return {
    ...RISK_SPEC,
    threatProtection: { standardAuthMode: "ENFORCED" },
    clients: [
      { ...BASE_SPEC.clients[0], generateSecret, riskConfiguration: RISK_SPEC.riskConfiguration },
      BASE_SPEC.clients[1],
    ],
  };
}

/** A pool under managed login whose "api" client has a branding style with one image. */
const PNG =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";
function brandedPool(spec: Record<string, unknown> = {}, colorMode = "LIGHT"): Manifest {
  return pool({
    domain: { domain: "test-auth-login", managedLoginVersion: 2 },
    clients: [
      BASE_SPEC.clients[0],
      {
        name: "api",
        generateSecret: true,
        managedLoginBranding: {
          settings: { components: {} },
          assets: [{ category: "FORM_LOGO", colorMode, extension: "PNG", bytes: PNG }],
        },
      },
    ],
    ...spec,
  });
}

/** A pool that logs user notification errors (any tier). */
const LOGS_SPEC = {
  logDelivery: {
    userNotification: {
      logGroupArn: "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/vendedlogs/cognito",
    },
  },
};
/** A pool behind a regional web ACL of its Region. */
const WAF_SPEC = {
  webAclAssociation: {
    webAclArn:
      "arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/cognito/a1b2c3d4-5678-90ab-cdef-0123456789ab",
  },
};
const OIDC_DETAILS = {
  client_id: "abc",
  client_secret: { valueFromEnv: "CORP_SECRET" },
  attributes_request_method: "GET",
  oidc_issuer: "https://corp.example.com",
  authorize_scopes: "openid",
};

/** The base pool with resources beyond OpenMCF: a server, an identity provider, a group, a trigger. */
function extendedPool(spec: Record<string, unknown> = {}): Manifest {
  return pool({
    resourceServers: [
      { identifier: "api", name: "Acme API", scopes: [{ name: "read", description: "Read" }] },
    ],
    identityProviders: [
      {
        providerName: "corp",
        providerType: "SAML",
        providerDetails: { MetadataURL: "https://idp.example.com/m" },
      },
    ],
    groups: [{ name: "admins", precedence: 1 }],
    lambdaConfig: { preSignUp: LAMBDA_ARN },
    clients: [
      {
        name: "web",
        allowedOauthFlowsUserPoolClient: true,
        allowedOauthFlows: ["code"],
        allowedOauthScopes: ["openid", "api/read"],
        callbackUrls: ["https://app.example.com/callback"],
        supportedIdentityProviders: ["COGNITO", "corp"],
      },
      BASE_SPEC.clients[1],
    ],
    ...spec,
  });
}

/** One case per entry of REPLACEMENT_RULES; the test below fails when a rule has none. */
const REPLACEMENT_CASES: ReplacementCase[] = [
  {
    type: RESOURCE_TYPES.userPool,
    property: "name",
    base: pool(),
    head: pool({}, "renamed-auth"),
    resource: "renamed-auth",
    forcedBy: ["name"],
  },
  {
    type: RESOURCE_TYPES.userPool,
    property: "usernameAttributes",
    base: pool(),
    head: pool({ usernameAttributes: ["email", "phone_number"] }),
    resource: "test-auth",
    forcedBy: ["usernameAttributes"],
  },
  {
    type: RESOURCE_TYPES.userPool,
    property: "aliasAttributes",
    base: pool({ usernameAttributes: [], aliasAttributes: ["email"] }),
    head: pool({ usernameAttributes: [], aliasAttributes: ["email", "preferred_username"] }),
    resource: "test-auth",
    forcedBy: ["aliasAttributes"],
  },
  {
    type: RESOURCE_TYPES.userPool,
    property: "usernameConfiguration",
    base: pool(),
    head: pool({ usernameCaseSensitive: true }),
    resource: "test-auth",
    forcedBy: ["usernameConfiguration.caseSensitive"],
  },
  {
    type: RESOURCE_TYPES.userPoolClient,
    property: "userPoolId",
    base: pool(),
    head: pool({ usernameAttributes: ["email", "phone_number"] }),
    resource: "test-auth-web",
    forcedBy: ["userPoolId"],
  },
  {
    type: RESOURCE_TYPES.userPoolClient,
    property: "generateSecret",
    base: pool(),
    head: pool({ clients: [{ ...BASE_SPEC.clients[0], generateSecret: true }, BASE_SPEC.clients[1]] }),
    resource: "test-auth-web",
    forcedBy: ["generateSecret"],
  },
  {
    type: RESOURCE_TYPES.userPoolDomain,
    property: "domain",
    base: pool(),
    head: pool({ domain: { domain: "test-auth-signin" } }),
    resource: "test-auth-domain",
    forcedBy: ["domain"],
  },
  {
    type: RESOURCE_TYPES.userPoolDomain,
    property: "userPoolId",
    base: pool(),
    head: pool({ usernameCaseSensitive: true }),
    resource: "test-auth-domain",
    forcedBy: ["userPoolId"],
  },
  {
    type: RESOURCE_TYPES.userPoolDomain,
    property: "certificateArn",
    // Validation requires a certificate on a custom domain; a base deployed before that rule may lack one.
    base: parsedManifest(poolDocument({ spec: { ...BASE_SPEC, domain: { domain: "auth.example.com" } } })),
    head: pool({ domain: { domain: "auth.example.com", certificateArn: CERTIFICATE_ARN } }),
    resource: "test-auth-domain",
    forcedBy: ["certificateArn"],
  },
  // Beyond OpenMCF.
  {
    type: RESOURCE_TYPES.resourceServer,
    property: "identifier",
    base: extendedPool(),
    // Same display name: the plan pairs the two servers, as a reviewer would.
    head: extendedPool({
      resourceServers: [
        { identifier: "api-v2", name: "Acme API", scopes: [{ name: "read", description: "Read" }] },
      ],
      clients: [{ name: "web", supportedIdentityProviders: ["COGNITO", "corp"] }, BASE_SPEC.clients[1]],
    }),
    resource: "test-auth-server-api-v2",
    forcedBy: ["identifier"],
  },
  {
    type: RESOURCE_TYPES.resourceServer,
    property: "name",
    base: extendedPool(),
    head: extendedPool({
      resourceServers: [
        { identifier: "api", name: "Acme API v2", scopes: [{ name: "read", description: "Read" }] },
      ],
    }),
    resource: "test-auth-server-api",
    forcedBy: ["name"],
  },
  {
    type: RESOURCE_TYPES.resourceServer,
    property: "userPoolId",
    base: extendedPool(),
    head: extendedPool({ usernameCaseSensitive: true }),
    resource: "test-auth-server-api",
    forcedBy: ["userPoolId"],
  },
  {
    type: RESOURCE_TYPES.identityProvider,
    property: "providerName",
    base: extendedPool(),
    head: extendedPool({
      identityProviders: [
        {
          providerName: "corp-sso",
          providerType: "SAML",
          providerDetails: { MetadataURL: "https://idp.example.com/m" },
        },
      ],
      clients: [{ name: "web", supportedIdentityProviders: ["COGNITO", "corp-sso"] }, BASE_SPEC.clients[1]],
    }),
    resource: "test-auth-idp-corp",
    forcedBy: [],
    created: "test-auth-idp-corp-sso",
  },
  {
    type: RESOURCE_TYPES.identityProvider,
    property: "providerType",
    base: extendedPool(),
    head: extendedPool({
      identityProviders: [{ providerName: "corp", providerType: "OIDC", providerDetails: OIDC_DETAILS }],
    }),
    resource: "test-auth-idp-corp",
    forcedBy: ["providerType"],
  },
  {
    type: RESOURCE_TYPES.identityProvider,
    property: "userPoolId",
    base: extendedPool(),
    head: extendedPool({ usernameCaseSensitive: true }),
    resource: "test-auth-idp-corp",
    forcedBy: ["userPoolId"],
  },
  {
    type: RESOURCE_TYPES.userGroup,
    property: "name",
    base: extendedPool(),
    head: extendedPool({ groups: [{ name: "administrators", precedence: 1 }] }),
    resource: "test-auth-group-admins",
    forcedBy: [],
    created: "test-auth-group-administrators",
  },
  {
    type: RESOURCE_TYPES.userGroup,
    property: "userPoolId",
    base: extendedPool(),
    head: extendedPool({ usernameCaseSensitive: true }),
    resource: "test-auth-group-admins",
    forcedBy: ["userPoolId"],
  },
  {
    type: RESOURCE_TYPES.riskConfiguration,
    property: "userPoolId",
    base: pool(RISK_SPEC),
    head: pool({ ...RISK_SPEC, usernameCaseSensitive: true }),
    resource: "test-auth-risk",
    forcedBy: ["userPoolId"],
  },
  {
    // A client's own risk configuration follows its client: a new client (a secret added) is a new one.
    type: RESOURCE_TYPES.riskConfiguration,
    property: "clientId",
    base: pool(clientRisk(false)),
    head: pool(clientRisk(true)),
    resource: "test-auth-web-risk",
    forcedBy: ["clientId"],
  },
  {
    type: RESOURCE_TYPES.managedLoginBranding,
    property: "userPoolId",
    base: brandedPool(),
    head: brandedPool({ usernameCaseSensitive: true }),
    resource: "test-auth-branding-api",
    forcedBy: ["userPoolId", "clientId"],
  },
  {
    type: RESOURCE_TYPES.managedLoginBranding,
    property: "clientId",
    base: brandedPool(),
    head: (() => {
      const head = brandedPool();
      head.spec.clients[1]!.generateSecret = false;
      return head;
    })(),
    resource: "test-auth-branding-api",
    forcedBy: ["clientId"],
  },
  {
    type: RESOURCE_TYPES.managedLoginBranding,
    property: "assets",
    base: brandedPool(),
    head: brandedPool({}, "DARK"),
    resource: "test-auth-branding-api",
    forcedBy: ["assets"],
  },
  {
    type: RESOURCE_TYPES.logDeliveryConfiguration,
    property: "userPoolId",
    base: pool(LOGS_SPEC),
    head: pool({ ...LOGS_SPEC, usernameCaseSensitive: true }),
    resource: "test-auth-logs",
    forcedBy: ["userPoolId"],
  },
  {
    type: RESOURCE_TYPES.webAclAssociation,
    property: "resourceArn",
    base: pool(WAF_SPEC),
    head: pool({ ...WAF_SPEC, usernameCaseSensitive: true }),
    resource: "test-auth-waf",
    forcedBy: ["resourceArn"],
  },
  {
    type: RESOURCE_TYPES.webAclAssociation,
    property: "webAclArn",
    base: pool(WAF_SPEC),
    head: pool({
      webAclAssociation: { webAclArn: WAF_SPEC.webAclAssociation.webAclArn.replace("/cognito/", "/strict/") },
    }),
    resource: "test-auth-waf",
    forcedBy: ["webAclArn"],
  },
  {
    type: RESOURCE_TYPES.lambdaPermission,
    property: "function",
    base: extendedPool(),
    head: extendedPool({ lambdaConfig: { preSignUp: `${LAMBDA_ARN}-v2` } }),
    resource: "test-auth-invoke-preSignUp",
    forcedBy: ["function"],
  },
  {
    type: RESOURCE_TYPES.lambdaPermission,
    property: "qualifier",
    base: extendedPool({ lambdaConfig: { preSignUp: `${LAMBDA_ARN}:live` } }),
    head: extendedPool({ lambdaConfig: { preSignUp: `${LAMBDA_ARN}:canary` } }),
    resource: "test-auth-invoke-preSignUp",
    forcedBy: ["qualifier"],
  },
  {
    type: RESOURCE_TYPES.lambdaPermission,
    property: "sourceArn",
    base: extendedPool(),
    head: extendedPool({ usernameCaseSensitive: true }),
    resource: "test-auth-invoke-preSignUp",
    forcedBy: ["sourceArn"],
  },
  {
    type: RESOURCE_TYPES.provider,
    property: "region",
    base: pool(),
    head: pool({ region: "eu-central-1" }),
    resource: "aws",
    forcedBy: ["region"],
  },
];

describe("replacement rules", () => {
  it("has a case for every rule", () => {
    const rules = Object.entries(REPLACEMENT_RULES).flatMap(([type, list]) =>
      list.map((rule) => `${type} ${rule.property}`),
    );
    expect(REPLACEMENT_CASES.map(({ type, property }) => `${type} ${property}`).sort()).toEqual(rules.sort());
  });

  it.each(REPLACEMENT_CASES.filter((entry) => entry.created === undefined))(
    "$type $property forces replacement",
    async (entry) => {
      const plan = await planOf(entry.base, entry.head);
      const change = changeNamed(plan, entry.resource);
      expect(change.type).toBe(entry.type);
      expect(change.action).toBe("replace");
      expect(forcingPaths(change)).toEqual(entry.forcedBy);
      expect(plan.errors).toEqual([]);
    },
  );

  it.each(REPLACEMENT_CASES.filter((entry) => entry.created !== undefined))(
    "$type $property names another resource: the old one is deleted and the new one created",
    async (entry) => {
      const plan = await planOf(entry.base, entry.head);
      expect(changeNamed(plan, entry.resource)).toMatchObject({ type: entry.type, action: "delete" });
      expect(changeNamed(plan, entry.created!)).toMatchObject({ type: entry.type, action: "create" });
      // Were the two paired (an engine alias, an import), the provider would replace rather than update.
      expect(replacementRuleFor(entry.type, entry.property, "a", "b")).toBeDefined();
    },
  );

  it.each(
    REPLACEMENT_CASES.filter(
      (entry) =>
        entry.type.startsWith("aws:cognito/") &&
        !entry.type.includes("userPool") &&
        entry.property !== "userPoolId",
    ).concat(
      REPLACEMENT_CASES.filter(
        (entry) => entry.type === RESOURCE_TYPES.lambdaPermission && entry.property !== "sourceArn",
      ),
    ),
  )("$type $property never replaces the pool", async (entry) => {
    const plan = await planOf(entry.base, entry.head);
    // A changed trigger updates the pool's lambdaConfig in place; nothing else of the pool moves.
    expect(changeNamed(plan, "test-auth").action).toBe(
      entry.type === RESOURCE_TYPES.lambdaPermission ? "update" : "unchanged",
    );
    expect(plan.changes.filter((change) => change.destroysUsers)).toEqual([]);
  });

  it("updates the domain in place for a new managed login version (terraform user_pool_domain tests)", async () => {
    const plan = await planOf(
      pool(),
      pool({ domain: { domain: "test-auth-login", managedLoginVersion: 2 } }),
    );
    expect(changeNamed(plan, "test-auth-domain")).toMatchObject({
      action: "update",
      properties: [{ path: "managedLoginVersion", before: null, after: 2, forcesReplacement: false }],
    });
  });

  it("changes a resource server's scopes and a group's precedence in place", async () => {
    const plan = await planOf(
      extendedPool(),
      extendedPool({
        resourceServers: [
          {
            identifier: "api",
            name: "Acme API",
            scopes: [
              { name: "read", description: "Read" },
              { name: "write", description: "Write" },
            ],
          },
        ],
        groups: [{ name: "admins", precedence: 2 }],
      }),
    );
    expect(actions(plan)).toMatchObject({
      "test-auth": "unchanged",
      "test-auth-server-api": "update",
      "test-auth-group-admins": "update",
    });
  });

  it("warns that a removed group takes its memberships with it", async () => {
    const plan = await planOf(extendedPool(), extendedPool({ groups: [] }));
    expect(plan.warnings).toContainEqual(
      expect.objectContaining({ rule: "group-membership-lost", resource: "test-auth-group-admins" }),
    );
  });

  it("warns that a replaced identity provider cannot be signed in with while it is recreated", async () => {
    const plan = await planOf(
      extendedPool(),
      extendedPool({
        identityProviders: [{ providerName: "corp", providerType: "OIDC", providerDetails: OIDC_DETAILS }],
      }),
    );
    expect(plan.warnings).toContainEqual(
      expect.objectContaining({ rule: "identity-provider-removed", resource: "test-auth-idp-corp" }),
    );
  });

  it("has no such warning when groups and providers stay", async () => {
    const plan = await planOf(extendedPool(), extendedPool({ groups: [{ name: "admins", precedence: 5 }] }));
    expect(plan.warnings).toEqual([]);
  });

  it("renaming the manifest replaces the pool by name and every resource fed by its new id", async () => {
    const plan = await planOf(pool(), pool({}, "renamed-auth"));
    const renamed = changeNamed(plan, "renamed-auth");
    expect(renamed).toMatchObject({ type: RESOURCE_TYPES.userPool, action: "replace", destroysUsers: true });
    expect(renamed.properties).toContainEqual({
      path: "name",
      before: "test-auth",
      after: "renamed-auth",
      forcesReplacement: true,
    });
    expect(renamed.properties).toContainEqual({
      path: 'tags["openmcf.org/name"]',
      before: "test-auth",
      after: "renamed-auth",
      forcesReplacement: false,
    });
    expect(actions(plan)).toEqual({
      aws: "unchanged",
      "renamed-auth": "replace",
      "renamed-auth-web": "replace",
      "renamed-auth-api": "replace",
      "renamed-auth-domain": "replace",
    });
    expect(plan.summary).toEqual({ create: 0, update: 0, replace: 4, delete: 0 });
  });

  it("propagates a pool replacement to its clients and domain as an id known only afterwards", async () => {
    const plan = await planOf(pool(), pool({ usernameCaseSensitive: true }));
    const poolChange = changeNamed(plan, "test-auth");
    expect(poolChange.properties).toEqual([
      { path: "usernameConfiguration.caseSensitive", before: false, after: true, forcesReplacement: true },
    ]);
    expect(poolChange.destroysUsers).toBe(true);
    for (const name of ["test-auth-web", "test-auth-api", "test-auth-domain"]) {
      const change = changeNamed(plan, name);
      expect(change.action, name).toBe("replace");
      expect(change.destroysUsers, name).toBeUndefined();
      expect(change.properties, name).toEqual([
        { path: "userPoolId", before: DEPLOYED_UNKNOWN, after: KNOWN_AFTER_APPLY, forcesReplacement: true },
      ]);
    }
    expect(changeNamed(plan, "aws").action).toBe("unchanged");
  });

  it("replaces a domain by deleting it first, then creating it (a pool has one domain)", async () => {
    const plan = await planOf(pool(), pool({ domain: { domain: "test-auth-signin" } }));
    expect(changeNamed(plan, "test-auth-domain").deleteBeforeReplace).toBe(true);
  });

  it("deletes the domain first when the pool's replacement replaces it too, and only the domain", async () => {
    const plan = await planOf(pool(), pool({ usernameCaseSensitive: true }));
    expect(changeNamed(plan, "test-auth-domain").deleteBeforeReplace).toBe(true);
    expect(changeNamed(plan, "test-auth").deleteBeforeReplace).toBeUndefined();
    expect(changeNamed(plan, "test-auth-web").deleteBeforeReplace).toBeUndefined();
  });

  it("does not mark a domain that is only updated as deleted first", async () => {
    const plan = await planOf(
      pool({ domain: { domain: "auth.example.com", certificateArn: CERTIFICATE_ARN } }),
      pool({ domain: { domain: "auth.example.com", certificateArn: OTHER_CERTIFICATE_ARN } }),
    );
    const change = changeNamed(plan, "test-auth-domain");
    expect(change.action).toBe("update");
    expect(change.deleteBeforeReplace).toBeUndefined();
  });

  it("replaces a domain going from a prefix to a custom domain, for the domain and the certificate", async () => {
    const plan = await planOf(
      pool(),
      pool({ domain: { domain: "auth.example.com", certificateArn: CERTIFICATE_ARN } }),
    );
    const change = changeNamed(plan, "test-auth-domain");
    expect(change.action).toBe("replace");
    expect(forcingPaths(change).sort()).toEqual(["certificateArn", "domain"]);
    expect(change.properties).toContainEqual({
      path: "certificateArn",
      before: null,
      after: CERTIFICATE_ARN,
      forcesReplacement: true,
    });
    expect(changeNamed(plan, "test-auth").action).toBe("unchanged");
  });

  it("replaces a domain going from a custom domain back to a prefix", async () => {
    const plan = await planOf(
      pool({ domain: { domain: "auth.example.com", certificateArn: CERTIFICATE_ARN } }),
      pool(),
    );
    expect(forcingPaths(changeNamed(plan, "test-auth-domain")).sort()).toEqual(["certificateArn", "domain"]);
  });

  it("updates a custom domain's certificate in place", async () => {
    const plan = await planOf(
      pool({ domain: { domain: "auth.example.com", certificateArn: CERTIFICATE_ARN } }),
      pool({ domain: { domain: "auth.example.com", certificateArn: OTHER_CERTIFICATE_ARN } }),
    );
    const change = changeNamed(plan, "test-auth-domain");
    expect(change.action).toBe("update");
    expect(change.properties).toEqual([
      {
        path: "certificateArn",
        before: CERTIFICATE_ARN,
        after: OTHER_CERTIFICATE_ARN,
        forcesReplacement: false,
      },
    ]);
    expect(plan.summary).toEqual({ create: 0, update: 1, replace: 0, delete: 0 });
  });

  it("decides certificateArn by whether it is set on each side", () => {
    const type = RESOURCE_TYPES.userPoolDomain;
    expect(replacementRuleFor(type, "certificateArn", undefined, CERTIFICATE_ARN)?.property).toBe(
      "certificateArn",
    );
    expect(replacementRuleFor(type, "certificateArn", CERTIFICATE_ARN, "")?.property).toBe("certificateArn");
    expect(
      replacementRuleFor(type, "certificateArn", CERTIFICATE_ARN, OTHER_CERTIFICATE_ARN),
    ).toBeUndefined();
    expect(replacementRuleFor(type, "certificateArnSuffix", null, "x")).toBeUndefined();
  });

  it("replaces everything when the region changes, the pool because its provider is replaced", async () => {
    const plan = await planOf(pool(), pool({ region: "eu-central-1" }));
    expect(actions(plan)).toEqual({
      aws: "replace",
      "test-auth": "replace",
      "test-auth-web": "replace",
      "test-auth-api": "replace",
      "test-auth-domain": "replace",
    });
    expect(changeNamed(plan, "aws").properties).toEqual([
      { path: "region", before: "eu-west-1", after: "eu-central-1", forcesReplacement: true },
    ]);
    // The reason is the manifest's region, not the provider resource the program happens to use.
    expect(changeNamed(plan, "test-auth").properties).toEqual([
      { path: "spec.region", before: "eu-west-1", after: "eu-central-1", forcesReplacement: true },
    ]);
    expect(changeNamed(plan, "test-auth").destroysUsers).toBe(true);
    expect(plan.summary).toEqual({ create: 0, update: 0, replace: 5, delete: 0 });
  });

  it("never shows an id the mocks made up, before or after, when the region or the name changes", async () => {
    for (const head of [pool({ region: "eu-central-1" }), pool({}, "renamed-auth")]) {
      const plan = await planOf(pool(), head);
      const values = plan.changes.flatMap((change) =>
        change.properties.flatMap((property) => [property.before, property.after]),
      );
      expect(JSON.stringify(values)).not.toMatch(/_[0-9A-Za-z]{9}"/);
      const client = plan.changes.find((change) => change.type === RESOURCE_TYPES.userPoolClient)!;
      expect(client.properties.find((property) => property.path === "userPoolId")).toEqual({
        path: "userPoolId",
        before: DEPLOYED_UNKNOWN,
        after: KNOWN_AFTER_APPLY,
        forcesReplacement: true,
      });
    }
  });

  it("marks unknown values so JSON tells them from any real value", () => {
    expect(JSON.parse(JSON.stringify(KNOWN_AFTER_APPLY))).toEqual({ unknown: "known after apply" });
    expect(isUnknownValue(JSON.parse(JSON.stringify(DEPLOYED_UNKNOWN)))).toBe(true);
    expect(isUnknownValue("(known after the replacement)")).toBe(false);
    expect(isUnknownValue({ unknown: "known after apply", other: 1 })).toBe(false);
  });

  it("replaces only the client whose secret setting changes", async () => {
    const plan = await planOf(
      pool(),
      pool({ clients: [BASE_SPEC.clients[0], { ...BASE_SPEC.clients[1], generateSecret: false }] }),
    );
    expect(actions(plan)).toEqual({
      aws: "unchanged",
      "test-auth": "unchanged",
      "test-auth-web": "unchanged",
      "test-auth-api": "replace",
      "test-auth-domain": "unchanged",
    });
    expect(changeNamed(plan, "test-auth-api").properties).toEqual([
      { path: "generateSecret", before: true, after: false, forcesReplacement: true },
    ]);
    expect(changeNamed(plan, "test-auth-api").destroysUsers).toBeUndefined();
  });
});

describe("in-place changes", () => {
  it("updates the password policy in place with before and after", async () => {
    const plan = await planOf(pool(), pool({ passwordPolicy: { minimumLength: 14, requireSymbols: true } }));
    const change = changeNamed(plan, "test-auth");
    expect(change.action).toBe("update");
    expect(change.destroysUsers).toBeUndefined();
    expect(change.properties).toEqual([
      { path: "passwordPolicy.minimumLength", before: 10, after: 14, forcesReplacement: false },
      { path: "passwordPolicy.requireSymbols", before: false, after: true, forcesReplacement: false },
    ]);
    expect(plan.summary).toEqual({ create: 0, update: 1, replace: 0, delete: 0 });
    expect(plan.errors).toEqual([]);
    expect(plan.warnings).toEqual([]);
  });

  it("shows a property that is newly set as changing from null", async () => {
    const plan = await planOf(pool(), pool({ mfaConfiguration: "OPTIONAL", softwareTokenMfaEnabled: true }));
    expect(changeNamed(plan, "test-auth").properties).toEqual([
      { path: "mfaConfiguration", before: "OFF", after: "OPTIONAL", forcesReplacement: false },
      {
        path: "softwareTokenMfaConfiguration",
        before: null,
        after: { enabled: true },
        forcesReplacement: false,
      },
    ]);
  });

  it("plans no change when passwordPolicy is left out, and notes how to reset it", async () => {
    const { passwordPolicy: _removed, ...withoutPolicy } = BASE_SPEC;
    const plan = await planOf(
      pool(),
      validManifest(poolDocument({ name: "test-auth", spec: withoutPolicy })),
    );
    expect(changeNamed(plan, "test-auth").action).toBe("unchanged");
    expect(plan.summary).toEqual({ create: 0, update: 0, replace: 0, delete: 0 });
    expect(plan.notes).toEqual([
      {
        rule: "kept-when-omitted",
        resource: "test-auth",
        message: expect.stringMatching(
          /^passwordPolicy of test-auth is no longer set, so AWS keeps the deployed value .*; to change it, set spec\.passwordPolicy explicitly/,
        ) as unknown,
      },
    ]);
  });

  it("plans no change when a client's enableTokenRevocation is left out", async () => {
    const revoking = (enableTokenRevocation?: boolean) =>
      pool({
        clients: [
          {
            ...BASE_SPEC.clients[0],
            ...(enableTokenRevocation === undefined ? {} : { enableTokenRevocation }),
          },
          BASE_SPEC.clients[1],
        ],
      });
    const plan = await planOf(revoking(false), revoking());
    expect(changeNamed(plan, "test-auth-web").action).toBe("unchanged");
    expect(plan.notes?.map((note) => [note.resource, note.message.split(" ")[0]])).toEqual([
      ["test-auth-web", "enableTokenRevocation"],
    ]);
  });

  it("shows an omitted passwordPolicy as a change when the pool is replaced anyway", async () => {
    const { passwordPolicy: _removed, ...withoutPolicy } = BASE_SPEC;
    const plan = await planOf(
      pool(),
      validManifest(
        poolDocument({ name: "test-auth", spec: { ...withoutPolicy, usernameCaseSensitive: true } }),
      ),
    );
    expect(changeNamed(plan, "test-auth").properties.map((property) => property.path)).toContain(
      "passwordPolicy",
    );
    expect(plan.notes).toBeUndefined();
  });

  it("plans nothing for an unchanged manifest", async () => {
    const plan = await planOf(pool(), pool());
    expect(plan.changes.every((change) => change.action === "unchanged")).toBe(true);
    expect(plan.summary).toEqual({ create: 0, update: 0, replace: 0, delete: 0 });
  });

  it("counts every action in the summary, and nothing unchanged", async () => {
    const plan = await planOf(
      pool(),
      pool({
        passwordPolicy: { minimumLength: 12 },
        clients: [BASE_SPEC.clients[0], { name: "mobile" }, { name: "desktop" }],
        domain: { domain: "test-auth-signin" },
      }),
    );
    expect(actions(plan)).toEqual({
      aws: "unchanged",
      "test-auth": "update",
      "test-auth-web": "unchanged",
      "test-auth-mobile": "create",
      "test-auth-desktop": "create",
      "test-auth-domain": "replace",
      "test-auth-api": "delete",
    });
    expect(plan.summary).toEqual({ create: 2, update: 1, replace: 1, delete: 1 });
  });
});

describe("new and deleted manifests", () => {
  it("creates every resource of a new manifest", async () => {
    const plan = await planOf(undefined, pool());
    expect(plan.stack).toBe("acme/tests/test.pool");
    expect(plan.changes.map(({ name, action, properties }) => ({ name, action, properties }))).toEqual([
      { name: "aws", action: "create", properties: [] },
      { name: "test-auth", action: "create", properties: [] },
      { name: "test-auth-web", action: "create", properties: [] },
      { name: "test-auth-api", action: "create", properties: [] },
      { name: "test-auth-domain", action: "create", properties: [] },
    ]);
    expect(plan.changes.some((change) => change.destroysUsers)).toBe(false);
    expect(plan.summary).toEqual({ create: 5, update: 0, replace: 0, delete: 0 });
    expect(plan.errors).toEqual([]);
    expect(plan.warnings).toEqual([]);
  });

  it("deletes every resource of a deleted manifest, and says the pool's users go with it", async () => {
    const plan = await planOf(pool(), undefined);
    expect(plan.stack).toBe("acme/tests/test.pool");
    expect(Object.values(actions(plan))).toEqual(["delete", "delete", "delete", "delete", "delete"]);
    expect(changeNamed(plan, "test-auth").destroysUsers).toBe(true);
    expect(plan.changes.filter((change) => change.destroysUsers).map((change) => change.name)).toEqual([
      "test-auth",
    ]);
    expect(plan.summary).toEqual({ create: 0, update: 0, replace: 0, delete: 5 });
    expect(plan.warnings).toEqual([]);
  });
});

describe("protected pools", () => {
  it("warns that replacing a pool with deletion protection fails at apply", async () => {
    const plan = await planOf(
      pool({ deletionProtection: true }),
      pool({ deletionProtection: true, usernameCaseSensitive: true }),
    );
    expect(changeNamed(plan, "test-auth")).toMatchObject({ action: "replace", destroysUsers: true });
    expect(plan.warnings).toEqual([
      {
        rule: "protected-pool",
        resource: "test-auth",
        message: expect.stringContaining(
          "test-auth has deletion protection, so the replacement will fail",
        ) as unknown,
      },
    ]);
  });

  it("warns about deleting a protected pool too", async () => {
    const plan = await planOf(pool({ deletionProtection: true }), undefined);
    expect(plan.warnings).toHaveLength(1);
    expect(plan.warnings[0]!.rule).toBe("protected-pool");
    expect(plan.warnings[0]!.message).toContain("so the deletion will fail");
  });

  it("does not warn when the base had no protection", async () => {
    const plan = await planOf(pool(), pool({ deletionProtection: true, usernameCaseSensitive: true }));
    expect(plan.warnings).toEqual([]);
    expect(changeNamed(plan, "test-auth").properties).toContainEqual({
      path: "(protect)",
      before: false,
      after: true,
      forcesReplacement: false,
    });
  });

  it("turning protection off is an in-place update of the pool and its protect flag", async () => {
    const plan = await planOf(pool({ deletionProtection: true }), pool());
    const change = changeNamed(plan, "test-auth");
    expect(change.action).toBe("update");
    expect(change.properties).toEqual([
      { path: "deletionProtection", before: "ACTIVE", after: "INACTIVE", forcesReplacement: false },
      { path: "(protect)", before: true, after: false, forcesReplacement: false },
    ]);
    expect(plan.warnings).toEqual([]);
  });
});

describe("custom attributes", () => {
  const tenant = { name: "tenant", attributeDataType: "String", mutable: true };
  const plan = (before: unknown[], after: unknown[]) =>
    planOf(pool({ customAttributes: before }), pool({ customAttributes: after }));

  it("adding one is an update of schemas.<name>", async () => {
    const result = await plan([tenant], [tenant, { name: "plan", attributeDataType: "String" }]);
    const change = changeNamed(result, "test-auth");
    expect(change.action).toBe("update");
    expect(change.properties).toEqual([
      {
        path: "schemas.plan",
        before: null,
        after: {
          name: "plan",
          attributeDataType: "String",
          stringAttributeConstraints: { minLength: "0", maxLength: "2048" },
        },
        forcesReplacement: false,
      },
    ]);
    expect(result.errors).toEqual([]);
  });

  it("adding the first one is an update too", async () => {
    const result = await plan([], [tenant]);
    expect(changeNamed(result, "test-auth").properties.map((property) => property.path)).toEqual([
      "schemas.tenant",
    ]);
    expect(result.errors).toEqual([]);
  });

  it("removing one is an error", async () => {
    const result = await plan([tenant, { name: "plan", attributeDataType: "String" }], [tenant]);
    expect(result.errors).toEqual([
      {
        rule: "custom-attribute-removed",
        resource: "test-auth",
        message: expect.stringContaining("custom attribute plan cannot be removed from test-auth") as unknown,
      },
    ]);
  });

  it("changing one is an error", async () => {
    const result = await plan([tenant], [{ ...tenant, mutable: false }]);
    expect(changeNamed(result, "test-auth").properties).toEqual([
      {
        path: "schemas.tenant",
        before: expect.objectContaining({ mutable: true }) as unknown,
        after: expect.objectContaining({ mutable: false }) as unknown,
        forcesReplacement: false,
      },
    ]);
    expect(result.errors).toEqual([
      {
        rule: "custom-attribute-modified",
        resource: "test-auth",
        message: expect.stringContaining("custom attribute tenant of test-auth cannot be changed") as unknown,
      },
    ]);
  });

  it("adding 25 at once is allowed and 26 is an error", async () => {
    const attributes = (count: number) =>
      Array.from({ length: count }, (_, index) => ({ name: `attr${index}`, attributeDataType: "Boolean" }));
    expect((await plan([], attributes(25))).errors).toEqual([]);
    const result = await plan([], attributes(26));
    expect(result.errors).toEqual([
      {
        rule: "custom-attributes-too-many-added",
        resource: "test-auth",
        message: expect.stringContaining("26 custom attributes are added to test-auth at once") as unknown,
      },
    ]);
  });

  it("are not checked on a pool that is replaced anyway", async () => {
    const result = await planOf(
      pool({ customAttributes: [tenant] }),
      pool({ customAttributes: [], usernameCaseSensitive: true }),
    );
    expect(changeNamed(result, "test-auth").action).toBe("replace");
    expect(result.errors).toEqual([]);
  });
});

describe("stack changes", () => {
  it("warns and plans the new stack from scratch when the stack labels change", async () => {
    const base = pool();
    const head = validManifest(
      poolDocument({ spec: BASE_SPEC, metadata: { labels: stackLabels("acme", "tests", "test.moved") } }),
    );
    const plan = await planOf(base, head);
    expect(plan.stack).toBe("acme/tests/test.moved");
    expect(plan.warnings).toEqual([
      {
        rule: "stack-changed",
        message: expect.stringContaining(
          "the stack changes from acme/tests/test.pool to acme/tests/test.moved",
        ) as unknown,
      },
    ]);
    expect(Object.values(actions(plan))).toEqual(["create", "create", "create", "create", "create"]);
    expect(plan.summary).toEqual({ create: 5, update: 0, replace: 0, delete: 0 });
    expect(plan.changes.some((change) => change.destroysUsers)).toBe(false);
  });
});
