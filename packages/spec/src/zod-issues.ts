// Turns zod's issues into findings a person can act on: the field, what it must be, what it was, and
// for a near miss the name or value they probably meant.
import type * as z from "zod";
import { formatPath } from "./finding.ts";
import type { PathSegment } from "./finding.ts";
import { SECRET_PROVIDER_DETAILS } from "./rules/identity-providers.ts";
import { closestMatch } from "./suggest.ts";

/** A structural problem, before it is given a file position. */
export interface StructuralHit {
  rule: "unknown-key" | "required" | "invalid-type" | "invalid-value" | "out-of-range";
  message: string;
  path: PathSegment[];
  /** Whether the finding points at the key (unknown, missing) or at the value (wrong type or range). */
  target: "key" | "value";
}

type Issue = z.core.$ZodIssue;
type AnySchema = z.core.$ZodType;

/** Converts zod issues for `schema` into structural hits, one per unknown key and one per other issue. */
export function describeIssues(
  issues: readonly Issue[],
  schema: AnySchema,
  basePath: PathSegment[] = [],
): StructuralHit[] {
  const hits: StructuralHit[] = [];
  const wrongType = new Set(
    issues.filter((issue) => issue.code === "invalid_type").map((issue) => JSON.stringify(issue.path)),
  );
  for (const issue of issues) {
    // zod runs a list's length check on a string too (both have a length); with the type wrong it means nothing.
    if (isSizeIssue(issue) && wrongType.has(JSON.stringify(issue.path))) continue;
    const path = [...basePath, ...(issue.path as PathSegment[])];
    if (issue.code === "invalid_union") {
      hits.push(...describeUnion(issue, schema, path));
      continue;
    }
    if (issue.code === "unrecognized_keys") {
      const known = knownKeysAt(schema, path);
      for (const key of issue.keys) hits.push(unknownKey([...path, key], known));
      continue;
    }
    hits.push(describeIssue(issue, schema, path));
  }
  return hits;
}

function isSizeIssue(issue: Issue): boolean {
  return issue.code === "too_big" || issue.code === "too_small";
}

function unknownKey(path: PathSegment[], known: string[]): StructuralHit {
  const key = String(path[path.length - 1]);
  const where = path.length > 1 ? `in ${formatPath(path.slice(0, -1))}` : "at the top level";
  const suggestion = closestMatch(key, known);
  const advice = suggestion
    ? `did you mean ${JSON.stringify(suggestion)}?`
    : known.length > 0
      ? `remove it; the fields here are ${known.join(", ")}`
      : "remove it";
  return {
    rule: "unknown-key",
    path,
    target: "key",
    message: `unknown field ${JSON.stringify(key)} ${where}; ${advice}`,
  };
}

function describeIssue(issue: Issue, schema: AnySchema, path: PathSegment[]): StructuralHit {
  const field = formatPath(path) || "the document";
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case "invalid_type": {
      if (input === undefined) {
        const about = descriptionAt(schema, path);
        return {
          rule: "required",
          path,
          target: "key",
          message: `${field} is required${about ? `: ${lowerFirst(about)}` : ""}`,
        };
      }
      return {
        rule: "invalid-type",
        path,
        target: "value",
        message: `${field} must be ${expectedName(issue.expected)}, not ${describeValue(input)}`,
      };
    }
    case "invalid_value": {
      const allowed = issue.values.map((value) => String(value));
      const suggestion = typeof input === "string" ? closestMatch(input, allowed) : undefined;
      const expected = allowed.length === 1 ? JSON.stringify(allowed[0]) : `one of ${allowed.join(", ")}`;
      return {
        rule: "invalid-value",
        path,
        target: "value",
        message: `${field} must be ${expected}, not ${describeValue(input)}${suggestion ? `; did you mean ${JSON.stringify(suggestion)}?` : ""}`,
      };
    }
    case "too_small":
    case "too_big":
      return {
        rule: "out-of-range",
        path,
        target: "value",
        message: `${field} ${describeRange(issue, schema, path, input)}`,
      };
    default:
      return {
        rule: "invalid-value",
        path,
        target: "value",
        message: `${field}: ${lowerFirst(issue.message)}`,
      };
  }
}

