// Stand-in engine: pull_request_target events; the engine is scripted so only the event varies.
// pull_request_target end to end: the runner checks out the base branch (GITHUB_SHA is its tip), so the
// bundled action reads the pull request's head manifests by commit, as data (git objects, or the contents
// API when the head is not in the checkout), plans them and comments; nothing of the pull request is
// checked out or run, and an apply is refused.
import { describe, expect, it } from "vitest";
import { startGitHubStandIn } from "./github-stand-in.ts";
import { pullRequestPayload, runBundledAction, TestRepository } from "./harness.ts";
import type { ActionRun } from "./harness.ts";
import {
  bodyOf,
  commentWrites,
  edit,
  example,
  RUN_TIMEOUT,
  workflowCommands,
  startedPerTest,
} from "./scenario.ts";

const PULL_REQUEST = 21;
/** A head commit that exists only on GitHub (a fork's branch the checkout never fetched). */
const REMOTE_HEAD = "f00dfeed".repeat(5);
const REPLACING = edit(example("production"), "usernameAttributes:", "aliasAttributes:");

const started = startedPerTest();

function baseBranch(): string {
  started.repository = new TestRepository();
  return started.repository.commit(
    {
      "examples/production.yaml": example("production"),
      "examples/quick-start.yaml": example("quick-start"),
    },
    "main",
  );
}

function targetRun(base: string, head: string, inputs: Record<string, string> = {}): Promise<ActionRun> {
  return runBundledAction({
    workspace: started.repository!.path,
    eventName: "pull_request_target",
    payload: { ...pullRequestPayload(PULL_REQUEST, base, head), action: "opened" },
    // The base branch's tip: what pull_request_target checks out.
    sha: base,
    inputs: { "github-token": "ghs_e2eTestToken", ...inputs },
    apiUrl: started.standIn!.url,
  });
}

function theComment(): string {
  const writes = commentWrites(started.standIn!.requests);
  expect(writes.map((request) => `${request.method} ${request.path}`)).toEqual([
    `POST /repos/acme/identity/issues/${PULL_REQUEST}/comments`,
  ]);
  return bodyOf(writes[0]!);
}

describe("pull_request_target", () => {
  it(
    "plans the pull request's head read through the contents API, and comments the replacement it makes",
    async () => {
      const base = baseBranch();
      started.standIn = await startGitHubStandIn("acme", "identity", {
        pullFiles: new Map([[PULL_REQUEST, [{ filename: "examples/production.yaml", status: "modified" }]]]),
        contents: new Map([
          [`${base}:examples/production.yaml`, example("production")],
          [`${REMOTE_HEAD}:examples/production.yaml`, REPLACING],
        ]),
      });
      const run = await targetRun(base, REMOTE_HEAD);

      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(run.outputs["has-changes"]).toBe("true");
      expect(run.outputs["has-replacements"]).toBe("true");
      expect(JSON.parse(run.outputs.changed!)).toEqual(["prod-auth"]);
      const comment = theComment();
      expect(comment).not.toContain("No changes");
      expect(comment).toContain("will be REPLACED because");
      expect(comment).toContain(`commit <code>${REMOTE_HEAD.slice(0, 7)}</code>`);
      expect(started.standIn.requests.map((request) => request.path)).toContainEqual(
        expect.stringMatching(
          new RegExp(`^/repos/acme/identity/contents/examples(/|%2F)production\\.yaml\\?ref=${REMOTE_HEAD}$`),
        ),
      );
      // The checkout is as the runner left it: the base branch, untouched.
      expect(started.repository!.git("rev-parse", "HEAD")).toBe(base);
      expect(started.repository!.git("status", "--porcelain")).toBe("");
    },
    RUN_TIMEOUT,
  );

  it(
    "reads the head from git objects when it is there, and plans only the pull request's own changes",
    async () => {
      const forkPoint = baseBranch();
      started.repository!.git("checkout", "-q", "-b", "change");
      const head = started.repository!.commit({ "examples/production.yaml": REPLACING }, "replace the pool");
      started.repository!.git("checkout", "-q", "main");
      // main moved on after the pull request forked off: that change is not the pull request's.
      const base = started.repository!.commit(
        {
          "examples/quick-start.yaml": edit(
            example("quick-start"),
            "  clients:",
            '  mfaConfiguration: "OFF"\n  clients:',
          ),
        },
        "main moves on",
      );
      expect(forkPoint).not.toBe(base);
      started.standIn = await startGitHubStandIn("acme", "identity");
      const run = await targetRun(base, head);

      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(run.outputs["has-replacements"]).toBe("true");
      expect(JSON.parse(run.outputs.changed!)).toEqual(["prod-auth"]);
      expect(started.standIn.requests.filter((request) => request.path.includes("/contents/"))).toEqual([]);
      expect(theComment()).toContain("will be REPLACED because");
      expect(started.repository!.git("rev-parse", "HEAD")).toBe(base);
    },
    RUN_TIMEOUT,
  );

  it(
    "refuses to apply: an unmerged pull request is never applied",
    async () => {
      const base = baseBranch();
      started.standIn = await startGitHubStandIn("acme", "identity");
      const run = await targetRun(base, REMOTE_HEAD, { command: "apply" });

      expect(run.code).toBe(1);
      const [failure] = workflowCommands(run.stdout, "error");
      expect(failure?.message).toMatch(/^command: apply does not run on pull_request_target/);
      expect(commentWrites(started.standIn.requests)).toEqual([]);
    },
    RUN_TIMEOUT,
  );
});
