// What the runner tells the action about this run: the event, the repository, the commits. Read from the
// environment and the event payload once, into plain values.
import { ContextError } from "./errors.ts";

/** The pull request a run is about. */
export interface PullRequestContext {
  number: number;
  baseSha: string;
  headSha: string;
  baseRef: string;
  /** True when the head branch lives in another repository (a fork): no secrets, read-only token. */
  fromFork: boolean;
  /** True only when the head branch is known to live in this repository (a deleted fork's is unknown). */
  fromThisRepository: boolean;
}

/** A push: the commits before and after. */
export interface PushContext {
  before: string;
  after: string;
  ref: string;
  /** True when the push is to the repository's default branch. */
  toDefaultBranch: boolean;
}

/** Everything the action needs to know about the run. */
export interface RunContext {
  eventName: string;
  owner: string;
  repo: string;
  /** GITHUB_SHA: the commit checked out (for pull_request, the test merge commit). */
  sha: string;
  workspace: string;
  apiUrl: string;
  serverUrl: string;
  runUrl: string;
  workflow: string;
  job: string;
  pullRequest?: PullRequestContext | undefined;
  push?: PushContext | undefined;
  /** merge_group: the queue's base and head commits. */
  mergeGroup?: { baseSha: string; headSha: string } | undefined;
}

type Env = Readonly<Record<string, string | undefined>>;

/** Builds the run context from the runner's environment and the event payload (already parsed). */
export function readRunContext(env: Env, payload: unknown): RunContext {
  const required = (name: string) => {
    const value = env[name];
    if (value === undefined || value === "")
      throw new ContextError(`${name} is not set; the action must run in a GitHub Actions job`);
    return value;
  };
  const fullName = required("GITHUB_REPOSITORY");
  const [owner, repo, ...extra] = fullName.split("/");
  if (!owner || !repo || extra.length > 0)
    throw new ContextError(`GITHUB_REPOSITORY must be owner/repository, not ${JSON.stringify(fullName)}`);
  const serverUrl = env.GITHUB_SERVER_URL ?? "https://github.com";
  const event = isRecord(payload) ? payload : {};
  const repository = isRecord(event.repository) ? event.repository : {};
  const eventName = required("GITHUB_EVENT_NAME");
  return {
    eventName,
    owner,
    repo,
    sha: required("GITHUB_SHA"),
    workspace: required("GITHUB_WORKSPACE"),
    apiUrl: env.GITHUB_API_URL ?? "https://api.github.com",
    serverUrl,
    // Without the attempt: a re-run then renders the same comment, which is left untouched.
    runUrl: `${serverUrl}/${owner}/${repo}/actions/runs/${env.GITHUB_RUN_ID ?? ""}`,
    workflow: env.GITHUB_WORKFLOW ?? "",
    job: env.GITHUB_JOB ?? "",
    pullRequest: pullRequestOf(event),
    push: eventName === "push" ? pushOf(event, repository) : undefined,
    mergeGroup: mergeGroupOf(event),
  };
}

function pullRequestOf(event: Record<string, unknown>): PullRequestContext | undefined {
  const pr = event.pull_request;
  if (!isRecord(pr) || typeof pr.number !== "number") return undefined;
  const base = isRecord(pr.base) ? pr.base : {};
  const head = isRecord(pr.head) ? pr.head : {};
  const baseRepo = isRecord(base.repo) ? base.repo.full_name : undefined;
  const headRepo = isRecord(head.repo) ? head.repo.full_name : undefined;
  return {
    number: pr.number,
    baseSha: text(base.sha),
    headSha: text(head.sha),
    baseRef: text(base.ref),
    fromFork: headRepo !== undefined && baseRepo !== undefined && headRepo !== baseRepo,
    fromThisRepository: headRepo !== undefined && headRepo === baseRepo,
  };
}

function pushOf(event: Record<string, unknown>, repository: Record<string, unknown>): PushContext {
  const ref = text(event.ref);
  const defaultBranch = typeof repository.default_branch === "string" ? repository.default_branch : undefined;
  return {
    before: text(event.before),
    after: text(event.after),
    ref,
    toDefaultBranch: defaultBranch !== undefined && ref === `refs/heads/${defaultBranch}`,
  };
}

function mergeGroupOf(event: Record<string, unknown>): RunContext["mergeGroup"] {
  const group = event.merge_group;
  return isRecord(group) ? { baseSha: text(group.base_sha), headSha: text(group.head_sha) } : undefined;
}

/** A payload field that should be a string: itself, or empty. */
function text(value: unknown): string {
  return typeof value === "string" ? value : "";
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** What the action does on this run, after `auto` is resolved from the event. */
export type Command = "validate" | "preview" | "apply" | "destroy" | "plan";

/**
 * `auto`: pull requests and merge queues preview; a push to the default branch applies; scheduled and manual
 * runs preview every manifest (a drift check); anything else only validates.
 */
export function resolveCommand(requested: "auto" | Command, context: RunContext): Command {
  if (requested !== "auto") return requested;
  switch (context.eventName) {
    case "pull_request":
    case "pull_request_target":
    case "merge_group":
    case "schedule":
    case "workflow_dispatch":
      return "preview";
    case "push":
      return context.push?.toDefaultBranch ? "apply" : "validate";
    default:
      return "validate";
  }
}

/**
 * Why a pull request's manifests come from outside the repository's trust, or undefined: a fork's branch, or
 * any pull request under pull_request_target (which runs with the base repository's secrets).
 */
export function untrustedPullRequest(context: RunContext): string | undefined {
  if (!context.pullRequest) return undefined;
  if (!context.pullRequest.fromThisRepository) return "comes from a fork";
  if (context.eventName === "pull_request_target") return "runs under pull_request_target";
  return undefined;
}

/** The commits to compare: `fromMergeBase` diffs from where head forked off base (a branch, not a merge). */
export interface ChangeRange {
  base: string;
  head: string;
  fromMergeBase?: boolean;
}

/**
 * Whether the run is about a pull request whose code is not checked out: pull_request_target runs in the
 * base branch (GITHUB_SHA is its tip), so the pull request's manifests are read by commit, as data.
 */
export function readsPullRequestHeadByCommit(context: RunContext): boolean {
  return context.eventName === "pull_request_target" && context.pullRequest !== undefined;
}

/** The two commits whose difference says which manifests changed, or undefined: act on every manifest. */
export function changeRange(context: RunContext): ChangeRange | undefined {
  // pull_request_target checks out the base branch: the change is the pull request's head against it.
  if (context.pullRequest && readsPullRequestHeadByCommit(context))
    return { base: context.pullRequest.baseSha, head: context.pullRequest.headSha, fromMergeBase: true };
  if (context.pullRequest) return { base: context.pullRequest.baseSha, head: context.sha };
  if (context.mergeGroup) return { base: context.mergeGroup.baseSha, head: context.mergeGroup.headSha };
  if (context.push && context.push.before !== "" && !/^0+$/.test(context.push.before))
    return { base: context.push.before, head: context.push.after };
  return undefined;
}
