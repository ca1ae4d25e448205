// The one apply path: plan the pushed range offline and refuse what the workflow does not allow before any
// engine call; then read what is deployed, decide every stack's step (apply/decide.ts, pure), act stack by
// stack (apply/update-stack.ts), record, and report. `plan` is the decision without acting; `destroy` acts on every
// planned manifest's stack through the same stack step, and its failures count the same way.
import type { StackOutcome, StackResult } from "../report/publish.ts";
import {
  code,
  mapWithConcurrency,
  planManifestChanges,
  referenceTargets,
  guardRefusal,
} from "@cognito-action/provisioner";
import type {
  EngineFactory,
  ManifestChange,
  ManifestPlan,
  GuardSettings,
  Review,
} from "@cognito-action/provisioner";
import type { Manifest } from "@cognito-action/spec";
import { decideApply, decideDestroy } from "../apply/decide.ts";
import type { ApplyDecision, StackStep, Convergence, StackDecision } from "../apply/decide.ts";
import { findManifestChanges, desiredManifests } from "../manifests/changes.ts";
import {
  planOutputs,
  mergedPullRequest,
  readReview,
  applyResultOf,
  didNotApply,
  failureReason,
  publishApplyReport,
  stackOutputsOf,
} from "../report/publish.ts";
import { readDeployed, recordInIndex } from "../apply/deployed.ts";
import type { DesiredManifest } from "../manifests/changes.ts";
import { ActionFailure } from "../run/errors.ts";
import type { Session } from "../run/session.ts";
import { actOnStack } from "../apply/update-stack.ts";
import type { StackStepContext } from "../apply/update-stack.ts";

/** `command: plan` (the fan-out's first job): what an apply would converge, said and set as outputs. */
export async function planApply(session: Session): Promise<void> {
  const engine = await prepareEngine(session, undefined, []);
  const { decision } = await decide(session, engine, new Set(), undefined);
  setOutputs(session, decisionOutputs(decision));
  await session.runner.appendSummary(convergencePlanSummary(decision.convergence));
}

/** `command: apply`: every stack converges to its manifest at this commit; deleted manifests' stacks go. */
export async function apply(session: Session): Promise<void> {
  const { runner } = session;
  const found = await findManifestChanges(session);
  const plans = await offlinePlans(session, found.changes, found.scope);
  // What the pushed range plans; what changes is convergence's to say, once it is decided.
  const { plan, "has-replacements": hasReplacements, ...rangeChanges } = planOutputs(plans);
  setOutputs(session, { plan, "has-replacements": hasReplacements });
  const pullRequest = await mergedPullRequest(session);
  let decided: Awaited<ReturnType<typeof decide>>;
  try {
    // An apply handles a deleted manifest's stack as an orphan, after applying everything else.
    await refuseBeforeEngine(session, plans, found.changes, false, pullRequest);
    const engine = await prepareEngine(session, pullRequest, plans);
    const review = pullRequest !== undefined ? await readReview(session, pullRequest) : undefined;
    decided = await decide(session, engine, new Set(found.changes.map((change) => change.name)), review);
  } catch (error) {
    // Stopped before deciding: what changes is what the pushed range plans.
    setOutputs(session, rangeChanges);
    throw error;
  }
  const { decision, context, desired, engine } = decided;
  setOutputs(session, decisionOutputs(decision));
  const results = await act(session, decision.steps, context);
  if (context.tagsSupported) {
    // What this run converged, and the stacks it had to read, go into the index with their update times.
    // By the desired manifest, never by the engine plan's stack name (a self-managed backend's differs).
    const converged = new Set([
      ...decision.reindexed,
      ...decision.steps.flatMap((step, index) =>
        step.kind === "converge" && isRecorded(results[index]!.outcome) ? [step.manifest] : [],
      ),
    ]);
    await recordInIndex(
      session,
      engine.inventory,
      desired.filter((manifest) => converged.has(manifest)),
      context.claimant.repository,
      context.claimant.scope,
    );
  }
  if (results.length === 0) runner.info("Every stack matches its manifest; nothing to apply.");
  await report(session, results, pullRequest);
}

/** `command: destroy`: every planned manifest's stack goes, as if its manifest were deleted. */
export async function destroy(session: Session): Promise<void> {
  const found = await findManifestChanges(session);
  const deletions = found.changes.map(asDeletion);
  const plans = await offlinePlans(session, deletions, found.scope);
  setOutputs(session, planOutputs(plans));
  await refuseBeforeEngine(session, plans, deletions, true, undefined);
  const steps = decideDestroy(
    plans.map((entry, index) => ({ entry, manifest: deletions[index]!.base!.manifest as Manifest })),
    found.scope.base,
  );
  if (steps.length === 0) {
    session.runner.info("No manifest's stack to destroy.");
    return report(session, [], undefined);
  }
  const engine = await prepareEngine(
    session,
    undefined,
    steps.map((step) => (step.kind === "destroy" ? step.entry : undefined)).filter((entry) => !!entry),
  );
  // Whose each stack is is read from its own tags as it is opened; the backend's listing is an apply's.
  const results = await act(session, steps, stepContext(session, engine, undefined, false));
  await report(session, results, undefined);
}

