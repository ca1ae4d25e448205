// One in-process run of the action: real manifests in a real git repository, the runner, GitHub and the engine
// faked at their seams, every call recorded. Shared by the tests of previews, applies and convergence.
import { commentKey } from "../src/run/request.ts";
import { afterEach, expect, vi } from "vitest";
import { engineStackName, gitIn, manifestDigest, originTags } from "@cognito-action/provisioner";
import { MANIFEST_KIND, stackIdentity } from "@cognito-action/spec";
import { ActionFailure } from "../src/run/errors.ts";
import { validateRepository } from "../src/manifests/workspace.ts";
import { run } from "../src/run/run.ts";
import type { ActionDeps } from "../src/run/types.ts";
import { FakeEngine, RecordingGitHubApi, RecordingRunner } from "./fakes.ts";
import type { FakeGitHubOptions, FakeStackBehaviour, TimelineEntry } from "./fakes.ts";
import { exampleFiles, GitWorkspace } from "./workspace.ts";

const TOKEN = "ghs_test-token";
/** What the engine needs to run: a state backend and AWS credentials. */
export const ENGINE_ENV = {
  PULUMI_BACKEND_URL: "s3://acme-state/cognito",
  AWS_ACCESS_KEY_ID: "AKIAEXAMPLE",
  AWS_SECRET_ACCESS_KEY: "aws-secret-example",
};

// Each run plans offline by synthesizing under Pulumi's mock runtime: about a second, more on a busy machine.
vi.setConfig({ testTimeout: 60_000 });

const workspaces: GitWorkspace[] = [];
afterEach(() => {
  for (const workspace of workspaces.splice(0)) workspace.remove();
});

/** A repository whose first commit holds the examples and whose second commit applies `changes`. */
export function repository(changes: Record<string, string | undefined>): {
  workspace: GitWorkspace;
  base: string;
  head: string;
} {
  const workspace = new GitWorkspace();
  workspaces.push(workspace);
  const base = workspace.commit(exampleFiles(), "examples");
  const head = workspace.commit(changes, "the change under review");
  return { workspace, base, head };
}

export interface RunOptions {
  workspace: GitWorkspace;
  eventName: string;
  sha: string;
  payload: unknown;
  inputs?: Record<string, string>;
  env?: Record<string, string>;
  github?: FakeGitHubOptions;
  /** Adjusts the fake GitHub before the run (failures to inject). */
  prepareGitHub?: (api: RecordingGitHubApi) => void;
  engine?: (manifest: string) => FakeStackBehaviour;
  /** The engine to run with, when a test prepares one (stacks deployed by earlier runs). */
  fakeEngine?: FakeEngine;
  /** Stacks the backend of the run's own engine already holds (name → tags). */
  deployed?: Record<string, Record<string, string>>;
  /** Preparing the engine fails with this message (a Pulumi CLI that cannot be downloaded). */
  enginePreparationFails?: string;
}

export interface RunResult {
  /** What run() threw, if anything. */
  error: unknown;
  runner: RecordingRunner;
  api: RecordingGitHubApi;
  engine: FakeEngine;
  /** How often the action asked for the engine (which on a runner installs the Pulumi CLI). */
  engineCreations: number;
  timeline: TimelineEntry[];
}

export async function runAction(options: RunOptions): Promise<RunResult> {
  const timeline: TimelineEntry[] = [];
  const runner = new RecordingRunner({ "github-token": TOKEN, ...options.inputs }, timeline);
  const api = new RecordingGitHubApi({ login: "github-actions[bot]", ...options.github }, timeline);
  options.prepareGitHub?.(api);
  const engine =
    options.fakeEngine ?? new FakeEngine(options.engine, timeline).holding(options.deployed ?? {});
  let engineCreations = 0;
  const deps: ActionDeps = {
    runner,
    env: {
      GITHUB_REPOSITORY: "acme/identity",
      GITHUB_EVENT_NAME: options.eventName,
      GITHUB_SHA: options.sha,
      GITHUB_WORKSPACE: options.workspace.root,
      GITHUB_SERVER_URL: "https://github.com",
      GITHUB_API_URL: "https://api.github.com",
      GITHUB_RUN_ID: "4242",
      GITHUB_WORKFLOW: "cognito",
      GITHUB_JOB: "plan",
      ...options.env,
    },
    readEventPayload: () => options.payload,
    createGitHubApi: (token, context) => {
      expect(token).toBe(TOKEN);
      expect(`${context.owner}/${context.repo}`).toBe("acme/identity");
      return api;
    },
    git: (workspace) => gitIn(workspace),
    createEngine: () => {
      engineCreations++;
      if (options.enginePreparationFails) return Promise.reject(new Error(options.enginePreparationFails));
      return Promise.resolve(engine.factory);
    },
  };
  const error = await run(deps).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  return { error, runner, api, engine, engineCreations, timeline };
}

