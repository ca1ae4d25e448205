// The offline plan: what applying `head` over `base` would do, from their resource graphs alone. The engine's
// preview produces the same Plan shape, so everything downstream has one code path.
import { formatPath } from "@cognito-action/spec";
import type { PathSegment } from "@cognito-action/spec";
import { RESOURCE_TYPES } from "./graph.ts";
import type { GraphResource, ResourceGraph } from "./graph.ts";
import { keptWhenOmitted } from "./kept-when-omitted.ts";
import { replacementRuleFor } from "./replacement-rules.ts";
import { DEPLOYED_UNKNOWN, KNOWN_AFTER_APPLY } from "./plan-types.ts";
import type {
  ChangeAction,
  Plan,
  PlanMessage,
  PlanSummary,
  PropertyChange,
  ResourceChange,
} from "./plan-types.ts";
import { markSecurityDowngrades } from "./security-downgrades.ts";

export type {
  ChangeAction,
  Plan,
  PlanMessage,
  PlanSummary,
  PropertyChange,
  ResourceChange,
  UnknownValue,
} from "./plan-types.ts";
export { DEPLOYED_UNKNOWN, isUnknownValue, KNOWN_AFTER_APPLY } from "./plan-types.ts";

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
  const pairs = keepAdoptedIds(pairResources(base?.resources ?? [], head?.resources ?? []));
  const notes: PlanMessage[] = [];
  const inGraph = new Set([...(base?.resources ?? []), ...(head?.resources ?? [])].map(({ name }) => name));
  const changes = pairs.map(([before, after]) => classify(before, after, inGraph, notes));
  const adoptionWarnings = adoptManagedResources(pairs, changes);
  propagateReplacements(pairs, changes);
  warnings.push(...adoptionWarnings);
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
  warnings.push(...extensionWarnings(changes));
  markSecurityDowngrades(changes);
  return {
    stack,
    changes,
    summary: summarize(changes),
    errors,
    warnings,
    ...(notes.length > 0 ? { notes } : {}),
  };
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

/**
 * `inGraph`: the stack's resources. An input fed by one of their outputs (a client's userPoolId) holds a
 * value the mocks made up, on both sides: it changes only when its source is replaced, which
 * propagateReplacements adds. Inputs left out that the provider keeps are no change, with a note in `notes`.
 */
