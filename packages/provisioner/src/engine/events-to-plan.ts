// The engine's preview, turned into the same Plan the offline planner produces: built from its structured
// events (steps, operations, detailed diffs), never from its printed text. The shapes are the engine's own
// (sdk/go/common/apitype/events.go, pkg/resource/deploy/step.go); what they mean is checked against the
// recorded streams of pkg/engine/lifecycletest/testdata/output.
import { KNOWN_AFTER_APPLY, summarize } from "../plan/plan-types.ts";
import type { ChangeAction, Plan, PlanMessage, PropertyChange, ResourceChange } from "../plan/plan-types.ts";
import { removedPartWarnings } from "../plan/removal-warnings.ts";
import { markSecurityDowngrades } from "../plan/security-downgrades.ts";
import { RESOURCE_TYPES, SECRET_PLACEHOLDER } from "../graph.ts";
import { stripAnsi } from "../report/markdown.ts";

/** The parts of Pulumi's engine events this planner reads (automation's EngineEvent). */
export interface PreviewEvent {
  resourcePreEvent?: { metadata: StepMetadata; planning?: boolean } | undefined;
  resOutputsEvent?: { metadata: StepMetadata; planning?: boolean } | undefined;
  diagnosticEvent?: { urn?: string | undefined; message: string; severity: string } | undefined;
  summaryEvent?: SummaryEvent | undefined;
  cancelEvent?: object | undefined;
}

/** The event that ends every preview and update: how many resources each operation touched. */
export interface SummaryEvent {
  resourceChanges?: Record<string, number> | null | undefined;
  isPreview?: boolean | undefined;
  result?: string | undefined;
  maybeCorrupt?: boolean | undefined;
}

/** A resource's state as a step reports it (apitype.StepEventStateMetadata), the fields used here. */
export interface StepState {
  inputs?: Record<string, unknown> | null | undefined;
  outputs?: Record<string, unknown> | null | undefined;
  protect?: boolean | undefined;
}

/** Pulumi's StepEventMetadata, the fields used here. The CLI writes absent diffs as `null`. */
export interface StepMetadata {
  op: string;
  urn: string;
  type: string;
  old?: StepState | null | undefined;
  new?: StepState | null | undefined;
  keys?: string[] | null | undefined;
  diffs?: string[] | null | undefined;
  detailedDiff?: Record<string, { diffKind: string; inputDiff?: boolean }> | null | undefined;
  logical?: boolean | undefined;
}

/** The value the engine sends for anything not known until apply (plugin.UnknownStringValue). */
export const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
/** The signature key of a secret value in serialized properties (sig.Secret). */
export const SECRET_SIGNATURE = "4dabf18193072939515e22adb298388d";

/** Resources the engine manages for its own bookkeeping, not the user's: never part of a plan. */
const INTERNAL_TYPES = new Set(["pulumi:pulumi:Stack", "pulumi:pulumi:StackReference"]);
/**
 * The steps of a replacement; only `replace` is the logical one the summary counts. `import-replacement`:
 * an import ID other than the one in the state, so the adopted resource replaces the managed one.
 */
const REPLACEMENT_OPS = new Set(["replace", "create-replacement", "delete-replaced", "import-replacement"]);
/** Steps that change nothing the program declares: refresh reads state back, read reads a data source. */
const NON_PROGRAM_OPS = new Set(["refresh", "read", "read-replacement", "discard-replaced"]);
/** The operations whose counts the summary must agree with. */
const COUNTED_OPS = ["create", "update", "replace", "delete"] as const;

/**
 * A step of one of the engine's default providers (`pulumi:providers:pulumi::default` serves a StackReference):
 * in the event log, which is written before the display filters internal events, but never in the summary
 * (pkg/engine/update.go isInternalStep → isDefaultProviderStep → sdk/go/common/providers/reference.go
 * IsDefaultProvider: a `pulumi:providers:<pkg>` type whose resource name starts with "default").
 */
