// A bucket still on the DIY backend's legacy layout (stacks at .pulumi/stacks/<stack>.json, plain stack names,
// pkg/backend/diy/store.go legacyReferenceStore), as teams that started before project-scoped stacks have.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { defaultPulumiVersion } from "../src/versions.ts";
import { edit, EngineWorld, example, explain, worldPerTest } from "./engine-scenario.ts";

const world = worldPerTest();
const QUICK_START = "examples/quick-start.yaml";
// The CLI creates the legacy layout in an empty backend when asked to (pkg/backend/diy/backend.go).
const LEGACY = { PULUMI_DIY_BACKEND_LEGACY_LAYOUT: "true" };

describe(`a legacy-layout backend on the real CLI ${defaultPulumiVersion()}`, () => {
  it("applies a first push and an update to a stack in the legacy layout", async () => {
    const engine = (world.current = new EngineWorld(defaultPulumiVersion()));
    const first = await engine.push({ [QUICK_START]: example("quick-start") }, { env: LEGACY });
    expect(first.code, explain(first)).toBe(0);
    const state = engine.backendUrl.slice("file://".length);
    expect(existsSync(join(state, ".pulumi/stacks/dev.AwsCognitoUserPool.my-auth.json"))).toBe(true);

    const second = await engine.push(
      {
        [QUICK_START]: edit(
          example("quick-start"),
          "        - ALLOW_REFRESH_TOKEN_AUTH",
          "        - ALLOW_REFRESH_TOKEN_AUTH\n        - ALLOW_USER_PASSWORD_AUTH",
        ),
      },
      { env: LEGACY },
    );
    expect(second.code, explain(second)).toBe(0);
    const pool = await engine.pool("my-auth");
    expect((await engine.clients(pool!.Id!))["web-app"]!.ExplicitAuthFlows).toContain(
      "ALLOW_USER_PASSWORD_AUTH",
    );
  });
});