function classify(
  before: GraphResource | undefined,
  after: GraphResource | undefined,
  inGraph: ReadonlySet<string>,
  notes: PlanMessage[],
): ResourceChange {
  if (!before && after?.import !== undefined)
    // What the deployed resource holds is unknown offline: the engine's preview shows its differences as an update.
    return {
      type: after.type,
      name: after.name,
      action: "import",
      properties: [],
      importId: after.import,
      adopted: true,
    };
  if (!before) return { type: after!.type, name: after!.name, action: "create", properties: [] };
  if (!after) return { type: before.type, name: before.name, action: "delete", properties: [] };
  const outputFed = new Set(
    [before, after].flatMap((resource) =>
      Object.entries(resource.dependencies ?? {})
        .filter(([, sources]) => sources.some((source) => inGraph.has(source)))
        .map(([property]) => property),
    ),
  );
  const differences = diffInputs(before, after).filter(
    (property) => !outputFed.has(topLevelProperty(property.path)),
  );
  // A replacement creates a new resource: an omitted input then takes AWS's default, which is a change.
  const replaced = differences.some((property) => property.forcesReplacement);
  const omitted = replaced
    ? []
    : Object.keys(before.inputs).filter(
        (property) =>
          before.inputs[property] !== undefined &&
          after.inputs[property] === undefined &&
          keptWhenOmitted(after.type, property) !== undefined,
      );
  const properties = differences.filter((property) => !omitted.includes(topLevelProperty(property.path)));
  for (const property of omitted) {
    notes.push({
      rule: "kept-when-omitted",
      resource: after.name,
      message: `${property} of ${after.name} is no longer set, so AWS keeps the deployed value (the provider does not reset an omitted ${property}); to change it, ${keptWhenOmitted(after.type, property)!.reset}`,
    });
  }
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

/** `passwordPolicy.minimumLength` → `passwordPolicy`; `tags["a.b"]` → `tags`. */
function topLevelProperty(path: string): string {
  return /^[^.[]*/.exec(path)![0];
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
  // The engine keeps the deployed value of an ignored property (pkg/resource/deploy processIgnoreChanges).
  const ignored = new Set(after.ignoreChanges ?? []);
  return differences
    .filter(({ path }) => !ignored.has(topLevelProperty(path)))
    .map(({ path, before: old, after: next }) => ({
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
 * A marker removed after adoption leaves the resource in the state under its adopted ID; offline, the head
 * side only has synth's made-up ID. Inputs fed by such a resource keep the base's (real) value, so dropping
 * the marker plans nothing, as it does in the engine. A replaced source still shows, by propagation.
 */
function keepAdoptedIds(pairs: Pair[]): Pair[] {
  const adopted = new Set(
    pairs.flatMap(([before, after]) =>
      before?.import !== undefined && after !== undefined && after.import === undefined ? [after.name] : [],
    ),
  );
  if (adopted.size === 0) return pairs;
  return pairs.map(([before, after]) => {
    if (!before || !after?.dependencies) return [before, after];
    const carried = Object.entries(after.dependencies).filter(
      ([property, sources]) => sources.every((source) => adopted.has(source)) && property in before.inputs,
    );
    if (carried.length === 0) return [before, after];
    const inputs = { ...after.inputs };
    for (const [property] of carried) inputs[property] = before.inputs[property];
    return [before, { ...after, inputs }];
  });
}

/**
 * An `import` ID on a resource the stack already manages. Pulumi's step generator imports only when the state
 * has no such resource or holds it under another ID; with the same ID (the marker left in after the first
 * apply) it diffs as usual. With another ID it emits `import-replacement` + `replace`: the adopted resource
 * takes the place of the managed one, which is deleted. Offline the managed resource's ID is unknown unless
 * it was itself adopted, so a new or changed ID counts as that replacement and the guard stops it.
 */
function adoptManagedResources(pairs: readonly Pair[], changes: ResourceChange[]): PlanMessage[] {
  const warnings: PlanMessage[] = [];
  pairs.forEach(([before, after], index) => {
    if (!before || after?.import === undefined || before.import === after.import) return;
    const change = changes[index]!;
    change.action = "replace";
    change.importId = after.import;
    change.adopted = true;
    change.properties.unshift({
      path: "(import)",
      before: before.import ?? null,
      after: after.import,
      forcesReplacement: true,
    });
    warnings.push({
      rule: "adopt-managed-resource",
      resource: change.name,
      message:
        before.import === undefined
          ? `${change.name} is already managed by this stack and now also adopts ${after.import}: unless that is the very resource the stack holds, the engine replaces the managed one with it and deletes the old one; adopt only in a manifest's first apply`
          : `${change.name} was adopted as ${before.import} and now names ${after.import}: the engine would adopt the new one and delete ${before.import}; put the first ID back`,
    });
  });
  return warnings;
}

/**
 * A replaced resource gets a new id, so every input fed by it changes too: a client's userPoolId forces the
 * client's replacement; a resource on a replaced provider is replaced with it, because of what replaced the
 * provider (its region, which the manifest sets as spec.region). Repeats until nothing moves. The old ids
 * are deployed values the offline plan does not know, and the new ones exist only after the apply.
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
      if (!before || !after) return;
      const has = (path: string) => change.properties.some((existing) => existing.path === path);
      for (const [property, sources] of Object.entries(after.dependencies ?? {})) {
        if (!sources.some((source) => replaced.has(source)) || has(property)) continue;
        const forces =
          replacementRuleFor(after.type, property, before.inputs[property], KNOWN_AFTER_APPLY) !== undefined;
        change.properties.push({
          path: property,
          before: DEPLOYED_UNKNOWN,
          after: KNOWN_AFTER_APPLY,
          forcesReplacement: forces,
        });
        if (change.action !== "replace") change.action = forces ? "replace" : "update";
        moved = true;
      }
      if (after.provider !== undefined && replaced.has(after.provider)) {
        const provider = changes.find(
          (candidate) => candidate.type === RESOURCE_TYPES.provider && candidate.name === after.provider,
        );
        const reasons = (provider?.properties ?? [])
          .filter((property) => property.forcesReplacement)
          .map((reason) => ({
            ...reason,
            path: reason.path === "region" ? "spec.region" : `(provider) ${reason.path}`,
          }));
        const added = (
          reasons.length > 0
            ? reasons
            : [
                {
                  path: "(provider)",
                  before: DEPLOYED_UNKNOWN,
                  after: KNOWN_AFTER_APPLY,
                  forcesReplacement: true,
                },
              ]
        ).filter((reason) => !has(reason.path));
        if (added.length > 0) {
          // The manifest's own reason comes first: it is what the reviewer changed.
          change.properties.unshift(...added);
          change.action = "replace";
          moved = true;
        }
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

/**
 * One warning per group or identity provider that is deleted or replaced: what a reviewer should know before
 * one goes (or is replaced), which the user pool's own destruction warning does not cover.
 */
export function extensionWarnings(changes: readonly ResourceChange[]): PlanMessage[] {
  const warnings: PlanMessage[] = [];
  for (const change of changes) {
    if (change.action !== "delete" && change.action !== "replace") continue;
    const verb = change.action === "delete" ? "deleted" : "replaced";
    if (change.type === RESOURCE_TYPES.userGroup) {
      // AWS keeps memberships with the group (DeleteGroup removes them; a new group starts empty).
      warnings.push({
        rule: "group-membership-lost",
        resource: change.name,
        message: `group ${change.name} is ${verb}: every user's membership in it is lost and must be granted again`,
      });
    } else if (change.type === RESOURCE_TYPES.identityProvider) {
      // Federated users are linked to their provider by name: while it is gone, they cannot sign in.
      warnings.push({
        rule: "identity-provider-removed",
        resource: change.name,
        message: `identity provider ${change.name} is ${verb}: its users cannot sign in through it ${change.action === "delete" ? "any more" : "while it is recreated"}`,
      });
    }
  }
  return warnings;
}