function describeRange(
  issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig,
  schema: AnySchema,
  path: PathSegment[],
  input: unknown,
): string {
  const bound = Number(issue.code === "too_small" ? issue.minimum : issue.maximum);
  if (issue.origin === "array") {
    const count = Array.isArray(input) ? input.length : undefined;
    return issue.code === "too_small"
      ? `needs at least ${plural(bound, "entry", "entries")}`
      : `can have at most ${plural(bound, "entry", "entries")}${count === undefined ? "" : ` (it has ${count})`}`;
  }
  if (issue.origin === "string") {
    const length = typeof input === "string" ? input.length : undefined;
    return issue.code === "too_small"
      ? `must be at least ${plural(bound, "character", "characters")} long`
      : `must be at most ${plural(bound, "character", "characters")} long${length === undefined ? "" : ` (it has ${length})`}`;
  }
  const target = schemaAt(schema, path);
  const range = target ? numberRange(target) : undefined;
  const unit = unitOf(path);
  const expected =
    range && Number.isFinite(range.min) && Number.isFinite(range.max)
      ? `must be between ${range.min} and ${range.max}${unit}`
      : issue.code === "too_small"
        ? `must be at least ${bound}${unit}`
        : `must be at most ${bound}${unit}`;
  const fallback = target ? defaultOf(target) : undefined;
  const hint = fallback === undefined ? "" : `; leave it out for the default of ${JSON.stringify(fallback)}`;
  return `${expected}, not ${describeValue(input)}${hint}`;
}

/** Union issues: report the branch the author evidently meant (the one whose keys they used). */
function describeUnion(
  issue: z.core.$ZodIssueInvalidUnion,
  schema: AnySchema,
  path: PathSegment[],
): StructuralHit[] {
  const input = (issue as { input?: unknown }).input;
  const branches = issue.errors.filter(
    (branch) =>
      !branch.some(
        (inner) =>
          inner.path.length === 0 && (inner.code === "invalid_type" || inner.code === "unrecognized_keys"),
      ),
  );
  if (branches.length >= 1) {
    const chosen = branches.reduce((best, branch) => (branch.length < best.length ? branch : best));
    return describeIssues(chosen, schema, path);
  }
  const field = formatPath(path) || "the document";
  const objectBranch =
    issue.errors.some((branch) =>
      branch.some((inner) => inner.code === "unrecognized_keys" || inner.path.length > 0),
    ) ||
    issue.errors.some((branch) =>
      branch.some((inner) => inner.code === "invalid_type" && inner.expected === "object"),
    );
  // The forms this field takes, from its schema: a secret's field takes only {valueFromEnv: NAME}, and a
  // suggestion offered there must be one it accepts.
  const forms = objectBranch ? knownKeysAt(schema, path).filter((key) => key in VALUE_FORMS) : [];
  // A secret's field (client_secret, private_key) is refused as plain text by its rule: not offered here.
  const secret = path.at(-2) === "providerDetails" && SECRET_PROVIDER_DETAILS.has(String(path.at(-1)));
  const expected = objectBranch
    ? secret && forms.includes("valueFromEnv")
      ? VALUE_FORMS.valueFromEnv!
      : forms.length > 0
        ? orList(["a string", ...forms.map((key) => VALUE_FORMS[key]!)])
        : "a string, {value: <string>} or {valueFrom: {kind, name, fieldPath}}"
    : issue.errors
        .map((branch) => branch[0])
        .flatMap((inner) => (inner?.code === "invalid_type" ? [expectedName(inner.expected)] : []))
        .join(" or ");
  return [
    {
      rule: "invalid-type",
      path,
      target: "value",
      message: `${field} must be ${expected}, not ${describeValue(input)}${formSuggestion(input, forms)}`,
    },
  ];
}

/** "a, b or c". */
function orList(items: readonly string[]): string {
  return items.length < 2 ? items.join("") : `${items.slice(0, -1).join(", ")} or ${items.at(-1)!}`;
}

/** How each object form of a value reads in messages. */
const VALUE_FORMS: Readonly<Record<string, string>> = {
  value: "{value: <string>}",
  valueFrom: "{valueFrom: {kind, name, fieldPath}}",
  valueFromEnv: "{valueFromEnv: NAME}",
};

