// An update held to its previewed plan (`up --plan`) that the real engine stops part-way. Between the preview and
// the update, the update waits on the stack's lock (another job); meanwhile the client is changed directly in
// AWS. The update refreshes first (refresh steps are not checked against the plan), so the client, previewed
// unchanged, now needs an update: the engine refuses that step ("update is not allowed by the plan: this
// resource is constrained to same", pkg/resource/deploy/step_generator.go validateSteps) after the pool's
// previewed update has already run (the client waits on the pool's id). AWS changed and the run failed: the
// action must say both, and record the stack so the next apply previews it again rather than skip it.
import { UpdateUserPoolClientCommand } from "@aws-sdk/client-cognito-identity-provider";
import { describe, expect, it } from "vitest";
import { defaultPulumiVersion } from "../src/versions.ts";
import { edit, EngineWorld, example, explain, worldPerTest } from "./engine-scenario.ts";

const world = worldPerTest();
const QUICK_START = "examples/quick-start.yaml";
const STACK = "organization/my-project/dev.AwsCognitoUserPool.my-auth";
const STRICTER_PASSWORDS = edit(
  example("quick-start"),
  "  autoVerifiedAttributes:",
  "  passwordPolicy:\n    minimumLength: 12\n  autoVerifiedAttributes:",
);

describe(`a violated update plan on the real CLI ${defaultPulumiVersion()}`, () => {
  it("fails the apply saying what changed before the engine stopped, and the next apply converges the stack", async () => {
    const engine = (world.current = new EngineWorld(defaultPulumiVersion()));
    const first = await engine.push({ [QUICK_START]: example("quick-start") });
    expect(first.code, explain(first)).toBe(0);
    const pool = (await engine.pool("my-auth"))!;
    const client = (await engine.clients(pool.Id!))["web-app"]!;

    const release = engine.holdLock(STACK);
    const violated = engine.push(
      { [QUICK_START]: STRICTER_PASSWORDS },
      { env: { COGNITO_ACTION_LOCK_RETRY_SECONDS: "2,2,2,2,2,2,2,2,2,2" } },
    );
    // The preview ran (it takes no lock on a self-managed backend); the update waits on the lock.
    await engine.previewSaved();
    await engine.aws.send(
      new UpdateUserPoolClientCommand({
        UserPoolId: pool.Id,
        ClientId: client.ClientId,
        ClientName: "web-app",
        ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
      }),
    );
    release();
    const stopped = await violated;
    expect(stopped.code, explain(stopped)).toBe(1);
    expect(stopped.outputs["failure-reason"], explain(stopped)).toBe("apply-failed");
    // The pool's previewed update ran before the engine stopped: AWS changed.
    expect((await engine.pool("my-auth"))?.Policies?.PasswordPolicy?.MinimumLength).toBe(12);
    // The engine's own line does not say which resource it refused: the report does.
    expect(stopped.summary).toContain(
      "departed from the previewed plan (my-auth-web-app: update is not allowed by the plan: this resource is constrained to same)",
    );
    expect(stopped.summary).toMatch(/before it stopped it had changed my-auth \(update\)/);
    expect(stopped.summary).toMatch(/AWS changed: the stack is recorded as interrupted/);

    // Nothing changes in the manifests: the stack was recorded as interrupted, so it is previewed and converged
    // (the client's flows set back), not skipped as up to date.
    const converged = await engine.push({});
    expect(converged.code, explain(converged)).toBe(0);
    expect((await engine.clients(pool.Id!))["web-app"]!.ExplicitAuthFlows).toEqual([
      "ALLOW_USER_SRP_AUTH",
      "ALLOW_REFRESH_TOKEN_AUTH",
    ]);
  });
});
