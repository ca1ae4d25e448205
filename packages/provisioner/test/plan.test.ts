// The offline plan: what applying a head manifest over its base would do, from the two synthesized graphs.
import { describe, expect, it, vi } from "vitest";
import type { Manifest } from "@cognito-action/spec";
import {
  KNOWN_AFTER_REPLACEMENT,
  planChanges,
  REPLACEMENT_RULES,
  RESOURCE_TYPES,
  synth,
} from "../src/index.ts";
import type { Plan, ResourceChange } from "../src/index.ts";
import { replacementRuleFor } from "../src/replacement-rules.ts";
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

  it.each(REPLACEMENT_CASES)("$type $property forces replacement", async (entry) => {
    const plan = await planOf(entry.base, entry.head);
    const change = changeNamed(plan, entry.resource);
    expect(change.type).toBe(entry.type);
    expect(change.action).toBe("replace");
    expect(forcingPaths(change)).toEqual(entry.forcedBy);
    expect(plan.errors).toEqual([]);
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
        {
          path: "userPoolId",
          before: expect.stringMatching(/^eu-west-1_[0-9A-Za-z]{9}$/) as unknown,
          after: KNOWN_AFTER_REPLACEMENT,
          forcesReplacement: true,
        },
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
    expect(changeNamed(plan, "test-auth").properties).toEqual([
      { path: "(provider)", before: "aws", after: KNOWN_AFTER_REPLACEMENT, forcesReplacement: true },
    ]);
    expect(changeNamed(plan, "test-auth").destroysUsers).toBe(true);
    expect(plan.summary).toEqual({ create: 0, update: 0, replace: 5, delete: 0 });
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
