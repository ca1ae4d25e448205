// The looks of the sign-in pages (beyond OpenMCF): each client's managed login branding style and the classic
// hosted UI's customizations, as synth declares them, the outputs they add, what adoption imports and what a
// change replaces.
import { describe, expect, it } from "vitest";
import { planChanges, RESOURCE_TYPES, synth } from "../src/index.ts";
import type { ResourceGraph } from "../src/index.ts";
import { poolDocument, resourceNamed, resourcesOfType, validManifest } from "./fixtures.ts";

/** A 1x1 PNG in Base64, and the same wrapped at 40 columns as `base64` wraps. */
const PNG =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";
const WRAPPED_PNG = PNG.match(/.{1,40}/g)!.join("\n");
const SETTINGS = {
  components: { primaryButton: { lightMode: { defaults: { backgroundColor: "0972d3ff" } } } },
};
const OAUTH = {
  allowedOauthFlowsUserPoolClient: true,
  allowedOauthFlows: ["code"],
  allowedOauthScopes: ["openid"],
  callbackUrls: ["https://app.example.com/callback"],
};

function brandedDocument(spec: Record<string, unknown> = {}) {
  return poolDocument({
    spec: {
      autoVerifiedAttributes: ["email"],
      domain: { domain: "acme-auth-7f3k", managedLoginVersion: 2 },
      clients: [
        {
          name: "web",
          ...OAUTH,
          managedLoginBranding: {
            settings: SETTINGS,
            assets: [{ category: "FORM_LOGO", colorMode: "LIGHT", extension: "PNG", bytes: WRAPPED_PNG }],
          },
        },
        { name: "mobile", ...OAUTH, managedLoginBranding: { useCognitoProvidedValues: true } },
      ],
      ...spec,
    },
  });
}

/** The "web" client with a style of these settings and one logo in this color mode. */
function webClient(settings: Record<string, unknown>, colorMode: string) {
  return {
    name: "web",
    ...OAUTH,
    managedLoginBranding: {
      settings,
      assets: [{ category: "FORM_LOGO", colorMode, extension: "PNG", bytes: PNG }],
    },
  };
}

function clientIdOf(graph: ResourceGraph, client: string): string {
  return (graph.outputs.client_ids as Record<string, string>)[client]!;
}

describe("synth of managed login branding", async () => {
  const graph = await synth(validManifest(brandedDocument()));

  it("declares one style per client, for that client, with its settings as JSON and its images in one piece", () => {
    expect(resourcesOfType(graph, RESOURCE_TYPES.managedLoginBranding).map((r) => r.name)).toEqual([
      "test-auth-branding-web",
      "test-auth-branding-mobile",
    ]);
    expect(resourceNamed(graph, "test-auth-branding-web").inputs).toEqual({
      userPoolId: String(graph.outputs.user_pool_id),
      clientId: clientIdOf(graph, "web"),
      settings: JSON.stringify(SETTINGS),
      assets: [{ category: "FORM_LOGO", colorMode: "LIGHT", extension: "PNG", bytes: PNG }],
    });
    expect(resourceNamed(graph, "test-auth-branding-mobile").inputs).toEqual({
      userPoolId: String(graph.outputs.user_pool_id),
      clientId: clientIdOf(graph, "mobile"),
      useCognitoProvidedValues: true,
    });
  });

  it("waits for the domain, without which AWS brands nothing", () => {
    expect(resourceNamed(graph, "test-auth-branding-web").dependsOn).toEqual(
      expect.arrayContaining(["test-auth-domain", "test-auth-web"]),
    );
  });

  it("outputs each client's style ID", () => {
    const ids = graph.outputs.managed_login_branding_ids as Record<string, string>;
    expect(Object.keys(ids)).toEqual(["web", "mobile"]);
    expect(ids.web).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(ids.web).not.toBe(ids.mobile);
  });

  it("takes settings written as a JSON string like settings written as YAML", async () => {
    const document = brandedDocument();
    const clients = (document.spec as { clients: Record<string, unknown>[] }).clients;
    clients[0]!.managedLoginBranding = {
      settings: JSON.stringify(SETTINGS, null, 2),
      assets: [{ category: "FORM_LOGO", colorMode: "LIGHT", extension: "PNG", bytes: PNG }],
    };
    const fromString = await synth(validManifest(document));
    expect(planChanges(graph, fromString).changes.filter((change) => change.action !== "unchanged")).toEqual(
      [],
    );
  });

  it("has no output of style IDs when no client has a style", async () => {
    const plain = await synth(validManifest(poolDocument()));
    expect(plain.outputs).not.toHaveProperty("managed_login_branding_ids");
    expect(resourcesOfType(plain, RESOURCE_TYPES.managedLoginBranding)).toEqual([]);
  });
});

