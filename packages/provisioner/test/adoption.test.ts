// Adoption (spec.adopt): the program imports deployed resources by ID instead of creating them; synth shows
// the import IDs, the offline plan shows an `import` action, and an import ID on a resource the stack
// already manages is planned as what Pulumi's step generator makes of it.
import { describe, expect, it, vi } from "vitest";
import type { Manifest } from "@cognito-action/spec";
import {
  planChanges,
  renderApplyReportParts,
  renderGraphMarkdown,
  renderPlanReport,
  RESOURCE_TYPES,
  summarize,
  synth,
} from "../src/index.ts";
import type { Plan, ResourceChange } from "../src/index.ts";
import { poolDocument, resourceNamed, validManifest } from "./fixtures.ts";

vi.setConfig({ testTimeout: 30_000 });

const POOL_ID = "eu-west-1_AbCdEf123";
const WEB_ID = "3n4b5c6d7e8f9g0h1i2j3k4l5m";
const API_ID = "7p8q9r0s1t2u3v4w5x6y7z8a9b";

const SPEC = {
  autoVerifiedAttributes: ["email"],
  clients: [
    { name: "web", explicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] },
    { name: "api", generateSecret: true },
  ],
  domain: { domain: "legacy-login" },
};

/** The pool with its clients and domain; `adopt` as given, none when undefined. */
function legacyPool(adopt?: Record<string, unknown>, spec: Record<string, unknown> = {}): Manifest {
  return validManifest(
    poolDocument({ name: "legacy-auth", spec: { ...SPEC, ...spec, ...(adopt ? { adopt } : {}) } }),
  );
}

const fullAdoption = { userPoolId: POOL_ID, clientIds: { web: WEB_ID, api: API_ID } };

async function planOf(base: Manifest | undefined, head: Manifest | undefined): Promise<Plan> {
  return planChanges(base && (await synth(base)), head && (await synth(head)));
}

function actions(plan: Plan): Record<string, string> {
  return Object.fromEntries(plan.changes.map((change) => [change.name, change.action]));
}

describe("synth of an adopting manifest", () => {
  it("imports the pool by ID, each client as <pool id>/<client id> and the domain by its name", async () => {
    const graph = await synth(legacyPool(fullAdoption));
    expect(graph.resources.map((resource) => [resource.name, resource.import])).toEqual([
      ["aws", undefined],
      ["legacy-auth", POOL_ID],
      ["legacy-auth-web", `${POOL_ID}/${WEB_ID}`],
      ["legacy-auth-api", `${POOL_ID}/${API_ID}`],
      ["legacy-auth-domain", "legacy-login"],
    ]);
  });

  it("feeds the adopted pool's ID to the clients and the domain, and outputs the adopted IDs", async () => {
    const graph = await synth(legacyPool(fullAdoption));
    expect(resourceNamed(graph, "legacy-auth-web").inputs.userPoolId).toBe(POOL_ID);
    expect(resourceNamed(graph, "legacy-auth-domain").inputs.userPoolId).toBe(POOL_ID);
    expect(graph.outputs.user_pool_id).toBe(POOL_ID);
    expect(graph.outputs.client_ids).toEqual({ web: WEB_ID, api: API_ID });
  });

  it("creates a client that adopt.clientIds leaves out", async () => {
    const graph = await synth(legacyPool({ userPoolId: POOL_ID, clientIds: { web: WEB_ID } }));
    expect(resourceNamed(graph, "legacy-auth-api").import).toBeUndefined();
  });

  it("says in the Markdown graph which resources are adopted, and by which ID", async () => {
    const markdown = renderGraphMarkdown(await synth(legacyPool(fullAdoption)));
    expect(markdown).toContain(
      `Adopted: the first apply imports the deployed <code>${POOL_ID}/${WEB_ID}</code> instead of creating it.`,
    );
  });

  it("imports nothing without the marker, and writes no import field", async () => {
    const graph = await synth(legacyPool());
    expect(graph.resources.every((resource) => !("import" in resource))).toBe(true);
  });
});

