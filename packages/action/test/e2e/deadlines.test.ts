// Stand-in engine: an engine that hangs past the job's deadline, which the real CLI is not made to do here.
// Every network call of the bundled action has a deadline: a GitHub API or a Pulumi releases mirror that
// accepts the connection and never answers ends the run with one line naming what timed out, exit 1.
import { afterEach, describe, expect, it } from "vitest";
import { startSilentServer } from "../../../provisioner/test/silent-server.ts";
import type { SilentServer } from "../../../provisioner/test/silent-server.ts";
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
import { startGitHubStandIn } from "./github-stand-in.ts";

describe("a server that never answers", () => {
  const started = startedPerTest();
  let silent: SilentServer | undefined;
  afterEach(async () => {
    await silent?.close();
    silent = undefined;
  });

  function pullRequest() {
    started.repository = new TestRepository();
    const base = started.repository.commit(examplesOnMain(), "examples");
    const head = started.repository.commit({
      "examples/production.yaml": edit(example("production"), "minimumLength: 12", "minimumLength: 14"),
    });
    return { base, head };
  }

  /** The bundle on pull request #7 (base..head), planned offline, with `server` as GitHub and 1 s deadlines. */
  function offlinePullRequestAgainst(server: SilentServer, base: string, head: string) {
    return runBundledAction({
      workspace: started.repository!.path,
      eventName: "pull_request",
      payload: pullRequestPayload(7, base, head),
      sha: head,
      inputs: { "github-token": "ghs_e2eTestToken", "preview-mode": "offline" },
      apiUrl: server.url,
      env: { COGNITO_ACTION_HTTP_TIMEOUT_SECONDS: "1" },
    });
  }

  it(
    "ends a GitHub API call at its deadline, naming the request, and fails the run that needed it",
    async () => {
      silent = await startSilentServer(60_000);
      const { head } = pullRequest();
      // A base commit the checkout lacks (and cannot fetch): the changed files must come from the API.
      const base = "1".repeat(40);
      const startedAt = Date.now();
      const run = await offlinePullRequestAgainst(silent, base, head);
      expect(run.code).toBe(1);
      expect(run.outputs["failure-reason"]).toBe("plan-failed");
      expect(silent.connections()).toBeGreaterThan(0);
      const errors = run.stdout.split("\n").filter((line) => line.startsWith("::error"));
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(
        /GitHub did not list the files of pull request #7 \(.*GitHub API request GET http:\/\/127\.0\.0\.1:\d+\/repos\/acme\/identity\/pulls\/7\/files\S* did not finish within 1 s \(timed out\)\)/,
      );
      // The retries of a server error, each ended by the deadline: well before the server gives up at 60 s.
      expect(Date.now() - startedAt).toBeLessThan(45_000);
    },
    RUN_TIMEOUT,
  );

  it(
    "ends a comment GitHub never answers at its deadline with a warning naming the request",
    async () => {
      silent = await startSilentServer(60_000);
      const { base, head } = pullRequest();
      const run = await offlinePullRequestAgainst(silent, base, head);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(
        /::warning::GitHub did not accept the comment on pull request #7 \(.*GitHub API request GET \S+ did not finish within 1 s \(timed out\)\)/,
      );
      expect(run.summary).toContain("passwordPolicy.minimumLength");
    },
    RUN_TIMEOUT,
  );

  it(
    "ends a Pulumi CLI download at its deadline, naming the URL, with plan-failed",
    async () => {
      silent = await startSilentServer(60_000);
      const { base, head } = pullRequest();
      started.pulumi = new FakePulumi({});
      started.standIn = await startGitHubStandIn("acme", "identity");
      const run = await runBundledAction({
        workspace: started.repository!.path,
        eventName: "pull_request",
        payload: pullRequestPayload(7, base, head),
        sha: head,
        inputs: {
          "github-token": "ghs_e2eTestToken",
          "preview-mode": "pulumi",
          "pulumi-version": FAKE_PULUMI_VERSION,
        },
        apiUrl: started.standIn.url,
        env: {
          ...started.pulumi.env(),
          PATH: process.env.PATH ?? "",
          PULUMI_RELEASES_URL: silent.url,
          COGNITO_ACTION_HTTP_TIMEOUT_SECONDS: "1",
        },
      });
      expect(run.code).toBe(1);
      expect(run.outputs["failure-reason"]).toBe("plan-failed");
      expect(run.stdout).toContain(
        `downloading ${silent.url}/v${FAKE_PULUMI_VERSION}/pulumi-${FAKE_PULUMI_VERSION}-checksums.txt did not finish within 1 s (timed out)`,
      );
    },
    RUN_TIMEOUT,
  );
});