/** A repository's two commits: the base the change starts from, and its head. */
export type Change = ReturnType<typeof repository>;

/** What a scenario states about its run; everything else is the builder's default. */
export type Scenario = Omit<RunOptions, "workspace" | "eventName" | "sha" | "payload"> & {
  /** The backend holds no stack yet (every manifest's stack is new), in place of the base's stacks. */
  nothingDeployed?: boolean;
  /** No pull request belongs to the pushed commit (a direct push). */
  directPush?: boolean;
};

/**
 * A push of `change` to the default branch, as the apply on merge sees it. Defaults: the engine's
 * environment; an engine whose backend holds every manifest's stack of the base commit, as this job deployed
 * it from there; and the merged pull request #12, at the pushed head.
 */
export function pushRun(change: Change, scenario: Scenario = {}): Promise<RunResult> {
  const { nothingDeployed, directPush, ...options } = scenario;
  return runAction({
    workspace: change.workspace,
    eventName: "push",
    sha: change.head,
    payload: pushPayload(change.base, change.head),
    env: ENGINE_ENV,
    deployed: nothingDeployed || options.fakeEngine ? {} : deployedAt(change, change.base, options.inputs),
    ...options,
    github: {
      ...(directPush ? {} : { pullRequestsForCommit: [{ number: 12, merged: true, headSha: change.head }] }),
      ...options.github,
    },
  });
}

/** An event other than a push or a pull request (a schedule, a merge group), at `change`'s head. */
export function eventRun(
  change: Change,
  eventName: string,
  payload: unknown,
  scenario: Omit<RunOptions, "workspace" | "eventName" | "sha" | "payload"> = {},
): Promise<RunResult> {
  return runAction({ workspace: change.workspace, eventName, sha: change.head, payload, ...scenario });
}

/** Pull request #7 of `change`, from a branch of this repository. Defaults: the engine's environment. */
export function pullRequestRun(
  change: Change,
  scenario: Scenario & { headRepository?: string } = {},
): Promise<RunResult> {
  const { headRepository, ...options } = scenario;
  return runAction({
    workspace: change.workspace,
    eventName: "pull_request",
    sha: change.head,
    payload: pullRequestPayload(change.base, change.head, headRepository),
    env: ENGINE_ENV,
    ...options,
  });
}

/**
 * The stack of every manifest at `commit` (by the name the backend lists it under), tagged as this job (with
 * `inputs`' comment key) deployed it from there.
 */
export function deployedAt(
  change: Change,
  commit: string,
  inputs: Record<string, string> = {},
): Record<string, Record<string, string>> {
  const deployed: Record<string, Record<string, string>> = {};
  const files = change.workspace.git("ls-tree", "-r", "--name-only", commit).split("\n");
  const sources = files
    .filter((file) => /\.ya?ml$/.test(file))
    .map((file) => ({ file, text: change.workspace.git("show", `${commit}:${file}`) }));
  const scope = commentKey(
    inputs["comment-key"] ?? "",
    (inputs.manifests ?? "**/*.yaml\n**/*.yml").split("\n"),
  );
  for (const document of validateRepository(sources).documents) {
    if (document.kind !== MANIFEST_KIND || !document.manifest) continue;
    const identity = stackIdentity(document.manifest.metadata);
    deployed[engineStackName(identity, ENGINE_ENV.PULUMI_BACKEND_URL)] = originTags({
      repository: "acme/identity",
      scope,
      stack: identity.fullName,
      manifest: document.manifest.metadata.name,
      file: document.file,
      digest: manifestDigest(document.manifest),
      commit,
    });
  }
  return deployed;
}

export function pullRequestPayload(base: string, head: string, headRepository = "acme/identity") {
  return {
    pull_request: {
      number: 7,
      base: { sha: base, ref: "main", repo: { full_name: "acme/identity" } },
      head: { sha: head, ref: "feature", repo: { full_name: headRepository } },
    },
    repository: { full_name: "acme/identity", default_branch: "main" },
  };
}

export function pushPayload(base: string, head: string) {
  return {
    ref: "refs/heads/main",
    before: base,
    after: head,
    repository: { full_name: "acme/identity", default_branch: "main" },
  };
}

/** The bodies of the comments the action created or updated, in order. */
export function commentBodies(api: RecordingGitHubApi): string[] {
  return api.writes.map((call) => call.args[1] as string);
}

/** The body of the one comment the action wrote. */
export function onlyComment(api: RecordingGitHubApi): string {
  const bodies = commentBodies(api);
  expect(bodies).toHaveLength(1);
  return bodies[0]!;
}

/** The ActionFailure a run threw. */
export function failureOf(error: unknown): ActionFailure {
  expect(error).toBeInstanceOf(ActionFailure);
  return error as ActionFailure;
}
