// The engine's preview, turned into the same Plan the offline planner produces: built from its structured
// events (steps, operations, detailed diffs), never from its printed text.
import { KNOWN_AFTER_APPLY, summarize } from "../plan.ts";
import { extensionWarnings } from "../plan-extensions.ts";
import type { ChangeAction, Plan, PlanMessage, PropertyChange, ResourceChange } from "../plan.ts";
import { RESOURCE_TYPES } from "../graph.ts";
import { stripAnsi } from "../report/markdown.ts";

/** The parts of Pulumi's engine events this planner reads (automation's EngineEvent). */
export interface PreviewEvent {
  resourcePreEvent?: { metadata: StepMetadata };
  diagnosticEvent?: { urn?: string; message: string; severity: string };
}

/** Pulumi's StepEventMetadata, the fields used here. */
export interface StepMetadata {
  op: string;
  urn: string;
  type: string;
  old?:
    { inputs?: Record<string, unknown>; outputs?: Record<string, unknown>; protect?: boolean } | undefined;
  new?: { inputs?: Record<string, unknown>; protect?: boolean } | undefined;
  keys?: string[] | undefined;
  diffs?: string[] | undefined;
  detailedDiff?: Record<string, { diffKind: string; inputDiff?: boolean }> | null | undefined;
}

/** Resources the engine manages for its own bookkeeping, not the user's: never part of a plan. */
const INTERNAL_TYPES = new Set(["pulumi:pulumi:Stack", "pulumi:pulumi:StackReference"]);

/** Builds a Plan for `stack` from the events of a preview. */
export function planFromEngineEvents(stack: string, events: readonly PreviewEvent[]): Plan {
  const byUrn = new Map<string, StepMetadata[]>();
  const errors: PlanMessage[] = [];
  for (const event of events) {
    const step = event.resourcePreEvent?.metadata;
    if (step && !INTERNAL_TYPES.has(step.type) && step.op !== "read")
      byUrn.set(step.urn, [...(byUrn.get(step.urn) ?? []), step]);
    const diagnostic = event.diagnosticEvent;
    if (diagnostic?.severity === "error") {
      const message = stripAnsi(diagnostic.message).trim();
      if (message !== "")
        errors.push({
          rule: "engine-error",
          message,
          ...(diagnostic.urn ? { resource: urnName(diagnostic.urn) } : {}),
        });
    }
  }
  const changes = [...byUrn.values()].map(resourceChange);
  const warnings = changes.flatMap((change, index): PlanMessage[] => {
    const steps = [...byUrn.values()][index]!;
    const wasProtected = steps.some(
      (step) => step.old?.protect === true || step.old?.inputs?.deletionProtection === "ACTIVE",
    );
    return change.destroysUsers && wasProtected
      ? [
          {
            rule: "protected-pool",
            resource: change.name,
            message: `${change.name} has deletion protection, so the ${change.action === "delete" ? "deletion" : "replacement"} will fail at apply; turn deletionProtection off in a change of its own first, if losing every user is really intended`,
          },
        ]
      : [];
  });
  // The same cautions as the offline plan for what goes beyond the pool (groups, identity providers).
  warnings.push(...extensionWarnings(changes));
  return { stack, changes, summary: summarize(changes), errors, warnings };
}

/** The steps of one resource (a replacement has several: create-replacement, replace, delete-replaced). */
function resourceChange(steps: readonly StepMetadata[]): ResourceChange {
  const first = steps[0]!;
  const action = actionOf(steps.map((step) => step.op));
  // The engine writes `detailedDiff: null` on steps without one (an import, a delete-replaced): skip those.
  const main =
    steps.find(
      (step) => (step.detailedDiff !== undefined && step.detailedDiff !== null) || step.diffs !== undefined,
    ) ?? first;
  const properties =
    action === "update" || action === "replace" || action === "import" ? propertyChanges(main) : [];
  const change: ResourceChange = { type: first.type, name: urnName(first.urn), action, properties };
  if (first.type === RESOURCE_TYPES.userPool && (action === "replace" || action === "delete"))
    change.destroysUsers = true;
  if (steps.some((step) => step.op === "import" || step.op === "import-replacement")) change.adopted = true;
  return change;
}

function actionOf(ops: readonly string[]): ChangeAction {
  // import-replacement: an import ID other than the one in the state; the adopted resource replaces the managed one.
  if (
    ops.some(
      (op) =>
        op === "replace" ||
        op === "create-replacement" ||
        op === "delete-replaced" ||
        op === "import-replacement",
    )
  )
    return "replace";
  if (ops.includes("delete")) return "delete";
  // An import may be followed by an update step on the same URN: the manifest's differences from what was read.
  if (ops.includes("import")) return "import";
  if (ops.includes("create")) return "create";
  if (ops.includes("update")) return "update";
  return "unchanged";
}

function propertyChanges(step: StepMetadata): PropertyChange[] {
  const before = step.old?.inputs ?? {};
  const after = step.new?.inputs ?? {};
  if (step.detailedDiff) {
    return Object.entries(step.detailedDiff).map(([path, diff]) => ({
      path,
      // A diff against the deployed state (drift, after a refresh) compares with the old outputs, not inputs.
      before: withUnknowns(
        valueAtPath(diff.inputDiff === false ? (step.old?.outputs ?? before) : before, path) ?? null,
      ),
      after: withUnknowns(valueAtPath(after, path) ?? null),
      forcesReplacement: diff.diffKind.endsWith("-replace"),
    }));
  }
  // Providers without detailed diffs report the changed top-level keys, and separately those that replace.
  const replaceKeys = new Set(step.keys ?? []);
  return (step.diffs ?? []).map((key) => ({
    path: key,
    before: withUnknowns(before[key] ?? null),
    after: withUnknowns(after[key] ?? null),
    forcesReplacement: replaceKeys.has(key),
  }));
}

/** The engine's marker for a value known only after the update (sdk/nodejs/runtime/rpc.ts unknownValue). */
const ENGINE_UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** The engine's unknowns, anywhere in a value, as the plan's one placeholder for them. */
function withUnknowns(value: unknown): unknown {
  if (value === ENGINE_UNKNOWN) return KNOWN_AFTER_APPLY;
  if (Array.isArray(value)) return value.map(withUnknowns);
  if (value !== null && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, withUnknowns(inner)]));
  return value;
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

function urnName(urn: string): string {
  return urn.split("::")[3] ?? urn;
}
