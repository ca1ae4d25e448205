// The offline plan: what applying `head` over `base` would do, from their resource graphs alone. The engine's
// preview produces the same Plan shape, so everything downstream has one code path.
import { formatPath } from "@cognito-action/spec";
import type { PathSegment } from "@cognito-action/spec";
import { RESOURCE_TYPES } from "./graph.ts";
import type { GraphResource, ResourceGraph } from "./graph.ts";
import { replacementRuleFor } from "./replacement-rules.ts";

export type ChangeAction = "create" | "update" | "replace" | "delete" | "unchanged";

/** One input property that changes. `null` stands for "not set". */
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
  /** A replacement that deletes the old resource before creating the new one (deleteBeforeReplace). */
  deleteBeforeReplace?: boolean;
  /** What the engine's refresh found changed outside the tool (the deployed value before and now). */
  drift?: PropertyChange[];
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
}

/** What applying a manifest would do to its stack. */
export interface Plan {
  /** `organization/project/stack`. */
  stack: string;
  changes: ResourceChange[];
  summary: PlanSummary;
  errors: PlanMessage[];
  warnings: PlanMessage[];
}

/** The value shown for an input that will only be known once a replaced resource exists again. */
export const KNOWN_AFTER_REPLACEMENT = "(known after the replacement)";
/** AWS adds at most 25 custom attributes per AddCustomAttributes call (botocore CustomAttributesListType). */
const MAX_ATTRIBUTES_ADDED = 25;

/** Compares two resource graphs; either may be absent (a new or a deleted manifest). */
export function planChanges(base: ResourceGraph | undefined, head: ResourceGraph | undefined): Plan {
  const warnings: PlanMessage[] = [];
  if (base && head && base.stack !== head.stack) {
    // A new stack starts empty, and the old one keeps its resources: nothing is moved or deleted.
    warnings.push({
      rule: "stack-changed",
      message: `the stack changes from ${base.stack} to ${head.stack}: the new stack is created from scratch and the resources of ${base.stack} are left as they are; destroy them separately if they are no longer wanted`,
    });
    base = undefined;
  }
  const stack = head?.stack ?? base?.stack ?? "";
  const pairs = pairResources(base?.resources ?? [], head?.resources ?? []);
  const changes = pairs.map(([before, after]) => classify(before, after));
  propagateReplacements(pairs, changes);
  pairs.forEach(([before, after], index) => {
    const change = changes[index]!;
    if (change.action === "replace" && (after ?? before)?.deleteBeforeReplace)
      change.deleteBeforeReplace = true;
  });
  const errors: PlanMessage[] = [];
  pairs.forEach(([before, after], index) => {
    const change = changes[index]!;
    if (change.type !== RESOURCE_TYPES.userPool) return;
    if (change.action === "replace" || change.action === "delete") {
      change.destroysUsers = true;
      if (before && isProtected(before)) warnings.push(protectedPoolWarning(change));
    }
    if (change.action === "update" && before && after)
      errors.push(...customAttributeErrors(change.name, before, after));
  });
  return { stack, changes, summary: summarize(changes), errors, warnings };
}

/** A plan that could not be made (invalid manifest, unresolved reference): errors and no changes. */
export function failedPlan(stack: string, errors: readonly PlanMessage[]): Plan {
  return { stack, changes: [], summary: summarize([]), errors: [...errors], warnings: [] };
}

/** Counts of resources by action, for the summary table. */
export function summarize(changes: readonly ResourceChange[]): PlanSummary {
  const summary: PlanSummary = { create: 0, update: 0, replace: 0, delete: 0 };
  for (const change of changes) if (change.action !== "unchanged") summary[change.action]++;
  return summary;
}

type Pair = readonly [GraphResource | undefined, GraphResource | undefined];

/**
 * Types a stack holds one of: a renamed one is still the same resource. (A client removed and another added
 * are two resources: one deleted, one created.)
 */
