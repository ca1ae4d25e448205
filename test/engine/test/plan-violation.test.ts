// An update held to its previewed plan (`up --plan`) that the real engine stops part-way. Between the preview and
// the update, the update waits on the stack's lock (another job); meanwhile the client is changed directly in
// AWS. The update refreshes first (refresh steps are not checked against the plan), so the client, previewed
// unchanged, now needs an update: the engine refuses that step ("update is not allowed by the plan: this
// resource is constrained to same", pkg/resource/deploy/step_generator.go validateSteps) after the pool's
// previewed update has already run (the client waits on the pool's id). AWS changed and the run failed: the
// action must say both, and record the stack so the next apply previews it again rather than skip it.
// With update plans off, the engine runs the update unconstrained and the action compares its events with the
// preview's instead.
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

/**
 * Deploys quick-start, then pushes a stricter password policy (a pool update) while the stack's lock is held;
 * once the preview has saved its plan, the client's flows are changed directly in AWS and the lock released.
 */
async function driftBetweenPreviewAndUpdate(engine: EngineWorld, env: Record<string, string> = {}) {
  const first = await engine.push({ [QUICK_START]: example("quick-start") });
  expect(first.code, explain(first)).toBe(0);
  const pool = (await engine.pool("my-auth"))!;
  const client = (await engine.clients(pool.Id!))["web-app"]!;

  const release = engine.holdLock(STACK);
  let previewed: () => void = () => undefined;
  const previewShown = new Promise<void>((resolve) => (previewed = resolve));
  const run = engine.push(
    { [QUICK_START]: STRICTER_PASSWORDS },
    {
      env: { COGNITO_ACTION_LOCK_RETRY_SECONDS: "2,2,2,2,2,2,2,2,2,2", ...env },
      // The CLI's preview ends with its "Resources:" summary.
      onStdout: (soFar) => {
        if (/Previewing update[\s\S]*\nResources:/.test(soFar)) previewed();
      },
    },
  );
  // The preview ran (it takes no lock on a self-managed backend); the update waits on the lock.
  await Promise.race([
    previewShown,
    run.then(() => Promise.reject(new Error("the run ended before its preview"))),
  ]);
  await engine.aws.send(
    new UpdateUserPoolClientCommand({
      UserPoolId: pool.Id,
      ClientId: client.ClientId,
      ClientName: "web-app",
      ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    }),
  );
  release();
  return { stopped: await run, poolId: pool.Id! };
}

/** Nothing changes in the manifests: a stack recorded as interrupted is previewed and converged, not skipped. */
async function convergesAgain(engine: EngineWorld, poolId: string) {
  const converged = await engine.push({});
  expect(converged.code, explain(converged)).toBe(0);
  expect((await engine.clients(poolId))["web-app"]!.ExplicitAuthFlows).toEqual([
    "ALLOW_USER_SRP_AUTH",
    "ALLOW_REFRESH_TOKEN_AUTH",
  ]);
}

describe(`a violated update plan on the real CLI ${defaultPulumiVersion()}`, () => {
  it("fails the apply saying what changed before the engine stopped, and the next apply converges the stack", async () => {
    const engine = (world.current = new EngineWorld(defaultPulumiVersion()));
    const { stopped, poolId } = await driftBetweenPreviewAndUpdate(engine);
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
    await convergesAgain(engine, poolId);
  });

  it("with update plans off (COGNITO_ACTION_UPDATE_PLANS=off), fails the apply whose update did more than its preview", async () => {
    const engine = (world.current = new EngineWorld(defaultPulumiVersion()));
    const { stopped, poolId } = await driftBetweenPreviewAndUpdate(engine, {
      COGNITO_ACTION_UPDATE_PLANS: "off",
    });
    expect(stopped.code, explain(stopped)).toBe(1);
    expect(stopped.outputs["failure-reason"], explain(stopped)).toBe("apply-failed");
    // Unconstrained, the engine put the client back too: the comparison of its events with the preview's finds it.
    expect(stopped.summary).toContain(
      "did not do what its preview showed (my-auth-web-app: previewed unchanged, updated update)",
    );
    expect(stopped.summary).toMatch(/AWS changed: the stack is recorded as interrupted/);
    await convergesAgain(engine, poolId);
  });
});
