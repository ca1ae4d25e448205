import { describe, expect, it } from "vitest";
import { changeRange, readRunContext, resolveCommand, untrustedPullRequest } from "../src/run/request.ts";
import type { Command, RunContext } from "../src/run/request.ts";
import { ContextError } from "../src/run/errors.ts";

const BASE_SHA = "1111111111111111111111111111111111111111";
const HEAD_SHA = "2222222222222222222222222222222222222222";
const MERGE_SHA = "3333333333333333333333333333333333333333";

function env(eventName: string, overrides: Record<string, string | undefined> = {}) {
  return {
    GITHUB_REPOSITORY: "acme/identity",
    GITHUB_EVENT_NAME: eventName,
    GITHUB_SHA: MERGE_SHA,
    GITHUB_WORKSPACE: "/workspace",
    GITHUB_SERVER_URL: "https://github.example.com",
    GITHUB_API_URL: "https://github.example.com/api/v3",
    GITHUB_RUN_ID: "4242",
    GITHUB_WORKFLOW: "cognito",
    GITHUB_JOB: "plan",
    ...overrides,
  };
}

function pullRequestPayload(headRepo = "acme/identity", baseRepo = "acme/identity") {
  return {
    pull_request: {
      number: 17,
      base: { sha: BASE_SHA, ref: "main", repo: { full_name: baseRepo } },
      head: { sha: HEAD_SHA, ref: "feature", repo: { full_name: headRepo } },
    },
    repository: { full_name: baseRepo, default_branch: "main" },
  };
}

function pushPayload(ref: string, before = BASE_SHA) {
  return { ref, before, after: HEAD_SHA, repository: { full_name: "acme/identity", default_branch: "main" } };
}

describe("readRunContext", () => {
  it("reads a pull request from the same repository", () => {
    const context = readRunContext(env("pull_request"), pullRequestPayload());
    expect(context).toEqual({
      eventName: "pull_request",
      owner: "acme",
      repo: "identity",
      sha: MERGE_SHA,
      workspace: "/workspace",
      apiUrl: "https://github.example.com/api/v3",
      serverUrl: "https://github.example.com",
      runUrl: "https://github.example.com/acme/identity/actions/runs/4242",
      workflow: "cognito",
      job: "plan",
      pullRequest: {
        number: 17,
        baseSha: BASE_SHA,
        headSha: HEAD_SHA,
        baseRef: "main",
        fromFork: false,
        fromThisRepository: true,
      },
      push: undefined,
      mergeGroup: undefined,
    });
  });

  it("detects a pull request from a fork by the head repository's full name", () => {
    const context = readRunContext(
      env("pull_request"),
      pullRequestPayload("contributor/identity", "acme/identity"),
    );
    expect(context.pullRequest?.fromFork).toBe(true);
  });

  it("does not call a pull request a fork when the head repository is unknown (deleted fork)", () => {
    const payload = pullRequestPayload();
    (payload.pull_request.head as { repo: unknown }).repo = null;
    expect(readRunContext(env("pull_request_target"), payload).pullRequest?.fromFork).toBe(false);
  });

  it("defaults the server and API URLs to github.com", () => {
    const context = readRunContext(
      env("pull_request", { GITHUB_SERVER_URL: undefined, GITHUB_API_URL: undefined }),
      pullRequestPayload(),
    );
    expect(context.serverUrl).toBe("https://github.com");
    expect(context.apiUrl).toBe("https://api.github.com");
    expect(context.runUrl).toBe("https://github.com/acme/identity/actions/runs/4242");
  });

  it("reads a push to the default branch", () => {
    const context = readRunContext(env("push"), pushPayload("refs/heads/main"));
    expect(context.push).toEqual({
      before: BASE_SHA,
      after: HEAD_SHA,
      ref: "refs/heads/main",
      toDefaultBranch: true,
    });
    expect(context.pullRequest).toBeUndefined();
  });

  it("reads a push to another branch or a tag as not to the default branch", () => {
    expect(readRunContext(env("push"), pushPayload("refs/heads/feature")).push?.toDefaultBranch).toBe(false);
    expect(readRunContext(env("push"), pushPayload("refs/tags/main")).push?.toDefaultBranch).toBe(false);
  });

  it("reads a push without a default branch in the payload as not to the default branch", () => {
    const context = readRunContext(env("push"), {
      ref: "refs/heads/main",
      before: BASE_SHA,
      after: HEAD_SHA,
    });
    expect(context.push?.toDefaultBranch).toBe(false);
  });

  it("reads the commits of a merge group", () => {
    const context = readRunContext(env("merge_group"), {
      merge_group: { base_sha: BASE_SHA, head_sha: HEAD_SHA, head_ref: "gh-readonly-queue/main/pr-17" },
    });
    expect(context.mergeGroup).toEqual({ baseSha: BASE_SHA, headSha: HEAD_SHA });
    expect(context.pullRequest).toBeUndefined();
    expect(context.push).toBeUndefined();
  });

  it("reads a scheduled run, whose payload names no commits", () => {
    const context = readRunContext(env("schedule"), { schedule: "0 6 * * *" });
    expect(context.eventName).toBe("schedule");
    expect(context.pullRequest).toBeUndefined();
    expect(context.push).toBeUndefined();
    expect(context.mergeGroup).toBeUndefined();
  });

  it("tolerates a payload that is not an object", () => {
    expect(readRunContext(env("workflow_dispatch"), undefined).eventName).toBe("workflow_dispatch");
    expect(readRunContext(env("workflow_dispatch"), [1, 2]).pullRequest).toBeUndefined();
  });

  it.each(["GITHUB_REPOSITORY", "GITHUB_EVENT_NAME", "GITHUB_SHA", "GITHUB_WORKSPACE"])(
    "throws a ContextError naming %s when it is missing",
    (name) => {
      const run = () => readRunContext(env("push", { [name]: undefined }), pushPayload("refs/heads/main"));
      expect(run).toThrow(ContextError);
      expect(run).toThrow(`${name} is not set; the action must run in a GitHub Actions job`);
    },
  );

  it("treats an empty GITHUB_REPOSITORY as missing", () => {
    expect(() => readRunContext(env("push", { GITHUB_REPOSITORY: "" }), {})).toThrow(ContextError);
  });
});

