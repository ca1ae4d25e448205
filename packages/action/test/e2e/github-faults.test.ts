// Stand-in engine: GitHub's faults; the engine is scripted so only GitHub varies.
// The bundled action when GitHub misbehaves: two runs at once, rate limits that pass and that persist, a bad
// gateway after an apply, a commit that belongs to an open pull request, an identity GitHub will not tell.
import { commentKey } from "../../src/run/request.ts";
import { describe, expect, it } from "vitest";
import { commentMarker } from "../../src/report/publish.ts";
import { badGateway, primaryRateLimit, secondaryRateLimit, startGitHubStandIn } from "./github-stand-in.ts";
import type { StandInState, StoredComment } from "./github-stand-in.ts";
import { pullRequestPayload, runBundledAction, TestRepository } from "./harness.ts";
import type { ActionRun } from "./harness.ts";
import {
  commentWrites,
  edit,
  example,
  examplesOnMain,
  FakePulumi,
  resourceStep,
  RUN_TIMEOUT,
  STACKS,
  workflowCommands,
  startedPerTest,
  runPush,
} from "./scenario.ts";

const PULL_REQUEST = 12;
const KEY = commentKey("", ["**/*.yaml", "**/*.yml"]);
const BOT = "github-actions[bot]";
const COMMENTS_PATH = new RegExp(`^/repos/acme/identity/issues/${PULL_REQUEST}/comments$`);

const started = startedPerTest();

/** main with two examples, and a pull request commit that raises the production pool's password length. */
function pullRequestChange() {
  started.repository = new TestRepository();
  const base = started.repository.commit(
    {
      "examples/production.yaml": example("production"),
      "examples/quick-start.yaml": example("quick-start"),
    },
    "main",
  );
  const head = started.repository.commit(
    { "examples/production.yaml": edit(example("production"), "minimumLength: 12", "minimumLength: 14") },
    "raise the minimum length",
  );
  return { base, head };
}

/** Runs the action on the pull request, as a pull_request job does. */
function previewRun(base: string, head: string): Promise<ActionRun> {
  return runBundledAction({
    workspace: started.repository!.path,
    eventName: "pull_request",
    payload: pullRequestPayload(PULL_REQUEST, base, head),
    sha: head,
    inputs: { "github-token": "ghs_e2eTestToken" },
    apiUrl: started.standIn!.url,
  });
}

async function previewWith(state: Partial<StandInState>): Promise<ActionRun> {
  const { base, head } = pullRequestChange();
  started.standIn = await startGitHubStandIn("acme", "identity", state);
  return previewRun(base, head);
}

function storedComments(): StoredComment[] {
  return started.standIn!.state.comments.get(PULL_REQUEST) ?? [];
}

function warnings(run: ActionRun): string[] {
  return workflowCommands(run.stdout, "warning").map((command) => command.message);
}

describe("two runs on one pull request at the same time", () => {
  it(
    "leave exactly one comment: the oldest, the other deleted",
    async () => {
      const { base, head } = pullRequestChange();
      // Both runs list the comments before either has written: each creates one.
      started.standIn = await startGitHubStandIn("acme", "identity", { holdCommentListings: 2 });
      const runs = await Promise.all([previewRun(base, head), previewRun(base, head)]);

      for (const run of runs) expect(run.code, run.stdout + run.stderr).toBe(0);
      const posts = commentWrites(started.standIn.requests).filter((request) => request.method === "POST");
      expect(posts).toHaveLength(2);
      const comments = storedComments();
      expect(comments).toHaveLength(1);
      expect(comments[0]!.id).toBe(1000);
      expect(comments[0]!.body).toContain("<code>14</code>");
      expect(started.standIn.requests.some((request) => request.method === "DELETE")).toBe(true);
    },
    RUN_TIMEOUT,
  );

  it(
    "two comments left by an earlier race are made one by the next run: the oldest is kept and updated",
    async () => {
      const stale = (id: number): StoredComment => ({
        id,
        body: `${commentMarker(KEY)}\n### Cognito plan: ✅ No changes (stale)`,
        user: { login: BOT, type: "Bot" },
      });
      const run = await previewWith({ comments: new Map([[PULL_REQUEST, [stale(7), stale(9)]]]) });

      expect(run.code, run.stdout + run.stderr).toBe(0);
      const comments = storedComments();
      expect(comments.map((comment) => comment.id)).toEqual([7]);
      expect(comments[0]!.body).toContain("<code>14</code>");
      expect(run.outputs["comment-url"]).toContain("#issuecomment-7");
    },
    RUN_TIMEOUT,
  );
});

