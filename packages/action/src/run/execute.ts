// The action's work after its first log line: the secrets registered, the session built once (GitHub, git,
// the engine's readiness, the validated manifests), then the command, by name. Loaded lazily by run(), so the
// runner sees the action start before Pulumi and the rest are loaded.
import { countFindings, stackNamingOf, validateSources } from "@cognito-action/spec";
import {
  annotateFindings,
  discoverManifestFiles,
  manifestFindings,
  readWorkspaceFiles,
  repositoryValidation,
} from "../manifests/workspace.ts";
import type { Git } from "@cognito-action/provisioner";
import { changedFilesOf } from "../manifests/changes.ts";
import type { ChangeSet, Session, ActionDeps, Runner } from "./types.ts";
import type { Command, Inputs, RunRequest } from "./request.ts";
import type { GitHubApi } from "../adapters/github-api.ts";
import { pullRequestHeadView } from "../manifests/pull-request-head.ts";
import type { HeadView } from "../manifests/pull-request-head.ts";
import { ActionFailure, ContextError } from "./errors.ts";
import { SecretRegistry } from "@cognito-action/provisioner";
import { apply, destroy, planApply, refuseInvalidApply } from "../commands/apply.ts";
import { previewCommand } from "../commands/preview.ts";
import { validate } from "../commands/validate.ts";
import { invalidManifestsFailure } from "../commands/validation.ts";
import type { Validation } from "../commands/validation.ts";