describe("untrustedPullRequest", () => {
  it.each([
    ["pull_request", pullRequestPayload(), undefined],
    ["pull_request", pullRequestPayload("contributor/identity"), "comes from a fork"],
    ["pull_request_target", pullRequestPayload("contributor/identity"), "comes from a fork"],
    ["pull_request_target", pullRequestPayload(), "runs under pull_request_target"],
    ["push", pushPayload("refs/heads/main"), undefined],
  ])("%s %j: %s", (eventName, payload, expected) => {
    expect(untrustedPullRequest(readRunContext(env(eventName), payload))).toBe(expected);
  });

  it("counts a pull request whose head repository is unknown (a deleted fork) as from a fork", () => {
    const payload = pullRequestPayload();
    (payload.pull_request.head as { repo: unknown }).repo = null;
    expect(untrustedPullRequest(readRunContext(env("pull_request"), payload))).toBe("comes from a fork");
  });
});

describe("resolveCommand", () => {
  const contextOf = (eventName: string, payload: unknown): RunContext =>
    readRunContext(env(eventName), payload);

  it.each([
    ["pull_request", pullRequestPayload(), "preview"],
    ["pull_request_target", pullRequestPayload(), "preview"],
    ["merge_group", { merge_group: { base_sha: BASE_SHA, head_sha: HEAD_SHA } }, "preview"],
    ["schedule", {}, "preview"],
    ["workflow_dispatch", {}, "preview"],
    ["push", pushPayload("refs/heads/main"), "apply"],
    ["push", pushPayload("refs/heads/feature"), "validate"],
    ["release", {}, "validate"],
    ["issue_comment", {}, "validate"],
  ])("auto on %s resolves to the right command", (eventName, payload, expected) => {
    expect(resolveCommand("auto", contextOf(eventName, payload))).toBe(expected);
  });

  it.each<Command>(["validate", "preview", "apply", "destroy"])(
    "an explicit %s is kept whatever the event",
    (command) => {
      expect(resolveCommand(command, contextOf("pull_request", pullRequestPayload()))).toBe(command);
      expect(resolveCommand(command, contextOf("push", pushPayload("refs/heads/feature")))).toBe(command);
    },
  );
});

describe("changeRange", () => {
  it("compares a pull request's base with the checked-out merge commit", () => {
    const context = readRunContext(env("pull_request"), pullRequestPayload());
    expect(changeRange(context)).toEqual({ base: BASE_SHA, head: MERGE_SHA });
  });

  it("compares a pull_request_target's base with the pull request's head, from where it forked off", () => {
    // The runner checks out the base branch: GITHUB_SHA is not the change.
    const context = readRunContext(env("pull_request_target"), pullRequestPayload());
    expect(changeRange(context)).toEqual({ base: BASE_SHA, head: HEAD_SHA, fromMergeBase: true });
  });

  it("compares a merge group's base and head", () => {
    const context = readRunContext(env("merge_group"), {
      merge_group: { base_sha: BASE_SHA, head_sha: HEAD_SHA },
    });
    expect(changeRange(context)).toEqual({ base: BASE_SHA, head: HEAD_SHA });
  });

  it("compares a push's before and after", () => {
    const context = readRunContext(env("push"), pushPayload("refs/heads/main"));
    expect(changeRange(context)).toEqual({ base: BASE_SHA, head: HEAD_SHA });
  });

  it("has no range for the push that creates a branch (before is all zeros)", () => {
    const context = readRunContext(env("push"), pushPayload("refs/heads/main", "0".repeat(40)));
    expect(changeRange(context)).toBeUndefined();
  });

  it("has no range for a push without before", () => {
    const context = readRunContext(env("push"), { ref: "refs/heads/main", after: HEAD_SHA });
    expect(changeRange(context)).toBeUndefined();
  });

  it("has no range for scheduled and manual runs", () => {
    expect(changeRange(readRunContext(env("schedule"), {}))).toBeUndefined();
    expect(changeRange(readRunContext(env("workflow_dispatch"), {}))).toBeUndefined();
  });
});
