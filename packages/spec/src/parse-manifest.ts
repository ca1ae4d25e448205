// Schema → parse → rules → result, for one YAML document.
import { compareFindings, formatPath } from "./finding.ts";
import type { Finding, PathSegment } from "./finding.ts";
import { MANIFEST_RULES } from "./rules/index.ts";
import type { Rule } from "./rules/index.ts";
import { manifestSchema } from "./schema.ts";
import type { Manifest } from "./schema.ts";
import type { SourceDocument } from "./source.ts";
import { describeIssues } from "./zod-issues.ts";
import type { StructuralHit } from "./zod-issues.ts";

/** A manifest that parsed (perhaps with warnings), or every finding that stops it from parsing. */
export type ManifestResult =
  | { ok: true; value: Manifest; findings: Finding[] }
  | {
      ok: false;
      findings: Finding[];
      /** The manifest the rules ran on, when the schema accepted it: its references can still be checked. */
      checked?: Manifest | undefined;
    };

/**
 * Parses one document into a typed, defaulted manifest and checks it against every rule, reporting all
 * problems at once. When the structure is wrong, the offending fields are set aside and the rules still
 * run on the rest, so a typo in one place does not hide a rule broken in another.
 */
export function parseManifest(
  document: SourceDocument,
  rules: readonly Rule[] = MANIFEST_RULES,
): ManifestResult {
  const yamlErrors = document.problems.filter((finding) => finding.severity === "error");
  if (yamlErrors.length > 0) return { ok: false, findings: document.problems };
  const merges = mergeKeyPaths(document.value, []);
  if (merges.length > 0) {
    // YAML 1.2's core schema has no merge keys, and parsers disagree on them: refused by name, not as an
    // unknown field "<<" with whatever the merge would have brought reported missing.
    const findings = merges.map((path) => ({
      severity: "error" as const,
      rule: "yaml-merge-key",
      message:
        "YAML merge keys (<<) are not supported: YAML 1.2 has none and parsers disagree on them; write the merged fields out in full (anchors and aliases of whole values are fine)",
      path: formatPath(path),
      file: document.file,
      ...document.locate(path, "key"),
    }));
    return { ok: false, findings: [...document.problems, ...findings].sort(compareFindings) };
  }
  // Inputs in issues are only for messages: asked for again only when something is wrong (it costs ~70%).
  const parsed = manifestSchema.safeParse(document.value);
  if (parsed.success) {
    const findings = [...document.problems, ...runRules(parsed.data, document, rules)].sort(compareFindings);
    return findings.some((finding) => finding.severity === "error")
      ? { ok: false, findings, checked: parsed.data }
      : { ok: true, value: parsed.data, findings };
  }
  const failure = manifestSchema.safeParse(document.value, { reportInput: true });
  const structural = describeIssues(failure.error?.issues ?? parsed.error.issues, manifestSchema);
  const findings = [...document.problems, ...structural.map((hit) => structuralFinding(hit, document))];
  const retry = setAside(document.value, structural);
  if (retry) {
    const reparsed = manifestSchema.safeParse(retry.value);
    if (reparsed.success) findings.push(...runRules(reparsed.data, document, rules, retry.setAside));
  }
  return { ok: false, findings: findings.sort(compareFindings) };
}

/**
 * Runs every rule. With `setAside` paths (fields dropped because their values were wrong), a rule that reads
 * any of them is not trusted, since it saw a default instead of what the author wrote; its hits are dropped.
 */
function runRules(
  manifest: Manifest,
  document: SourceDocument,
  rules: readonly Rule[],
  setAside: readonly string[] = [],
): Finding[] {
  const findings: Finding[] = [];
  for (const rule of rules) {
    let hits;
    if (setAside.length === 0) {
      hits = rule.check(manifest);
    } else {
      const reads: string[] = [];
      hits = rule.check(recordReads(manifest, [], reads));
      if (reads.some((read) => setAside.some((path) => isWithin(read, path)))) continue;
    }
    for (const hit of hits) {
      findings.push({
        severity: rule.severity,
        rule: rule.id,
        message: capLength(hit.message),
        path: formatPath(hit.path),
        file: document.file,
        ...document.locate(hit.path, "key"),
      });
    }
  }
  return findings;
}

