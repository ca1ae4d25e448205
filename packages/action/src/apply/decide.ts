// What an apply, a destroy or a plan will do, decided before anything is done: from the manifests at this
// commit, what the backend records (convergence.ts), the `only` input, the allow inputs and the merged pull
// request's review, one ApplyDecision: each stack's step, and the outputs that follow. Pure: every input is a
// value; acting on the decision is apply.ts's.
import type { ManifestPlan, ReferenceTarget } from "@cognito-action/provisioner";
import type { Manifest } from "@cognito-action/spec";
import { decideConvergence, needingWork } from "./convergence.ts";
import type { Convergence, ConvergenceInput, RecordedStack } from "./convergence.ts";
import { stackDisplayName } from "../manifests/desired-manifests.ts";
import type { DesiredManifest } from "../manifests/desired-manifests.ts";
import { claimTags } from "./origin.ts";
import { notOwnedReason, ownerOf } from "./ownership.ts";
import { describeVerdict, destroyVerdict } from "./reviewed-plan.ts";
import type { Review } from "./reviewed-plan.ts";
import { emptyEntry, stackResult } from "./outcome.ts";
import type { StackResult } from "./outcome.ts";

/** One stack's step: what the engine must do to it, or what was decided without the engine. */
export type StackStep =
  /** Preview, guard, check the review, update and record the stack of a manifest at this commit. */
  | { kind: "converge"; manifest: DesiredManifest; entry: ManifestPlan }
  /** Destroy a manifest's stack (`command: destroy`), opened through its manifest. */
  | {
      kind: "destroy";
      manifest: Manifest;
      entry: ManifestPlan;
      /** What the manifest's references name, as they were when it was last applied. */
      targets: readonly ReferenceTarget[];
    }
  /** Destroy and remove the stack of a deleted manifest, found through the backend's listing. */
  | { kind: "destroy-orphan"; stack: RecordedStack; entry: ManifestPlan; review: string | undefined }
  /** Decided without the engine: up to date, newer, refused. */
  | { kind: "settled"; result: StackResult };

export interface ApplyDecision {
  /** In report order: the manifests' stacks, then the stacks of deleted manifests. */
  steps: StackStep[];
  /** The manifests whose stacks need the engine (the `changed` output, what a matrix fans out over). */
  changed: string[];
  /** The deleted manifests whose stacks are to be destroyed. */
  toDestroy: string[];
  /** Whether anything is to be done: a stack to converge or to destroy. */
  hasChanges: boolean;
  /** Stacks up to date whose record was read from their tags: the index vouches for them from now on. */
  reindexed: DesiredManifest[];
  /** The convergence the steps come from, for `command: plan`'s summary and the log. */
  convergence: Convergence;
}

export interface ApplyDecisionInput extends Omit<ConvergenceInput, "desired"> {
  desired: readonly DesiredManifest[];
  /** The manifests the pushed range changes: their stacks are reported even when already up to date. */
  highlighted: ReadonlySet<string>;
  /** The merged pull request's review, when there is one. */
  review: Review | undefined;
  /** `require-reviewed-plan`: a destroy the review did not show is refused. */
  requireReviewedPlan: boolean;
}

/** Decides every stack's step of a converging apply (or, with `only`, of the selected manifests). */
export function decideApply(input: ApplyDecisionInput): ApplyDecision {
  const convergence = decideConvergence(input);
  // By stack, never by metadata.name: dev and prod of one pool share their name (their labels tell them apart).
  const byStack = new Map(input.desired.map((manifest) => [manifest.stack, manifest]));
  const stackSteps = convergence.stacks.flatMap((decision): StackStep[] => {
    const manifest = byStack.get(decision.desired.stack)!;
    const entry = emptyEntry(manifest.name, manifest.file, "modified", manifest.stack);
    const settled = (result: StackResult): StackStep[] => [{ kind: "settled", result }];
    switch (decision.kind) {
      case "not-selected":
        return [];
      case "up-to-date":
        if (!input.highlighted.has(manifest.name)) return [];
        return settled(
          stackResult(entry, {
            kind: "skipped",
            message: decision.origin
              ? `up to date: deployed from ${decision.origin.commit.slice(0, 7)}`
              : "up to date",
          }),
        );
      case "newer":
        return settled(
          stackResult(entry, {
            kind: "skipped",
            message: `not applied: commit ${decision.origin.commit.slice(0, 7)}, newer than this one, deployed it`,
          }),
        );
      case "refused":
        return settled(stackResult(entry, { kind: "refused", cause: "unordered", message: decision.reason }));
      case "not-owned":
        return settled(
          stackResult(entry, {
            kind: "refused",
            cause: "not-owned",
            message: notOwnedReason(stackDisplayName(manifest), ownerOf(claimTags(decision.origin)), []),
          }),
        );
      case "converge":
        return [{ kind: "converge", manifest, entry }];
    }
  });
  const orphanSteps = convergence.orphans.map((orphan): StackStep => {
    const { origin } = orphan.stack;
    const entry = emptyEntry(origin.manifest, origin.file, "deleted", origin.stack);
    if (orphan.kind === "pending")
      return {
        kind: "settled",
        result: stackResult(entry, { kind: "refused", cause: "guard", message: orphan.reason }),
      };
    if (orphan.kind === "refused")
      return {
        kind: "settled",
        result: stackResult(entry, { kind: "refused", cause: "unordered", message: orphan.reason }),
      };
    // A destroy is reviewed like any change: the merged pull request's comment must have shown it.
    const verdict = destroyVerdict(input.review, origin.stack);
    const review = describeVerdict(verdict);
    if (input.requireReviewedPlan && verdict.kind !== "as-reviewed")
      return {
        kind: "settled",
        result: stackResult(entry, {
          kind: "refused",
          cause: "review",
          message: review
            ? `${review}; require-reviewed-plan refuses to destroy it`
            : "no reviewed plan: no merged pull request comment of this job shows this destroy, and require-reviewed-plan is set",
        }),
      };
    return { kind: "destroy-orphan", stack: orphan.stack, entry, review };
  });
  const work = needingWork(convergence);
  return {
    steps: [...stackSteps, ...orphanSteps],
    changed: work.manifests,
    toDestroy: work.orphans,
    hasChanges: work.manifests.length + work.orphans.length > 0,
    reindexed: convergence.stacks.flatMap((decision) =>
      decision.kind === "up-to-date" && decision.origin !== undefined
        ? [byStack.get(decision.desired.stack)!]
        : [],
    ),
    convergence,
  };
}

/** `command: destroy`: every planned manifest's stack goes, as if its manifest were deleted. */
export function decideDestroy(
  deletions: readonly { entry: ManifestPlan; manifest: Manifest }[],
  targets: readonly ReferenceTarget[],
): StackStep[] {
  return deletions
    .filter(({ entry }) => entry.plan.changes.some((change) => change.action !== "unchanged"))
    .map(({ entry, manifest }) => ({ kind: "destroy", manifest, entry, targets }));
}
