// The action's work after its first log line: validation, then preview or apply. Loaded lazily by run(), so
// the runner sees the action start before Pulumi and the rest are loaded.
import { renderPlanReportParts } from "@cognito-action/provisioner";
import type { ManifestPlan } from "@cognito-action/provisioner";
import { countFindings } from "@cognito-action/spec";
import { annotateFindings } from "../report/annotations.ts";
import { apply, destroy, planApply, refuseInvalidApply } from "../commands/apply.ts";
import type { Git } from "@cognito-action/provisioner";
import { changedFilesOf } from "../manifests/changed-file-list.ts";
import type { ChangeSet } from "../manifests/changed-file-list.ts";
import { changeRange, readsPullRequestHeadByCommit, untrustedPullRequest } from "./context.ts";
import type { Command, RunContext } from "./context.ts";
import type { GitHubApi } from "../adapters/github-api.ts";
import { pullRequestHeadView } from "../manifests/pull-request-head.ts";
import type { HeadView } from "../manifests/pull-request-head.ts";
import type { Runner } from "./runner.ts";
import { choosePreviewMode, stackNaming, untrustedPreviewReason } from "./engine-settings.ts";
import { ActionFailure, ContextError } from "./errors.ts";
import type { Inputs } from "./inputs.ts";
import {
  discoverManifestFiles,
  manifestFindings,
  readWorkspaceFiles,
  validateRepository,
} from "../manifests/workspace.ts";
import { preview } from "../commands/preview.ts";
import type { PreviewEngine } from "../commands/preview.ts";
import { publishReport } from "../report/publish.ts";
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
  // What the manifests may read from the job's environment is the workflow's to say (env-secrets).
  const head = validateRepository(target?.sources ?? readWorkspaceFiles(files, context.workspace), {
    stackNaming: stackNaming(inputs, deps.env),
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
    files,
    head,
    engine: once(() => deps.createEngine(inputs, secrets)),
  };
  const needsEngine =
    command === "apply" ||
    command === "plan" ||
    command === "destroy" ||
    (command === "preview" && inputs["preview-mode"] !== "offline");
  const invalidFailure = () =>
    new ActionFailure(
      "validation-failed",
      `${errors} validation errors${inputs["fail-on"] === "warning" && warnings > 0 ? ` and ${warnings} warnings (fail-on: warning)` : ""} in the manifests; see the annotations`,
    );

  if (command === "validate") {
    const report = renderPlanReportParts({ plans: [], findings, title: "Cognito validation" });
    const url = await publishReport(session, report, context.pullRequest?.number);
    if (url) runner.setOutput("comment-url", url);
    if (!valid) throw invalidFailure();
    return;
  }
  if ((command === "apply" || command === "destroy" || command === "plan") && errors > 0) {
    // Nothing is applied from a repository with invalid manifests: fix them first.
    const failure = invalidFailure();
    await refuseInvalidApply(session, failure.message);
    throw failure;
  }
  const engineUsed =
    command !== "preview" ||
    choosePreviewMode(
      inputs,
      deps.env,
      context.pullRequest?.fromFork ?? false,
      untrustedPreviewReason(inputs, untrustedPullRequest(context)),
    ).mode === "pulumi";
  if (command === "preview") {
    const result = await preview(
      session,
      needsEngine && engineUsed ? await prepareEngineForPreview(session) : { engine: undefined },
    );
    if (result.commentUrl) runner.setOutput("comment-url", result.commentUrl);
    // An engine mode asked for is an engine mode run: a drift check that could not look is not a green one.
    if (result.engineMissing !== undefined)
      throw new ActionFailure(
        "plan-failed",
        `preview-mode: pulumi needs the Pulumi engine, which cannot run: ${result.engineMissing}. Nothing was compared with the deployed stacks; fix that, or set preview-mode: auto to accept the offline plan`,
      );
    if (!valid) throw invalidFailure();
    const failed = result.plans.filter((entry) => entry.plan.errors.length > 0);
    const drifted = result.driftCheck ? driftedStacks(result.plans) : [];
    if (drifted.length > 0)
      runner.warning(`Drift: ${drifted.length} stack(s) differ from their manifests: ${drifted.join("; ")}`);
    if (failed.length > 0) {
      const locked = failed.some((entry) => entry.plan.errors.some((error) => error.rule === "locked"));
      throw new ActionFailure(
        locked ? "locked" : "plan-failed",
        `${failed.length} manifest(s) could not be planned: ${failed.map((entry) => entry.name).join(", ")}`,
      );
    }
    if (drifted.length > 0 && inputs["fail-on-drift"])
      throw new ActionFailure(
        "drift",
        `${drifted.length} stack(s) differ from their manifests; see the report`,
      );
    return;
  }
  // An apply prepares the engine only once it will use it: after the guard.
  if (command === "plan") await planApply(session);
  else if (command === "destroy") await destroy(session);
  else await apply(session);
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

/** Each stack whose engine preview changes something, with the resources and properties that differ. */
function driftedStacks(plans: readonly ManifestPlan[]): string[] {
  return plans.flatMap(({ name, plan }) => {
    const changes = plan.changes.filter((change) => change.action !== "unchanged");
    if (changes.length === 0) return [];
    const what = changes.map(
      (change) =>
        `${change.name} ${change.action}${change.properties.length > 0 ? ` (${change.properties.map((property) => property.path).join(", ")})` : ""}`,
    );
    return [`${name} (${plan.stack}): ${what.join(", ")}`];
  });
}

/**
 * The engine for a preview. When it cannot be prepared (no CLI download), `preview-mode: auto` falls back to
 * the offline plan; under `preview-mode: pulumi` the preview reports why and the run fails.
 */
async function prepareEngineForPreview(session: Session): Promise<PreviewEngine> {
  try {
    return { engine: await session.engine() };
  } catch (error) {
    const failure = session.secrets.redact(error instanceof Error ? error.message : String(error));
    session.runner.warning(
      session.inputs["preview-mode"] === "pulumi"
        ? `The Pulumi engine could not be prepared: ${failure}`
        : `The Pulumi engine could not be prepared, so the preview is offline: ${failure}`,
    );
    return { engine: undefined, failure };
  }
}
