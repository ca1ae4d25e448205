// The action's outputs, computed from the plans (pure), set in one place.
import type { ManifestPlan } from "@cognito-action/provisioner";

/** Output values for a set of plans. */
export function planOutputs(
  plans: readonly ManifestPlan[],
): Record<"has-changes" | "has-replacements" | "changed" | "plan", string> {
  const changed = plans.filter(({ plan }) => plan.changes.some((change) => change.action !== "unchanged"));
  return {
    "has-changes": String(changed.length > 0),
    "has-replacements": String(plans.some(({ plan }) => plan.changes.some((change) => change.destroysUsers))),
    changed: JSON.stringify(changed.map((entry) => entry.name)),
    plan: JSON.stringify(
      plans.map(({ name, file, plan }) => ({
        manifest: name,
        file,
        stack: plan.stack,
        ...plan.summary,
        failures: plan.errors.map((error) => error.message),
      })),
    ),
  };
}
