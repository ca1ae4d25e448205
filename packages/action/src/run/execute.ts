// The action's work after its first log line: validation, then preview or apply. Loaded lazily by run(), so
// the runner sees the action start before Pulumi and the rest are loaded.
import { countFindings, stackNamingOf } from "@cognito-action/spec";
import { annotateFindings } from "../report/annotations.ts";
import { COMMANDS } from "../commands/index.ts";
import type { Git } from "@cognito-action/provisioner";
import { changedFilesOf } from "../manifests/changed-file-list.ts";
import type { ChangeSet } from "../manifests/changed-file-list.ts";
import { changeRange, readsPullRequestHeadByCommit } from "./context.ts";
import type { Command, RunContext } from "./context.ts";
import type { GitHubApi } from "../adapters/github-api.ts";
import { pullRequestHeadView } from "../manifests/pull-request-head.ts";
import type { HeadView } from "../manifests/pull-request-head.ts";
import type { Runner } from "./runner.ts";
import { backendUrl } from "./engine-settings.ts";
import { ActionFailure, ContextError } from "./errors.ts";
import type { Inputs } from "./inputs.ts";
import {
  discoverManifestFiles,
  manifestFindings,
  readWorkspaceFiles,
  validateRepository,
} from "../manifests/workspace.ts";
import type { ActionDeps } from "./action-deps.ts";
import { redactedError, redactingRunner, registerCredentials, SecretRegistry } from "./secrets.ts";
import type { Session } from "./session.ts";

/** Validates every manifest, then previews, applies or destroys as `command` says. */
export async function execute(
  deps: ActionDeps,
  inputs: Inputs,
  context: RunContext,
  command: Command,
): Promise<void> {
  const secrets = new SecretRegistry(deps.runner);
  // Credentials are registered first, and everything written through the runner is redacted from here on,
  // the failure's message included.
  registerCredentials(deps.env, inputs["github-token"], secrets);
  try {
    await executeRedacted(deps, inputs, context, command, secrets);
  } catch (error) {
    const redacted = redactedError(error, secrets);
    if (redacted instanceof ActionFailure || redacted instanceof ContextError) throw redacted;
    // Something nobody planned for: the run still says so where people look, with a reason to branch on.
    const message = redacted instanceof Error ? redacted.message : String(redacted);
    await writeUnexpectedFailureSummary(redactingRunner(deps.runner, secrets), message);
    throw new ActionFailure("internal", `cognito-action failed unexpectedly: ${message}`, {
      cause: redacted,
    });
  }
}

/** The job summary of a run that failed unexpectedly; a summary that cannot be written is only a warning. */
async function writeUnexpectedFailureSummary(runner: Runner, message: string): Promise<void> {
  const escaped = message.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  try {
    await runner.appendSummary(
      `### ❌ cognito-action failed unexpectedly\n\n<pre>${escaped}</pre>\n\nNothing after this error was done; the log has the details (re-run with debug logging for the stack trace).\n`,
    );
  } catch (error) {
    runner.warning(
      `Could not write the job summary: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

async function executeRedacted(
  deps: ActionDeps,
  inputs: Inputs,
  context: RunContext,
  command: Command,
  secrets: SecretRegistry,
): Promise<void> {
  const runner = redactingRunner(deps.runner, secrets);
  const github =
    inputs["github-token"] !== "" ? await deps.createGitHubApi(inputs["github-token"], context) : undefined;
  const git = deps.git(context.workspace);
  const target = await pullRequestTargetHead(context, inputs, command, git, github, runner);
  const files = target?.files ?? discoverManifestFiles(inputs.manifests, context.workspace);
  const backend = backendUrl(inputs, deps.env);
  const naming = stackNamingOf(backend);
  // What the manifests may read from the job's environment is the workflow's to say (env-secrets).
  const head = validateRepository(target?.sources ?? readWorkspaceFiles(files, context.workspace), {
    stackNaming: naming,
    envSecrets: inputs["env-secrets"],
  });
  const findings = manifestFindings(head);
  annotateFindings(findings, runner, (text) => secrets.redact(text));
  const { errors, warnings } = countFindings(findings);
  const valid = errors === 0 && (inputs["fail-on"] === "error" || warnings === 0);
  runner.setOutput("valid", String(valid));
  runner.info(`${files.length} files matched; ${errors} errors, ${warnings} warnings`);

  const session: Session = {
    inputs,
    context,
    command,
    runner,
    secrets,
    github,
    git,
    changeSet: target?.changeSet,
    env: deps.env,
    backendUrl: backend,
    stackNaming: naming,
    files,
    head,
    engine: once(() => deps.createEngine(inputs, secrets)),
  };
  await COMMANDS[command](session, { findings, errors, warnings, valid });
}

/** `make()` on the first call; its promise on every later one. */
function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => (made ??= make());
}

/**
 * For pull_request_target: the manifests at the pull request's head, read by commit as data, with the
 * changed files they came from. Applying from it is refused: an unmerged pull request is never applied.
 */
async function pullRequestTargetHead(
  context: RunContext,
  inputs: Inputs,
  command: Command,
  git: Git,
  github: GitHubApi | undefined,
  runner: Runner,
): Promise<(HeadView & { changeSet: ChangeSet }) | undefined> {
  if (!readsPullRequestHeadByCommit(context)) return undefined;
  if (command === "apply" || command === "destroy")
    throw new ContextError(
      `command: ${command} does not run on pull_request_target: it would act on an unmerged pull request. Apply on push to the default branch (command: auto); pull_request_target previews only`,
    );
  const range = changeRange(context)!;
  const changeSet = await changedFilesOf(range, git, github, context.pullRequest?.number, (message) =>
    runner.info(message),
  );
  runner.info(
    `pull_request_target: planning the pull request's head ${range.head.slice(0, 7)}, its manifests read by commit (${changeSet.source}), nothing of it checked out or run`,
  );
  const base = discoverManifestFiles(inputs.manifests, context.workspace);
  return { ...(await pullRequestHeadView(changeSet, base, context.workspace, inputs.manifests)), changeSet };
}
