// The Plan and its parts: the one shape the offline plan and the engine's preview both produce, apart from the
// code that computes either, so the modules that mark or read plans import the shape, not each other.

/** `import`: an existing AWS resource the apply adopts (Pulumi's `import` option) instead of creating one. */
export type ChangeAction = "create" | "import" | "update" | "replace" | "delete" | "unchanged";

/**
 * A value a plan cannot show: one computed only when the change is applied, or a deployed value the offline
 * plan cannot see (ids AWS assigned). In JSON it is `{"unknown": "<why>"}`: no input of these resources is
 * such an object, so it never passes for a real value, and reports print it as the reason, not as a value.
 */
export interface UnknownValue {
  unknown: "known after apply" | "deployed value, not known offline";
}

/** What the engine or the provider will only know once the change is applied (a replaced resource's new id). */
export const KNOWN_AFTER_APPLY: UnknownValue = { unknown: "known after apply" };
/** A deployed value the offline plan cannot know: it reads manifests, not the stack. */
export const DEPLOYED_UNKNOWN: UnknownValue = { unknown: "deployed value, not known offline" };

/** Whether a plan value is the placeholder of an unknown one. */
export function isUnknownValue(value: unknown): value is UnknownValue {
  return (
    value !== null &&
    typeof value === "object" &&
    !Array.isArray(value) &&
    Object.keys(value).length === 1 &&
    ((value as UnknownValue).unknown === KNOWN_AFTER_APPLY.unknown ||
      (value as UnknownValue).unknown === DEPLOYED_UNKNOWN.unknown)
  );
}

/** One input property that changes. `null` stands for "not set"; an UnknownValue for a value not known. */
export interface PropertyChange {
  path: string;
  before: unknown;
  after: unknown;
  forcesReplacement: boolean;
}

/** What happens to one resource. */
export interface ResourceChange {
  type: string;
  name: string;
  action: ChangeAction;
  properties: PropertyChange[];
  /** A user pool that is replaced or deleted: every user in it is lost. */
  destroysUsers?: boolean;
  /** The ID of the deployed resource an `import` adopts. */
  importId?: string;
  /** The resource is adopted in this plan (Pulumi `import`): replacing it would defeat the adoption. */
  adopted?: boolean;
  /** A replacement that deletes the old resource before creating the new one (deleteBeforeReplace). */
  deleteBeforeReplace?: boolean;
  /** What the engine's refresh found changed outside the tool (the deployed value before and now). */
  drift?: PropertyChange[];
  /** Settings the change turns off, lowers or resets (security-downgrades.ts); the action refuses them unless allowed. */
  securityDowngrades?: SecurityDowngrade[];
}

/** A plan-level problem (errors: the apply cannot succeed) or caution (warnings). */
export interface PlanMessage {
  rule: string;
  message: string;
  /** Logical name of the resource concerned, if any. */
  resource?: string;
}

export interface PlanSummary {
  create: number;
  update: number;
  replace: number;
  delete: number;
  /** Resources adopted from AWS; present only when there are some, so plans without adoption keep their shape. */
  import?: number;
}

/** What applying a manifest would do to its stack. */
export interface Plan {
  /** `organization/project/stack`. */
  stack: string;
  changes: ResourceChange[];
  summary: PlanSummary;
  errors: PlanMessage[];
  warnings: PlanMessage[];
  /** What the plan deliberately does not show as a change, and why (an input left out that the provider keeps). */
  notes?: PlanMessage[] | undefined;
}
/** One setting a change weakens. */
export interface SecurityDowngrade {
  /** The property as the plan names it (`userPoolAddOns.advancedSecurityMode`, `lambdaConfig.preSignUp`). */
  path: string;
  before: unknown;
  after: unknown;
  /** What is lost, in a reviewer's words. */
  reason: string;
}

/** A plan that could not be made (invalid manifest, unresolved reference): errors and no changes. */
export function failedPlan(stack: string, errors: readonly PlanMessage[]): Plan {
  return { stack, changes: [], summary: summarize([]), errors: [...errors], warnings: [] };
}

/** Counts of resources by action, for the summary table. */
export function summarize(changes: readonly ResourceChange[]): PlanSummary {
  const summary: PlanSummary = { create: 0, update: 0, replace: 0, delete: 0 };
  for (const change of changes) {
    if (change.action === "import") summary.import = (summary.import ?? 0) + 1;
    else if (change.action !== "unchanged") summary[change.action]++;
  }
  return summary;
}
