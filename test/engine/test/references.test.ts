// A valueFrom reference added for the first time, then removed again, against the real engine: the program's
// pulumi.StackReference uses the engine's default `pulumi:providers:pulumi` provider, whose create (first
// reference) and delete (last one removed) steps are in the event stream but not in the summary.
import { dirname } from "node:path";
import { LocalWorkspace, PulumiCommand } from "@pulumi/pulumi/automation/index.js";
import { pulumiBinDir } from "../pulumi-cli/build.mjs";
import { stringify } from "yaml";
import { describe, expect, it } from "vitest";
import { defaultPulumiVersion } from "../src/versions.ts";
import { edit, EngineWorld, example, explain, worldPerTest } from "./engine-scenario.ts";

const world = worldPerTest();
const POOL = "cognito/pool.yaml";
const HOOK_ARN = "arn:aws:lambda:us-east-1:123456789012:function:sign-up-hook";

const HOOK = stringify({
  apiVersion: "aws.openmcf.org/v1",
  kind: "AwsLambda",
  metadata: {
    name: "sign-up-hook",
    labels: {
      "pulumi.openmcf.org/project": "functions",
      "pulumi.openmcf.org/stack.name": "dev.AwsLambda.sign-up-hook",
    },
  },
  spec: {},
});

const HOOKED_POOL = edit(
  example("quick-start"),
  "  clients:",
  "  lambdaConfig:\n    preSignUp:\n      valueFrom:\n        kind: AwsLambda\n        name: sign-up-hook\n  clients:",
);

/** The hook's stack, deployed by another team's program: one output, its ARN. */
async function deployHookStack(engine: EngineWorld): Promise<void> {
  const env = engine.env({ PULUMI_BACKEND_URL: engine.backendUrl });
  const stack = await LocalWorkspace.createOrSelectStack(
    {
      stackName: "organization/functions/dev.AwsLambda.sign-up-hook",
      projectName: "functions",
      program: () => Promise.resolve({ function_arn: HOOK_ARN }),
    },
    {
      envVars: env,
      pulumiHome: env.PULUMI_HOME,
      pulumiCommand: await PulumiCommand.get({ root: dirname(pulumiBinDir(engine.version)) }),
    },
  );
  await stack.up();
}

describe(`valueFrom on the real CLI ${defaultPulumiVersion()}`, () => {
  it("applies a manifest whose first valueFrom is added, then one whose last is removed", async () => {
    const engine = (world.current = new EngineWorld(defaultPulumiVersion()));
    const first = await engine.push({ [POOL]: example("quick-start"), "functions/hook.yaml": HOOK });
    expect(first.code, explain(first)).toBe(0);
    await deployHookStack(engine);

    const added = await engine.push({ [POOL]: HOOKED_POOL });
    expect(added.code, explain(added)).toBe(0);
    expect((await engine.pool("my-auth"))?.LambdaConfig?.PreSignUp).toBe(HOOK_ARN);

    // Removing a trigger is a security-relevant change: refused, then applied when the run allows it.
    const refused = await engine.push({ [POOL]: example("quick-start") });
    expect(refused.code, explain(refused)).toBe(1);
    expect((await engine.pool("my-auth"))?.LambdaConfig?.PreSignUp).toBe(HOOK_ARN);
    const removed = await engine.push(
      { [POOL]: example("quick-start") },
      { inputs: { "allow-security-downgrade": "true" } },
    );
    expect(removed.code, explain(removed)).toBe(0);
    expect((await engine.pool("my-auth"))?.LambdaConfig?.PreSignUp).toBeUndefined();
  });
});
