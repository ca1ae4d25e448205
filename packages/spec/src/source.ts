// Two YAML parsers, each for what it does best. js-yaml reads a well-formed file about ten times faster;
// `yaml` keeps a concrete syntax tree with positions and reports every problem, not only the first. Every
// file is read fast first; the precise parser runs only for a file that fails to read or that has something
// to point at (a finding's line and column), so the common case, a valid manifest, pays for one fast parse.
import { loadAll } from "js-yaml";
import { LineCounter, isMap, isPair, isScalar, isSeq, parseAllDocuments } from "yaml";
import type { Document, YAMLError } from "yaml";
import type { Finding, PathSegment, Position } from "./finding.ts";
import { fastLocator } from "./fast-positions.ts";
import type { OffsetLocator } from "./fast-positions.ts";
import { YAML_12_CORE_SCHEMA } from "./yaml-core-schema.ts";

/** One YAML document of a file, as plain data, with a way back to its source positions. */
export interface SourceDocument {
  file: string;
  /** 0-based position of the document in its file (multi-document files). */
  index: number;
  /** The document as plain data; `undefined` when the YAML could not be read into data. */
  value: unknown;
  /** Problems with the YAML itself: syntax, duplicate keys, resource limits. Errors make the document unusable. */
  problems: Finding[];
  /**
   * The source position of a path. `key` points at the key of the last segment (for unknown keys and rules),
   * `value` at its value (for wrong types and ranges). A path that does not exist in the source (a missing
   * required field) resolves to the nearest enclosing key or list item that does.
   */
  locate: (path: readonly PathSegment[], target?: "key" | "value") => Position;
}

/** Aliases expanded per document before we call it an alias bomb (YAML "billion laughs"). */
export const MAX_ALIAS_COUNT = 100;
/** Beyond this many YAML errors in one document the rest are summarized: garbage input has thousands. */
const MAX_PROBLEMS_PER_DOCUMENT = 20;

/** Reads every document of a YAML file. Never throws: whatever goes wrong becomes a positioned finding. */
export function loadYamlDocuments(source: string, file: string): SourceDocument[] {
  // A byte order mark is invisible in editors; left in, it would count as a column of the first line.
  const text = source.startsWith("\uFEFF") ? source.slice(1) : source;
  const values = readFast(text);
  if (values === undefined) return loadPrecisely(text, file);
  // Positions are needed only for findings: worked out on the first request, by another fast parse with
  // events, or by the precise parser where the events cannot say.
  let fast: OffsetLocator | undefined;
  let precise: SourceDocument[] | undefined;
  let lines: LineCounter | undefined;
  const locateIn =
    (index: number): SourceDocument["locate"] =>
    (path, target = "key") => {
      fast ??= fastLocator(text);
      const offset = fast(index, path, target);
      if (offset !== undefined) {
        lines ??= countLines(text);
        const { line, col } = lines.linePos(offset);
        return { line, column: col };
      }
      precise ??= loadPrecisely(text, file);
      return precise[index]?.locate(path, target) ?? { line: 1, column: 1 };
    };
  return values.map((value, index) => ({ file, index, value, problems: [], locate: locateIn(index) }));
}

/**
 * The documents as plain data, or undefined when the fast reader cannot vouch for them: any syntax problem,
 * duplicate key or unknown tag; an empty document (the two parsers count those differently); or an alias
 * to a list or mapping, where the precise parser's limit on alias expansion must decide. The core schema,
 * as `yaml` reads it (yaml-core-schema.ts): no timestamps, no merge keys, `yes` and 0b101 are strings.
 */
function readFast(text: string): unknown[] | undefined {
  try {
    const values = loadAll(text, undefined, { schema: YAML_12_CORE_SCHEMA });
    // Sharing needs an anchor, and an anchor needs "&": most files cannot have any.
    const mayShare = text.includes("&");
    const plain = values.every(
      (value) => value !== null && value !== undefined && !(mayShare && sharesNodes(value, new Set())),
    );
    return plain ? values : undefined;
  } catch {
    return undefined;
  }
}

/** Whether some list or mapping appears twice in `value`: what an alias to a collection produces. */
function sharesNodes(value: unknown, seen: Set<object>): boolean {
  if (value === null || typeof value !== "object") return false;
  if (seen.has(value)) return true;
  seen.add(value);
  return Object.values(value).some((child) => sharesNodes(child, seen));
}

/** Line starts of `text`, for turning offsets into lines and columns. */
function countLines(text: string): LineCounter {
  const lines = new LineCounter();
  lines.addNewLine(0);
  for (let at = text.indexOf("\n"); at >= 0; at = text.indexOf("\n", at + 1)) lines.addNewLine(at + 1);
  return lines;
}

