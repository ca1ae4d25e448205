// Everything one run of the action works with, gathered once by run() and handed to each step.
import type { Git } from "@cognito-action/provisioner";
import type { StackNaming, ValidationReport } from "@cognito-action/spec";
import type { Command, RunContext } from "./context.ts";
import type { EngineFactory } from "@cognito-action/provisioner";
import type { ChangeSet } from "../manifests/changed-file-list.ts";
import type { GitHubApi } from "../adapters/github-api.ts";
import type { Inputs } from "./inputs.ts";
import type { Runner } from "./runner.ts";
import type { SecretRegistry } from "./secrets.ts";

export interface Session {
  inputs: Inputs;
  context: RunContext;
  command: Command;
  runner: Runner;
  secrets: SecretRegistry;
  /** Undefined without a token: no comment, no API fallback. */
  github: GitHubApi | undefined;
  git: Git;
  env: Readonly<Record<string, string | undefined>>;
  /** The state backend's URL, as the inputs and the environment configure it (undefined: none). */
  backendUrl: string | undefined;
  /** How that backend names stacks: manifests' stacks collide, and are listed, by it. */
  stackNaming: StackNaming;
  /** The manifest files matching the globs, relative to the workspace. */
  files: string[];
  /** Validation of every matching file as it is in the workspace (at the pull request's head, for pull_request_target). */
  head: ValidationReport;
  /** The changed files, when they were needed before the session (pull_request_target reads its head through them). */
  changeSet?: ChangeSet | undefined;
  /**
   * The Pulumi engine, prepared (the CLI installed) on the first call, once a command knows it needs it;
   * later calls share that preparation.
   */
  engine: () => Promise<EngineFactory>;
}
