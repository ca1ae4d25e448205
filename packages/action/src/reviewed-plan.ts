// What was reviewed vs what is applied: the pull request comment carries, hidden, a digest of the plan it
// showed per manifest; on merge, each stack's engine plan is compared with it. The digest covers what a
// reviewer judges (each changed resource, its action and the properties that change), not values the
// engine only knows at apply time, so the same change planned twice gives the same digest.
import { createHash } from "node:crypto";
import type { ManifestPlan, Plan } from "@cognito-action/provisioner";

const MARKER = "cognito-action:reviewed-plan";

/** The digest of what a plan changes. */
export function planDigest(plan: Plan): string {
  const changes = plan.changes
    .filter((change) => change.action !== "unchanged")
    .map((change) => [
      change.type,
      change.name,
      change.action,
      [...new Set(change.properties.map((property) => property.path))].sort(),
    ])
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  return createHash("sha256").update(JSON.stringify(changes)).digest("hex").slice(0, 16);
}

/** The hidden line a pull request's report carries: manifest name → plan digest, for the plans it shows. */
export function reviewedPlanMarker(plans: readonly ManifestPlan[]): string {
  const digests = Object.fromEntries(
    plans
      .filter((entry) => entry.plan.errors.length === 0)
      .map((entry) => [entry.name, planDigest(entry.plan)]),
  );
  // Manifest names are DNS-like, and digests hex: the JSON can never close the HTML comment early.
  return `<!-- ${MARKER} ${JSON.stringify(digests)} -->`;
}

/** The reviewed plan digests a report carries, or undefined when it carries none. */
export function reviewedPlansIn(body: string): Record<string, string> | undefined {
  const match = new RegExp(`<!-- ${MARKER} (\\{.*?\\}) -->`).exec(body);
  if (!match) return undefined;
  try {
    const parsed = JSON.parse(match[1]!) as unknown;
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) return undefined;
    return Object.fromEntries(
      Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
    );
  } catch {
    return undefined;
  }
}

/** How a stack's plan at apply time compares with the plan reviewed in pull request `number`. */
export type ReviewVerdict =
  | { kind: "as-reviewed"; pullRequest: number }
  | { kind: "differs"; pullRequest: number }
  | { kind: "no-review" };

/** Compares `plan` of manifest `name` with what pull request `review` showed. */
export function reviewVerdict(
  review: { pullRequest: number; digests: Readonly<Record<string, string>> } | undefined,
  name: string,
  plan: Plan,
): ReviewVerdict {
  if (!review) return { kind: "no-review" };
  // A manifest the pull request did not plan was reviewed as unchanged.
  const reviewed = review.digests[name] ?? planDigest({ ...plan, changes: [] });
  return reviewed === planDigest(plan)
    ? { kind: "as-reviewed", pullRequest: review.pullRequest }
    : { kind: "differs", pullRequest: review.pullRequest };
}

/** The words a report uses for a verdict. */
export function describeVerdict(verdict: ReviewVerdict): string | undefined {
  switch (verdict.kind) {
    case "as-reviewed":
      return `as reviewed in #${verdict.pullRequest}`;
    case "differs":
      return `differs from the reviewed plan in #${verdict.pullRequest}`;
    case "no-review":
      return undefined;
  }
}