export function isDefaultProviderStep(step: Pick<StepMetadata, "type" | "urn">): boolean {
  return /^pulumi:providers:[^:]+$/.test(step.type) && urnName(step.urn).startsWith("default");
}

/** Builds a Plan for `stack` from the events of a preview (or of an update, to compare with one). */
export function planFromEngineEvents(stack: string, events: readonly PreviewEvent[]): Plan {
  const steps = new Map<string, StepMetadata[]>();
  const refreshed = new Map<string, StepMetadata>();
  const errors: PlanMessage[] = [];
  for (const event of events) {
    const pre = event.resourcePreEvent?.metadata;
    if (pre && !INTERNAL_TYPES.has(pre.type) && !NON_PROGRAM_OPS.has(pre.op) && !isDefaultProviderStep(pre))
      steps.set(pre.urn, [...(steps.get(pre.urn) ?? []), pre]);
    // A refresh's outputs event carries the state read back from the cloud: the drift, if any.
    const outputs = event.resOutputsEvent?.metadata;
    if (outputs?.op === "refresh" && !INTERNAL_TYPES.has(outputs.type) && !isDefaultProviderStep(outputs))
      refreshed.set(outputs.urn, outputs);
    const diagnostic = event.diagnosticEvent;
    if (diagnostic?.severity === "error") {
      const message = stripAnsi(diagnostic.message).trim();
      if (message !== "")
        errors.push({
          rule: /currently marked for protection/.test(message) ? "protected-replacement" : "engine-error",
          message,
          ...(diagnostic.urn ? { resource: urnName(diagnostic.urn) } : {}),
        });
    }
  }
  errors.push(...streamProblems(stack, events));
  const urns = [...new Set([...steps.keys(), ...refreshed.keys()])];
  const changes = urns.map((urn) => resourceChange(urn, steps.get(urn) ?? [], refreshed.get(urn)));
  const warnings = changes.flatMap((change): PlanMessage[] => {
    const resourceSteps = steps.get(urnOf(change, urns)) ?? [];
    const wasProtected = resourceSteps.some(
      (step) => step.old?.protect === true || step.old?.inputs?.deletionProtection === "ACTIVE",
    );
    return change.destroysUsers && wasProtected ? [protectedPoolWarning(change)] : [];
  });
  // The same cautions as the offline plan for what goes beyond the pool (groups, identity providers).
  warnings.push(...removedPartWarnings(changes));
  // The same security-relevant changes as the offline plan: the engine's diff, read by the same rules.
  markSecurityDowngrades(changes);
  return { stack, changes, summary: summarize(changes), errors, warnings };
}

/**
 * Why the events cannot be trusted as the whole preview: no summary (the stream was lost: the CLI only logs at
 * verbosity 7 when it cannot reach the SDK's event server, and the SDK only warns), or counts that disagree
 * with the steps. Either is a failed plan, never "no changes".
 */
export function streamProblems(stack: string, events: readonly PreviewEvent[]): PlanMessage[] {
  const summary = events.find((event) => event.summaryEvent)?.summaryEvent;
  if (!summary)
    return [
      {
        rule: "engine-events-incomplete",
        message: `the engine's events for ${stack} ended without their summary, so they may be incomplete (a lost event stream looks like "no changes"); the plan is refused rather than trusted`,
      },
    ];
  const counted = countLogicalSteps(events);
  const reported = summary.resourceChanges ?? {};
  const differences = COUNTED_OPS.filter((op) => (counted[op] ?? 0) !== (reported[op] ?? 0)).map(
    (op) => `${op}: ${counted[op] ?? 0} in the events, ${reported[op] ?? 0} in the summary`,
  );
  return differences.length > 0
    ? [
        {
          rule: "engine-events-inconsistent",
          message: `the engine's events for ${stack} disagree with its summary (${differences.join("; ")}); the plan is refused rather than trusted`,
        },
      ]
    : [];
}

