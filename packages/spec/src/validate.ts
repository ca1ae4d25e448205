// Validation of a set of files: each document classified (manifest, other kind, not a manifest) and parsed,
// then the checks that need every document at once (references, stack collisions).
import { compareFindings, formatPath } from "./finding.ts";
import type { Finding, PathSegment } from "./finding.ts";
import { parseManifest } from "./parse-manifest.ts";
import { describeRef, manifestReferences } from "./references.ts";
import { MANIFEST_API_VERSION, MANIFEST_KIND } from "./schema.ts";
import type { Manifest, ValueRef } from "./schema.ts";
import { loadYamlDocuments } from "./source.ts";
import type { SourceDocument } from "./source.ts";
import { stackIdentity } from "./stack.ts";
import { closestMatch } from "./suggest.ts";

/** A file to validate: its path as it should appear in findings, and its text. */
export interface SourceText {
  file: string;
  text: string;
}

/** What validation made of one document. */
export interface DocumentReport {
  file: string;
  index: number;
  kind?: string | undefined;
  name?: string | undefined;
  /** `skipped`: another kind, or not a manifest at all; never fails a run. */
  status: "valid" | "invalid" | "skipped";
  findings: Finding[];
  /** The parsed manifest, for valid AwsCognitoUserPool documents. */
  manifest?: Manifest | undefined;
  /** metadata.env and labels of any manifest, so references and stacks can be resolved across kinds. */
  env?: string | undefined;
  labels?: Record<string, string> | undefined;
}

/** The result of validating a set of files. */
export interface ValidationReport {
  /** True when no document has an error (warnings allowed). */
  valid: boolean;
  documents: DocumentReport[];
}

/** How to treat YAML that does not look like it was meant for this tool. */
export interface ValidateOptions {
  /**
   * `report` (the CLI: the user named these files): unreadable YAML and non-mappings are invalid.
   * `skip-unrelated` (the action's broad globs): they are invalid only when the file mentions
   * AwsCognitoUserPool, so a repository's Helm templates and workflow files never fail a pull request.
   */
  unrelatedYaml?: "report" | "skip-unrelated";
}

/** Validates every document of every file, all findings reported at once. */
export function validateSources(
  sources: readonly SourceText[],
  options: ValidateOptions = {},
): ValidationReport {
  const classified = sources.flatMap((source) => validateFile(source, options));
  addCrossDocumentFindings(classified);
  const documents = classified.map(({ report }) => report);
  return { valid: documents.every((document) => document.status !== "invalid"), documents };
}

/** A report together with the source it came from, for positions of findings added later. */
interface Classified {
  report: DocumentReport;
  locate: SourceDocument["locate"];
}

function validateFile(source: SourceText, options: ValidateOptions): Classified[] {
  const documents = loadYamlDocuments(source.text, source.file);
  if (documents.length === 0) {
    const report: DocumentReport = {
      file: source.file,
      index: 0,
      status: "skipped",
      findings: [warningAtStart(source.file, "empty-file", "the file has no YAML documents")],
    };
    return [{ report, locate: () => ({ line: 1, column: 1 }) }];
  }
  const meantForUs = options.unrelatedYaml !== "skip-unrelated" || source.text.includes(MANIFEST_KIND);
  return documents.map((document) => ({
    report: classifyDocument(document, meantForUs),
    locate: document.locate,
  }));
}

