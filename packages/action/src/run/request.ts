// What a run is asked to do: the action's inputs, parsed once through one zod object with every problem
// reported together; the event it runs for, read from the environment and the payload once into plain values;
// the command `auto` resolves to; and the commits whose difference says what changed.
import { createHash } from "node:crypto";
import * as z from "zod";
import semver from "semver";
import { isEndpointUrl } from "@cognito-action/spec";
import { InputsError, ContextError } from "./errors.ts";

/** Everything the run is asked, read once before the first log line. */
export interface RunRequest {
  inputs: Inputs;
  context: RunContext;
  command: Command;
  /** The commits to compare (changeRange); undefined: act on every manifest. */
  range: ChangeRange | undefined;
  /** This job's key (commentKey): its sticky comment, and the stacks it owns, are told apart by it. */
  scope: string;
  /** pull_request_target: the pull request's manifests are read by commit (readsPullRequestHeadByCommit). */
  headByCommit: boolean;
}

/** Reads the inputs and the event, and resolves the command: throws InputsError or ContextError. */
export function readRunRequest(
  read: (name: string) => string,
  env: Readonly<Record<string, string | undefined>>,
  payload: unknown,
): RunRequest {
  const inputs = parseInputs(read);
  const context = readRunContext(env, payload);
  return {
    inputs,
    context,
    command: resolveCommand(inputs.command, context),
    range: changeRange(context),
    scope: commentKey(inputs["comment-key"], inputs.manifests),
    headByCommit: readsPullRequestHeadByCommit(context),
  };
}

// The action's inputs, parsed once through one zod object, every problem reported together.
const booleanInput = (name: string) =>
  // The YAML 1.2 core schema booleans, as the Actions toolkit's getBooleanInput accepts them.
  z
    .enum(["true", "True", "TRUE", "false", "False", "FALSE"], {
      error: (issue) => `${name} must be true or false, not ${JSON.stringify(issue.input)}`,
    })
    .transform((value) => value.toLowerCase() === "true");

const oneOf = <T extends readonly [string, ...string[]]>(name: string, values: T) =>
  z.enum(values, {
    error: (issue) => `${name} must be one of ${values.join(", ")}, not ${JSON.stringify(issue.input)}`,
  });

/** An env-secrets entry: a variable's name, a prefix ending in `*` (`OKTA_*`), or `*` for any. */
const ENV_SECRET_ENTRY = /^(?:[A-Za-z_][A-Za-z0-9_]*\*?|\*)$/;

export const inputsSchema = z.object({
  manifests: z
    .string()
    .transform((value) =>
      splitGlobList(value)
        .map((glob) => glob.trim())
        .filter((glob) => glob !== ""),
    )
    .pipe(z.array(z.string()).min(1, "manifests must list at least one glob")),
  command: oneOf("command", ["auto", "validate", "preview", "apply", "destroy", "plan"] as const),
  "github-token": z.string(),
  "comment-on-pr": booleanInput("comment-on-pr"),
  "comment-key": z.string(),
  "preview-mode": oneOf("preview-mode", ["auto", "offline", "pulumi"] as const),
  "fail-on": oneOf("fail-on", ["error", "warning"] as const),
  parallel: z
    .string()
    .regex(/^\d+$/, "parallel must be a whole number")
    .transform(Number)
    .pipe(z.number().int().min(1, "parallel must be at least 1").max(32, "parallel must be at most 32")),
  "pulumi-version": z.string().refine((value) => semver.validRange(value) !== null, {
    error: (issue) =>
      `pulumi-version must be a version or a semver range, not ${JSON.stringify(issue.input)}`,
  }),
  "pulumi-backend-url": z.string(),
  "secrets-provider": z.string(),
  "aws-endpoint-url": z.string().refine((value) => value === "" || isEndpointUrl(value), {
    error: (issue) =>
      `aws-endpoint-url must be an http:// or https:// URL such as http://localhost:4566, not ${JSON.stringify(issue.input)}`,
  }),
  "allow-replace": booleanInput("allow-replace"),
  "allow-destroy": booleanInput("allow-destroy"),
  "allow-security-downgrade": booleanInput("allow-security-downgrade"),
  "fail-on-drift": booleanInput("fail-on-drift"),
  "require-reviewed-plan": booleanInput("require-reviewed-plan"),
  "allow-engine-preview-of-untrusted-pull-requests": booleanInput(
    "allow-engine-preview-of-untrusted-pull-requests",
  ),
  // The variables manifests may read through valueFromEnv; none by default, and never the job's credentials.
  "env-secrets": z
    .string()
    .transform((value) =>
      value
        .split(/[\n,]/)
        .map((entry) => entry.trim())
        .filter((entry) => entry !== ""),
    )
    .superRefine((entries, context) => {
      for (const entry of entries) {
        if (!ENV_SECRET_ENTRY.test(entry))
          context.addIssue({
            code: "custom",
            message: `env-secrets: ${JSON.stringify(entry)} is not a variable name or a prefix ending in * (like OKTA_CLIENT_SECRET or OKTA_*)`,
          });
      }
    }),
  only: z.string().transform((value) =>
    value
      .split(/[\n,]/)
      .map((name) => name.trim())
      .filter((name) => name !== ""),
  ),
});

