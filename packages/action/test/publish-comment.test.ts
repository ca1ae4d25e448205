import { commentKey } from "../src/run/request.ts";
import { describe, expect, it } from "vitest";
import { commentMarker, findOwnComment, markerKey, upsertComment } from "../src/report/publish.ts";
import type { IssueComment } from "../src/adapters/github-api.ts";
import { httpError, RecordingGitHubApi } from "./fakes.ts";

const BOT = "github-actions[bot]";

function comment(overrides: Partial<IssueComment> & Pick<IssueComment, "id" | "body">): IssueComment {
  return {
    authorLogin: BOT,
    authorType: "Bot",
    url: `https://github.com/acme/identity/pull/7#issuecomment-${overrides.id}`,
    ...overrides,
  };
}

describe("the comment marker", () => {
  it.each(["manifests-0123456789ab", "prod", 'a key with "quotes"', "ünïcödé", "line\nbreak"])(
    "round-trips the key %j",
    (key) => {
      const marker = commentMarker(key);
      expect(marker).toMatch(/^<!-- cognito-action v1 \{.*\} -->$/);
      expect(markerKey(`${marker}\n### Cognito plan`)).toBe(key);
    },
  );

  it("stays one hidden HTML comment whatever the key", () => {
    // A comment key comes from the workflow; a `-->` in it must not end the comment early and show the rest.
    for (const key of ["a --> b", "-->", "x>y", "<!-- nested -->"]) {
      const marker = commentMarker(key);
      expect(marker.indexOf("-->")).toBe(marker.length - "-->".length);
      expect(markerKey(marker)).toBe(key);
    }
  });

  it("finds no key in a body without a marker", () => {
    expect(markerKey("### Cognito plan: ✅ No changes")).toBeUndefined();
    expect(markerKey("")).toBeUndefined();
  });

  it("finds no key when the marker is not on the first line", () => {
    expect(markerKey(`Quoting the bot:\n${commentMarker("prod")}`)).toBeUndefined();
  });

  it("finds no key in a marker with broken JSON or a key that is not a string", () => {
    expect(markerKey('<!-- cognito-action v1 {"key": prod} -->')).toBeUndefined();
    expect(markerKey('<!-- cognito-action v1 {"key": 42} -->')).toBeUndefined();
    expect(markerKey('<!-- cognito-action v1 {"other": "prod"} -->')).toBeUndefined();
  });

  it("recognises an older marker version", () => {
    expect(markerKey('<!-- cognito-action v0 {"key":"prod"} -->\nold body')).toBe("prod");
  });
});

describe("commentKey", () => {
  it("uses an explicit key as it is", () => {
    expect(commentKey("prod-auth", ["**/*.yaml"])).toBe("prod-auth");
  });

  it("derives a stable key from the globs otherwise", () => {
    const key = commentKey("", ["**/*.yaml", "**/*.yml"]);
    expect(key).toMatch(/^manifests-[0-9a-f]{12}$/);
    expect(commentKey("", ["**/*.yaml", "**/*.yml"])).toBe(key);
    expect(commentKey("", ["auth/*.yaml"])).not.toBe(key);
  });
});