function classifyDocument(document: SourceDocument, meantForUs: boolean): DocumentReport {
  const base = { file: document.file, index: document.index };
  const unreadable = document.problems.some((finding) => finding.severity === "error");
  if (unreadable)
    return meantForUs
      ? { ...base, status: "invalid", findings: document.problems }
      : { ...base, status: "skipped", findings: [] };
  const value = document.value;
  if (value === null || value === undefined) {
    return {
      ...base,
      status: "skipped",
      findings: [
        ...document.problems,
        warningAtStart(document.file, "empty-document", "the document is empty", document),
      ],
    };
  }
  if (typeof value !== "object" || Array.isArray(value)) {
    if (!meantForUs) return { ...base, status: "skipped", findings: [] };
    const what = Array.isArray(value) ? "a list" : `a single ${typeof value} value`;
    const finding = errorAtStart(
      document,
      "document-not-mapping",
      `the document is ${what}, not a manifest; a manifest is a mapping with apiVersion, kind, metadata and spec`,
    );
    return { ...base, status: "invalid", findings: [finding] };
  }
  const fields = value as Record<string, unknown>;
  const kind = typeof fields.kind === "string" ? fields.kind : undefined;
  const metadata = isRecord(fields.metadata) ? fields.metadata : {};
  const identity = {
    kind,
    name: typeof metadata.name === "string" ? metadata.name : undefined,
    env: typeof metadata.env === "string" ? metadata.env : undefined,
    labels: isStringRecord(metadata.labels) ? metadata.labels : undefined,
  };
  if (kind === MANIFEST_KIND) {
    const result = parseManifest(document);
    return result.ok
      ? { ...base, ...identity, status: "valid", findings: result.findings, manifest: result.value }
      : { ...base, ...identity, status: "invalid", findings: result.findings };
  }
  if (kind !== undefined && kind !== MANIFEST_KIND && closestMatch(kind, [MANIFEST_KIND]) !== undefined) {
    const finding: Finding = {
      severity: "error",
      rule: "unknown-kind",
      message: `kind ${JSON.stringify(kind)} is not a kind this tool knows; did you mean "${MANIFEST_KIND}"?`,
      path: "kind",
      file: document.file,
      ...document.locate(["kind"], "value"),
    };
    return { ...base, ...identity, status: "invalid", findings: [finding] };
  }
  if (kind === undefined && fields.apiVersion === MANIFEST_API_VERSION && meantForUs) {
    const finding = errorAtStart(document, "required", `kind is required: set kind: ${MANIFEST_KIND}`);
    return { ...base, ...identity, status: "invalid", findings: [finding] };
  }
  return { ...base, ...identity, status: "skipped", findings: document.problems };
}

/** Checks that need all documents: references to other manifests, and two manifests sharing one stack. */
function addCrossDocumentFindings(classified: readonly Classified[]): void {
  const known = classified
    .map(({ report }) => report)
    .filter((report) => report.kind !== undefined && report.name !== undefined);
  const byStack = new Map<string, Classified[]>();
  for (const entry of classified) {
    const manifest = entry.report.manifest;
    if (!manifest) continue;
    for (const { path, ref } of manifestReferences(manifest)) {
      if (findReferenceTarget(ref, known) === undefined) {
        // Where a plan or deploy needs the value this is an error; validation cannot see other repositories.
        addFinding(
          entry,
          path,
          "warning",
          "value-from-unresolved",
          `${formatPath(path)} refers to ${describeRef(ref)}, which is not among the files validated; it must exist in another repository or be added here`,
        );
      }
    }
    const stack = stackIdentity(manifest.metadata).fullName;
    byStack.set(stack, [...(byStack.get(stack) ?? []), entry]);
  }
  for (const [stack, entries] of byStack) {
    if (entries.length < 2) continue;
    for (const entry of entries) {
      const others = entries
        .filter((other) => other !== entry)
        .map(({ report }) => `${report.file} (${report.name ?? "unnamed"})`);
      addFinding(
        entry,
        ["metadata", "name"],
        "error",
        "stack-collision",
        `this manifest and ${others.join(", ")} all deploy to the stack ${stack}; give each its own pulumi.openmcf.org/stack.name label`,
      );
      entry.report.status = "invalid";
      delete entry.report.manifest;
    }
  }
  for (const { report } of classified) report.findings.sort(compareFindings);
}

function addFinding(
  entry: Classified,
  path: PathSegment[],
  severity: Finding["severity"],
  rule: string,
  message: string,
): void {
  const { report, locate } = entry;
  report.findings.push({
    severity,
    rule,
    message,
    path: formatPath(path),
    file: report.file,
    ...locate(path, "key"),
  });
}

/** The document a reference points at: same kind and name, and the same env when the reference names one. */
export function findReferenceTarget<
  T extends { kind?: string | undefined; name?: string | undefined; env?: string | undefined },
>(ref: ValueRef, documents: readonly T[]): T | undefined {
  return documents.find(
    (document) =>
      document.kind === ref.kind &&
      document.name === ref.name &&
      (ref.env === undefined || document.env === ref.env),
  );
}

function errorAtStart(document: SourceDocument, rule: string, message: string): Finding {
  return { severity: "error", rule, message, path: "", file: document.file, ...document.locate([]) };
}

function warningAtStart(file: string, rule: string, message: string, document?: SourceDocument): Finding {
  return {
    severity: "warning",
    rule,
    message,
    path: "",
    file,
    ...(document ? document.locate([]) : { line: 1, column: 1 }),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return isRecord(value) && Object.values(value).every((entry) => typeof entry === "string");
}
