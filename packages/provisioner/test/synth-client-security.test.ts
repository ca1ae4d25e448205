// What an app client sends beyond the OpenMCF fields: token lifetimes in their own units, and a risk
// configuration of its own (pulumi-aws RiskConfiguration with clientId), adopted by `<pool id>:<client id>`.
import { describe, expect, it, vi } from "vitest";
import { adoptionIds } from "../src/adoption.ts";
import { synth } from "../src/index.ts";
import { poolDocument, resourceNamed, validManifest } from "./fixtures.ts";

vi.setConfig({ testTimeout: 30_000 });

/** A PLUS pool with threat protection and a pool-wide risk configuration, and `spec` over it. */
function threatProtectedPool(spec: Record<string, unknown>) {
  return poolDocument({
    spec: {
      userPoolTier: "PLUS",
      threatProtection: { standardAuthMode: "ENFORCED" },
      riskConfiguration: { compromisedCredentials: { eventAction: "NO_ACTION" } },
      ...spec,
    },
  });
}

const CLIENT_RISK = {
  compromisedCredentials: { eventAction: "BLOCK" },
  riskExceptions: { skippedIpRanges: ["10.0.0.0/8"] },
};

describe("a client's token lifetimes", () => {
  it("sends each lifetime in its own unit, and the OpenMCF fields' units for the rest", async () => {
    const graph = await synth(
      validManifest(
        poolDocument({
          spec: {
            clients: [
              {
                name: "web",
                idTokenValidityMinutes: 30,
                tokenValidity: {
                  accessToken: { value: 1, unit: "hours" },
                  refreshToken: { value: 12, unit: "hours" },
                },
              },
            ],
          },
        }),
      ),
    );
    const client = resourceNamed(graph, "test-auth-web").inputs;
    expect(client.accessTokenValidity).toBe(1);
    expect(client.idTokenValidity).toBe(30);
    expect(client.refreshTokenValidity).toBe(12);
    expect(client.tokenValidityUnits).toEqual({
      accessToken: "hours",
      idToken: "minutes",
      refreshToken: "hours",
    });
  });

  it("keeps minutes, minutes and days for a client without tokenValidity", async () => {
    const graph = await synth(validManifest(poolDocument()));
    expect(resourceNamed(graph, "test-auth-web").inputs.tokenValidityUnits).toEqual({
      accessToken: "minutes",
      idToken: "minutes",
      refreshToken: "days",
    });
  });
});

describe("a client's risk configuration", () => {
  const document = () =>
    threatProtectedPool({
      clients: [{ name: "web", riskConfiguration: CLIENT_RISK }, { name: "admin" }],
    });

  it("is a RiskConfiguration on the pool and the client, beside the pool's own", async () => {
    const graph = await synth(validManifest(document()));
    const risk = resourceNamed(graph, "test-auth-web-risk");
    expect(risk.type).toBe("aws:cognito/riskConfiguration:RiskConfiguration");
    expect(risk.dependencies).toEqual({ userPoolId: ["test-auth"], clientId: ["test-auth-web"] });
    const { userPoolId: _pool, clientId: _client, ...inputs } = risk.inputs;
    expect(inputs).toEqual({
      compromisedCredentialsRiskConfiguration: { actions: { eventAction: "BLOCK" } },
      riskExceptionConfiguration: { skippedIpRangeLists: ["10.0.0.0/8"] },
    });
    expect(resourceNamed(graph, "test-auth-risk").inputs).not.toHaveProperty("clientId");
    expect(graph.resources.some((resource) => resource.name === "test-auth-admin-risk")).toBe(false);
  });

  it("is adopted by <pool id>:<client id> when the client is adopted", async () => {
    const manifest = validManifest(
      threatProtectedPool({
        clients: [{ name: "web", riskConfiguration: CLIENT_RISK }, { name: "admin" }],
        adopt: {
          userPoolId: "eu-west-1_AbCdEf123",
          clientIds: { web: "1example23456789", admin: "2example23456789" },
        },
      }),
    );
    expect(adoptionIds(manifest).clientRiskConfigurations).toEqual({
      web: "eu-west-1_AbCdEf123:1example23456789",
    });
    const graph = await synth(manifest);
    expect(resourceNamed(graph, "test-auth-web-risk").import).toBe("eu-west-1_AbCdEf123:1example23456789");
  });
});
