// Positions for documents the fast reader accepted, from js-yaml's parse events, so pointing a finding at
// its line costs one more fast parse rather than the precise parser's. Returns undefined for shapes it does
// not map with certainty (complex keys, empty values); the caller then asks the precise parser.
import { loadAll } from "js-yaml";
import type { PathSegment } from "./finding.ts";
import { YAML_12_CORE_SCHEMA } from "./yaml-core-schema.ts";

/** A node as the parse events describe it: where it starts, what it is, and its children in order. */
interface Node {
  start: number;
  kind: string | null;
  value: unknown;
  /** Mappings: key, value, key, value…; sequences: the items. */
  children: Node[];
}

interface ParserState {
  position: number;
  kind: string | null;
  result: unknown;
}

/** Finds source offsets of paths in one parsed file. */
export type OffsetLocator = (
  documentIndex: number,
  path: readonly PathSegment[],
  target: "key" | "value",
) => number | undefined;

/** Parses `text` once more with events, and returns a locator over its documents. */
export function fastLocator(text: string): OffsetLocator {
  const roots = documentTrees(text);
  return (documentIndex, path, target) => {
    const root = roots[documentIndex];
    return root ? locate(root, path, target, text) : undefined;
  };
}

function documentTrees(text: string): Node[] {
  const roots: Node[] = [];
  const stack: Node[] = [];
  const listener = (event: "open" | "close", state: ParserState) => {
    if (event === "open") {
      stack.push({ start: state.position, kind: null, value: undefined, children: [] });
      return;
    }
    let node = stack.pop()!;
    node.kind = state.kind;
    node.value = state.result;
    // One node can be opened twice (a nested compose of the same value): keep the inner, exact one.
    while (
      node.children.length === 1 &&
      node.children[0]!.kind === node.kind &&
      node.children[0]!.value === node.value
    ) {
      node = node.children[0]!;
    }
    (stack.length > 0 ? stack[stack.length - 1]!.children : roots).push(node);
  };
  loadAll(text, undefined, { schema: YAML_12_CORE_SCHEMA, listener });
  return roots;
}

function locate(
  root: Node,
  path: readonly PathSegment[],
  target: "key" | "value",
  text: string,
): number | undefined {
  let node = root;
  let offset = significantStart(text, root.start);
  for (let i = 0; i < path.length; i++) {
    const segment = path[i]!;
    const last = i === path.length - 1;
    if (node.kind === "mapping") {
      if (node.children.length % 2 !== 0) return undefined;
      let pair = -1;
      for (let k = 0; k < node.children.length; k += 2) {
        if (String(node.children[k]!.value) === String(segment)) pair = k;
      }
      if (pair < 0) return offset;
      const keyStart = significantStart(text, node.children[pair]!.start);
      const value = node.children[pair + 1]!;
      if (last) return target === "key" ? keyStart : significantStart(text, value.start);
      offset = keyStart;
      node = value;
    } else if (node.kind === "sequence" && typeof segment === "number") {
      const item = node.children[segment];
      if (!item) return offset;
      offset = significantStart(text, item.start);
      node = item;
    } else {
      return offset;
    }
  }
  return offset;
}

/** The first character of content at or after `offset`: past spaces, line breaks and comments. */
function significantStart(text: string, offset: number): number {
  let at = offset;
  for (;;) {
    const char = text[at];
    if (char === " " || char === "\t" || char === "\n" || char === "\r") {
      at++;
    } else if (char === "#") {
      while (at < text.length && text[at] !== "\n") at++;
    } else {
      return at;
    }
  }
}