/** Reports an apply refused because manifests are invalid, where people will look: the merged pull request. */
export async function refuseInvalidApply(session: Session, message: string): Promise<void> {
  await publishApplyReport(session, [], await mergedPullRequest(session), `Nothing was applied: ${message}.`);
}

/** The offline plan of `changes`: what the pushed range (or `destroy`) does, before any engine call. */
function offlinePlans(
  session: Session,
  changes: readonly ManifestChange[],
  scope: Parameters<typeof planManifestChanges>[1],
): Promise<ManifestPlan[]> {
  return session.runner.group(`Offline plan of ${changes.length} manifests`, () =>
    planManifestChanges(changes, scope, session.inputs.parallel),
  );
}

/**
 * Before any engine call: a plan that failed, or one the guard refuses, stops the run, reported on the merged
 * pull request. `guardsDeletion`: whether a deleted manifest's plan is guarded here (an apply destroys those
 * stacks as orphans, under the same allow inputs, after everything else).
 */
async function refuseBeforeEngine(
  session: Session,
  plans: readonly ManifestPlan[],
  changes: readonly ManifestChange[],
  guardsDeletion: boolean,
  pullRequest: number | undefined,
): Promise<void> {
  const failed = plans.filter((entry) => entry.plan.errors.length > 0);
  if (failed.length > 0) {
    await report(
      session,
      plans.map((entry) =>
        entry.plan.errors.length > 0
          ? {
              entry,
              outcome: {
                kind: "failed",
                cause: "plan",
                message: entry.plan.errors.map((error) => error.message).join("; "),
              },
            }
          : { entry, outcome: { kind: "skipped", message: "not applied: another manifest's plan failed" } },
      ),
      pullRequest,
      {
        reason: "plan-failed",
        message: `${failed.length} manifest(s) could not be planned; nothing was applied`,
      },
    );
  }
  const settings = guardSettings(session);
  // Plans are in the order of the changes; a change without a head side deletes its manifest's stack.
  const refusals = plans.flatMap((entry, index) => {
    const deleted = changes[index]!.head === undefined;
    if (deleted && !guardsDeletion) return [];
    return guardRefusal(entry, deleted, settings) ?? [];
  });
  if (refusals.length === 0) return;
  const message = `Refused before any change was made:\n${refusals.join("\n")}`;
  await report(
    session,
    plans.map((entry) => ({
      entry,
      outcome: { kind: "skipped", message: "not applied: the apply was refused" },
    })),
    pullRequest,
    { reason: "replacement-blocked", message, blockedBeforeEngine: true },
  );
}

/** Reads what is deployed and decides every stack's step. */
async function decide(
  session: Session,
  engine: EngineFactory,
  highlighted: ReadonlySet<string>,
  review: Review | undefined,
): Promise<{
  decision: ApplyDecision;
  context: StackStepContext;
  desired: DesiredManifest[];
  engine: EngineFactory;
}> {
  const { inputs, runner } = session;
  const desired = desiredManifests(session);
  const claimant = claimantOf(session);
  const deployed = await readDeployed(
    session,
    engine.inventory,
    desired,
    claimant.repository,
    claimant.scope,
  );
  const decision = decideApply({
    desired,
    recorded: deployed.recorded,
    verified: deployed.verified,
    scope: claimant.scope,
    only: inputs.only,
    allowDestroy: inputs["allow-destroy"],
    allowReplace: inputs["allow-replace"],
    highlighted,
    review,
    requireReviewedPlan: inputs["require-reviewed-plan"],
  });
  const { convergence } = decision;
  const upToDate = convergence.stacks.filter((stack) => stack.kind === "up-to-date").length;
  runner.info(
    `${desired.length} manifests: ${upToDate} up to date, ${decision.changed.length} to converge, ${decision.toDestroy.length} deleted manifests' stacks to destroy${convergence.orphansLeftToFullRun ? "; stacks of deleted manifests are left to runs without only" : ""}`,
  );
  return {
    decision,
    context: stepContext(session, engine, review, deployed.tagsSupported),
    desired,
    engine,
  };
}

/** Acts on every step, the engine's steps `parallel` at a time, in the decision's order. */
function act(
  session: Session,
  steps: readonly StackStep[],
  context: StackStepContext,
): Promise<StackResult[]> {
  return mapWithConcurrency(steps, session.inputs.parallel, (step) =>
    step.kind === "settled" ? Promise.resolve(step.result) : actOnStack(step, context, session),
  );
}

