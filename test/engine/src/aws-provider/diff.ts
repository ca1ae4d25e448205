// How pulumi-aws decides a diff, for the fields of the resources this suite declares: the bridge
// (pulumi-terraform-bridge) runs terraform's plan for the resource and reports every top-level attribute whose
// planned value differs from the prior state, with ForceNew attributes as replacements. The rules that matter:
//  - Optional+Computed attributes left out of the program keep the prior value (no diff).
//  - Optional (not Computed) attributes left out are planned away (a diff to remove them).
//  - terraform-plugin-sdk/v2 cannot tell a primitive's zero value from null (helper/schema: "" / 0 / false read
//    back as unset), so false vs absent is no diff; true vs absent is.
//  - Empty lists and maps equal absent ones.

export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
export const SECRET_SIG = "4dabf18193072939515e22adb298388d";
export const SECRET_MARK = "1b47061264138c4ac30d75fd1eb44270";

/** What terraform's schema says about one top-level attribute. */
export interface FieldRule {
  forceNew?: boolean;
  /** Optional+Computed (or Computed only): absent in the program keeps the state's value. */
  computed?: boolean;
  /** Output only: never diffed. */
  outputOnly?: boolean;
  /** Sensitive: returned as a secret. */
  sensitive?: boolean;
}

export type Rules = Record<string, FieldRule>;

export type Props = Record<string, unknown>;

export interface FieldDiff {
  kind: "ADD" | "ADD_REPLACE" | "UPDATE" | "UPDATE_REPLACE" | "DELETE" | "DELETE_REPLACE";
}

export interface DiffOutcome {
  changes: boolean;
  replaces: string[];
  diffs: string[];
  detailedDiff: Record<string, FieldDiff>;
}

/** A value without the secret wrappers the engine sends to a provider that accepts secrets. */
export function unwrapSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unwrapSecrets);
  if (value !== null && typeof value === "object") {
    const record = value as Props;
    if (record[SECRET_SIG] === SECRET_MARK) return unwrapSecrets(record.value);
    return Object.fromEntries(Object.entries(record).map(([key, item]) => [key, unwrapSecrets(item)]));
  }
  return value;
}

/** Whether a value holds a secret wrapper anywhere. */
export function holdsSecret(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(holdsSecret);
  if (value !== null && typeof value === "object") {
    const record = value as Props;
    return record[SECRET_SIG] === SECRET_MARK || Object.values(record).some(holdsSecret);
  }
  return false;
}

export function secret(value: unknown): unknown {
  return { [SECRET_SIG]: SECRET_MARK, value };
}

/**
 * Whether a value is unset: for terraform-plugin-sdk/v2 resources null, a zero value or an empty collection;
 * terraform-plugin-framework resources (`framework`) tell null from false, "" and 0.
 */
export function isUnset(value: unknown, framework = false): boolean {
  if (value === undefined || value === null) return true;
  if (!framework && (value === "" || value === false || value === 0)) return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === "object")
    return Object.values(value as Props).every((item) => isUnset(item, framework));
  return false;
}

function holdsUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(holdsUnknown);
  if (value !== null && typeof value === "object") return Object.values(value as Props).some(holdsUnknown);
  return false;
}

/** Deep equality with terraform's notion of unset at every level. */
export function sameValue(a: unknown, b: unknown, framework = false): boolean {
  if (isUnset(a, framework) && isUnset(b, framework)) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((item, index) => sameValue(item, b[index], framework));
  if (a !== null && b !== null && typeof a === "object" && typeof b === "object" && !Array.isArray(a)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((key) => sameValue((a as Props)[key], (b as Props)[key], framework));
  }
  // Numbers travel as strings in some nested blocks (terraform's TypeString for min/max lengths).
  if ((typeof a === "number" || typeof a === "string") && (typeof b === "number" || typeof b === "string"))
    return String(a) === String(b);
  return a === b;
}

/** The diff of the program's checked inputs against the prior state, attribute by attribute. */
export function diffProps(rules: Rules, olds: Props, news: Props, framework = false): DiffOutcome {
  const detailedDiff: Record<string, FieldDiff> = {};
  const replaces: string[] = [];
  for (const [field, rule] of Object.entries(rules)) {
    if (rule.outputOnly) continue;
    const before = olds[field];
    const after = news[field];
    if (after === undefined && rule.computed) continue;
    if (!holdsUnknown(after) && sameValue(before, after, framework)) continue;
    const base = isUnset(before, framework) ? "ADD" : isUnset(after, framework) ? "DELETE" : "UPDATE";
    detailedDiff[field] = { kind: rule.forceNew ? (`${base}_REPLACE` as FieldDiff["kind"]) : base };
    if (rule.forceNew) replaces.push(field);
  }
  const diffs = Object.keys(detailedDiff);
  return { changes: diffs.length > 0, replaces, diffs, detailedDiff };
}
