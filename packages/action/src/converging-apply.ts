// The converging apply: every manifest at this commit against what its stack records, whatever the pushed
// range says. Reads what is deployed, decides (convergence.ts, pure), converges each stack that needs it,
// settles the stacks of deleted manifests, then records and reports.
import { code, mapWithConcurrency, referenceTargets } from "@cognito-action/provisioner";
import type { EngineFactory, EngineInventory, ManifestChange } from "@cognito-action/provisioner";
import {
  emptyEntry,
  engineFailure,
  failure,
  failureReason,
  finish,
  notOwnedFailure,
  resultOf,
  setStackOutputs,
} from "./apply-results.ts";
import { commentKey } from "./comment.ts";
import { convergeOne } from "./converge-stack.ts";
import { decideConvergence, needingWork } from "./convergence.ts";
import type { Convergence, StackDecision } from "./convergence.ts";
import { readDeployed, recordInIndex } from "./deployed-stacks.ts";
import { desiredManifests, stackDisplayName } from "./desired-manifests.ts";
import { ActionFailure } from "./errors.ts";
import type { GuardSettings } from "./guard.ts";
import { claimTags } from "./origin.ts";
import { notOwnedReason, ownerOf } from "./ownership.ts";
import { readReview } from "./read-review.ts";
import { describeVerdict, destroyVerdict } from "./reviewed-plan.ts";
import type { Session } from "./session.ts";

/**
 * The convergence apply: every manifest at this commit against what its stack records (stack tags). Stacks
 * whose recorded digest matches are skipped without an engine call; the others are previewed, guarded and
 * updated; this job's stacks whose manifest is gone are destroyed with both allow inputs, or reported.
 */