describe("rate limits", () => {
  it(
    "waits out a secondary rate limit for retry-after and writes the comment",
    async () => {
      const run = await previewWith({ faults: [secondaryRateLimit("POST", COMMENTS_PATH, 1)] });

      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(storedComments()).toHaveLength(1);
      expect(
        started.standIn!.requests.filter(
          (request) => request.method === "POST" && COMMENTS_PATH.test(request.path),
        ),
      ).toHaveLength(2);
      expect(warnings(run).some((message) => /secondary rate limit .*retrying in 1 s/.test(message))).toBe(
        true,
      );
      expect(run.outputs["comment-url"]).toContain("#issuecomment-1000");
    },
    RUN_TIMEOUT,
  );

  it(
    "waits for the primary rate limit's reset and writes the comment",
    async () => {
      const run = await previewWith({ faults: [primaryRateLimit("GET", COMMENTS_PATH, 1)] });

      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(storedComments()).toHaveLength(1);
      expect(
        warnings(run).some((message) => /GitHub rate limit on GET .* retrying in \d+ s/.test(message)),
      ).toBe(true);
    },
    RUN_TIMEOUT,
  );

  it(
    "reports a secondary rate limit that outlasts the retries as a rate limit, not as a missing permission",
    async () => {
      const run = await previewWith({ faults: [secondaryRateLimit("POST", COMMENTS_PATH, 10)] });

      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(storedComments()).toEqual([]);
      const messages = warnings(run);
      expect(messages.some((message) => message.includes("may not comment"))).toBe(false);
      expect(messages).toContainEqual(
        expect.stringMatching(
          /^GitHub's rate limit outlasted the retries, so the comment on pull request #12 was not written \(HTTP 403: You have exceeded a secondary rate limit/,
        ),
      );
      expect(run.summary).toContain("minimumLength");
    },
    RUN_TIMEOUT,
  );
});

describe("whose comment it is", () => {
  it(
    "with the identity unknown, never edits another bot's comment that carries the marker",
    async () => {
      const theirs: StoredComment = {
        id: 5,
        body: `${commentMarker(KEY)}\nA plan another app wrote.`,
        user: { login: "other-app[bot]", type: "Bot" },
      };
      const run = await previewWith({
        identityUnknown: true,
        comments: new Map([[PULL_REQUEST, [structuredClone(theirs)]]]),
      });

      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(commentWrites(started.standIn!.requests).map((request) => request.method)).toEqual(["POST"]);
      const comments = storedComments();
      expect(comments[0]).toEqual(theirs);
      expect(comments).toHaveLength(2);
      expect(comments[1]!.user.login).toBe(BOT);
      expect(comments[1]!.body).toContain("<code>14</code>");
    },
    RUN_TIMEOUT,
  );
});

describe("apply reports", () => {
  const MERGED = 7;

  function pushed() {
    started.repository = new TestRepository();
    const before = started.repository.commit(examplesOnMain(), "main");
    const after = started.repository.commit(
      { "examples/production.yaml": edit(example("production"), "minimumLength: 12", "minimumLength: 14") },
      "the pushed change",
    );
    return { before, after };
  }

  async function applyPush(
    commitPulls: { number: number; merged_at: string | null }[],
    faults = [] as StandInState["faults"],
  ) {
    const { before, after } = pushed();
    started.pulumi = new FakePulumi({
      [STACKS.production]: {
        previewEvents: [
          resourceStep("update", "aws:cognito/userPool:UserPool", "prod-auth", {
            old: { inputs: { name: "prod-auth", passwordPolicy: { minimumLength: 12 } } },
            new: { inputs: { name: "prod-auth", passwordPolicy: { minimumLength: 14 } } },
            detailedDiff: { "passwordPolicy.minimumLength": { diffKind: "update", inputDiff: true } },
          }),
        ],
        outputs: { user_pool_id: "us-east-1_Applied" },
      },
    });
    // main was applied before this push: the pushed change is the only work.
    started.pulumi.deployedFrom(examplesOnMain(), before);
    return runPush(started, { before, after, pulls: commitPulls, faults });
  }

  it(
    "a comment GitHub answers with 502 after a successful update is a warning; the result stands and is in the summary",
    async () => {
      const run = await applyPush(
        [{ number: MERGED, merged_at: "2026-11-26T09:00:00Z" }],
        [badGateway("POST", new RegExp(`^/repos/acme/identity/issues/${MERGED}/comments$`), 10)],
      );

      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(started.pulumi!.operations()).toEqual([
        `preview ${STACKS.production}`,
        `up ${STACKS.production}`,
      ]);
      expect(run.outputs["failure-reason"]).toBeUndefined();
      expect(JSON.parse(run.outputs["stack-outputs"]!)).toEqual({
        "prod-auth": { user_pool_id: "us-east-1_Applied" },
      });
      expect(run.summary).toContain("✅ applied");
      expect(warnings(run)).toContainEqual(
        expect.stringMatching(
          /^GitHub did not accept the comment on pull request #7 \(HTTP 502: Bad Gateway\b.*\), after retries/,
        ),
      );
      expect(workflowCommands(run.stdout, "error")).toEqual([]);
    },
    RUN_TIMEOUT,
  );

  it(
    "a pushed commit that belongs only to an open pull request leaves that pull request's plan comment alone",
    async () => {
      const run = await applyPush([{ number: 31, merged_at: null }]);

      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(started.pulumi!.operations()).toEqual([
        `preview ${STACKS.production}`,
        `up ${STACKS.production}`,
      ]);
      expect(commentWrites(started.standIn!.requests)).toEqual([]);
      expect(run.summary).toContain("✅ applied");
    },
    RUN_TIMEOUT,
  );
});
