import { LineCounter, isMap, isPair, isScalar, isSeq, parseAllDocuments } from "yaml";
import type { Document, YAMLError } from "yaml";
import type { Finding, PathSegment, Position } from "./finding.ts";

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
export function loadYamlDocuments(text: string, file: string): SourceDocument[] {
  const lines = new LineCounter();
  const positionOf = (offset: number): Position => {
    const { line, col } = lines.linePos(offset);
    return { line, column: col };
  };
  let documents: Document.Parsed[];
  try {
    documents = parseAllDocuments(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
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
      const key = text.slice(error.pos[0], error.pos[1]).trim() || "this key";
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
