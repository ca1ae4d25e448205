// The convergence decision of an apply: from the manifests at this commit, what each stack records about its
// last deployment (stack tags) and how that commit relates to this one, decide which stacks are already up
// to date (skipped without an engine call), which need the engine, which are orphans, and which may not be
// touched because a newer commit deployed them. Pure: every input is a value, the effects follow.
import { matchesManifestName } from "./only.ts";
import type { StackOrigin } from "./origin.ts";

/** A manifest at this commit, with the stack it deploys and the digest of what it asks for. */
export interface DesiredStack {
  name: string;
  file: string;
  /** The stack's label (org/project/stack). */
  stack: string;
  digest: string;
  /** The manifest takes over its stack even though another job or tool deployed it (`spec.adopt.stack`). */
  adoptsStack?: boolean;
}

/**
 * How a recorded commit relates to this run's commit: the same, an ancestor (older), a descendant (newer),
 * unrelated (history rewritten), or unknown (not in the checkout's history).
 */
export type CommitRelation = "same" | "older" | "newer" | "unrelated" | "unknown";

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
