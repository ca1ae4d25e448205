// Adopting a pool made outside Git (spec.adopt) against the real engine: the first run imports the pool and
// its client, the next changes the adopted client, which must be updated in place (the same client ID, its
// users' sessions and the apps configured with it untouched).
import {
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { describe, expect, it } from "vitest";
import { defaultPulumiVersion } from "../src/versions.ts";
import { edit, EngineWorld, example, explain, worldPerTest } from "./engine-scenario.ts";

const world = worldPerTest();
const QUICK_START = "examples/quick-start.yaml";

/** quick-start adopting `poolId` and its client `clientId`, with `flows` as the client's auth flows. */
function adopting(poolId: string, clientId: string, extraFlow?: string): string {
  let text = edit(
    example("quick-start"),
    "spec:\n",
    `spec:\n  adopt:\n    userPoolId: ${poolId}\n    clientIds: { web-app: ${clientId} }\n`,
  );
  if (extraFlow)
    text = edit(
      text,
      "        - ALLOW_REFRESH_TOKEN_AUTH",
      `        - ALLOW_REFRESH_TOKEN_AUTH\n        - ${extraFlow}`,
    );
  return text;
}

describe(`adoption on the real CLI ${defaultPulumiVersion()}`, () => {
  it("imports the pool and client, then changes the adopted client in place", async () => {
    const engine = (world.current = new EngineWorld(defaultPulumiVersion()));
    const pool = await engine.aws.send(
      new CreateUserPoolCommand({
        PoolName: "my-auth",
        UsernameAttributes: ["email"],
        AutoVerifiedAttributes: ["email"],
      }),
    );
    const poolId = pool.UserPool!.Id!;
    const client = await engine.aws.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: "web-app",
        ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
      }),
    );
    const clientId = client.UserPoolClient!.ClientId!;

    const adopted = await engine.push({ [QUICK_START]: adopting(poolId, clientId) });
    expect(adopted.code, explain(adopted)).toBe(0);
    expect(Object.values(await engine.clients(poolId)).map((found) => found.ClientId)).toEqual([clientId]);

    const changed = await engine.push({
      [QUICK_START]: adopting(poolId, clientId, "ALLOW_USER_PASSWORD_AUTH"),
    });
    expect(changed.code, explain(changed)).toBe(0);
    const clients = await engine.clients(poolId);
    expect(clients["web-app"]?.ClientId).toBe(clientId);
    expect(clients["web-app"]?.ExplicitAuthFlows).toContain("ALLOW_USER_PASSWORD_AUTH");
    expect((await engine.pool("my-auth"))?.Id).toBe(poolId);
  });
});
