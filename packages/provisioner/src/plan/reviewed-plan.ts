// What was reviewed vs what is applied: the pull request comment carries, hidden, what it showed: the head
// commit it planned, a digest per manifest of each changed resource, its action and each changed property's
// new value, and the stacks it showed destroyed. On merge, each stack's engine plan and each destroy is
// compared with it.
//
// Values a reviewer could not see are not bound by value: a value the plan marks unknown, a reference shown
// as its source (`(output … of stack …)`, `(from $NAME)`) and a secret (`[secret]`). The comment records
// which properties those were, so the engine's value there at merge (known by then) is not held against the
// review; the commit binding covers them instead: the manifest at the reviewed commit names where each such
// value comes from.
//
// Secret values are never part of the digest, not even hashed. A keyed hash needs a key that both the pull
// request's job and the merge's job hold and the comment does not reveal; the pull request's job runs the
// workflow the pull request itself may edit, so any key it holds is the author's too, and an unkeyed hash of a
// low-entropy secret in a public comment can be guessed offline. A secret's source is reviewed (the manifest
// line at the reviewed commit); its value is the job's secret store, which a pull request cannot change.
import { createHash } from "node:crypto";
import { SECRET_PLACEHOLDER } from "../graph.ts";
import { isUnknownValue } from "./plan-types.ts";
import type { Plan, ResourceChange } from "./plan-types.ts";
import { stackIdentity } from "@cognito-action/spec";
import type { Manifest } from "@cognito-action/spec";

/** Versioned: a comment of an earlier version (which bound properties, not values) is no review. */
const MARKER = "cognito-action:reviewed-plan v2";

/** What a value the reviewer could not see reads as in a digest. */
const UNSEEN = { unseen: true };

/** What a pull request's comment showed, as its hidden marker records it. */
export interface ReviewedPlan {
  /** The pull request's head commit the plans were made at. */
  head: string;
  /** Manifest name → what its plan showed. */
  plans: Record<string, ReviewedManifest>;
  /** Stack labels the comment showed destroyed (deleted manifests, stacks without a manifest). */
  destroys: string[];
}

/** One manifest's reviewed plan: its digest, and the changed properties whose value it could not show. */
export interface ReviewedManifest {
  digest: string;
  /** `<resource> <path>` of each changed property shown unknown, by reference or as a secret. */
  unseen?: string[];
}

/** Whether a plan value is one a reviewer cannot see: unknown, a placeholder for a reference, or a secret. */
function isUnseen(value: unknown): boolean {
  return (
    isUnknownValue(value) ||
    (typeof value === "string" &&
      (value === SECRET_PLACEHOLDER ||
        /^\(from \$[A-Za-z_][A-Za-z0-9_]*\)$/.test(value) ||
        /^\(output \S+ of stack \S+\)$/.test(value)))
  );
}

/** `value` with every part a reviewer could not see replaced by UNSEEN, keys sorted. */
function reviewedValue(value: unknown): unknown {
  if (isUnseen(value)) return UNSEEN;
  if (Array.isArray(value)) return value.map(reviewedValue);
  if (value !== null && typeof value === "object")
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([key, inner]) => [key, reviewedValue(inner)]),
    );
  return value ?? null;
}

function changed(plan: Plan): ResourceChange[] {
  return plan.changes.filter((change) => change.action !== "unchanged");
}

/** The changed properties of `plan` whose new value a reviewer cannot see, as `<resource> <path>`. */
export function unseenProperties(plan: Plan): string[] {
  return changed(plan)
    .flatMap((change) =>
      change.properties
        .filter((property) => isUnseen(property.after))
        .map((property) => `${change.name} ${property.path}`),
    )
    .sort();
}

/**
 * The digest of what a plan changes: each changed resource, its action, and each changed property with its
 * new value. Properties listed in `unseen` (by the review) count by path only.
 */
export function planDigest(plan: Plan, unseen: readonly string[] = []): string {
  const blind = new Set(unseen);
  const changes = changed(plan)
    .map((change) => [
      change.type,
      change.name,
      change.action,
      change.properties
        .map((property) => [
          property.path,
          blind.has(`${change.name} ${property.path}`) ? UNSEEN : reviewedValue(property.after),
        ])
        .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    ])
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  return createHash("sha256").update(JSON.stringify(changes)).digest("hex").slice(0, 32);
}

/** One manifest's plan as the review records it, under its review key. */
export interface ReviewedEntry {
  key: string;
  plan: Plan;
}

/**
 * The key a manifest's plan is reviewed under: its stack as labelled (organization/project/stack), unique
 * among valid manifests by the stack-collision rule. Not `metadata.name`, which dev and prod of one pool share,
 * and not the plan's stack, which is the engine's name in an engine preview and the label's offline.
 */
export function reviewKey(metadata: Manifest["metadata"]): string {
  return stackIdentity(metadata).fullName;
}

