// The offline plan of an app client's token units, its own risk configuration and refresh token rotation: what
// really happens when rotation is left out (kept, terraform-provider-aws#47196) or DISABLED (sent with a grace
// period of 0, terraform-provider-aws#45646), and which of these changes is a security downgrade.
import { describe, expect, it, vi } from "vitest";
import type { Manifest } from "@cognito-action/spec";
import { planChanges, synth } from "../src/index.ts";
import type { Plan, ResourceChange } from "../src/index.ts";
import { poolDocument, resourceNamed, validManifest } from "./fixtures.ts";

vi.setConfig({ testTimeout: 30_000 });

const WITH_REFRESH = ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"];
/** A rotating client: it refreshes through GetTokensFromRefreshToken, not ALLOW_REFRESH_TOKEN_AUTH. */
const ROTATING = {
  explicitAuthFlows: ["ALLOW_USER_SRP_AUTH"],
  refreshTokenRotation: { feature: "ENABLED", retryGracePeriodSeconds: 10 },
};

/** A PLUS pool with threat protection and one client "web", its settings over `client`. */
function pool(client: Record<string, unknown> = {}): Manifest {
  return validManifest(
    poolDocument({
      spec: {
        userPoolTier: "PLUS",
        threatProtection: { standardAuthMode: "ENFORCED" },
        clients: [{ name: "web", explicitAuthFlows: WITH_REFRESH, ...client }],
      },
    }),
  );
}

async function planOf(base: Manifest, head: Manifest): Promise<Plan> {
  return planChanges(await synth(base), await synth(head));
}

function changeNamed(plan: Plan, name: string): ResourceChange {
  const change = plan.changes.find((candidate) => candidate.name === name);
  if (!change) throw new Error(`no change for ${name}`);
  return change;
}

describe("refresh token rotation in the plan", () => {
  it("keeps a rotation left out, as AWS does, and says how to switch it off", async () => {
    const plan = await planOf(pool(ROTATING), pool());
    const change = changeNamed(plan, "test-auth-web");
    expect(change.properties.map((property) => property.path)).toEqual(["explicitAuthFlows"]);
    expect(change.securityDowngrades ?? []).toEqual([]);
    expect(plan.notes).toEqual([
      {
        rule: "kept-when-omitted",
        resource: "test-auth-web",
        message: expect.stringMatching(
          /^refreshTokenRotation of test-auth-web is no longer set, so AWS keeps the deployed value .*set refreshTokenRotation: \{feature: DISABLED\}/,
        ) as unknown,
      },
    ]);
  });

  it("sends DISABLED with the grace period of 0 AWS answers with, and marks it a security downgrade", async () => {
    const disabled = pool({ refreshTokenRotation: { feature: "DISABLED" } });
    expect(resourceNamed(await synth(disabled), "test-auth-web").inputs.refreshTokenRotation).toEqual({
      feature: "DISABLED",
      retryGracePeriodSeconds: 0,
    });
    const change = changeNamed(await planOf(pool(ROTATING), disabled), "test-auth-web");
    expect(change.securityDowngrades?.map((downgrade) => downgrade.reason)).toEqual([
      "refresh token rotation is lowered from ENABLED to DISABLED",
    ]);
  });
});

describe("a client's token units in the plan", () => {
  it("shows a lifetime moved from minutes to hours as the value and unit it sends", async () => {
    const plan = await planOf(pool(), pool({ tokenValidity: { accessToken: { value: 1, unit: "hours" } } }));
    expect(changeNamed(plan, "test-auth-web").properties).toEqual([
      { path: "accessTokenValidity", before: 60, after: 1, forcesReplacement: false },
      { path: "tokenValidityUnits.accessToken", before: "minutes", after: "hours", forcesReplacement: false },
    ]);
  });
});

describe("a client's risk configuration in the plan", () => {
  const RISK = { compromisedCredentials: { eventAction: "BLOCK" } };

  it("marks its removal as a security downgrade", async () => {
    const plan = await planOf(pool({ riskConfiguration: RISK }), pool());
    const change = changeNamed(plan, "test-auth-web-risk");
    expect(change.action).toBe("delete");
    expect(change.securityDowngrades?.map((downgrade) => downgrade.reason)).toEqual([
      "its risk configuration (compromised-credential and account-takeover responses) is deleted",
    ]);
  });

  it("marks a weaker response as a security downgrade", async () => {
    const plan = await planOf(
      pool({ riskConfiguration: RISK }),
      pool({ riskConfiguration: { compromisedCredentials: { eventAction: "NO_ACTION" } } }),
    );
    expect(changeNamed(plan, "test-auth-web-risk").securityDowngrades?.map((d) => d.reason)).toEqual([
      "the compromised-credentials response is lowered from BLOCK to NO_ACTION",
    ]);
  });
});