/** Logical steps per operation, one per resource, as the engine's summary counts them. */
export function countLogicalSteps(events: readonly PreviewEvent[]): Record<string, number> {
  const seen = new Set<string>();
  const counts: Record<string, number> = {};
  for (const event of events) {
    const step = event.resourcePreEvent?.metadata;
    if (
      !step ||
      NON_PROGRAM_OPS.has(step.op) ||
      (REPLACEMENT_OPS.has(step.op) && step.op !== "replace") ||
      isDefaultProviderStep(step)
    )
      continue;
    const key = `${step.op} ${step.urn}`;
    if (seen.has(key)) continue;
    seen.add(key);
    counts[step.op] = (counts[step.op] ?? 0) + 1;
  }
  return counts;
}

function urnOf(change: ResourceChange, urns: readonly string[]): string {
  return urns.find((urn) => urnName(urn) === change.name && urnType(urn) === change.type) ?? "";
}

function protectedPoolWarning(change: ResourceChange): PlanMessage {
  const forcedBy = change.properties.filter((property) => property.forcesReplacement).map((p) => p.path);
  const because =
    change.action === "replace" && forcedBy.length > 0
      ? ` (${forcedBy.join(", ")} cannot change in place)`
      : "";
  return {
    rule: "protected-pool",
    resource: change.name,
    message: `${change.name} has deletion protection, so the ${change.action === "delete" ? "deletion" : "replacement"}${because} will fail at apply; turn deletionProtection off in a change of its own first, if losing every user is really intended`,
  };
}

/** One resource: its program steps (a replacement has several, in either order) and its refresh, if any. */
function resourceChange(urn: string, steps: readonly StepMetadata[], refresh?: StepMetadata): ResourceChange {
  const type = steps[0]?.type ?? refresh?.type ?? urnType(urn);
  const action = steps.length > 0 ? actionOf(steps.map((step) => step.op)) : "unchanged";
  const change: ResourceChange = { type, name: urnName(urn), action, properties: [] };
  if (action === "update" || action === "replace" || action === "import") {
    // An import may be followed by an update step on the same URN: the manifest's differences from what was read.
    const diffSteps = steps.filter((step) =>
      action === "replace" ? step.op === "replace" || step.op === "create-replacement" : step.op === "update",
    );
    // An import with no update after it changes nothing: comparing its empty old state would list every input.
    const main =
      diffSteps.find((step) => step.detailedDiff) ??
      diffSteps.find((step) => (step.diffs?.length ?? 0) > 0) ??
      (action === "import" ? undefined : diffSteps[0]);
    if (main) change.properties = propertyChanges(main);
  }
  if (action === "replace") {
    const order = steps.map((step) => step.op);
    const deleted = order.indexOf("delete-replaced");
    const created = order.indexOf("create-replacement");
    if (deleted >= 0 && (created < 0 || deleted < created)) change.deleteBeforeReplace = true;
  }
  if (steps.some((step) => step.op === "import" || step.op === "import-replacement")) change.adopted = true;
  const drift = refresh ? driftOf(refresh) : [];
  if (drift.length > 0) change.drift = drift;
  if (type === RESOURCE_TYPES.userPool && (action === "replace" || action === "delete"))
    change.destroysUsers = true;
  return change;
}

function actionOf(ops: readonly string[]): ChangeAction {
  if (ops.some((op) => REPLACEMENT_OPS.has(op))) return "replace";
  if (ops.includes("delete")) return "delete";
  if (ops.includes("import")) return "import";
  if (ops.includes("create")) return "create";
  if (ops.includes("update")) return "update";
  return "unchanged";
}