/** What a comment showing `plans` (of head commit `head`) and destroying `destroys` records. */
export function reviewedPlanOf(
  head: string,
  plans: readonly ReviewedEntry[],
  destroys: readonly string[],
): ReviewedPlan {
  return {
    head,
    plans: Object.fromEntries(
      plans
        .filter((entry) => entry.plan.errors.length === 0)
        .map((entry) => {
          const unseen = unseenProperties(entry.plan);
          return [entry.key, { digest: planDigest(entry.plan), ...(unseen.length > 0 ? { unseen } : {}) }];
        }),
    ),
    destroys: [...new Set(destroys)].sort(),
  };
}

/** The hidden line a pull request's report carries. */
export function reviewedPlanMarker(reviewed: ReviewedPlan): string {
  // Resource names and paths come from manifests: with `<` and `>` escaped, no text can close the HTML
  // comment early or open markup, and JSON.parse reads the escapes back.
  const json = JSON.stringify(reviewed).replace(/</g, "\\u003c").replace(/>/g, "\\u003e");
  return `<!-- ${MARKER} ${json} -->`;
}

/** The reviewed plan a report carries, or undefined when it carries none (or one of an earlier version). */
export function reviewedPlansIn(body: string): ReviewedPlan | undefined {
  const match = new RegExp(`<!-- ${MARKER} ([^>]*) -->`).exec(body);
  if (!match) return undefined;
  try {
    const parsed = JSON.parse(match[1]!) as Partial<ReviewedPlan> | null;
    if (
      parsed === null ||
      typeof parsed !== "object" ||
      typeof parsed.head !== "string" ||
      parsed.plans === null ||
      typeof parsed.plans !== "object" ||
      !Array.isArray(parsed.destroys)
    )
      return undefined;
    const plans = Object.fromEntries(
      Object.entries(parsed.plans).flatMap(([name, entry]): [string, ReviewedManifest][] => {
        const { digest, unseen } = (entry ?? {}) as Partial<ReviewedManifest>;
        if (typeof digest !== "string") return [];
        const names = Array.isArray(unseen) ? unseen.filter((item) => typeof item === "string") : [];
        return [[name, { digest, ...(names.length > 0 ? { unseen: names } : {}) }]];
      }),
    );
    return {
      head: parsed.head,
      plans,
      destroys: parsed.destroys.filter((stack): stack is string => typeof stack === "string"),
    };
  } catch {
    return undefined;
  }
}

/** The review an apply checks against: what pull request `pullRequest` showed, and the head it merged. */
export interface Review {
  pullRequest: number;
  reviewed: ReviewedPlan;
  /** The head commit GitHub says the pull request was merged at; undefined when it did not say. */
  mergedHead: string | undefined;
}

/** How a stack's plan at apply time compares with the plan reviewed in pull request `number`. */
export type ReviewVerdict =
  | { kind: "as-reviewed"; pullRequest: number }
  | { kind: "differs"; pullRequest: number; why?: string }
  | { kind: "no-review" };

/** The verdict every stack gets when the review was of another commit than the one merged; else undefined. */
function otherCommit(review: Review): ReviewVerdict | undefined {
  const reviewed = review.reviewed.head.slice(0, 7);
  if (review.mergedHead === undefined)
    return {
      kind: "differs",
      pullRequest: review.pullRequest,
      why: `reviewed at ${reviewed}; GitHub did not say which head commit was merged`,
    };
  if (review.mergedHead !== review.reviewed.head)
    return {
      kind: "differs",
      pullRequest: review.pullRequest,
      why: `reviewed at ${reviewed}, merged at ${review.mergedHead.slice(0, 7)}`,
    };
  return undefined;
}

/** Compares `plan` of the manifest reviewed under `key` (reviewKey) with what the review showed. */
export function reviewVerdict(review: Review | undefined, key: string, plan: Plan): ReviewVerdict {
  if (!review) return { kind: "no-review" };
  const stale = otherCommit(review);
  if (stale) return stale;
  // A manifest the pull request did not plan was reviewed as unchanged.
  const reviewed = review.reviewed.plans[key] ?? { digest: planDigest({ ...plan, changes: [] }) };
  return reviewed.digest === planDigest(plan, reviewed.unseen)
    ? { kind: "as-reviewed", pullRequest: review.pullRequest }
    : { kind: "differs", pullRequest: review.pullRequest };
}

/** Compares destroying `stack` (a stack whose manifest is gone) with what the review showed. */
export function destroyVerdict(review: Review | undefined, stack: string): ReviewVerdict {
  if (!review) return { kind: "no-review" };
  const stale = otherCommit(review);
  if (stale) return stale;
  return review.reviewed.destroys.includes(stack)
    ? { kind: "as-reviewed", pullRequest: review.pullRequest }
    : {
        kind: "differs",
        pullRequest: review.pullRequest,
        why: `destroying stack ${stack} is not shown in the reviewed plan of #${review.pullRequest}`,
      };
}

/** The words a report uses for a verdict. */
export function describeVerdict(verdict: ReviewVerdict): string | undefined {
  switch (verdict.kind) {
    case "as-reviewed":
      return `as reviewed in #${verdict.pullRequest}`;
    case "differs":
      return `differs from the reviewed plan in #${verdict.pullRequest}${verdict.why ? ` (${verdict.why})` : ""}`;
    case "no-review":
      return undefined;
  }
}
