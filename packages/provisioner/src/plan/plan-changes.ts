// The offline plan: what applying `head` over `base` would do, from their resource graphs alone. The engine's
// preview produces the same Plan shape, so everything downstream has one code path.
import { formatPath } from "@cognito-action/spec";
import type { PathSegment } from "@cognito-action/spec";
import { RESOURCE_TYPES } from "../graph.ts";
import type { GraphResource, ResourceGraph } from "../graph.ts";
import { customAttributeErrors } from "./custom-attribute-errors.ts";
import { asArray, deepEqual, isPlainObject } from "./json-values.ts";
import { keptWhenOmitted } from "./kept-when-omitted.ts";
import { DEPLOYED_UNKNOWN, KNOWN_AFTER_APPLY, summarize } from "./plan-types.ts";
import type { ChangeAction, Plan, PlanMessage, PropertyChange, ResourceChange } from "./plan-types.ts";
import { isProtected, protectedPoolWarning, removedPartWarnings } from "./removal-warnings.ts";
import { replacementRuleFor } from "./replacement-rules.ts";
import { markSecurityDowngrades } from "./security-downgrades.ts";

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
  warnings.push(...removedPartWarnings(changes));
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

function omit(inputs: Record<string, unknown>, key: string): Record<string, unknown> {
  const { [key]: _omitted, ...rest } = inputs;
  return rest;
}