export async function converge(
  session: Session,
  engine: EngineFactory,
  inventory: EngineInventory,
  rangeChanges: readonly ManifestChange[],
  pullRequest: number | undefined,
  /** `command: plan`: decide and say, apply nothing. */
  planOnly = false,
): Promise<void> {
  const { inputs, runner, context } = session;
  const repository = `${context.owner}/${context.repo}`;
  const scope = commentKey(inputs["comment-key"], inputs.manifests);
  const desired = desiredManifests(session);
  const headTargets = referenceTargets(session.head);
  const searchedIn = `the files matching ${inputs.manifests.join(", ")}`;
  const { recorded, verified, tagsSupported } = await readDeployed(
    session,
    inventory,
    desired,
    repository,
    scope,
  );
  const decision = decideConvergence({
    desired,
    recorded,
    verified,
    scope,
    only: inputs.only,
    allowDestroy: inputs["allow-destroy"],
    allowReplace: inputs["allow-replace"],
  });
  const work = needingWork(decision);
  runner.setOutput("changed", JSON.stringify(work.manifests));
  runner.setOutput("has-changes", String(work.manifests.length + work.orphans.length > 0));
  const upToDate = decision.stacks.filter((stack) => stack.kind === "up-to-date").length;
  runner.info(
    `${desired.length} manifests: ${upToDate} up to date, ${work.manifests.length} to converge, ${work.orphans.length} deleted manifests' stacks to destroy${decision.orphansLeftToFullRun ? "; stacks of deleted manifests are left to runs without only" : ""}`,
  );
  if (planOnly) {
    await runner.appendSummary(convergencePlanSummary(decision));
    return;
  }
  const review = pullRequest !== undefined ? await readReview(session, pullRequest) : undefined;
  const highlighted = new Set(rangeChanges.map((change) => change.name));
  const settings: GuardSettings = {
    allowReplace: inputs["allow-replace"],
    allowDestroy: inputs["allow-destroy"],
    allowSecurityDowngrade: inputs["allow-security-downgrade"],
  };
  // By stack, never by metadata.name: dev and prod of one pool share their name (their labels tell them apart).
  const byStack = new Map(desired.map((manifest) => [manifest.stack, manifest]));
  const applications = await mapWithConcurrency(decision.stacks, inputs.parallel, async (stackDecision) => {
    const manifest = byStack.get(stackDecision.desired.stack)!;
    const entry = emptyEntry(manifest.name, manifest.file, "modified", manifest.stack);
    switch (stackDecision.kind) {
      case "not-selected":
        return undefined;
      case "up-to-date":
        return highlighted.has(manifest.name)
          ? failure(
              entry,
              "skipped",
              stackDecision.origin
                ? `up to date: deployed from ${stackDecision.origin.commit.slice(0, 7)}`
                : "up to date",
            )
          : undefined;
      case "newer":
        return failure(
          entry,
          "skipped",
          `not applied: commit ${stackDecision.origin.commit.slice(0, 7)}, newer than this one, deployed it`,
        );
      case "refused":
        return failure(entry, "blocked", stackDecision.reason);
      case "not-owned":
        return notOwnedFailure(
          entry,
          notOwnedReason(stackDisplayName(manifest), ownerOf(claimTags(stackDecision.origin)), []),
        );
      case "converge":
        return runner.group(`Apply ${manifest.name} (${manifest.stack})`, () =>
          convergeOne(engine, manifest, entry, settings, session, {
            repository,
            scope,
            tagsSupported,
            headTargets,
            searchedIn,
            review,
          }),
        );
    }
  });
  const orphanResults = await mapWithConcurrency(decision.orphans, inputs.parallel, async (orphan) => {
    const { origin, engineName } = orphan.stack;
    const entry = emptyEntry(origin.manifest, origin.file, "deleted", origin.stack);
    if (orphan.kind !== "destroy") return { result: resultOf(entry, "blocked", orphan.reason) };
    // A destroy is reviewed like any change: the merged pull request's comment must have shown it.
    const verdict = destroyVerdict(review, origin.stack);
    const reviewNote = describeVerdict(verdict);
    if (inputs["require-reviewed-plan"] && verdict.kind !== "as-reviewed")
      return {
        result: resultOf(
          entry,
          "blocked",
          reviewNote
            ? `${reviewNote}; require-reviewed-plan refuses to destroy it`
            : "no reviewed plan: no merged pull request comment of this job shows this destroy, and require-reviewed-plan is set",
        ),
        planChanged: true,
      };
    try {
      await runner.group(`Destroy ${origin.manifest} (${origin.stack})`, () =>
        inventory.destroyAndRemove(engineName, projectOf(origin.stack)),
      );
      return {
        result: {
          ...resultOf(entry, "destroyed", `its manifest ${origin.file} is gone; stack removed`),
          review: reviewNote,
        },
      };
    } catch (error) {
      return { result: engineFailure(entry, error, session.secrets, true).result };
    }
  });
  const done = applications.filter((application) => application !== undefined);
  if (tagsSupported) {
    // What this run converged, and the stacks it had to read, go into the index with their update times.
    const converged = new Set(
      decision.stacks.flatMap((stack, index) => {
        if (stack.kind === "converge") return applications[index]?.recorded ? [stack.desired.stack] : [];
        return stack.kind === "up-to-date" && stack.origin !== undefined ? [stack.desired.stack] : [];
      }),
    );
    await recordInIndex(
      session,
      inventory,
      desired.filter((manifest) => converged.has(manifest.stack)),
      repository,
      scope,
    );
  }
  setStackOutputs(session, done);
  const results = [...done.map(({ result }) => result), ...orphanResults.map(({ result }) => result)];
  if (results.length === 0) runner.info("Every stack matches its manifest; nothing to apply.");
  await finish(session, results, pullRequest, undefined);
  const reason = failureReason([
    ...done,
    ...orphanResults.map((orphan) => ({ ...orphan, clientSecrets: {}, outputs: {} })),
  ]);
  if (reason) {
    const notApplied = results.filter((result) => ["blocked", "failed", "locked"].includes(result.status));
    throw new ActionFailure(
      reason,
      `${notApplied.length} of ${results.length} stacks did not apply; see the report`,
    );
  }
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

/** The Pulumi project of a stack label `org/project/stack`. */
function projectOf(stack: string): string {
  return stack.split("/")[1] ?? stack;
}
