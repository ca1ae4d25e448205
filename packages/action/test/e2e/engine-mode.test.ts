// Stand-in engine: engine modes and a CLI that cannot be had (install failures), which the real suite does
// not vary.
// An engine mode asked for is an engine mode run: the bundled action on a scheduled drift check and on a
// pull request, with the Pulumi CLI impossible to get (none on PATH, its releases not served) or without a
// state backend. Only preview-mode: auto may fall back, and then the report says the stacks were not checked.
import { describe, expect, it } from "vitest";
import { startGitHubStandIn } from "./github-stand-in.ts";
import { pullRequestPayload, runBundledAction, TestRepository } from "./harness.ts";
import {
  edit,
  example,
  examplesOnMain,
  FAKE_PULUMI_VERSION,
  FakePulumi,
  RUN_TIMEOUT,
  startedPerTest,
} from "./scenario.ts";

const SCHEDULE = {
  schedule: "0 6 * * *",
  repository: { default_branch: "main", full_name: "acme/identity" },
};

describe("preview-mode and an engine that cannot be had", () => {
  const started = startedPerTest();

  /** Runs the action on main's examples, with a backend and credentials but no Pulumi CLI to be had. */
  async function runWithoutCli(eventName: string, inputs: Record<string, string>, change = false) {
    started.repository = new TestRepository();
    started.pulumi = new FakePulumi({});
    started.standIn = await startGitHubStandIn("acme", "identity");
    const base = started.repository.commit(examplesOnMain(), "examples");
    const head = change
      ? started.repository.commit({
          "examples/production.yaml": edit(example("production"), "minimumLength: 12", "minimumLength: 14"),
        })
      : base;
    return runBundledAction({
      workspace: started.repository.path,
      eventName,
      payload: eventName === "schedule" ? SCHEDULE : pullRequestPayload(7, base, head),
      sha: head,
      inputs: { "github-token": "ghs_e2eTestToken", "pulumi-version": FAKE_PULUMI_VERSION, ...inputs },
      apiUrl: started.standIn.url,
      env: {
        ...started.pulumi.env(),
        // No `pulumi` on PATH, and the release is not where the download looks (404): no CLI to be had.
        PATH: process.env.PATH ?? "",
        PULUMI_RELEASES_URL: `${started.standIn.url}/no-pulumi-releases`,
      },
    });
  }

  it(
    "fails a scheduled drift check under preview-mode: pulumi with plan-failed, never 'No changes'",
    async () => {
      const run = await runWithoutCli("schedule", { "preview-mode": "pulumi", "fail-on-drift": "true" });
      expect(run.code).toBe(1);
      expect(run.outputs["failure-reason"]).toBe("plan-failed");
      expect(run.stdout).toMatch(
        /::error::preview-mode: pulumi needs the Pulumi engine, which cannot run: .*no-pulumi-releases/,
      );
      expect(run.summary).not.toContain("No changes");
      expect(run.summary).toContain("not checked");
    },
    RUN_TIMEOUT,
  );

  it(
    "lets preview-mode: auto fall back on a drift check, its summary saying the stacks were not checked",
    async () => {
      const run = await runWithoutCli("schedule", { "preview-mode": "auto", "fail-on-drift": "true" });
      expect(run.code, run.stdout).toBe(0);
      expect(run.summary.split("\n")[0]).toBe(
        "### Cognito plan: ⚠️ not checked: the deployed stacks were not compared with their manifests (no Pulumi engine)",
      );
      expect(run.summary).not.toContain("No changes");
    },
    RUN_TIMEOUT,
  );

  it(
    "fails a pull request's preview under preview-mode: pulumi without the CLI, after reporting the offline plan",
    async () => {
      const run = await runWithoutCli("pull_request", { "preview-mode": "pulumi" }, true);
      expect(run.code).toBe(1);
      expect(run.outputs["failure-reason"]).toBe("plan-failed");
      expect(run.summary).toContain("passwordPolicy.minimumLength");
    },
    RUN_TIMEOUT,
  );

  it(
    "fails under preview-mode: pulumi without a state backend, naming what is missing",
    async () => {
      started.repository = new TestRepository();
      started.standIn = await startGitHubStandIn("acme", "identity");
      const sha = started.repository.commit(examplesOnMain(), "examples");
      const run = await runBundledAction({
        workspace: started.repository.path,
        eventName: "schedule",
        payload: SCHEDULE,
        sha,
        inputs: { "github-token": "ghs_e2eTestToken", "preview-mode": "pulumi" },
        apiUrl: started.standIn.url,
      });
      expect(run.code).toBe(1);
      expect(run.outputs["failure-reason"]).toBe("plan-failed");
      expect(run.stdout).toContain("this job has no state backend");
      expect(run.outputs["has-changes"]).toBe("false");
      expect(run.summary).not.toContain("No changes");
    },
    RUN_TIMEOUT,
  );
});
