// Drift checks in-process: a scheduled run previews every manifest with the engine, says which stacks and
// properties differ, and fails with `drift` only when fail-on-drift asks it to.
import { describe, expect, it } from "vitest";
import { RESOURCE_TYPES, summarize } from "@cognito-action/provisioner";
import { stackOf, updatePlan } from "./fakes.ts";
import type { FakeStackBehaviour } from "./fakes.ts";
import { ENGINE_ENV, failureOf, repository, runAction } from "./run-action.ts";

/** prod-auth drifted (its MFA setting was changed in the console); the other stacks match. */
function driftedProduction(manifest: string): FakeStackBehaviour {
  return {
    preview: (request) =>
      manifest === "prod-auth"
        ? updatePlan(stackOf(request))
        : {
            stack: stackOf(request),
            changes: [
              {
                type: RESOURCE_TYPES.userPool,
                name: "user-pool",
                action: "unchanged" as const,
                properties: [],
              },
            ],
            summary: summarize([]),
            errors: [],
            warnings: [],
          },
  };
}

function scheduledRun(inputs: Record<string, string> = {}) {
  const { workspace, head } = repository({});
  return runAction({
    workspace,
    eventName: "schedule",
    sha: head,
    payload: { schedule: "0 6 * * *", repository: { full_name: "acme/identity", default_branch: "main" } },
    env: ENGINE_ENV,
    inputs: { "preview-mode": "pulumi", ...inputs },
    engine: driftedProduction,
  });
}

describe("a scheduled drift check", () => {
  it("previews every manifest with the engine and sets has-changes", async () => {
    const result = await scheduledRun();
    expect(result.error).toBeUndefined();
    for (const name of ["prod-auth", "webapp-auth", "my-auth"])
      expect(result.engine.operationsOf(name)).toContain("preview");
    expect(result.runner.outputs["has-changes"]).toBe("true");
    expect(JSON.parse(result.runner.outputs.changed!)).toEqual(["prod-auth"]);
  });

  it("names each drifted stack and property", async () => {
    const result = await scheduledRun();
    expect(result.runner.messages("warning").filter((message) => message.startsWith("Drift"))).toEqual([
      "Drift: 1 stack(s) differ from their manifests: prod-auth (acme/platform/prod.AwsCognitoUserPool.prod-auth): user-pool update (mfaConfiguration)",
    ]);
    expect(result.runner.summaries[0]).toContain("mfaConfiguration");
  });

  it("fails with drift when fail-on-drift is true", async () => {
    const result = await scheduledRun({ "fail-on-drift": "true" });
    const failure = failureOf(result.error);
    expect(failure.reason).toBe("drift");
    expect(failure.message).toBe("1 stack(s) differ from their manifests; see the report");
  });

  it("does not fail without fail-on-drift", async () => {
    const result = await scheduledRun({ "fail-on-drift": "false" });
    expect(result.error).toBeUndefined();
  });
});
