// A stack another update holds, against the real engine: the CLI finds the DIY backend's lock file
// (pkg/backend/diy/lock.go: .pulumi/locks/<fully qualified stack>/<lock id>.json) and refuses; the action
// reports `locked` and AWS is untouched; once the lock is gone the next run converges.
import { describe, expect, it } from "vitest";
import { defaultPulumiVersion } from "../src/versions.ts";
import { edit, EngineWorld, example, explain, worldPerTest } from "./engine-scenario.ts";

const world = worldPerTest();
const QUICK_START = "examples/quick-start.yaml";

describe(`a locked stack on the real CLI ${defaultPulumiVersion()}`, () => {
  it("reports locked without changing AWS while another update holds the stack, then converges", async () => {
    const engine = (world.current = new EngineWorld(defaultPulumiVersion()));
    const first = await engine.push({ [QUICK_START]: example("quick-start") });
    expect(first.code, explain(first)).toBe(0);
    const pool = await engine.pool("my-auth");

    // What another job's `pulumi up` holds while it runs.
    const release = engine.holdLock("organization/my-project/dev.AwsCognitoUserPool.my-auth");
    const changed = edit(
      example("quick-start"),
      "        - ALLOW_REFRESH_TOKEN_AUTH",
      "        - ALLOW_REFRESH_TOKEN_AUTH\n        - ALLOW_USER_PASSWORD_AUTH",
    );
    const locked = await engine.push(
      { [QUICK_START]: changed },
      { env: { COGNITO_ACTION_LOCK_RETRY_SECONDS: "none" } },
    );
    expect(locked.code, explain(locked)).toBe(1);
    expect(locked.outputs["failure-reason"]).toBe("locked");
    // Who holds it, from the lock file (pkg/backend/diy/lock.go: "created by <user>@<host> (pid <pid>) at …").
    expect(locked.summary).toContain("🔒 locked");
    expect(locked.summary).toContain("runner@other-job (pid 4242)");
    expect((await engine.clients(pool!.Id!))["web-app"]!.ExplicitAuthFlows).not.toContain(
      "ALLOW_USER_PASSWORD_AUTH",
    );

    release();
    const converged = await engine.push({});
    expect(converged.code, explain(converged)).toBe(0);
    expect((await engine.clients(pool!.Id!))["web-app"]!.ExplicitAuthFlows).toContain(
      "ALLOW_USER_PASSWORD_AUTH",
    );
  });
});
