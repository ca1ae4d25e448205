// Builds manifest YAML for tests, so each case shows only the lines it is about.
import type { SourceText } from "../src/index.ts";

/** Trailing comment that marks the line a finding is expected on. */
export const MARKER = "# <-";

/** A client that breaks no rule, used when a case does not write `clients:` itself. */
const DEFAULT_CLIENTS = `
clients:
  - name: web-app
    explicitAuthFlows: [ALLOW_USER_SRP_AUTH, ALLOW_REFRESH_TOKEN_AUTH]
`;

/** Metadata with all three stack labels, so stack-labels-missing stays quiet unless a case wants it. */
export const DEFAULT_METADATA = `
name: my-auth
labels:
  pulumi.openmcf.org/organization: acme
  pulumi.openmcf.org/project: identity
  pulumi.openmcf.org/stack.name: dev.AwsCognitoUserPool.my-auth
`;

export interface ManifestOptions {
  /** The body of `metadata:` (default: DEFAULT_METADATA). */
  metadata?: string;
}

/**
 * A complete AwsCognitoUserPool manifest around a `spec:` body. Fields the body does not set get values
 * that break no rule: region us-east-1, email auto-verified (else self-signup-unverifiable fires) and one
 * client (the schema needs at least one).
 */
export function manifest(spec: string, options: ManifestOptions = {}): string {
  let body = dedent(spec);
  if (!hasTopLevelKey(body, "region")) body = `region: us-east-1\n${body}`;
  if (!hasTopLevelKey(body, "autoVerifiedAttributes")) body += "autoVerifiedAttributes: [email]\n";
  if (!hasTopLevelKey(body, "clients")) body += dedent(DEFAULT_CLIENTS);
  return [
    "apiVersion: aws.openmcf.org/v1",
    "kind: AwsCognitoUserPool",
    "metadata:",
    indent(dedent(options.metadata ?? DEFAULT_METADATA)),
    "spec:",
    indent(body),
    "",
  ].join("\n");
}

/** The 1-based line of the one line that carries MARKER. */
export function markedLine(text: string): number {
  const lines = text.split(/\r?\n/);
  const marked = lines.flatMap((line, index) => (line.trimEnd().endsWith(MARKER) ? [index + 1] : []));
  if (marked.length !== 1) throw new Error(`expected exactly one "${MARKER}" line, found ${marked.length}`);
  return marked[0]!;
}

/** Files named a.yaml, b.yaml, … for one or several texts. */
export function sourcesOf(texts: string | readonly string[]): SourceText[] {
  const list = typeof texts === "string" ? [texts] : texts;
  return list.map((text, index) => ({ file: `${String.fromCharCode(97 + index)}.yaml`, text }));
}

/**
 * Strips the surrounding blank lines and the indentation every line shares, so YAML can be written
 * indented inside test code. Always ends with one newline (or is empty).
 */
export function dedent(text: string): string {
  const lines = text
    .replace(/^\s*\n/, "")
    .replace(/\n\s*$/, "")
    .split("\n");
  const indents = lines.filter((line) => line.trim() !== "").map((line) => /^ */.exec(line)![0].length);
  const common = indents.length > 0 ? Math.min(...indents) : 0;
  const joined = lines.map((line) => line.slice(common)).join("\n");
  return joined.trim() === "" ? "" : `${joined}\n`;
}

function indent(block: string): string {
  return block
    .split("\n")
    .filter((line, index, all) => !(index === all.length - 1 && line === ""))
    .map((line) => (line === "" ? line : `  ${line}`))
    .join("\n");
}

function hasTopLevelKey(body: string, key: string): boolean {
  return new RegExp(`^${key}:`, "m").test(body);
}
