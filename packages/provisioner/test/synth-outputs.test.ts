// The stack outputs synth reports: AWS's formats, secrets masked, and the same graph for the same manifest
// however many synths run at once.
import { describe, expect, it } from "vitest";
import type { Manifest } from "@cognito-action/spec";
import { SECRET_PLACEHOLDER, synth } from "../src/index.ts";
import { mockClientSecret } from "../src/mock-values.ts";
import { exampleManifest, poolDocument, stackLabels, validManifest } from "./fixtures.ts";

const CERTIFICATE_ARN = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789";
const CLIENT_ID = /^[0-9a-z]{26}$/;

function userPoolIdPattern(region: string): RegExp {
  return new RegExp(`^${region}_[0-9A-Za-z]{9}$`);
}

function stringOutput(outputs: Record<string, unknown>, name: string): string {
  const value = outputs[name];
  if (typeof value !== "string") throw new Error(`output ${name} is not a string`);
  return value;
}

describe("stack outputs of examples/production.yaml", async () => {
  const { outputs } = await synth(exampleManifest("production"));
  const id = stringOutput(outputs, "user_pool_id");

  it("has the outputs the OpenMCF component has, the scopes of the resource server it declares, the branding style's ID and where its logs go", () => {
    expect(Object.keys(outputs)).toEqual([
      "user_pool_id",
      "user_pool_arn",
      "user_pool_endpoint",
      "user_pool_domain",
      "cloudfront_distribution_arn",
      "client_ids",
      "client_secrets",
      "resource_server_scope_identifiers",
      "managed_login_branding_ids",
      "log_destinations",
    ]);
    expect(outputs.resource_server_scope_identifiers).toEqual({ api: ["api/read", "api/write"] });
    expect(Object.keys(outputs.managed_login_branding_ids as Record<string, string>)).toEqual(["web-spa"]);
    expect(outputs.log_destinations).toEqual({
      userNotification: "arn:aws:logs:us-east-1:123456789012:log-group:/aws/vendedlogs/cognito/prod-auth",
      userAuthEvents: "arn:aws:s3:::acme-prod-auth-logs",
    });
  });

  it("shapes the pool id, ARN and issuer endpoint as AWS does", () => {
    expect(id).toMatch(userPoolIdPattern("us-east-1"));
    expect(outputs.user_pool_arn).toBe(`arn:aws:cognito-idp:us-east-1:123456789012:userpool/${id}`);
    expect(outputs.user_pool_endpoint).toBe(`https://cognito-idp.us-east-1.amazonaws.com/${id}`);
  });

  it("gives the hosted UI URL of the prefix domain and no CloudFront distribution", () => {
    expect(outputs.user_pool_domain).toBe("https://acme-prod-auth.auth.us-east-1.amazoncognito.com");
    expect(outputs.cloudfront_distribution_arn).toBe("");
  });

  it("maps every client name to a 26-character lowercase id", () => {
    const clientIds = outputs.client_ids as Record<string, string>;
    expect(Object.keys(clientIds)).toEqual(["web-spa", "api-server"]);
    for (const clientId of Object.values(clientIds)) expect(clientId).toMatch(CLIENT_ID);
    expect(clientIds["web-spa"]).not.toBe(clientIds["api-server"]);
  });

  it("lists only the clients with a secret, each masked", () => {
    expect(outputs.client_secrets).toEqual({ "api-server": SECRET_PLACEHOLDER });
    expect(SECRET_PLACEHOLDER).toBe("[secret]");
  });
});

