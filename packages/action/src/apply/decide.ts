// What an apply, a destroy or a plan will do, decided before anything is done: from the manifests at this
// commit, what the backend records about each stack, the `only` input, the allow inputs and the merged pull
// request's review, one ApplyDecision: each stack's step, and the outputs that follow. The convergence rule
// (which stacks are up to date, need the engine, are orphans, or belong to a newer commit) is its first half.
// Pure: every input is a value; acting on the decision is update-stack.ts's, called by commands/apply.ts.
import {
  summarize,
  claimTags,
  notOwnedReason,
  ownerOf,
  describeVerdict,
  destroyVerdict,
} from "@cognito-action/provisioner";
import type {
  CommitRelation,
  ManifestPlan,
  ReferenceTarget,
  Review,
  StackOrigin,
} from "@cognito-action/provisioner";
import type { Manifest } from "@cognito-action/spec";
import type { DesiredManifest, DesiredStack } from "../manifests/changes.ts";

import type { StackResult } from "../report/publish.ts";
import picomatch from "picomatch";

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
        return settled({
          entry,
          outcome: {
            kind: "skipped",
            message: decision.origin
              ? `up to date: deployed from ${decision.origin.commit.slice(0, 7)}`
              : "up to date",
          },
        });
      case "newer":
        return settled({
          entry,
          outcome: {
            kind: "skipped",
            message: `not applied: commit ${decision.origin.commit.slice(0, 7)}, newer than this one, deployed it`,
          },
        });
      case "refused":
        return settled({ entry, outcome: { kind: "refused", cause: "unordered", message: decision.reason } });
      case "not-owned":
        return settled({
          entry,
          outcome: {
            kind: "refused",
            cause: "not-owned",
            message: notOwnedReason(manifest.displayName, ownerOf(claimTags(decision.origin)), []),
          },
        });
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
        result: { entry, outcome: { kind: "refused", cause: "guard", message: orphan.reason } },
      };
    if (orphan.kind === "refused")
      return {
        kind: "settled",
        result: { entry, outcome: { kind: "refused", cause: "unordered", message: orphan.reason } },
      };
    // A destroy is reviewed like any change: the merged pull request's comment must have shown it.
    const verdict = destroyVerdict(input.review, origin.stack);
    const review = describeVerdict(verdict);
    if (input.requireReviewedPlan && verdict.kind !== "as-reviewed")
      return {
        kind: "settled",
        result: {
          entry,
          outcome: {
            kind: "refused",
            cause: "review",
            message: review
              ? `${review}; require-reviewed-plan refuses to destroy it`
              : "no reviewed plan: no merged pull request comment of this job shows this destroy, and require-reviewed-plan is set",
          },
        },
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

// The convergence decision of an apply: from the manifests at this commit, what each stack records about its
// last deployment (stack tags) and how that commit relates to this one, decide which stacks are already up
// to date (skipped without an engine call), which need the engine, which are orphans, and which may not be
// touched because a newer commit deployed them. Pure: every input is a value, the effects follow.

/** A stack the backend lists as deployed by this repository, with what it records. */
export interface RecordedStack {
  /** The name the backend lists it under. */
  engineName: string;
  origin: StackOrigin;
  /** Looked up only where it matters: not for a stack whose digest matches its manifest's. */
  relation: CommitRelation | undefined;
}

export interface ConvergenceInput {
  desired: readonly DesiredStack[];
  recorded: readonly RecordedStack[];
  /**
   * Stacks (by label) the index shows converged to their manifest's digest and not updated since: up to
   * date without reading their tags.
   */
  verified?: ReadonlySet<string>;
  /** This job's scope (its comment key): only its own stacks can be orphans. */
  scope: string;
  /** The `only` input's patterns; empty: every manifest. */
  only: readonly string[];
  allowDestroy: boolean;
  allowReplace: boolean;
}

/** What happens to one manifest's stack. */
export type StackDecision =
  | { kind: "up-to-date"; desired: DesiredStack; origin: StackOrigin | undefined }
  | { kind: "converge"; desired: DesiredStack; origin: StackOrigin | undefined }
  | { kind: "newer"; desired: DesiredStack; origin: StackOrigin }
  | { kind: "refused"; desired: DesiredStack; origin: StackOrigin; reason: string }
  /** Recorded by another job of this repository (another comment key), and not adopted. */
  | { kind: "not-owned"; desired: DesiredStack; origin: StackOrigin }
  | { kind: "not-selected"; desired: DesiredStack };

/** What happens to a stack whose manifest is gone. */
export type OrphanDecision =
  | { kind: "destroy"; stack: RecordedStack }
  | { kind: "pending"; stack: RecordedStack; reason: string }
  | { kind: "refused"; stack: RecordedStack; reason: string };

export interface Convergence {
  stacks: StackDecision[];
  orphans: OrphanDecision[];
  /** Orphans were left to the runs without `only`: this run did not look at them. */
  orphansLeftToFullRun: boolean;
}

/** Decides what an apply does with every manifest and every stack this job deployed. */
export function decideConvergence(input: ConvergenceInput): Convergence {
  const byStack = new Map(input.recorded.map((record) => [record.origin.stack, record]));
  const stacks = input.desired.map((desired): StackDecision => {
    if (input.only.length > 0 && !matchesManifestName(desired.name, input.only))
      return { kind: "not-selected", desired };
    if (input.verified?.has(desired.stack)) return { kind: "up-to-date", desired, origin: undefined };
    const record = byStack.get(desired.stack);
    if (!record) return { kind: "converge", desired, origin: undefined };
    const { origin } = record;
    // Another job's stack: its digest and commits mean nothing to this job; adopting it is an update like any.
    if (origin.scope !== input.scope)
      return desired.adoptsStack === true
        ? { kind: "converge", desired, origin: undefined }
        : { kind: "not-owned", desired, origin };
    if (origin.digest === desired.digest) return { kind: "up-to-date", desired, origin };
    const relation = record.relation ?? "unknown";
    if (relation === "newer") return { kind: "newer", desired, origin };
    if (relation === "unrelated" || relation === "unknown")
      return { kind: "refused", desired, origin, reason: unorderedReason(origin, relation) };
    return { kind: "converge", desired, origin };
  });
  // Orphans are decided only by runs that see every manifest: a matrix job with `only` sees one, and two
  // jobs deciding the same orphan could destroy it twice, or each leave it to the other.
  if (input.only.length > 0) return { stacks, orphans: [], orphansLeftToFullRun: true };
  const desiredStacks = new Set(input.desired.map((desired) => desired.stack));
  const orphans = input.recorded
    .filter((record) => record.origin.scope === input.scope && !desiredStacks.has(record.origin.stack))
    // A stack deployed from a newer commit belongs to a manifest added after this one: not an orphan.
    .filter((record) => record.relation !== "newer")
    .map((stack): OrphanDecision => {
      const relation = stack.relation ?? "unknown";
      if (relation === "unrelated" || relation === "unknown")
        return { kind: "refused", stack, reason: unorderedReason(stack.origin, relation) };
      if (input.allowDestroy && input.allowReplace) return { kind: "destroy", stack };
      return {
        kind: "pending",
        stack,
        reason: `its manifest ${stack.origin.file} is gone; set allow-destroy: true and allow-replace: true to destroy stack ${stack.origin.stack}`,
      };
    });
  return { stacks, orphans, orphansLeftToFullRun: false };
}

/**
 * What needs work under the convergence rule: the manifests whose stacks need the engine (what a matrix of
 * `only` jobs fans out over), and the stacks of deleted manifests to destroy (left to a run without `only`).
 */
export function needingWork(convergence: Convergence): { manifests: string[]; orphans: string[] } {
  return {
    // Once per name: dev and prod of one pool share it, and one `only` job selects both by it.
    manifests: [
      ...new Set(
        convergence.stacks.flatMap((decision) =>
          decision.kind === "converge" ? [decision.desired.name] : [],
        ),
      ),
    ],
    orphans: convergence.orphans.flatMap((orphan) =>
      orphan.kind === "destroy" ? [orphan.stack.origin.manifest] : [],
    ),
  };
}

function unorderedReason(origin: StackOrigin, relation: "unrelated" | "unknown"): string {
  const commit = origin.commit.slice(0, 7);
  return relation === "unknown"
    ? `it was deployed from commit ${commit}, which neither this checkout's history nor GitHub can place, so whether it is older cannot be told; check out with fetch-depth: 0`
    : `it was deployed from commit ${commit}, which is not an ancestor of this commit (history rewritten?); apply that change again from the default branch`;
}

// The `only` input: manifest names (globs allowed) a run is restricted to, as a matrix job applies one.
/** Whether manifest `name` is among `patterns` (exact names or globs). */
export function matchesManifestName(name: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) => picomatch.isMatch(name, pattern, { dot: true }));
}

/** A plan entry with no changes, for a stack reported without an engine preview (skipped, refused, orphaned). */
export function emptyEntry(
  name: string,
  file: string,
  fileChange: ManifestPlan["fileChange"],
  stack: string,
): ManifestPlan {
  return {
    name,
    file,
    fileChange,
    plan: { stack, changes: [], summary: summarize([]), errors: [], warnings: [] },
  };
}
