// What the action needs from the world, apart from run.ts (which loads execute.ts lazily) so that execute.ts
// and the runner adapter read it without importing back into run.ts.
import type { EngineFactory, Git, SecretRegistry } from "@cognito-action/provisioner";
import type { RunContext, Inputs } from "./request.ts";
import type { GitHubApi } from "../adapters/github-api.ts";
import type { Runner } from "./runner.ts";

/** What the action needs from the world. */
export interface ActionDeps {
  runner: Runner;
  env: Readonly<Record<string, string | undefined>>;
  /** The event payload (GITHUB_EVENT_PATH, parsed). */
  readEventPayload(): unknown;
  createGitHubApi(token: string, context: RunContext): GitHubApi | Promise<GitHubApi>;
  git(workspace: string): Git;
  /** Prepares the Pulumi engine (installing the CLI if needed); called only when the engine is used. */
  createEngine(
    inputs: Inputs,
    secrets: SecretRegistry,
    backendUrl: string | undefined,
  ): Promise<EngineFactory>;
}