/** The properties a step changes: its detailed diff, else its `diffs`/`keys`, else old and new inputs compared. */
function propertyChanges(step: StepMetadata): PropertyChange[] {
  const before = step.old?.inputs ?? {};
  const after = step.new?.inputs ?? {};
  const replaceKeys = new Set(step.keys ?? []);
  const forcedByKey = (path: string) => replaceKeys.has(topLevelKey(path));
  if (step.detailedDiff && Object.keys(step.detailedDiff).length > 0) {
    return Object.entries(step.detailedDiff).map(([path, diff]) => {
      // A diff against the deployed state (drift, after a refresh) compares with the old outputs, not inputs.
      const old = diff.inputDiff === false ? (step.old?.outputs ?? before) : before;
      return {
        path,
        before: diff.diffKind.startsWith("add") ? null : display(valueAtPath(old, path)),
        after: diff.diffKind.startsWith("delete") ? null : display(valueAtPath(after, path)),
        forcesReplacement: diff.diffKind.endsWith("-replace") || forcedByKey(path),
      };
    });
  }
  // Providers without detailed diffs report the changed top-level keys, and separately those that replace.
  const keys =
    (step.diffs?.length ?? 0) > 0
      ? [...new Set([...step.diffs!, ...replaceKeys])]
      : [...new Set([...changedKeys(before, after), ...replaceKeys])];
  return keys.map((key) => ({
    path: key,
    before: display(before[key]),
    after: display(after[key]),
    forcesReplacement: replaceKeys.has(key),
  }));
}

/**
 * What a refresh found changed outside the tool: the state before it against the state it read back. Inputs
 * first (the bridge reads them back); then outputs, only for properties the program sets, so computed
 * attributes (dates, counts) are not reported as drift.
 */
function driftOf(refresh: StepMetadata): PropertyChange[] {
  if (!refresh.old) return [];
  if (!refresh.new)
    return [
      { path: "(resource)", before: "exists", after: "deleted outside Pulumi", forcesReplacement: false },
    ];
  const oldInputs = refresh.old.inputs ?? {};
  const newInputs = refresh.new.inputs ?? {};
  const oldOutputs = refresh.old.outputs ?? {};
  const newOutputs = refresh.new.outputs ?? {};
  const inputDrift = changedKeys(oldInputs, newInputs);
  const outputDrift = changedKeys(oldOutputs, newOutputs).filter(
    (key) => key in oldInputs && !inputDrift.includes(key),
  );
  return [
    ...inputDrift.map((key) => ({ path: key, before: oldInputs[key], after: newInputs[key] })),
    ...outputDrift.map((key) => ({ path: key, before: oldOutputs[key], after: newOutputs[key] })),
  ].map(({ path, before, after }) => ({
    path,
    before: display(before),
    after: display(after),
    forcesReplacement: false,
  }));
}

/** Top-level keys whose values differ, without the provider's bookkeeping (`__defaults`, `__meta`). */
function changedKeys(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  return [...new Set([...Object.keys(before), ...Object.keys(after)])]
    .filter((key) => !key.startsWith("__"))
    .filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]));
}

/** A value as a reviewer should see it: unknowns and secrets by name, never the engine's placeholders. */
export function display(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (value === UNKNOWN_VALUE) return KNOWN_AFTER_APPLY;
  if (Array.isArray(value)) return value.map(display);
  if (typeof value === "object") {
    const record = value as Record<string, unknown>;
    if (SECRET_SIGNATURE in record) return SECRET_PLACEHOLDER;
    return Object.fromEntries(Object.entries(record).map(([key, inner]) => [key, display(inner)]));
  }
  return value;
}

function topLevelKey(path: string): string {
  return /^[^.[]+/.exec(path)?.[0] ?? /^\["([^"]*)"\]/.exec(path)?.[1] ?? path;
}

/** Reads `a.b[0].c` from plain data. */
export function valueAtPath(value: unknown, path: string): unknown {
  const segments = path.match(/[^.[\]"]+|\["[^"]*"\]/g) ?? [];
  let current = value;
  for (const raw of segments) {
    const segment = raw.startsWith('["') ? raw.slice(2, -2) : raw;
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/** A resource's logical name from its URN (`urn:pulumi:<stack>::<project>::<type>::<name>`). */
export function urnName(urn: string): string {
  return urn.split("::")[3] ?? urn;
}

function urnType(urn: string): string {
  return urn.split("::")[2] ?? "";
}
