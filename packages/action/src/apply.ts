// Applying on merge: validate, plan offline, refuse destruction unless allowed (before any engine call), then
// hand over to the converging apply (every stack against its manifest) or, for `destroy` and engines that
// cannot list stacks by tag, to the per-change apply. `command: plan` only decides what convergence would do.
import { planManifestChanges } from "@cognito-action/provisioner";
import type { EngineFactory, ManifestChange, ManifestPlan } from "@cognito-action/provisioner";
import { applyChanging } from "./apply-changes.ts";
import { finish, finishUnchanged, resultOf } from "./apply-results.ts";
import { findManifestChanges } from "./changes.ts";
import { converge } from "./converging-apply.ts";
import { engineUnavailableReason } from "./engine-settings.ts";
import { ActionFailure } from "./errors.ts";
import { guardRefusal } from "./guard.ts";
import type { GuardSettings } from "./guard.ts";
import { planOutputs } from "./outputs.ts";
import { mergedPullRequest } from "./publish.ts";
import type { Session } from "./session.ts";

/** Runs `apply` (converge every stack to its manifest), `destroy` (every manifest's stack) or `plan` (decide only). */
export async function apply(session: Session): Promise<void> {
  const { inputs, runner } = session;
  if (session.command === "plan") {
    const engine = await prepareEngine(session, undefined, []);
    if (!engine.inventory)
      throw new ActionFailure("plan-failed", "This engine cannot list stacks by their tags.");
    await converge(session, engine, engine.inventory, [], undefined, true);
    return;
  }
  const found = await findManifestChanges(session);
  const changes = session.command === "destroy" ? found.changes.map(asDeletion) : found.changes;
  const plans = await runner.group(`Offline plan of ${changes.length} manifests`, () =>
    planManifestChanges(changes, found.scope, inputs.parallel),
  );
  for (const [name, value] of Object.entries(planOutputs(plans))) runner.setOutput(name, value);
  const pullRequest = await mergedPullRequest(session);
  const settings: GuardSettings = {
    allowReplace: inputs["allow-replace"],
    allowDestroy: inputs["allow-destroy"],
    allowSecurityDowngrade: inputs["allow-security-downgrade"],
  };

  const planFailures = plans.filter((entry) => entry.plan.errors.length > 0);
  if (planFailures.length > 0) {
    const results = plans.map((entry) =>
      resultOf(
        entry,
        entry.plan.errors.length > 0 ? "failed" : "skipped",
        entry.plan.errors.map((error) => error.message).join("; ") ||
          "not applied: another manifest's plan failed",
      ),
    );
    await finish(session, results, pullRequest, undefined);
    throw new ActionFailure(
      "plan-failed",
      `${planFailures.length} manifest(s) could not be planned; nothing was applied`,
    );
  }
  const refusals = plans.flatMap((entry, index) => {
    const deleted = changes[index]!.head === undefined;
    // An apply handles a deleted manifest's stack as an orphan, after applying everything else.
    if (deleted && session.command === "apply") return [];
    return guardRefusal(entry, deleted, settings) ?? [];
  });
  if (refusals.length > 0) {
    const message = `Refused before any change was made:\n${refusals.join("\n")}`;
    await finish(
      session,
      plans.map((entry) => resultOf(entry, "skipped", "not applied: the apply was refused")),
      pullRequest,
      message,
    );
    throw new ActionFailure("replacement-blocked", message);
  }
  const changing = plans
    .map((entry, index) => ({ entry, change: changes[index]! }))
    .filter(({ entry }) => entry.plan.changes.some((change) => change.action !== "unchanged"));
  if (session.command === "apply") {
    // Convergence looks at every stack, whatever the pushed range says: it needs the engine even when the
    // range changes nothing (a missed run, a refused change, a stack changed outside this repository).
    const engine = await prepareEngine(session, pullRequest, plans);
    if (engine.inventory) {
      await converge(session, engine, engine.inventory, found.changes, pullRequest);
      return;
    }
    session.runner.warning(
      "This engine cannot list stacks by their tags: only the pushed range is applied, and deleted manifests' stacks are not tracked.",
    );
    return applyChanging(session, engine, changing, found.scope, settings, plans, pullRequest);
  }
  if (changing.length === 0) return finishUnchanged(session, plans, pullRequest);
  const engine = await prepareEngine(
    session,
    pullRequest,
    changing.map(({ entry }) => entry),
  );
  return applyChanging(session, engine, changing, found.scope, settings, plans, pullRequest);
}

/** The engine, or a failure reported on `reported` (nothing was applied) when it cannot run. */
async function prepareEngine(
  session: Session,
  pullRequest: number | undefined,
  reported: readonly ManifestPlan[],
): Promise<EngineFactory> {
  const missing = engineUnavailableReason(session.inputs, session.env);
  if (missing !== undefined || (!session.engine && !session.createEngine)) {
    const message = `The Pulumi engine cannot run: ${missing ?? "it is not available"}.`;
    await finish(
      session,
      reported.map((entry) => resultOf(entry, "failed", message)),
      pullRequest,
      undefined,
    );
    throw new ActionFailure("apply-failed", message);
  }
  try {
    return session.engine ?? (await session.createEngine!());
  } catch (error) {
    // Installing the Pulumi CLI failed (download, checksum): nothing was applied; say so where people look.
    const message = `The Pulumi engine could not be prepared: ${session.secrets.redact(error instanceof Error ? error.message : String(error))}`;
    await finish(
      session,
      reported.map((entry) => resultOf(entry, "failed", message)),
      pullRequest,
      undefined,
    );
    throw new ActionFailure("apply-failed", message, { cause: error });
  }
}

/** `destroy`: every manifest's stack goes, as if its manifest were deleted. */
function asDeletion(change: ManifestChange): ManifestChange {
  return { ...change, fileChange: "deleted", base: change.head ?? change.base, head: undefined };
}

/** Reports an apply refused because manifests are invalid, where people will look: the merged pull request. */
export async function refuseInvalidApply(session: Session, message: string): Promise<void> {
  await finish(session, [], await mergedPullRequest(session), `Nothing was applied: ${message}.`);
}
