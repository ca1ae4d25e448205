// One in-process run of the action: real manifests in a real git repository, the runner, GitHub and the engine
// faked at their seams, every call recorded. Shared by the tests of previews, applies and convergence.
import { afterEach, expect, vi } from "vitest";
import { gitIn } from "@cognito-action/provisioner";
import { ActionFailure } from "../src/errors.ts";
import { run } from "../src/run.ts";
import type { ActionDeps } from "../src/action-deps.ts";
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
  /** The engine to run with, when a test prepares one (stacks already deployed, an inventory). */
  fakeEngine?: FakeEngine;
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
  const engine = options.fakeEngine ?? new FakeEngine(options.engine, timeline);
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
