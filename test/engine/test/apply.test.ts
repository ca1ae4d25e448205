// The bundled action applying pushes to main against the real engine: the real CLI at each selected version
// (oldest supported, default, newest), the `aws` provider plugin and moto, with a file:// backend and the
// passphrase secrets provider.
import { describe, expect, it } from "vitest";
import { pulumiVersions, selectedVersions } from "../src/versions.ts";
import { edit, EngineWorld, example, explain, worldPerTest } from "./engine-scenario.ts";

const world = worldPerTest();
const QUICK_START = "examples/quick-start.yaml";

const versions = pulumiVersions();

describe.each(selectedVersions())("first push and in-place update on the real CLI (%s)", (name) => {
  const version = versions[name];
  it(`creates the pool and its client on the first push, then updates the client in place (${version})`, async () => {
    const engine = (world.current = new EngineWorld(version));

    const first = await engine.push({ [QUICK_START]: example("quick-start") });
    expect(first.code, explain(first)).toBe(0);
    const pool = await engine.pool("my-auth");
    expect(pool?.UsernameAttributes).toEqual(["email"]);
    const clients = await engine.clients(pool!.Id!);
    expect(Object.keys(clients)).toEqual(["web-app"]);
    expect(clients["web-app"]!.ExplicitAuthFlows).toEqual([
      "ALLOW_USER_SRP_AUTH",
      "ALLOW_REFRESH_TOKEN_AUTH",
    ]);

    const second = await engine.push({
      [QUICK_START]: edit(
        example("quick-start"),
        "        - ALLOW_REFRESH_TOKEN_AUTH",
        "        - ALLOW_REFRESH_TOKEN_AUTH\n        - ALLOW_USER_PASSWORD_AUTH",
      ),
    });
    expect(second.code, explain(second)).toBe(0);
    const updated = await engine.pool("my-auth");
    // In place: the same pool and the same client, with the new flow.
    expect(updated?.Id).toBe(pool!.Id);
    const updatedClients = await engine.clients(pool!.Id!);
    expect(updatedClients["web-app"]!.ClientId).toBe(clients["web-app"]!.ClientId);
    expect(updatedClients["web-app"]!.ExplicitAuthFlows).toContain("ALLOW_USER_PASSWORD_AUTH");
  });
});