/** The pool's parts beyond OpenMCF that have names of their own, and a marker adopting all of them. */
const PARTS = {
  resourceServers: [
    { identifier: "orders", name: "Orders API", scopes: [{ name: "read", description: "Read" }] },
  ],
  groups: [{ name: "admins", precedence: 1 }],
  identityProviders: [
    {
      providerName: "Corp",
      providerType: "OIDC",
      providerDetails: {
        client_id: "corp-app",
        client_secret: { valueFromEnv: "CORP_CLIENT_SECRET" },
        attributes_request_method: "GET",
        oidc_issuer: "https://login.corp.example",
        authorize_scopes: "openid email",
      },
    },
  ],
};
const partsAdoption = {
  ...fullAdoption,
  resourceServers: ["orders"],
  groups: ["admins"],
  identityProviders: ["Corp"],
};

describe("adoption of resource servers, groups and identity providers", () => {
  it("imports each by the pulumi-aws import ID: <pool>|<identifier>, <pool>/<group>, <pool>:<provider>", async () => {
    const graph = await synth(legacyPool(partsAdoption, PARTS));
    expect(resourceNamed(graph, "legacy-auth-server-orders").import).toBe(`${POOL_ID}|orders`);
    expect(resourceNamed(graph, "legacy-auth-group-admins").import).toBe(`${POOL_ID}/admins`);
    expect(resourceNamed(graph, "legacy-auth-idp-Corp").import).toBe(`${POOL_ID}:Corp`);
  });

  it("creates the parts the marker does not list", async () => {
    const graph = await synth(legacyPool(fullAdoption, PARTS));
    for (const name of ["legacy-auth-server-orders", "legacy-auth-group-admins", "legacy-auth-idp-Corp"])
      expect(resourceNamed(graph, name).import).toBeUndefined();
  });

  it("plans them as import, and as unchanged once the marker is removed after the first apply", async () => {
    const names = ["legacy-auth-server-orders", "legacy-auth-group-admins", "legacy-auth-idp-Corp"];
    const first = await planOf(undefined, legacyPool(partsAdoption, PARTS));
    expect(names.map((name) => actions(first)[name])).toEqual(["import", "import", "import"]);
    const later = await planOf(legacyPool(partsAdoption, PARTS), legacyPool(undefined, PARTS));
    expect(names.map((name) => actions(later)[name])).toEqual(["unchanged", "unchanged", "unchanged"]);
  });
});

describe("the offline plan of an adoption", () => {
  it("plans the adopted resources as import, never create, and a client without an ID as create", async () => {
    const plan = await planOf(undefined, legacyPool({ userPoolId: POOL_ID, clientIds: { web: WEB_ID } }));
    expect(actions(plan)).toEqual({
      aws: "create",
      "legacy-auth": "import",
      "legacy-auth-web": "import",
      "legacy-auth-api": "create",
      "legacy-auth-domain": "import",
    });
    expect(plan.changes.find((change) => change.name === "legacy-auth")?.importId).toBe(POOL_ID);
    expect(plan.changes.some((change) => change.destroysUsers)).toBe(false);
  });

  it("counts imports in the summary apart from creations", async () => {
    const plan = await planOf(undefined, legacyPool(fullAdoption));
    expect(plan.summary).toEqual({ create: 1, update: 0, replace: 0, delete: 0, import: 4 });
  });

  it("plans nothing when the marker stays in after the first apply (the same IDs are in the state)", async () => {
    const plan = await planOf(legacyPool(fullAdoption), legacyPool(fullAdoption));
    expect(plan.changes.every((change) => change.action === "unchanged")).toBe(true);
    expect(plan.warnings).toEqual([]);
  });

  it("plans nothing when the marker is removed after the first apply", async () => {
    const plan = await planOf(legacyPool(fullAdoption), legacyPool());
    expect(plan.changes.every((change) => change.action === "unchanged")).toBe(true);
  });

  it("plans a manifest change with the marker still in as the usual update", async () => {
    const plan = await planOf(
      legacyPool(fullAdoption),
      legacyPool(fullAdoption, { passwordPolicy: { minimumLength: 12 } }),
    );
    expect(actions(plan)["legacy-auth"]).toBe("update");
  });

  it("plans an adoption on a stack that already manages the pool as a replacement that loses every user", async () => {
    const plan = await planOf(legacyPool(), legacyPool(fullAdoption));
    const pool = plan.changes.find((change) => change.type === RESOURCE_TYPES.userPool)!;
    expect(pool).toMatchObject({ action: "replace", destroysUsers: true, importId: POOL_ID });
    expect(pool.properties[0]).toEqual({
      path: "(import)",
      before: null,
      after: POOL_ID,
      forcesReplacement: true,
    });
    expect(plan.warnings.map((warning) => [warning.rule, warning.resource])).toContainEqual([
      "adopt-managed-resource",
      "legacy-auth",
    ]);
  });

  it("plans a changed pool ID after adoption as a replacement that deletes the adopted pool", async () => {
    const plan = await planOf(
      legacyPool(fullAdoption),
      legacyPool({ ...fullAdoption, userPoolId: "eu-west-1_ZyXwVu987" }),
    );
    const pool = plan.changes.find((change) => change.type === RESOURCE_TYPES.userPool)!;
    expect(pool).toMatchObject({ action: "replace", destroysUsers: true });
    expect(plan.warnings.find((warning) => warning.rule === "adopt-managed-resource")?.message).toContain(
      `delete ${POOL_ID}`,
    );
  });
});

