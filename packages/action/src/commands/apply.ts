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
  indexKey,
  indexStackOf,
  indexValue,
  ORIGIN_TAGS,
} from "@cognito-action/provisioner";
import type {
  Claimant,
  EngineFactory,
  EngineInventory,
  ManifestChange,
  ManifestPlan,
  GuardSettings,
  Review,
} from "@cognito-action/provisioner";
import type { Manifest } from "@cognito-action/spec";
import { decideApply, decideDestroy } from "../apply/decide.ts";
import type { ApplyDecision, StackStep, Convergence, StackDecision } from "../apply/decide.ts";
import { findManifestChanges, desiredManifests } from "../manifests/changes.ts";
import { openApplyReport, planOutputs } from "../report/publish.ts";
import type { ApplyReport } from "../report/publish.ts";
import { readDeployed } from "../apply/deployed.ts";
import type { DesiredManifest } from "../manifests/changes.ts";
import type { ActionFailure } from "../run/errors.ts";
import type { Session } from "../run/types.ts";
import { actOnStack } from "../apply/update-stack.ts";
import type { StackStepContext } from "../apply/update-stack.ts";

/** `command: plan` (the fan-out's first job): what an apply would converge, said and set as outputs. */
export async function planApply(session: Session): Promise<void> {
  const report = await openApplyReport(session, [], false);
  const engine = await prepareEngine(session, report, []);
  const { decision } = await decide(session, engine, desiredManifests(session), new Set(), undefined);
  session.runner.setOutput("changed", JSON.stringify(decision.changed));
  session.runner.setOutput("has-changes", String(decision.hasChanges));
  await session.runner.appendSummary(convergencePlanSummary(decision.convergence));
}

/** `command: apply`: every stack converges to its manifest at this commit; deleted manifests' stacks go. */
export async function apply(session: Session): Promise<void> {
  const found = await findManifestChanges(session);
  const desired = desiredManifests(session);
  const plans = await offlinePlans(session, found.changes, found.scope);
  const report = await openApplyReport(session, plans, true);
  // An apply handles a deleted manifest's stack as an orphan, after applying everything else.
  await refuseBeforeEngine(session, report, plans, found.changes, false);
  const engine = await prepareEngine(session, report, plans);
  const highlighted = new Set(found.changes.map((change) => change.name));
  let decided: Awaited<ReturnType<typeof decide>>;
  try {
    decided = await decide(session, engine, desired, highlighted, report.review);
  } catch (error) {
    // Stopped before deciding (the backend could not be read): what changes is what the pushed range plans.
    for (const [name, value] of Object.entries(planOutputs(plans))) session.runner.setOutput(name, value);
    throw error;
  }
  const { decision, context } = decided;
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
      context.claimant,
    );
  }
  if (results.length === 0) session.runner.info("Every stack matches its manifest; nothing to apply.");
  await report.publish(results, decision);
}

/** `command: destroy`: every planned manifest's stack goes, as if its manifest were deleted. */
export async function destroy(session: Session): Promise<void> {
  const found = await findManifestChanges(session);
  const deletions = found.changes.map(asDeletion);
  const plans = await offlinePlans(session, deletions, found.scope);
  const report = await openApplyReport(session, plans, false);
  await refuseBeforeEngine(session, report, plans, deletions, true);
  const steps = decideDestroy(
    plans.map((entry, index) => ({ entry, manifest: deletions[index]!.base!.manifest as Manifest })),
    found.scope.base,
  );
  if (steps.length === 0) {
    session.runner.info("No manifest's stack to destroy.");
    return report.publish([]);
  }
  const engine = await prepareEngine(
    session,
    report,
    steps.map((step) => (step.kind === "destroy" ? step.entry : undefined)).filter((entry) => !!entry),
  );
  // Whose each stack is is read from its own tags as it is opened; the backend's listing is an apply's.
  const results = await act(session, steps, stepContext(session, engine, undefined, false));
  await report.publish(results);
}

/**
 * Reports an apply refused because manifests are invalid where people will look (the merged pull request),
 * and fails the run with `failure`.
 */
export async function refuseInvalidApply(session: Session, failure: ActionFailure): Promise<never> {
  const report = await openApplyReport(session, [], true);
  return report.refuse([], {
    reason: failure.reason,
    message: failure.message,
    blockedBeforeEngine: `Nothing was applied: ${failure.message}.`,
  });
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
  report: ApplyReport,
  plans: readonly ManifestPlan[],
  changes: readonly ManifestChange[],
  guardsDeletion: boolean,
): Promise<void> {
  const failed = plans.filter((entry) => entry.plan.errors.length > 0);
  if (failed.length > 0) {
    await report.refuse(
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
  await report.refuse(
    plans.map((entry) => ({
      entry,
      outcome: { kind: "skipped", message: "not applied: the apply was refused" },
    })),
    { reason: "replacement-blocked", message, blockedBeforeEngine: message },
  );
}

/** Reads what is deployed and decides every stack's step. */
async function decide(
  session: Session,
  engine: EngineFactory,
  desired: readonly DesiredManifest[],
  highlighted: ReadonlySet<string>,
  review: Review | undefined,
): Promise<{ decision: ApplyDecision; context: StackStepContext }> {
  const { inputs, runner } = session;
  const claimant = claimantOf(session);
  const deployed = await readDeployed(session, engine.inventory, desired, claimant, session.compareCommits);
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

/** The engine, or a failure reported on `reported` (nothing was applied) when it cannot run. */
async function prepareEngine(
  session: Session,
  report: ApplyReport,
  reported: readonly ManifestPlan[],
): Promise<EngineFactory> {
  const failed = (message: string, cause?: unknown): Promise<never> =>
    report.refuse(
      reported.map((entry) => ({ entry, outcome: { kind: "failed", cause: "apply", message } })),
      { reason: "apply-failed", message, cause },
    );
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

/**
 * Records converged stacks in the index, with their update times as the backend now lists them. The index
 * only saves reads: should it fail, the next run reads the stacks' own tags.
 */
async function recordInIndex(
  session: Session,
  inventory: EngineInventory,
  converged: readonly DesiredManifest[],
  claimant: Claimant,
): Promise<void> {
  if (converged.length === 0) return;
  try {
    const listed = new Map(
      (await inventory.stacksTagged(ORIGIN_TAGS.repository, claimant.repository)).map((stack) => [
        stack.name,
        stack.lastUpdate,
      ]),
    );
    const entries = Object.fromEntries(
      converged.flatMap((manifest) => {
        const lastUpdate = listed.get(manifest.engineName);
        return lastUpdate ? [[indexKey(manifest.engineName), indexValue(manifest.digest, lastUpdate)]] : [];
      }),
    );
    if (Object.keys(entries).length > 0) await inventory.writeIndex(indexStackOf(claimant.scope), entries);
  } catch (error) {
    session.runner.warning(
      `Could not update the index of converged stacks: ${session.secrets.redact(error instanceof Error ? error.message : String(error))}`,
    );
  }
}
