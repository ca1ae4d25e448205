// The types the action's stages share, upstream of every file that reads them (so none imports back): the
// session one run works with, what the action needs from the world (ActionDeps), and the runner it writes to.
import type {
  ChangedFile,
  CompareCommits,
  EngineFactory,
  Git,
  SecretRegistry,
  MaskRegistrar,
} from "@cognito-action/provisioner";
import type { Finding, StackNaming, ValidateOptions, ValidationReport } from "@cognito-action/spec";
import type { ChangeRange, Command, Inputs, RunContext } from "./request.ts";
import type { GitHubApi } from "../adapters/github-api.ts";
import type { Annotator } from "../manifests/workspace.ts";

// Everything one run of the action works with, gathered once by execute() and handed to each step.
export interface Session {
  inputs: Inputs;
  context: RunContext;
  command: Command;
  /** This job's key: its sticky comment and the stacks it owns are told apart by it. */
  scope: string;
  /** The commits whose difference says which manifests changed; undefined: every manifest. */
  range: ChangeRange | undefined;
  runner: Runner;
  secrets: SecretRegistry;
  /** Undefined without a token: no comment, no API fallback. */
  github: GitHubApi | undefined;
  git: Git;
  /** GitHub's compare of two commits, for recorded commits a shallow checkout lacks; undefined without a token. */
  compareCommits: CompareCommits | undefined;
  env: Readonly<Record<string, string | undefined>>;
  /** The state backend's URL, as the inputs and the environment configure it (undefined: none). */
  backendUrl: string | undefined;
  /** What the job lacks for the Pulumi engine (a backend, AWS credentials), as a sentence; undefined when it can run. */
  engineUnavailable: string | undefined;
  /** How that backend names stacks: manifests' stacks collide, and are listed, by it. */
  stackNaming: StackNaming;
  /** How manifests are validated in this run (the head's and, later, the base versions'). */
  validation: ValidateOptions;
  /** The manifest files matching the globs, relative to the workspace. */
  files: string[];
  /** The findings of the head's manifests, in report order (manifestFindings), annotated once. */
  findings: Finding[];
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

/** Changed files and a way to read the base and head version of each (as data: nothing is checked out). */
export interface ChangeSet {
  files: ChangedFile[];
  readBase: (path: string) => Promise<string | undefined>;
  readHead: (path: string) => Promise<string | undefined>;
  source: "git" | "api";
}

// What the action needs from the world: the entry point wires the real runner, tests pass fakes.
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

// The parts of the Actions runner the action talks to, as one interface: actions-runner.ts adapts
// @actions/core to it, tests pass a recording fake.
export interface Runner extends Annotator, MaskRegistrar {
  getInput(name: string): string;
  debug(message: string): void;
  notice(message: string): void;
  setOutput(name: string, value: string): void;
  /** Appends Markdown to the job summary. */
  appendSummary(markdown: string): Promise<void>;
  /** Runs `work` inside a collapsed log group. */
  group<T>(name: string, work: () => Promise<T>): Promise<T>;
}