/** Validates every manifest, then previews, applies or destroys as `command` says. */
export async function execute(deps: ActionDeps, request: RunRequest): Promise<void> {
  const { inputs } = request;
  const secrets = new SecretRegistry(deps.runner);
  // Credentials are registered first, and everything written through the runner is redacted from here on,
  // the failure's message included.
  secrets.registerCredentials(deps.env, inputs["github-token"]);
  try {
    await executeRedacted(deps, request, secrets);
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
  request: RunRequest,
  secrets: SecretRegistry,
): Promise<void> {
  const { inputs, context, command } = request;
  const runner = redactingRunner(deps.runner, secrets);
  const github =
    inputs["github-token"] !== "" ? await deps.createGitHubApi(inputs["github-token"], context) : undefined;
  const git = deps.git(context.workspace);
  const target = await pullRequestTargetHead(request, git, github, runner);
  const files = target?.files ?? discoverManifestFiles(inputs.manifests, context.workspace);
  const backend = backendUrl(inputs, deps.env);
  const naming = stackNamingOf(backend);
  // What the manifests may read from the job's environment is the workflow's to say (env-secrets).
  const validation = repositoryValidation({ stackNaming: naming, envSecrets: inputs["env-secrets"] });
  const head = validateSources(target?.sources ?? readWorkspaceFiles(files, context.workspace), validation);
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
    range: request.range,
    scope: request.scope,
    runner,
    secrets,
    github,
    git,
    compareCommits: github && ((base, head) => github.compareCommits(base, head)),
    changeSet: target?.changeSet,
    env: deps.env,
    backendUrl: backend,
    engineUnavailable: engineUnavailableReason(inputs, deps.env),
    stackNaming: naming,
    validation,
    files,
    head,
    findings,
    engine: once(() => deps.createEngine(inputs, secrets, backend)),
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
  { context, inputs, command, range, headByCommit }: RunRequest,
  git: Git,
  github: GitHubApi | undefined,
  runner: Runner,
): Promise<(HeadView & { changeSet: ChangeSet }) | undefined> {
  if (!headByCommit || range === undefined) return undefined;
  if (command === "apply" || command === "destroy")
    throw new ContextError(
      `command: ${command} does not run on pull_request_target: it would act on an unmerged pull request. Apply on push to the default branch (command: auto); pull_request_target previews only`,
    );
  const changeSet = await changedFilesOf(range, git, github, context.pullRequest?.number, (message) =>
    runner.info(message),
  );
  runner.info(
    `pull_request_target: planning the pull request's head ${range.head.slice(0, 7)}, its manifests read by commit (${changeSet.source}), nothing of it checked out or run`,
  );
  const base = discoverManifestFiles(inputs.manifests, context.workspace);
  return { ...(await pullRequestHeadView(changeSet, base, context.workspace, inputs.manifests)), changeSet };
}

// Each command, by name, handed the session and the head's validation.
type CommandStep = (session: Session, validation: Validation) => Promise<void>;

/** Nothing is applied, destroyed or planned from a repository with invalid manifests: fix them first. */
function refusingInvalid(step: (session: Session) => Promise<void>): CommandStep {
  return async (session, validation) => {
    if (validation.errors > 0) {
      const failure = invalidManifestsFailure(validation, session.inputs["fail-on"]);
      await refuseInvalidApply(session, failure);
    }
    await step(session);
  };
}

export const COMMANDS: Readonly<Record<Command, CommandStep>> = {
  validate,
  preview: previewCommand,
  plan: refusingInvalid(planApply),
  apply: refusingInvalid(apply),
  destroy: refusingInvalid(destroy),
};

// Whether the Pulumi engine can run here: a state backend and AWS credentials. Validation and the offline
// plan need neither, which is what keeps fork pull requests working.
type Env = Readonly<Record<string, string | undefined>>;

/** The backend to log in to: the input, PULUMI_BACKEND_URL, or Pulumi Cloud when a token is set. */
export function backendUrl(inputs: Pick<Inputs, "pulumi-backend-url">, env: Env): string | undefined {
  const url = inputs["pulumi-backend-url"] || env.PULUMI_BACKEND_URL;
  if (url) return url;
  return env.PULUMI_ACCESS_TOKEN ? "https://api.pulumi.com" : undefined;
}

/** AWS credentials from the ambient chain: keys, a web identity (OIDC role), a profile or a container role. */
export function hasAwsCredentials(env: Env): boolean {
  return Boolean(
    (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) ||
    env.AWS_WEB_IDENTITY_TOKEN_FILE ||
    env.AWS_PROFILE ||
    env.AWS_CONTAINER_CREDENTIALS_FULL_URI ||
    env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI,
  );
}

/** What is missing for the engine, as a sentence that says which input or variable to set; undefined when ready. */
export function engineUnavailableReason(
  inputs: Pick<Inputs, "pulumi-backend-url">,
  env: Env,
): string | undefined {
  const missing: string[] = [];
  if (!backendUrl(inputs, env))
    missing.push(
      "no state backend (set the pulumi-backend-url input or PULUMI_BACKEND_URL, or PULUMI_ACCESS_TOKEN for Pulumi Cloud)",
    );
  if (!hasAwsCredentials(env))
    missing.push("no AWS credentials (use aws-actions/configure-aws-credentials with role-to-assume)");
  return missing.length > 0 ? `this job has ${missing.join(" and ")}` : undefined;
}

// What the action writes goes through the runner redacted; its failure's message too.
/** `error` with its message redacted (typed failures keep their type and reason), for the run's failure. */
export function redactedError(error: unknown, secrets: SecretRegistry): unknown {
  if (!(error instanceof Error)) return typeof error === "string" ? secrets.redact(error) : error;
  const message = secrets.redact(error.message);
  if (message === error.message) return error;
  if (error instanceof ActionFailure) return new ActionFailure(error.reason, message, { cause: error.cause });
  if (error instanceof ContextError) return new ContextError(message, { cause: error.cause });
  // Anything else keeps its message redacted; its stack (printed to the debug log) is the new one's.
  const redacted = new Error(message);
  redacted.name = error.name;
  return redacted;
}

/** Outputs that carry secrets on purpose: masked in the log by the runner, never redacted. */
const SECRET_OUTPUTS = new Set(["client-secrets"]);

/**
 * The runner with everything the action writes through it redacted: log lines, annotations, the job
 * summary and outputs (but `client-secrets`, which exists to hand the secrets on, masked).
 */
export function redactingRunner(runner: Runner, secrets: SecretRegistry): Runner {
  const clean = (text: string) => secrets.redact(text);
  return {
    getInput: (name) => runner.getInput(name),
    info: (message) => runner.info(clean(message)),
    debug: (message) => runner.debug(clean(message)),
    notice: (message) => runner.notice(clean(message)),
    warning: (message, properties) =>
      runner.warning(
        clean(message),
        properties && { ...properties, title: properties.title && clean(properties.title) },
      ),
    error: (message, properties) =>
      runner.error(
        clean(message),
        properties && { ...properties, title: properties.title && clean(properties.title) },
      ),
    setOutput: (name, value) => runner.setOutput(name, SECRET_OUTPUTS.has(name) ? value : clean(value)),
    setSecret: (value) => runner.setSecret(value),
    appendSummary: (markdown) => runner.appendSummary(clean(markdown)),
    group: (name, work) => runner.group(clean(name), work),
  };
}