describe("reports of an adoption", () => {
  it("renders the import column, the adoption note and the import rows", async () => {
    const plan = await planOf(undefined, legacyPool({ userPoolId: POOL_ID, clientIds: { web: WEB_ID } }));
    const markdown = renderPlanReport({
      plans: [{ name: "legacy-auth", file: "identity/legacy-auth.yaml", fileChange: "added", plan }],
      source: { mode: "offline" },
    });
    await expect(markdown).toMatchFileSnapshot("__snapshots__/adoption-plan.md");
  });

  it("renders the engine's imports, which name no ID, without an empty ID cell", () => {
    const changes: ResourceChange[] = [
      { type: RESOURCE_TYPES.userPool, name: "legacy-auth", action: "import", properties: [], adopted: true },
    ];
    const plan: Plan = {
      stack: "acme/tests/test.pool",
      changes,
      summary: summarize(changes),
      errors: [],
      warnings: [],
    };
    const markdown = renderPlanReport({ plans: [{ name: "legacy-auth", file: "a.yaml", plan }] });
    expect(markdown).toContain("| 🔵 import | | | |");
    expect(markdown).toContain(
      "**<code>legacy-auth</code> adopts 1 existing resource**: <code>legacy-auth</code>.",
    );
  });

  it("keeps the summary table's columns when nothing is adopted", async () => {
    const plan = await planOf(undefined, legacyPool());
    const markdown = renderPlanReport({ plans: [{ name: "legacy-auth", file: "a.yaml", plan }] });
    expect(markdown).toContain("| Manifest | Stack | Create | Update | Replace | Delete |");
    expect(markdown).not.toContain("adopts");
  });

  it("says the apply adopted the imported resources", async () => {
    const plan = await planOf(undefined, legacyPool(fullAdoption));
    const { essential } = renderApplyReportParts({
      results: [{ name: "legacy-auth", file: "a.yaml", stack: plan.stack, status: "applied", plan }],
    });
    // The stack's AWS provider is created too, and not counted: it is not a Cognito resource.
    expect(essential).toContain("| ✅ applied | 4 adopted |");
  });
});

// An adopted client's secret setting: the provider's import reads no `generate_secret` (DescribeUserPoolClient
// does not return it; terraform-provider-aws internal/service/cognitoidp user_pool_client.go sets it only from
// the configuration), and the attribute forces replacement. Sent against an imported state that lacks it,
// it would replace the adopted client (a new ID and a new secret for every app using it).
describe("the secret setting of an adopted client", () => {
  it("leaves generateSecret to the deployed client (ignoreChanges) for adopted clients only", async () => {
    const graph = await synth(legacyPool({ userPoolId: POOL_ID, clientIds: { api: API_ID } }));
    expect(resourceNamed(graph, "legacy-auth-api").ignoreChanges).toEqual(["generateSecret"]);
    expect(resourceNamed(graph, "legacy-auth-web").ignoreChanges).toBeUndefined();
  });

  it("plans no replacement of an adopted client whose generateSecret changes, and one for a created client", async () => {
    const adopt = { userPoolId: POOL_ID, clientIds: { api: API_ID } };
    const flipped = {
      clients: [
        {
          name: "web",
          generateSecret: true,
          explicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        },
        { name: "api", generateSecret: false },
      ],
    };
    const plan = await planOf(legacyPool(adopt), legacyPool(adopt, flipped));
    expect(actions(plan)["legacy-auth-api"]).toBe("unchanged");
    expect(actions(plan)["legacy-auth-web"]).toBe("replace");
  });
});