describe("findOwnComment", () => {
  const ours = commentMarker("prod");

  it("finds the comment the token's identity wrote with this key", () => {
    const comments = [
      comment({ id: 1, body: "LGTM", authorLogin: "alice", authorType: "User" }),
      comment({ id: 2, body: `${ours}\nplan` }),
    ];
    expect(findOwnComment(comments, "prod", BOT)?.id).toBe(2);
  });

  it("ignores a person's comment that carries our marker", () => {
    const comments = [
      comment({ id: 1, body: `${ours}\npasted`, authorLogin: "mallory", authorType: "User" }),
    ];
    expect(findOwnComment(comments, "prod", BOT)).toBeUndefined();
    expect(findOwnComment(comments, "prod", undefined)).toBeUndefined();
  });

  it("ignores our marker with another key", () => {
    const comments = [comment({ id: 1, body: `${commentMarker("staging")}\nplan` })];
    expect(findOwnComment(comments, "prod", BOT)).toBeUndefined();
  });

  it("ignores another bot's comment when the identity is known", () => {
    const comments = [comment({ id: 1, body: `${ours}\nplan`, authorLogin: "other-app[bot]" })];
    expect(findOwnComment(comments, "prod", BOT)).toBeUndefined();
  });

  it("adopts no comment when the identity is unknown: another bot's marked comment is not ours", () => {
    const comments = [
      comment({ id: 1, body: `${ours}\npasted`, authorLogin: "mallory", authorType: "User" }),
      comment({ id: 2, body: `${ours}\nplan`, authorLogin: "cognito-app[bot]", authorType: "Bot" }),
    ];
    expect(findOwnComment(comments, "prod", undefined)).toBeUndefined();
  });

  it("takes the oldest of several", () => {
    const comments = [comment({ id: 9, body: `${ours}\nb` }), comment({ id: 3, body: `${ours}\na` })];
    expect(findOwnComment(comments, "prod", BOT)?.id).toBe(3);
  });
});