/**
 * A list of globs, one per line or separated by commas; a comma inside braces belongs to the glob
 * (`a/{x,y}.yaml` is one glob matching two files).
 */
export function splitGlobList(value: string): string[] {
  const globs: string[] = [];
  let depth = 0;
  let current = "";
  for (const character of value) {
    if (character === "{") depth++;
    else if (character === "}" && depth > 0) depth--;
    if (character === "\n" || (character === "," && depth === 0)) {
      globs.push(current);
      current = "";
      // A line break ends an unclosed brace too: globs never span lines.
      if (character === "\n") depth = 0;
    } else {
      current += character;
    }
  }
  globs.push(current);
  return globs;
}

/** The parsed inputs. */
export type Inputs = z.output<typeof inputsSchema>;

/** The defaults of action.yml, for inputs a runner did not set (local runs and tests). */
export const INPUT_DEFAULTS: Readonly<Record<keyof Inputs, string>> = {
  manifests: "**/*.yaml\n**/*.yml",
  command: "auto",
  "github-token": "",
  "comment-on-pr": "true",
  "comment-key": "",
  "preview-mode": "auto",
  "fail-on": "error",
  parallel: "4",
  "pulumi-version": "3.252.0",
  "pulumi-backend-url": "",
  "secrets-provider": "",
  "aws-endpoint-url": "",
  "allow-replace": "false",
  "allow-destroy": "false",
  "allow-security-downgrade": "false",
  "fail-on-drift": "false",
  "require-reviewed-plan": "false",
  "allow-engine-preview-of-untrusted-pull-requests": "false",
  "env-secrets": "",
  only: "",
};

/** Reads every input through `read` (core.getInput) and parses them together; throws InputsError listing all problems. */
export function parseInputs(read: (name: string) => string): Inputs {
  const raw = Object.fromEntries(
    Object.keys(INPUT_DEFAULTS).map((name) => {
      const value = read(name).trim();
      return [
        name,
        value === "" && name !== "github-token" && name !== "only"
          ? INPUT_DEFAULTS[name as keyof Inputs]
          : value,
      ];
    }),
  );
  const parsed = inputsSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw new InputsError(parsed.error.issues.map((issue) => issue.message));
}

// What the runner tells the action about this run: the event, the repository, the commits. Read from the
// environment and the event payload once, into plain values.
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

/**
 * The comment key: the `comment-key` input, or a digest of the manifests globs, so two jobs covering
 * different manifests keep two comments, and the merge job finds the comment the pull request job wrote.
 */
export function commentKey(explicitKey: string, manifestGlobs: readonly string[]): string {
  if (explicitKey !== "") return explicitKey;
  return `manifests-${createHash("sha256").update(manifestGlobs.join("\n")).digest("hex").slice(0, 12)}`;
}
