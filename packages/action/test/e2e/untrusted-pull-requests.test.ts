// Stand-in engine: untrusted pull requests planned offline; the engine (scripted) must not run at all.
// What a pull request's author cannot make the bundled action do (issue 15, findings 7 and 9): read the job's
// credentials into a manifest through valueFromEnv, or have the engine preview a fork's manifests with the
// job's credentials; and a run that fails unexpectedly still says so where people look (finding 8).
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { startGitHubStandIn } from "./github-stand-in.ts";
import { pullRequestPayload, REPOSITORY_ROOT, runBundledAction, TestRepository } from "./harness.ts";
import {
  bodyOf,
  commentWrites,
  edit,
  example,
  examplesOnMain,
  FAKE_PULUMI_VERSION,
  FakePulumi,
  poolUpdate,
  RUN_TIMEOUT,
  runPush,
  STACKS,
  startedPerTest,
  workflowCommands,
} from "./scenario.ts";

const started = startedPerTest();
const PASSPHRASE = "correct horse battery staple";

/** examples/hosted-ui-google.yaml with its Google client secret read from `variable`. */
function googlePoolReading(variable: string): string {
  const text = readFileSync(join(REPOSITORY_ROOT, "examples/hosted-ui-google.yaml"), "utf8");
  return edit(text, "valueFromEnv: GOOGLE_CLIENT_SECRET", `valueFromEnv: ${variable}`);
}

describe("valueFromEnv on a merge", () => {
  it(
    "refuses PULUMI_CONFIG_PASSPHRASE at the manifest's line, even with env-secrets: *, and never reads it",
    async () => {
      started.repository = new TestRepository();
      const before = started.repository.commit(examplesOnMain(), "main");
      const stealing = googlePoolReading("PULUMI_CONFIG_PASSPHRASE");
      const after = started.repository.commit(
        { "examples/hosted-ui-google.yaml": stealing },
        "Merge pull request #7",
      );
      started.pulumi = new FakePulumi({});
      started.pulumi.deployedFrom(examplesOnMain(), before);

      const run = await runPush(started, {
        before,
        after,
        pulls: [{ number: 7, merged_at: "2026-12-04T09:00:00Z" }],
        inputs: { "env-secrets": "*" },
      });

      expect(run.outputs["failure-reason"], run.stdout + run.stderr).toBe("validation-failed");
      expect(started.pulumi.operations()).toEqual([]);
      const line = stealing.split("\n").findIndex((text) => text.includes("PULUMI_CONFIG_PASSPHRASE")) + 1;
      expect(workflowCommands(run.stdout, "error")).toContainEqual(
        expect.objectContaining({
          properties: expect.objectContaining({
            file: "examples/hosted-ui-google.yaml",
            line: String(line),
            title: "cognito-action: value-from-env-never-read",
          }) as unknown,
        }),
      );
      // The job's credentials are masked from the start; beyond that, the passphrase appears nowhere.
      const log = run.stdout
        .split("\n")
        .filter((text) => !text.startsWith("::add-mask::"))
        .join("\n");
      for (const text of [log, run.stderr, run.summary, JSON.stringify(run.outputs)])
        expect(text).not.toContain(PASSPHRASE);
    },
    RUN_TIMEOUT,
  );
});

describe("a pull request from a fork, with the job's credentials present", () => {
  it(
    "is planned offline, never by the engine, and the comment says why",
    async () => {
      started.repository = new TestRepository();
      const base = started.repository.commit(examplesOnMain(), "main");
      const head = started.repository.commit(
        {
          "examples/production.yaml": edit(example("production"), "minimumLength: 12", "minimumLength: 14"),
        },
        "pull request",
      );
      started.pulumi = new FakePulumi({ [STACKS.production]: { previewEvents: [poolUpdate("prod-auth")] } });
      started.standIn = await startGitHubStandIn("acme", "identity");

      const run = await runBundledAction({
        workspace: started.repository.path,
        eventName: "pull_request",
        payload: pullRequestPayload(12, base, head, { fork: true }),
        sha: head,
        inputs: { "github-token": "ghs_e2eTestToken", "pulumi-version": FAKE_PULUMI_VERSION },
        apiUrl: started.standIn.url,
        env: started.pulumi.env(),
      });

      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(started.pulumi.invocations()).toEqual([]);
      const body = bodyOf(commentWrites(started.standIn.requests)[0]!);
      expect(body).toContain("This pull request comes from a fork, so this is the offline plan");
      expect(body).toContain("allow-engine-preview-of-untrusted-pull-requests");
      expect(run.summary).toContain("This pull request comes from a fork");
    },
    RUN_TIMEOUT,
  );
});

describe("a backend that answers with something unexpected", () => {
  it(
    "still gets the job summary and failure-reason internal (a stack's checkpoint that is not JSON)",
    async () => {
      started.repository = new TestRepository();
      const before = started.repository.commit(examplesOnMain(), "main");
      const after = started.repository.commit(
        { "examples/production.yaml": edit(example("production"), "minimumLength: 12", "minimumLength: 14") },
        "Merge pull request #7",
      );
      started.pulumi = new FakePulumi({});
      started.pulumi.deployedFrom(examplesOnMain(), before);
      // Another team's stack in the same bucket, damaged: listing the backend's stacks fails.
      const damaged = join(started.pulumi.stateDir, "stacks", "organization", "payments", "prod.json");
      mkdirSync(dirname(damaged), { recursive: true });
      writeFileSync(damaged, "{ not json");

      const run = await runPush(started, {
        before,
        after,
        pulls: [{ number: 7, merged_at: "2026-12-04T09:00:00Z" }],
      });

      expect(run.code).toBe(1);
      expect(run.outputs["failure-reason"], run.stdout + run.stderr).toBe("internal");
      expect(run.summary).toContain("cognito-action failed unexpectedly");
      expect(started.pulumi.operations()).toEqual([]);
    },
    RUN_TIMEOUT,
  );
});