describe("synth of the classic hosted UI's customization", async () => {
  const css = ".banner-customizable {background-color: #0972d3}";
  const graph = await synth(
    validManifest(
      poolDocument({
        spec: {
          autoVerifiedAttributes: ["email"],
          domain: { domain: "acme-auth-7f3k", managedLoginVersion: 1 },
          uiCustomization: { css, imageFile: WRAPPED_PNG },
          clients: [{ name: "web", ...OAUTH, uiCustomization: { css } }, { name: "plain" }],
        },
      }),
    ),
  );

  it("customizes the pool for every client (no client ID: ALL) and one client over it", () => {
    expect(resourceNamed(graph, "test-auth-ui").inputs).toEqual({
      userPoolId: String(graph.outputs.user_pool_id),
      css,
      imageFile: PNG,
    });
    expect(resourceNamed(graph, "test-auth-ui-web").inputs).toEqual({
      userPoolId: String(graph.outputs.user_pool_id),
      clientId: clientIdOf(graph, "web"),
      css,
    });
    expect(resourcesOfType(graph, RESOURCE_TYPES.uiCustomization)).toHaveLength(2);
    expect(resourceNamed(graph, "test-auth-ui").dependsOn).toContain("test-auth-domain");
  });
});

describe("adopting a pool's branding", async () => {
  const graph = await synth(
    validManifest(
      brandedDocument({
        uiCustomization: { css: ".logo-customizable {max-width: 60%}", imageFile: PNG },
        adopt: {
          userPoolId: "eu-west-1_AbCdEf123",
          clientIds: { web: "3n4b5c6d7e8f9g0h1i2j3k4l5m", mobile: "6n4b5c6d7e8f9g0h1i2j3k4l5m" },
          managedLoginBrandings: { web: "11111111-2222-4333-8444-555555555555" },
        },
      }),
    ),
  );

  it("imports a listed style by pool and style ID, and creates an unlisted one", () => {
    expect(resourceNamed(graph, "test-auth-branding-web").import).toBe(
      "eu-west-1_AbCdEf123,11111111-2222-4333-8444-555555555555",
    );
    expect(resourceNamed(graph, "test-auth-branding-mobile").import).toBeUndefined();
    expect((graph.outputs.managed_login_branding_ids as Record<string, string>).web).toBe(
      "11111111-2222-4333-8444-555555555555",
    );
  });

  it("imports the pool's UI customization by pool ID and ALL, keeping the logo AWS cannot read back", () => {
    expect(resourceNamed(graph, "test-auth-ui").import).toBe("eu-west-1_AbCdEf123,ALL");
    expect(resourceNamed(graph, "test-auth-ui").ignoreChanges).toEqual(["imageFile"]);
  });
});

describe("planning a change of branding", async () => {
  const base = await synth(validManifest(brandedDocument()));

  it("changes settings in place and replaces the style for a new image (the provider's asset RequiresReplace)", async () => {
    const settingsOnly = planChanges(
      base,
      await synth(validManifest(brandedDocument({ clients: [webClient({ components: {} }, "LIGHT")] }))),
    );
    expect(settingsOnly.changes.find((change) => change.name === "test-auth-branding-web")?.action).toBe(
      "update",
    );
    const head = brandedDocument({ clients: [webClient(SETTINGS, "DARK")] });
    const newImage = planChanges(base, await synth(validManifest(head)));
    expect(newImage.changes.find((change) => change.name === "test-auth-branding-web")?.action).toBe(
      "replace",
    );
  });
});
