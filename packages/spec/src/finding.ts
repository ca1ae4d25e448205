/** Whether a finding fails validation (`error`) or is reported without failing (`warning`). */
export type Severity = "error" | "warning";

/** One step of a path into a manifest: an object key or an array index. */
export type PathSegment = string | number;

/** A problem found in a manifest, located in its YAML source. */
export interface Finding {
  severity: Severity;
  /** Stable identifier of the rule that produced the finding, e.g. `client-credentials-needs-secret`. */
  rule: string;
  message: string;
  /** JSON path into the document, e.g. `spec.clients[1].callbackUrls[0]`; empty for the whole document. */
  path: string;
  /** The file, as given to the loader (relative paths stay relative). */
  file: string;
  /** 1-based line of the offending key or value. */
  line: number;
  /** 1-based column of the offending key or value. */
  column: number;
}

/** A 1-based line and column in a source file. */
export interface Position {
  line: number;
  column: number;
}

// Line breaks as JavaScript, YAML and the Actions runner (.NET ReadLine: CR, LF) see them.
const LINE_BREAKS = /\r\n|[\r\n\u0085\u2028\u2029]/g;

/**
 * A value from a manifest (a label, a name) quoted for a message: JSON-escaped, so its line breaks and quotes
 * stay inside the quotes and a message never gains a line of the value's making (a log line starting `::` is
 * a command to the Actions runner).
 */
export function quoted(value: string): string {
  return JSON.stringify(value).replace(
    /[\u0085\u2028\u2029]/g,
    (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** `message` on one line: any line break in it written as its escape, so a finding is one line wherever it goes. */
export function singleLineMessage(message: string): string {
  return message.replace(LINE_BREAKS, (lineBreak) => LINE_BREAK_ESCAPES[lineBreak] ?? "\\n");
}

const LINE_BREAK_ESCAPES: Readonly<Record<string, string>> = {
  "\r\n": "\\r\\n",
  "\r": "\\r",
  "\n": "\\n",
  "\u0085": "\\u0085",
  "\u2028": "\\u2028",
  "\u2029": "\\u2029",
};

const PLAIN_KEY = /^[A-Za-z_$][\w$-]*$/;

/** Renders path segments the way people read them: `spec.clients[1].name`, `metadata.labels["a.b/c"]`. */
export function formatPath(segments: readonly PathSegment[]): string {
  let out = "";
  for (const segment of segments) {
    if (typeof segment === "number") out += `[${segment}]`;
    else if (PLAIN_KEY.test(segment)) out += out === "" ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/** Counts findings by severity. */
export function countFindings(findings: readonly Finding[]): { errors: number; warnings: number } {
  let errors = 0;
  for (const finding of findings) if (finding.severity === "error") errors++;
  return { errors, warnings: findings.length - errors };
}

/** Orders findings by file, line, column, then rule, so every report reads top to bottom. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
    a.line - b.line ||
    a.column - b.column ||
    (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0)
  );
}