/** "; did you mean valueFromEnv?" for a one-key mapping whose key is a near miss of an accepted form. */
function formSuggestion(input: unknown, forms: readonly string[]): string {
  if (input === null || typeof input !== "object" || Array.isArray(input)) return "";
  const keys = Object.keys(input);
  if (keys.length !== 1 || forms.includes(keys[0]!)) return "";
  const suggestion = closestMatch(keys[0]!, [...forms]);
  return suggestion
    ? `; did you mean ${JSON.stringify(suggestion)} instead of ${JSON.stringify(keys[0])}?`
    : "";
}

function expectedName(expected: string): string {
  switch (expected) {
    case "int":
    case "integer":
      return "a whole number";
    case "number":
      return "a number";
    case "boolean":
      return "true or false";
    case "array":
      return "a list";
    case "object":
    case "record":
    case "map":
      return "a mapping";
    default:
      return `a ${expected}`;
  }
}

/** A short, safe description of a value for messages. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "an empty value";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint")
    return String(value);
  return typeof value;
}

function unitOf(path: PathSegment[]): string {
  const key = String(path[path.length - 1] ?? "");
  if (key.endsWith("Minutes")) return " minutes";
  if (key.endsWith("Days")) return " days";
  return "";
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

// --- Reading the schema itself, for known keys, ranges, defaults and descriptions -------------------

interface Def {
  type: string;
  innerType?: AnySchema;
  in?: AnySchema;
  shape?: Record<string, AnySchema>;
  element?: AnySchema;
  valueType?: AnySchema;
  options?: AnySchema[];
  defaultValue?: unknown;
}

const defOf = (schema: AnySchema): Def => schema._zod.def;

/** Strips optional/default/pipe wrappers down to the schema that describes the value. */
function unwrap(schema: AnySchema): AnySchema {
  let current = schema;
  for (;;) {
    const def = defOf(current);
    if (
      (def.type === "optional" ||
        def.type === "default" ||
        def.type === "nullable" ||
        def.type === "prefault") &&
      def.innerType
    ) {
      current = def.innerType;
    } else if (def.type === "pipe" && def.in) {
      current = def.in;
    } else {
      return current;
    }
  }
}

/** The schema that describes the value at `path`, or undefined when the path leaves the schema. */
export function schemaAt(schema: AnySchema, path: readonly PathSegment[]): AnySchema | undefined {
  let current: AnySchema | undefined = schema;
  for (const segment of path) {
    if (!current) return undefined;
    current = childSchema(unwrap(current), segment);
  }
  return current;
}

function childSchema(schema: AnySchema, segment: PathSegment): AnySchema | undefined {
  const def = defOf(schema);
  if (def.type === "object" && typeof segment === "string") return def.shape?.[segment];
  if (def.type === "array") return def.element;
  if (def.type === "record") return def.valueType;
  if (def.type === "union") {
    for (const option of def.options ?? []) {
      const child = childSchema(unwrap(option), segment);
      if (child) return child;
    }
  }
  return undefined;
}

/** The field names an object at `path` accepts (for "did you mean"). */
export function knownKeysAt(schema: AnySchema, path: readonly PathSegment[]): string[] {
  const target = schemaAt(schema, path);
  if (!target) return [];
  const candidates = [unwrap(target)];
  const def = defOf(candidates[0]!);
  if (def.type === "union") candidates.push(...(def.options ?? []).map(unwrap));
  return candidates.flatMap((candidate) => {
    const shape = defOf(candidate).shape;
    return defOf(candidate).type === "object" && shape ? Object.keys(shape) : [];
  });
}

function numberRange(schema: AnySchema): { min: number; max: number } | undefined {
  const inner = unwrap(schema) as unknown as { minValue?: number | null; maxValue?: number | null };
  if (defOf(unwrap(schema)).type !== "number") return undefined;
  return { min: inner.minValue ?? -Infinity, max: inner.maxValue ?? Infinity };
}

function defaultOf(schema: AnySchema): unknown {
  let current = schema;
  for (;;) {
    const def = defOf(current);
    if (def.type === "default") return def.defaultValue;
    if ((def.type === "optional" || def.type === "nullable") && def.innerType) current = def.innerType;
    else return undefined;
  }
}

function descriptionAt(schema: AnySchema, path: readonly PathSegment[]): string | undefined {
  const target = schemaAt(schema, path);
  let current = target;
  while (current) {
    const description = (current as { description?: string }).description;
    if (description) return description;
    const def = defOf(current);
    current = def.innerType ?? def.in;
  }
  return undefined;
}