/** Reads every document with the precise parser: all problems, and positions for every node. */
function loadPrecisely(text: string, file: string): SourceDocument[] {
  const lines = new LineCounter();
  const positionOf = (offset: number): Position => {
    const { line, col } = lines.linePos(offset);
    return { line, column: col };
  };
  let documents: Document.Parsed[];
  try {
    // logLevel "error": the parser's warnings become findings here, never Node process warnings on stderr.
    documents = parseAllDocuments(text, {
      lineCounter: lines,
      prettyErrors: false,
      uniqueKeys: true,
      logLevel: "error",
    });
  } catch (error) {
    // The parser reports its own limits as errors; this is the last line of defence for anything else.
    return [unreadableDocument(file, readFailure(error))];
  }
  if (!Array.isArray(documents)) return [];
  return documents.map((document, index) => {
    const problems: Finding[] = [];
    const report = (error: YAMLError, severity: Finding["severity"]) => {
      const { rule, message } = describeYamlError(error, text);
      problems.push({ severity, rule, message, path: "", file, ...positionOf(error.pos[0]) });
    };
    document.errors.forEach((error) => report(error, "error"));
    document.warnings.forEach((warning) => report(warning, "warning"));
    let value: unknown;
    try {
      value = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      const start = positionOf(document.contents?.range[0] ?? 0);
      problems.push({ severity: "error", file, path: "", ...start, ...readFailure(error) });
    }
    return {
      file,
      index,
      value,
      problems: capProblems(problems),
      locate: (path, target = "key") => positionOf(locateOffset(document, path, target)),
    };
  });
}

function unreadableDocument(file: string, failure: { rule: string; message: string }): SourceDocument {
  const start = { line: 1, column: 1 };
  return {
    file,
    index: 0,
    value: undefined,
    problems: [{ severity: "error", file, path: "", ...start, ...failure }],
    locate: () => start,
  };
}

function readFailure(error: unknown): { rule: string; message: string } {
  if (error instanceof ReferenceError && /alias/i.test(error.message)) {
    return {
      rule: "yaml-alias-limit",
      message: `the document expands more than ${MAX_ALIAS_COUNT} aliases; write the values out instead of nesting aliases (this limit stops "billion laughs" documents)`,
    };
  }
  if (error instanceof RangeError) {
    return {
      rule: "yaml-too-deep",
      message: "the document is nested too deeply to read; a manifest needs a few levels at most",
    };
  }
  const detail = error instanceof Error ? error.message : String(error);
  return { rule: "yaml-syntax", message: `the YAML could not be read: ${detail}` };
}

function describeYamlError(error: YAMLError, text: string): { rule: string; message: string } {
  switch (error.code) {
    case "DUPLICATE_KEY": {
      const key = keyAt(text, error.pos[0]) || "this key";
      return {
        rule: "yaml-duplicate-key",
        message: `duplicate key ${JSON.stringify(key)}: a key may appear once per mapping (otherwise one value silently wins); remove or merge the repeated entry`,
      };
    }
    case "TAB_AS_INDENT":
      return {
        rule: "yaml-syntax",
        message: "tabs are not allowed as indentation in YAML; indent with spaces",
      };
    case "RESOURCE_EXHAUSTION":
      return {
        rule: "yaml-too-deep",
        message: "the document is nested too deeply to read; a manifest needs a few levels at most",
      };
    default:
      return { rule: "yaml-syntax", message: `YAML syntax: ${lowerFirst(error.message)}` };
  }
}

/**
 * The key that starts at `offset`. The parser marks only its first character, so read on to the `: ` (an
 * implicit key is at most 1024 characters, which bounds the read on a huge line).
 */
function keyAt(text: string, offset: number): string {
  const line = /^[^\r\n]*/.exec(text.slice(offset, offset + 1100))![0];
  return (/^(.*?):(?:\s|$)/.exec(line)?.[1] ?? line).trim();
}

function capProblems(problems: Finding[]): Finding[] {
  if (problems.length <= MAX_PROBLEMS_PER_DOCUMENT) return problems;
  const kept = problems.slice(0, MAX_PROBLEMS_PER_DOCUMENT);
  const last = kept[kept.length - 1]!;
  kept.push({
    ...last,
    rule: "yaml-syntax",
    message: `${problems.length - MAX_PROBLEMS_PER_DOCUMENT} more YAML problems not listed; is this file YAML at all?`,
  });
  return kept;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/** Walks the YAML tree along `path` and returns the offset of the deepest node that exists. */
function locateOffset(
  document: Document.Parsed,
  path: readonly PathSegment[],
  target: "key" | "value",
): number {
  let node: unknown = document.contents;
  let offset = document.contents?.range[0] ?? 0;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i];
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => isPair(item) && isScalar(item.key) && String(item.key.value) === segment,
      );
      if (!pair) return offset;
      const keyOffset = isScalar(pair.key) && pair.key.range ? pair.key.range[0] : offset;
      const valueRange = (pair.value as { range?: [number, number, number] } | null)?.range;
      if (last) return target === "key" || !valueRange ? keyOffset : valueRange[0];
      // A missing child of this value is reported at this key: `spec:` is where a missing `spec.region` belongs.
      offset = keyOffset;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === "number") {
      const item = node.items[segment] as { range?: [number, number, number] } | undefined;
      if (!item?.range) return offset;
      offset = item.range[0];
      node = item;
    } else {
      return offset;
    }
  }
  return offset;
}