const SINGLE_PER_STACK = new Set<string>([
  RESOURCE_TYPES.provider,
  RESOURCE_TYPES.userPool,
  RESOURCE_TYPES.userPoolDomain,
]);

/**
 * Matches each base resource to its head counterpart: by type and logical name, then (a renamed manifest
 * renames every resource) by type and the `name` input, then the single remaining resource of a type.
 */
function pairResources(base: readonly GraphResource[], head: readonly GraphResource[]): Pair[] {
  const unmatched = new Set(base);
  const pairs: [GraphResource | undefined, GraphResource | undefined][] = [];
  const take = (after: GraphResource, matches: (before: GraphResource) => boolean) => {
    const before = [...unmatched].find((candidate) => candidate.type === after.type && matches(candidate));
    if (before) unmatched.delete(before);
    return before;
  };
  const pending: GraphResource[] = [];
  for (const after of head) {
    const before = take(after, (candidate) => candidate.name === after.name);
    if (before) pairs.push([before, after]);
    else pending.push(after);
  }
  for (const after of pending) {
    const sameType = (type: string, side: Iterable<GraphResource>) =>
      [...side].filter((resource) => resource.type === type).length;
    const before =
      take(
        after,
        (candidate) => after.inputs.name !== undefined && candidate.inputs.name === after.inputs.name,
      ) ??
      (SINGLE_PER_STACK.has(after.type) &&
      sameType(after.type, unmatched) === 1 &&
      sameType(after.type, pending) === 1
        ? take(after, () => true)
        : undefined);
    pairs.push([before, after]);
  }
  for (const before of unmatched) pairs.push([before, undefined]);
  return pairs;
}

function classify(before: GraphResource | undefined, after: GraphResource | undefined): ResourceChange {
  if (!before) return { type: after!.type, name: after!.name, action: "create", properties: [] };
  if (!after) return { type: before.type, name: before.name, action: "delete", properties: [] };
  const properties = diffInputs(before, after);
  if ((before.protect ?? false) !== (after.protect ?? false)) {
    properties.push({
      path: "(protect)",
      before: before.protect ?? false,
      after: after.protect ?? false,
      forcesReplacement: false,
    });
  }
  const action: ChangeAction = properties.some((property) => property.forcesReplacement)
    ? "replace"
    : properties.length > 0
      ? "update"
      : "unchanged";
  return { type: after.type, name: after.name, action, properties };
}

/** Property-level differences of two resources' inputs, each marked when it forces replacement. */
function diffInputs(before: GraphResource, after: GraphResource): PropertyChange[] {
  const differences =
    before.type === RESOURCE_TYPES.userPool
      ? [
          ...diffValues(omit(before.inputs, "schemas"), omit(after.inputs, "schemas"), []),
          ...diffSchemas(before.inputs.schemas, after.inputs.schemas),
        ]
      : diffValues(before.inputs, after.inputs, []);
  return differences.map(({ path, before: old, after: next }) => ({
    path,
    before: old ?? null,
    after: next ?? null,
    forcesReplacement: replacementRuleFor(after.type, path, old, next) !== undefined,
  }));
}

type Difference = { path: string; before: unknown; after: unknown };

function diffValues(before: unknown, after: unknown, path: PathSegment[]): Difference[] {
  if (deepEqual(before, after)) return [];
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) => diffValues(before[key], after[key], [...path, key]));
  }
  return [{ path: formatPath(path), before, after }];
}

/** Custom attributes compared by name, so adding one reads as one addition rather than a new list. */
function diffSchemas(before: unknown, after: unknown): Difference[] {
  const byName = (value: unknown) =>
    new Map(asArray(value).map((entry) => [String((entry as { name?: unknown }).name), entry]));
  const old = byName(before);
  const next = byName(after);
  const names = [...new Set([...old.keys(), ...next.keys()])];
  return names.flatMap((name) =>
    deepEqual(old.get(name), next.get(name))
      ? []
      : [{ path: formatPath(["schemas", name]), before: old.get(name), after: next.get(name) }],
  );
}