describe("stack outputs", () => {
  it("uses the China partition and DNS suffix for cn-north-1", async () => {
    const { outputs } = await synth(validManifest(poolDocument({ spec: { region: "cn-north-1" } })));
    const id = stringOutput(outputs, "user_pool_id");
    expect(id).toMatch(userPoolIdPattern("cn-north-1"));
    expect(outputs.user_pool_arn).toBe(`arn:aws-cn:cognito-idp:cn-north-1:123456789012:userpool/${id}`);
    expect(outputs.user_pool_endpoint).toBe(`https://cognito-idp.cn-north-1.amazonaws.com.cn/${id}`);
  });

  it("gives a custom domain's URL and its CloudFront hostname", async () => {
    const { outputs } = await synth(
      validManifest(
        poolDocument({ spec: { domain: { domain: "auth.example.com", certificateArn: CERTIFICATE_ARN } } }),
      ),
    );
    expect(outputs.user_pool_domain).toBe("https://auth.example.com");
    expect(outputs.cloudfront_distribution_arn).toMatch(/^d[0-9a-z]{13}\.cloudfront\.net$/);
  });

  it("gives empty domain outputs without a domain", async () => {
    const { outputs } = await synth(exampleManifest("quick-start"));
    expect(outputs.user_pool_domain).toBe("");
    expect(outputs.cloudfront_distribution_arn).toBe("");
  });

  it("has an empty client_secrets map when no client generates a secret", async () => {
    const { outputs } = await synth(exampleManifest("hosted-ui"));
    expect(outputs.client_secrets).toEqual({});
  });

  it("never lets a client secret into the graph, only the placeholder", async () => {
    const manifest = validManifest(
      poolDocument({
        spec: {
          clients: [
            { name: "first", generateSecret: true },
            { name: "second", generateSecret: true },
            { name: "public" },
          ],
        },
      }),
    );
    const graph = await synth(manifest);
    const clientIds = graph.outputs.client_ids as Record<string, string>;
    expect(graph.outputs.client_secrets).toEqual({ first: SECRET_PLACEHOLDER, second: SECRET_PLACEHOLDER });
    const json = JSON.stringify(graph);
    for (const name of ["first", "second", "public"]) {
      const secret = mockClientSecret(clientIds[name]!);
      expect(secret).toMatch(/^[0-9a-z]{51}$/);
      expect(json).not.toContain(secret);
    }
  });
});

describe("determinism", () => {
  it("gives byte-identical JSON for two synths of the same manifest", async () => {
    const first = JSON.stringify(await synth(exampleManifest("production")));
    const second = JSON.stringify(await synth(exampleManifest("production")));
    expect(second).toBe(first);
  });

  it("gives the same graphs for synths run all at once as for synths run one by one", async () => {
    const manifests = variedManifests(20);
    const oneByOne: string[] = [];
    for (const manifest of manifests) oneByOne.push(JSON.stringify(await synth(manifest)));
    const allAtOnce = (await Promise.all(manifests.map((manifest) => synth(manifest)))).map((graph) =>
      JSON.stringify(graph),
    );
    expect(allAtOnce).toEqual(oneByOne);
    // Each graph is its own manifest's: no resource or output of one run shows up in another.
    expect(new Set(oneByOne).size).toBe(manifests.length);
    allAtOnce.forEach((json, index) => {
      const graph = JSON.parse(json) as { stack: string; resources: { name: string }[] };
      const name = manifests[index]!.metadata.name;
      expect(graph.stack).toBe(`acme/tests/stack-${index}`);
      for (const resource of graph.resources.slice(1)) expect(resource.name.startsWith(name)).toBe(true);
    });
  }, 60_000);
});

/** `count` different manifests: regions, clients, secrets, domains and protection vary with the index. */
function variedManifests(count: number): Manifest[] {
  const regions = ["us-east-1", "eu-west-1", "ap-southeast-2", "cn-north-1", "sa-east-1"];
  return Array.from({ length: count }, (_, index) =>
    validManifest(
      poolDocument({
        name: `pool-${index}`,
        metadata: { labels: stackLabels("acme", "tests", `stack-${index}`) },
        spec: {
          region: regions[index % regions.length],
          deletionProtection: index % 3 === 0,
          clients: Array.from({ length: 1 + (index % 4) }, (_, client) => ({
            name: `client-${client}`,
            generateSecret: client % 2 === 1,
          })),
          ...(index % 2 === 0 ? { domain: { domain: `pool-${index}-login` } } : {}),
          ...(index % 5 === 1
            ? { domain: { domain: `auth${index}.example.com`, certificateArn: CERTIFICATE_ARN } }
            : {}),
        },
      }),
    ),
  );
}