describe("upsertComment", () => {
  const marked = (key: string, body: string) => `${commentMarker(key)}\n${body}`;

  it("creates the comment when there is none", async () => {
    const api = new RecordingGitHubApi({ login: BOT });
    const outcome = await upsertComment(api, 7, "prod", "### plan");
    expect(outcome).toEqual({
      status: "created",
      url: "https://github.com/acme/identity/pull/7#issuecomment-1000",
    });
    expect(api.writes).toEqual([{ method: "createIssueComment", args: [7, marked("prod", "### plan")] }]);
  });

  it("asks who the token is only when some comment carries the marker", async () => {
    const first = new RecordingGitHubApi({ login: BOT, comments: [comment({ id: 4, body: "LGTM" })] });
    await upsertComment(first, 7, "prod", "### plan");
    // The second listing checks that no other run created one at the same time.
    expect(first.calls.map((call) => call.method)).toEqual([
      "listIssueComments",
      "createIssueComment",
      "listIssueComments",
    ]);

    const later = new RecordingGitHubApi({
      login: BOT,
      comments: [comment({ id: 5, body: marked("prod", "### old") })],
    });
    await upsertComment(later, 7, "prod", "### plan");
    expect(later.calls.map((call) => call.method)).toEqual([
      "listIssueComments",
      "viewerLogin",
      "updateIssueComment",
    ]);
  });

  it("updates the existing comment in place", async () => {
    const api = new RecordingGitHubApi({
      login: BOT,
      comments: [comment({ id: 5, body: marked("prod", "### old plan") })],
    });
    const outcome = await upsertComment(api, 7, "prod", "### new plan");
    expect(outcome).toEqual({
      status: "updated",
      url: "https://github.com/acme/identity/pull/7#issuecomment-5",
    });
    expect(api.writes).toEqual([{ method: "updateIssueComment", args: [5, marked("prod", "### new plan")] }]);
  });

  it("rewrites an older marker version as the current one", async () => {
    const api = new RecordingGitHubApi({
      login: BOT,
      comments: [comment({ id: 5, body: '<!-- cognito-action v0 {"key":"prod"} -->\n### plan' })],
    });
    expect((await upsertComment(api, 7, "prod", "### plan")).status).toBe("updated");
    expect(api.comments).toHaveLength(1);
    expect(api.comments[0]?.body).toBe(marked("prod", "### plan"));
  });

  it("writes nothing when the body is unchanged", async () => {
    const api = new RecordingGitHubApi({
      login: BOT,
      comments: [comment({ id: 5, body: marked("prod", "### plan") })],
    });
    const outcome = await upsertComment(api, 7, "prod", "### plan");
    expect(outcome).toEqual({
      status: "unchanged",
      url: "https://github.com/acme/identity/pull/7#issuecomment-5",
    });
    expect(api.writes).toEqual([]);
  });

  it("leaves a person's comment with our marker alone and creates its own", async () => {
    const api = new RecordingGitHubApi({
      login: BOT,
      comments: [
        comment({ id: 5, body: marked("prod", "### plan"), authorLogin: "mallory", authorType: "User" }),
      ],
    });
    expect((await upsertComment(api, 7, "prod", "### plan")).status).toBe("created");
    expect(api.comments.find((entry) => entry.id === 5)?.body).toBe(marked("prod", "### plan"));
  });

  it("creates the comment again when it was deleted before the update (404)", async () => {
    const api = new RecordingGitHubApi({
      login: BOT,
      comments: [comment({ id: 5, body: marked("prod", "### old") })],
    });
    // Someone deletes it between the listing and the edit.
    const update = api.updateIssueComment.bind(api);
    api.updateIssueComment = (id, body) => {
      api.comments.splice(0, api.comments.length);
      return update(id, body);
    };
    const outcome = await upsertComment(api, 7, "prod", "### new");
    expect(outcome.status).toBe("created");
    expect(api.writes.map((call) => call.method)).toEqual(["updateIssueComment", "createIssueComment"]);
    expect(api.comments.map((entry) => entry.body)).toEqual([marked("prod", "### new")]);
  });

  it.each([403, 404])("reports a create refused with %i as not permitted", async (status) => {
    const api = new RecordingGitHubApi({ login: BOT }).failNext("createIssueComment", httpError(status));
    expect(await upsertComment(api, 7, "prod", "### plan")).toEqual({
      status: "failed",
      failure: { kind: "not-permitted", httpStatus: status, message: `HTTP ${status}` },
    });
  });

  it.each([403, 404])("reports a comment list refused with %i as not permitted", async (status) => {
    const api = new RecordingGitHubApi({ login: BOT }).failNext("listIssueComments", httpError(status));
    expect(await upsertComment(api, 7, "prod", "### plan")).toMatchObject({
      status: "failed",
      failure: { kind: "not-permitted", httpStatus: status },
    });
    expect(api.writes).toEqual([]);
  });

  it("reports an update refused with 403 as not permitted, without creating a duplicate", async () => {
    const api = new RecordingGitHubApi({
      login: BOT,
      comments: [comment({ id: 5, body: marked("prod", "### old") })],
    }).failNext("updateIssueComment", httpError(403));
    expect(await upsertComment(api, 7, "prod", "### new")).toMatchObject({
      status: "failed",
      failure: { kind: "not-permitted", httpStatus: 403 },
    });
    expect(api.writes.map((call) => call.method)).toEqual(["updateIssueComment"]);
  });

  it("reports a secondary rate limit that outlasted the retries as a rate limit, not a permission", async () => {
    const api = new RecordingGitHubApi({ login: BOT }).failNext(
      "createIssueComment",
      httpError(
        403,
        "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
      ),
    );
    expect(await upsertComment(api, 7, "prod", "### plan")).toMatchObject({
      status: "failed",
      failure: { kind: "rate-limited", httpStatus: 403 },
    });
  });

  it("reports a server error as GitHub being unavailable", async () => {
    const api = new RecordingGitHubApi({ login: BOT }).failNext(
      "createIssueComment",
      httpError(502, "Bad Gateway"),
    );
    expect(await upsertComment(api, 7, "prod", "### plan")).toEqual({
      status: "failed",
      failure: { kind: "unavailable", httpStatus: 502, message: "Bad Gateway" },
    });
  });

  it("reports an error without a status as GitHub being unavailable", async () => {
    const api = new RecordingGitHubApi({ login: BOT }).failNext(
      "listIssueComments",
      new Error("socket hang up"),
    );
    expect(await upsertComment(api, 7, "prod", "### plan")).toMatchObject({
      status: "failed",
      failure: { kind: "unavailable", message: "socket hang up" },
    });
  });

  it("updates the oldest of its comments and deletes the others (left by two runs at once)", async () => {
    const api = new RecordingGitHubApi({
      login: BOT,
      comments: [
        comment({ id: 5, body: marked("prod", "### first run") }),
        comment({ id: 6, body: "LGTM", authorLogin: "alice", authorType: "User" }),
        comment({ id: 8, body: marked("prod", "### second run") }),
      ],
    });
    expect(await upsertComment(api, 7, "prod", "### third run")).toMatchObject({ status: "updated" });
    expect(api.comments.map((entry) => [entry.id, entry.body])).toEqual([
      [5, marked("prod", "### third run")],
      [6, "LGTM"],
    ]);
  });

  it("after creating, gives way to an older comment another run created at the same time", async () => {
    const api = new RecordingGitHubApi({ login: BOT });
    // The other run's comment appears between this run's listing and its create.
    const list = api.listIssueComments.bind(api);
    let listings = 0;
    api.listIssueComments = async (issue) => {
      const comments = await list(issue);
      if (listings++ === 0)
        api.comments.push(comment({ id: 900, body: marked("prod", "### the other run's plan") }));
      return comments;
    };
    const outcome = await upsertComment(api, 7, "prod", "### this run's plan");
    expect(outcome).toEqual({
      status: "updated",
      url: "https://github.com/acme/identity/pull/7#issuecomment-900",
    });
    expect(api.comments.map((entry) => [entry.id, entry.body])).toEqual([
      [900, marked("prod", "### this run's plan")],
    ]);
  });

  it("after creating, keeps its own comment when the older one cannot be edited now", async () => {
    const api = new RecordingGitHubApi({ login: BOT });
    const create = api.createIssueComment.bind(api);
    api.createIssueComment = async (issue, body) => {
      api.comments.push(comment({ id: 900, body: marked("prod", "### the other run's plan") }));
      return create(issue, body);
    };
    api.failNext("updateIssueComment", httpError(502, "Bad Gateway"));
    expect(await upsertComment(api, 7, "prod", "### this run's plan")).toMatchObject({ status: "created" });
    expect(api.comments.map((entry) => entry.id)).toEqual([900, 1000]);
  });

  it("after creating, deletes a newer comment another run created at the same time", async () => {
    const api = new RecordingGitHubApi({ login: BOT });
    const create = api.createIssueComment.bind(api);
    api.createIssueComment = async (issue, body) => {
      const created = await create(issue, body);
      api.comments.push(comment({ id: created.id + 1, body: marked("prod", "### the other run's plan") }));
      return created;
    };
    expect(await upsertComment(api, 7, "prod", "### this run's plan")).toMatchObject({ status: "created" });
    expect(api.comments.map((entry) => entry.body)).toEqual([marked("prod", "### this run's plan")]);
  });

  it("with the identity unknown, leaves another bot's marked comment alone and keeps one of its own", async () => {
    const other = comment({ id: 3, body: marked("prod", "### theirs"), authorLogin: "other-app[bot]" });
    const api = new RecordingGitHubApi({ login: undefined, comments: [other] });
    expect(await upsertComment(api, 7, "prod", "### ours")).toMatchObject({ status: "created" });
    // A second run, identity still unknown: it creates, learns who it is from its new comment, and keeps
    // the older one of its own, updated, instead.
    const second = await upsertComment(api, 7, "prod", "### ours, again");
    expect(second).toMatchObject({
      status: "updated",
      url: "https://github.com/acme/identity/pull/7#issuecomment-1000",
    });
    expect(api.comments.map((entry) => [entry.id, entry.authorLogin, entry.body])).toEqual([
      [3, "other-app[bot]", marked("prod", "### theirs")],
      [1000, BOT, marked("prod", "### ours, again")],
    ]);
  });
});