/**
 * A replaced resource gets a new id, so every input fed by it changes too: a client's userPoolId forces the
 * client's replacement; a resource on a replaced provider is replaced with it. Repeats until nothing moves.
 */
function propagateReplacements(pairs: readonly Pair[], changes: ResourceChange[]): void {
  let moved = true;
  while (moved) {
    moved = false;
    const replaced = new Set(
      changes.filter((change) => change.action === "replace").map((change) => change.name),
    );
    pairs.forEach(([before, after], index) => {
      const change = changes[index]!;
      if (!before || !after || change.action === "replace") return;
      for (const [property, sources] of Object.entries(after.dependencies ?? {})) {
        if (
          !sources.some((source) => replaced.has(source)) ||
          change.properties.some((existing) => existing.path === property)
        )
          continue;
        const forces =
          replacementRuleFor(after.type, property, before.inputs[property], KNOWN_AFTER_REPLACEMENT) !==
          undefined;
        change.properties.push({
          path: property,
          before: before.inputs[property] ?? null,
          after: KNOWN_AFTER_REPLACEMENT,
          forcesReplacement: forces,
        });
        change.action = forces ? "replace" : "update";
        moved = true;
      }
      if (change.action !== "replace" && after.provider !== undefined && replaced.has(after.provider)) {
        change.properties.push({
          path: "(provider)",
          before: before.provider ?? null,
          after: KNOWN_AFTER_REPLACEMENT,
          forcesReplacement: true,
        });
        change.action = "replace";
        moved = true;
      }
    });
  }
}

/**
 * AWS can add custom attributes to a pool but never change or remove one (terraform user_pool.go: "cannot
 * modify or remove schema items"); that fails only at apply time, so the plan reports it as an error.
 */
function customAttributeErrors(pool: string, before: GraphResource, after: GraphResource): PlanMessage[] {
  const old = new Map(
    asArray(before.inputs.schemas).map((entry) => [String((entry as { name?: unknown }).name), entry]),
  );
  const next = new Map(
    asArray(after.inputs.schemas).map((entry) => [String((entry as { name?: unknown }).name), entry]),
  );
  const errors: PlanMessage[] = [];
  for (const [name, entry] of old) {
    if (!next.has(name)) {
      errors.push({
        rule: "custom-attribute-removed",
        resource: pool,
        message: `custom attribute ${name} cannot be removed from ${pool}: AWS keeps custom attributes for the life of the pool; put it back`,
      });
    } else if (!deepEqual(entry, next.get(name))) {
      errors.push({
        rule: "custom-attribute-modified",
        resource: pool,
        message: `custom attribute ${name} of ${pool} cannot be changed after creation (type, mutability, required and constraints are fixed); add a new attribute instead`,
      });
    }
  }
  const added = [...next.keys()].filter((name) => !old.has(name)).length;
  if (added > MAX_ATTRIBUTES_ADDED) {
    errors.push({
      rule: "custom-attributes-too-many-added",
      resource: pool,
      message: `${added} custom attributes are added to ${pool} at once; AWS adds at most ${MAX_ATTRIBUTES_ADDED} per update, so split the change`,
    });
  }
  return errors;
}

function isProtected(pool: GraphResource): boolean {
  return pool.protect === true || pool.inputs.deletionProtection === "ACTIVE";
}

function protectedPoolWarning(change: ResourceChange): PlanMessage {
  return {
    rule: "protected-pool",
    resource: change.name,
    message: `${change.name} has deletion protection, so the ${change.action === "delete" ? "deletion" : "replacement"} will fail at apply; turn deletionProtection off in a change of its own first, if losing every user is really intended`,
  };
}

function omit(inputs: Record<string, unknown>, key: string): Record<string, unknown> {
  const { [key]: _omitted, ...rest } = inputs;
  return rest;
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Structural equality of JSON-like values. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    return (
      keys.length === Object.keys(b).length &&
      keys.every((key) => Object.hasOwn(b, key) && deepEqual(a[key], b[key]))
    );
  }
  return false;
}