/** What every stack step of this run shares. */
function stepContext(
  session: Session,
  engine: EngineFactory,
  review: StackStepContext["review"],
  tagsSupported: boolean,
): StackStepContext {
  return {
    engine,
    claimant: claimantOf(session),
    tagsSupported,
    headTargets: referenceTargets(session.head),
    searchedIn: `the files matching ${session.inputs.manifests.join(", ")}`,
    settings: guardSettings(session),
    review,
  };
}

/** Publishes the results and sets the stack outputs; then fails the run as the worst outcome says. */
async function report(
  session: Session,
  results: readonly StackResult[],
  pullRequest: number | undefined,
  refused?: { reason: "plan-failed" | "replacement-blocked"; message: string; blockedBeforeEngine?: boolean },
): Promise<void> {
  if (!refused) setOutputs(session, stackOutputsOf(results));
  await publishApplyReport(
    session,
    results.map(applyResultOf),
    pullRequest,
    refused?.blockedBeforeEngine ? refused.message : undefined,
  );
  if (refused) throw new ActionFailure(refused.reason, refused.message);
  const outcomes = results.map(({ outcome }) => outcome);
  const reason = failureReason(outcomes);
  if (reason)
    throw new ActionFailure(
      reason,
      `${outcomes.filter(didNotApply).length} of ${results.length} stacks did not apply; see the report`,
    );
}

/** The engine, or a failure reported on `reported` (nothing was applied) when it cannot run. */
async function prepareEngine(
  session: Session,
  pullRequest: number | undefined,
  reported: readonly ManifestPlan[],
): Promise<EngineFactory> {
  const failed = async (message: string, cause?: unknown): Promise<never> => {
    await publishApplyReport(
      session,
      reported.map((entry) => applyResultOf({ entry, outcome: { kind: "failed", cause: "apply", message } })),
      pullRequest,
      undefined,
    );
    throw new ActionFailure("apply-failed", message, cause === undefined ? undefined : { cause });
  };
  const missing = session.engineUnavailable;
  if (missing !== undefined) return failed(`The Pulumi engine cannot run: ${missing}.`);
  try {
    return await session.engine();
  } catch (error) {
    // Installing the Pulumi CLI failed (download, checksum): nothing was applied; say so where people look.
    return failed(
      `The Pulumi engine could not be prepared: ${session.secrets.redact(error instanceof Error ? error.message : String(error))}`,
      error,
    );
  }
}

function setOutputs(session: Session, outputs: Readonly<Record<string, string>>): void {
  for (const [name, value] of Object.entries(outputs)) session.runner.setOutput(name, value);
}

/** The outputs convergence decides: the manifests whose stacks need the engine, and whether anything does. */
function decisionOutputs(decision: ApplyDecision): Record<"changed" | "has-changes", string> {
  return { changed: JSON.stringify(decision.changed), "has-changes": String(decision.hasChanges) };
}

function claimantOf(session: Session): StackStepContext["claimant"] {
  const { context } = session;
  return {
    repository: `${context.owner}/${context.repo}`,
    scope: session.scope,
  };
}

function guardSettings(session: Session): GuardSettings {
  const { inputs } = session;
  return {
    allowReplace: inputs["allow-replace"],
    allowDestroy: inputs["allow-destroy"],
    allowSecurityDowngrade: inputs["allow-security-downgrade"],
  };
}

/** `destroy`: every manifest's stack goes, as if its manifest were deleted. */
function asDeletion(change: ManifestChange): ManifestChange {
  return { ...change, fileChange: "deleted", base: change.head ?? change.base, head: undefined };
}

/** What `command: plan` decided, for the job summary. */
function convergencePlanSummary(decision: Convergence): string {
  const line = (kind: StackDecision["kind"]) =>
    decision.stacks.filter((stack) => stack.kind === kind).map((stack) => code(stack.desired.name));
  const toApply = line("converge");
  const orphans = decision.orphans.map(
    (orphan) =>
      `${code(orphan.stack.origin.manifest)} (${code(orphan.stack.origin.stack)}): ${orphan.kind === "destroy" ? "to destroy" : orphan.reason}`,
  );
  return [
    "### Cognito convergence plan",
    "",
    `${toApply.length} to apply${toApply.length > 0 ? `: ${toApply.join(", ")}` : ""}; ${line("up-to-date").length} up to date.`,
    ...(orphans.length > 0
      ? ["", "Stacks whose manifest is gone:", "", ...orphans.map((text) => `- ${text}`)]
      : []),
    "",
  ].join("\n");
}

/** Whether the outcome leaves the stack recording this run's manifest (the index may vouch for it). */
export function isRecorded(outcome: StackOutcome): boolean {
  return (outcome.kind === "applied" || outcome.kind === "unchanged") && outcome.recorded;
}