/** Paths of every `<<` key in a document's mappings. */
function mergeKeyPaths(value: unknown, path: PathSegment[]): PathSegment[][] {
  if (value === null || typeof value !== "object") return [];
  if (Array.isArray(value)) return value.flatMap((item, index) => mergeKeyPaths(item, [...path, index]));
  return Object.entries(value).flatMap(([key, child]) =>
    key === "<<" ? [[...path, key]] : mergeKeyPaths(child, [...path, key]),
  );
}

/** A view of `value` that notes the path of every property read through it. */
function recordReads<T>(value: T, path: PathSegment[], reads: string[]): T {
  if (value === null || typeof value !== "object") return value;
  return new Proxy(value, {
    get(target, key, receiver) {
      const child: unknown = Reflect.get(target, key, receiver);
      if (typeof key === "symbol" || typeof child === "function") return child;
      const childPath = [...path, Array.isArray(target) && /^\d+$/.test(key) ? Number(key) : key];
      reads.push(formatPath(childPath));
      return recordReads(child, childPath, reads);
    },
    // `key in value` asks about a field too: a rule that finds a set-aside field "missing" saw a default.
    has(target, key) {
      if (typeof key !== "symbol")
        reads.push(formatPath([...path, Array.isArray(target) && /^\d+$/.test(key) ? Number(key) : key]));
      return Reflect.has(target, key);
    },
  });
}

/** Whether `path` is `scope` or lies inside it (`spec.a[0].b` is within `spec.a`). */
/** Messages quote what people wrote; a 5 MB value must not make a 5 MB annotation. */
const MAX_MESSAGE_LENGTH = 500;
function capLength(message: string): string {
  return message.length <= MAX_MESSAGE_LENGTH ? message : `${message.slice(0, MAX_MESSAGE_LENGTH - 1)}…`;
}

function isWithin(path: string, scope: string): boolean {
  return path === scope || path.startsWith(`${scope}.`) || path.startsWith(`${scope}[`);
}

function structuralFinding(hit: StructuralHit, document: SourceDocument): Finding {
  return {
    severity: "error",
    rule: hit.rule,
    message: capLength(hit.message),
    path: formatPath(hit.path),
    file: document.file,
    ...document.locate(hit.path, hit.target),
  };
}

/**
 * A copy of the document without the fields that broke the schema: unknown keys are dropped (nothing reads
 * them), and a bad value drops its nearest enclosing key so the schema's default applies. Array elements
 * are never removed, so indices in findings stay true. Returns the dropped paths of bad values.
 */
function setAside(
  value: unknown,
  hits: readonly StructuralHit[],
): { value: unknown; setAside: string[] } | undefined {
  if (hits.some((hit) => hit.rule === "required")) return undefined;
  const copy: unknown = structuredClone(value);
  const dropped: string[] = [];
  for (const hit of hits) {
    const keyIndex = lastKeyIndex(hit.path);
    if (keyIndex < 0) return undefined;
    const parent = valueAt(copy, hit.path.slice(0, keyIndex));
    if (parent === null || typeof parent !== "object" || Array.isArray(parent)) return undefined;
    delete (parent as Record<string, unknown>)[hit.path[keyIndex] as string];
    if (hit.rule !== "unknown-key") dropped.push(formatPath(hit.path.slice(0, keyIndex + 1)));
  }
  return { value: copy, setAside: dropped };
}

function lastKeyIndex(path: readonly PathSegment[]): number {
  for (let i = path.length - 1; i >= 0; i--) if (typeof path[i] === "string") return i;
  return -1;
}

function valueAt(value: unknown, path: readonly PathSegment[]): unknown {
  let current = value;
  for (const segment of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}
