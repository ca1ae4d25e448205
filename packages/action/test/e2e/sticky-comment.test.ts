// Stand-in engine: the sticky comment at the GitHub stand-in; the engine is scripted so only GitHub varies.
// The one sticky comment across runs of the bundled action: created once, edited in place when the plan
// changes, left alone when it does not, never confused with a person's comment that quotes the marker.
import { commentKey } from "../../src/run/request.ts";
import { describe, expect, it } from "vitest";
import { startGitHubStandIn } from "./github-stand-in.ts";
import type { RecordedRequest, StoredComment } from "./github-stand-in.ts";
import { pullRequestPayload, runBundledAction, TestRepository } from "./harness.ts";
import type { ActionRun } from "./harness.ts";
import { bodyOf, commentWrites, edit, example, RUN_TIMEOUT, startedPerTest } from "./scenario.ts";

const PULL_REQUEST = 31;
const DEFAULT_GLOBS = ["**/*.yaml", "**/*.yml"];
const KEY = commentKey("", DEFAULT_GLOBS);
const BOT = "github-actions[bot]";

const started = startedPerTest();

/** Comments people wrote before the action ran: ids 1…count, one of them quoting the action's marker. */
function peopleComments(count: number, quoting: number): StoredComment[] {
  return Array.from({ length: count }, (_, index): StoredComment => {
    const id = index + 1;
    return {
      id,
      body:
        id === quoting
          ? `<!-- cognito-action v1 {"key":"${KEY}"} -->\nI copied the bot's comment here to discuss it.`
          : `Review note ${id}: looks fine to me.`,
      user: { login: id % 2 === 0 ? "alice" : "bob", type: "User" },
    };
  });
}

/** Runs the action on the pull request at `head`; returns the run and the requests it made. */
async function runOn(base: string, head: string): Promise<{ run: ActionRun; requests: RecordedRequest[] }> {
  const before = started.standIn!.requests.length;
  const run = await runBundledAction({
    workspace: started.repository!.path,
    eventName: "pull_request",
    payload: pullRequestPayload(PULL_REQUEST, base, head),
    sha: head,
    inputs: { "github-token": "ghs_e2eTestToken" },
    apiUrl: started.standIn!.url,
  });
  expect(run.code, run.stdout + run.stderr).toBe(0);
  return { run, requests: started.standIn!.requests.slice(before) };
}

function botComments(): StoredComment[] {
  return (started.standIn!.state.comments.get(PULL_REQUEST) ?? []).filter(
    (comment) => comment.user.login === BOT,
  );
}

/** main with two examples, and a first pull request commit that changes the production pool. */
function setUp() {
  started.repository = new TestRepository();
  const base = started.repository.commit(
    {
      "examples/production.yaml": example("production"),
      "examples/quick-start.yaml": example("quick-start"),
    },
    "main",
  );
  const first = started.repository.commit(
    { "examples/production.yaml": edit(example("production"), "minimumLength: 12", "minimumLength: 14") },
    "first version",
  );
  return { base, first };
}

describe("the sticky comment", () => {
  it(
    "is created once among people's comments, edited in place when the plan changes, left alone when not",
    async () => {
      const people = peopleComments(40, 17);
      const { base, first } = setUp();
      started.standIn = await startGitHubStandIn("acme", "identity", {
        comments: new Map([[PULL_REQUEST, structuredClone(people)]]),
      });

      // First run: the person's comment carries our marker and key, but is not ours: a new comment.
      const one = await runOn(base, first);
      expect(commentWrites(one.requests).map((request) => `${request.method} ${request.path}`)).toEqual([
        `POST /repos/acme/identity/issues/${PULL_REQUEST}/comments`,
      ]);
      const created = botComments();
      expect(created).toHaveLength(1);
      expect(created[0]!.body).toContain("minimumLength");
      expect(created[0]!.body).toContain("<code>14</code>");
      expect(one.run.outputs["comment-url"]).toContain(`#issuecomment-${created[0]!.id}`);

      // Second run, after a commit that changes the plan: the same comment is edited, nothing is posted.
      const second = started.repository!.commit(
        { "examples/production.yaml": edit(example("production"), "minimumLength: 12", "minimumLength: 20") },
        "second version",
      );
      const two = await runOn(base, second);
      expect(commentWrites(two.requests).map((request) => `${request.method} ${request.path}`)).toEqual([
        `PATCH /repos/acme/identity/issues/comments/${created[0]!.id}`,
      ]);
      expect(bodyOf(commentWrites(two.requests)[0]!)).toContain("<code>20</code>");
      expect(botComments()).toHaveLength(1);
      expect(botComments()[0]!.body).toContain("<code>20</code>");
      expect(botComments()[0]!.body).toContain(`commit <code>${second.slice(0, 7)}</code>`);
      expect(two.run.outputs["comment-url"]).toBe(one.run.outputs["comment-url"]);

      // Third run, same head and plan: no write at all.
      const three = await runOn(base, second);
      expect(commentWrites(three.requests)).toEqual([]);
      expect(three.run.outputs["comment-url"]).toBe(one.run.outputs["comment-url"]);

      // People's comments, the one quoting the marker included, are exactly as they were.
      const all = started.standIn.state.comments.get(PULL_REQUEST)!;
      expect(all).toHaveLength(41);
      expect(all.filter((comment) => comment.user.type === "User")).toEqual(people);
    },
    RUN_TIMEOUT,
  );

  it(
    "finds its comment on the second page of a long discussion instead of posting a duplicate",
    async () => {
      const people = peopleComments(105, 3);
      const { base, first } = setUp();
      started.standIn = await startGitHubStandIn("acme", "identity", {
        comments: new Map([[PULL_REQUEST, structuredClone(people)]]),
      });

      const one = await runOn(base, first);
      expect(commentWrites(one.requests).map((request) => request.method)).toEqual(["POST"]);
      // Our comment is number 106: on the second page of 100.
      expect(
        started.standIn.state.comments.get(PULL_REQUEST)!.findIndex((comment) => comment.user.login === BOT),
      ).toBe(105);

      const second = started.repository!.commit(
        { "examples/production.yaml": edit(example("production"), "minimumLength: 12", "minimumLength: 20") },
        "second version",
      );
      const two = await runOn(base, second);
      const listings = two.requests.filter(
        (request) =>
          request.method === "GET" &&
          request.path.startsWith(`/repos/acme/identity/issues/${PULL_REQUEST}/comments`),
      );
      expect(listings.some((request) => /[?&]page=2(&|$)/.test(request.path))).toBe(true);
      expect(commentWrites(two.requests).map((request) => request.method)).toEqual(["PATCH"]);
      expect(botComments()).toHaveLength(1);
      expect(botComments()[0]!.body).toContain("<code>20</code>");
      expect(started.standIn.state.comments.get(PULL_REQUEST)).toHaveLength(106);
    },
    RUN_TIMEOUT,
  );
});
