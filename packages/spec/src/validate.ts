// Validation of a set of files: each document classified (manifest, other kind, not a manifest) and parsed,
// then the checks that need every document at once (references, stack collisions).
import { compareFindings, formatPath, singleLineMessage } from "./finding.ts";
import type { Finding, PathSegment } from "./finding.ts";
import { parseManifest } from "./parse-manifest.ts";
import { envVariableRefusal, manifestEnvValues } from "./value-from-env.ts";
import { describeRef, manifestReferences } from "./references.ts";
import { MANIFEST_API_VERSION, MANIFEST_KIND } from "./schema.ts";
import type { Manifest, ValueRef } from "./schema.ts";
import { loadYamlDocuments } from "./source.ts";
import type { SourceDocument } from "./source.ts";
import { backendStackName, stackIdentity } from "./stack.ts";
import type { StackNaming } from "./stack.ts";
import { closestMatch } from "./suggest.ts";

/** A file to validate: its path as it should appear in findings, and its text. */
export interface SourceText {
  file: string;
  text: string;
  /**
   * Set when the bytes are not text this tool reads (neither UTF-8 nor UTF-16 with a byte order mark):
   * where the first bad byte is. `text` is then only good for telling whether the file was meant as a manifest.
   */
  notText?: { offset: number; line: number; column: number; message: string } | undefined;
}

/** What validation made of one document. */
export interface DocumentReport {
  file: string;
  index: number;
  kind?: string | undefined;
  name?: string | undefined;
  /** `skipped`: another kind, or not a manifest at all; never fails a run. */
  status: "valid" | "invalid" | "skipped";
  /** Why a file was skipped without being read (a symbolic link leading out of the repository). */
  skipReason?: string | undefined;
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
  /**
   * The variables manifests may read through valueFromEnv (names and `PREFIX*` entries: the env-secrets input);
   * undefined checks only the variables no manifest may ever read.
   */
  envSecrets?: readonly string[] | undefined;
  /**
   * How the configured backend names stacks, so two manifests the backend would keep in one stack collide
   * (default: Pulumi Cloud's organization/project/stack, which tells the most apart).
   */
  stackNaming?: StackNaming;
}

/** Validates every document of every file, all findings reported at once. */
export function validateSources(
  sources: readonly SourceText[],
  options: ValidateOptions = {},
): ValidationReport {
  const classified = sources.flatMap((source) => validateFile(source, options));
  addCrossDocumentFindings(classified, options.stackNaming ?? "organization/project/stack");
  addEnvAccessFindings(classified, options.envSecrets);
  const documents = classified.map(({ report }) => report);
  // Rule messages quote manifest values; whatever a rule missed, no finding spans two lines of a log.
  for (const document of documents)
    for (const finding of document.findings) finding.message = singleLineMessage(finding.message);
  return { valid: documents.every((document) => document.status !== "invalid"), documents };
}

/** A report together with the source it came from, for positions of findings added later. */
interface Classified {
  report: DocumentReport;
  locate: SourceDocument["locate"];
  /** The manifest the rules ran on, valid or not, so one broken field does not hide its reference errors. */
  checked?: Manifest | undefined;
}

function validateFile(source: SourceText, options: ValidateOptions): Classified[] {
  if (source.notText) {
    // Never guessed at: Latin-1 read as UTF-8 would send U+FFFD to AWS in names and messages.
    const meant = options.unrelatedYaml !== "skip-unrelated" || source.text.includes(MANIFEST_KIND);
    const { line, column, message } = source.notText;
    const report: DocumentReport = {
      file: source.file,
      index: 0,
      status: meant ? "invalid" : "skipped",
      findings: meant
        ? [
            {
              severity: "error",
              rule: "file-encoding",
              message: `${message}: save the file as UTF-8 (or UTF-16 with a byte order mark)`,
              path: "",
              file: source.file,
              line,
              column,
            },
          ]
        : [],
    };
    return [{ report, locate: () => ({ line, column }) }];
  }
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
  return documents.map((document) => {
    let checked: Manifest | undefined;
    const report = classifyDocument(document, meantForUs, (manifest) => (checked = manifest));
    return { report, locate: document.locate, checked: report.manifest ?? checked };
  });
}

/** `keepChecked` receives the manifest of an AwsCognitoUserPool document whose rules failed. */
function classifyDocument(
  document: SourceDocument,
  meantForUs: boolean,
  keepChecked: (manifest: Manifest) => void,
): DocumentReport {
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
    if (result.ok)
      return { ...base, ...identity, status: "valid", findings: result.findings, manifest: result.value };
    const report: DocumentReport = { ...base, ...identity, status: "invalid", findings: result.findings };
    if (result.checked) keepChecked(result.checked);
    return report;
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
function addCrossDocumentFindings(classified: readonly Classified[], naming: StackNaming): void {
  const known = classified
    .map(({ report }) => report)
    .filter((report) => report.kind !== undefined && report.name !== undefined);
  const byStack = new Map<string, Classified[]>();
  for (const entry of classified) {
    const manifest = entry.report.manifest;
    if (entry.checked) {
      for (const { path, ref } of manifestReferences(entry.checked)) {
        const match = matchReference(ref, known);
        if ("ambiguous" in match) {
          // The first match would silently wire the pool to whichever environment comes first.
          addFinding(
            entry,
            path,
            "error",
            "value-from-ambiguous",
            ambiguousReferenceMessage(formatPath(path), ref, match.ambiguous),
          );
          entry.report.status = "invalid";
          delete entry.report.manifest;
        } else if ("missing" in match) {
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
    }
    // Invalid manifests count too: a collision found only once every other error is fixed is one more
    // round trip. Their stack comes from the manifest the rules ran on, or from metadata as written.
    const { report } = entry;
    if (report.kind !== MANIFEST_KIND || (manifest ?? entry.checked ?? report.name) === undefined) continue;
    const stack = backendStackName(
      stackIdentity(
        (manifest ?? entry.checked)?.metadata ?? { name: report.name ?? "", labels: report.labels },
      ),
      naming,
    );
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
        `this manifest and ${others.join(", ")} ${others.length === 1 ? "both" : "all"} deploy to the stack ${stack}${NAMING_NOTE[naming]}; give each its own pulumi.openmcf.org/stack.name label`,
      );
      entry.report.status = "invalid";
      delete entry.report.manifest;
    }
  }
  for (const { report } of classified) report.findings.sort(compareFindings);
}

/** Why two different labels can name one stack, said in the collision's message. */
const NAMING_NOTE: Record<StackNaming, string> = {
  "organization/project/stack": "",
  "project/stack":
    " (a self-managed backend has one organization, so the organization label does not tell stacks apart)",
  stack: " (a self-managed bucket on the legacy layout names stacks without organization or project)",
};

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

/** An error at each valueFromEnv field whose variable the manifest may not read; its manifest is then invalid. */
function addEnvAccessFindings(
  classified: readonly Classified[],
  allowed: readonly string[] | undefined,
): void {
  for (const entry of classified) {
    const manifest = entry.report.manifest ?? entry.checked;
    if (!manifest) continue;
    let refused = false;
    for (const { path, variable } of manifestEnvValues(manifest)) {
      const refusal = envVariableRefusal(variable, allowed);
      if (!refusal) continue;
      addFinding(entry, [...path, "valueFromEnv"], "error", refusal.rule, refusal.message);
      refused = true;
    }
    if (!refused) continue;
    entry.report.status = "invalid";
    delete entry.report.manifest;
    entry.report.findings.sort(compareFindings);
  }
}

/** A document a reference may point at: its kind, name, env and the labels that name its stack. */
export interface ReferenceCandidate {
  kind?: string | undefined;
  name?: string | undefined;
  env?: string | undefined;
  labels?: Record<string, string> | undefined;
}

/**
 * What a reference points at among `documents`: the one stack that answers it (same kind and name, and the
 * same env when the reference names one), none, or several. Documents on one stack are one answer (a file
 * seen at base and at head); documents on different stacks (dev/fn.yaml and prod/fn.yaml) are a choice the
 * reference must make with `env`, never a first match.
 */
export function matchReference<T extends ReferenceCandidate>(
  ref: ValueRef,
  documents: readonly T[],
): { found: T } | { missing: true } | { ambiguous: T[] } {
  const byStack = new Map<string, T>();
  for (const document of documents) {
    if (
      document.kind !== ref.kind ||
      document.name !== ref.name ||
      (ref.env !== undefined && document.env !== ref.env)
    )
      continue;
    const stack = stackIdentity({ name: document.name, labels: document.labels }).fullName;
    if (!byStack.has(stack)) byStack.set(stack, document);
  }
  const candidates = [...byStack.values()];
  if (candidates.length === 0) return { missing: true };
  return candidates.length === 1 ? { found: candidates[0]! } : { ambiguous: candidates };
}

/** The one document a reference points at, or undefined when there is none or the choice is ambiguous. */
export function findReferenceTarget<T extends ReferenceCandidate>(
  ref: ValueRef,
  documents: readonly T[],
): T | undefined {
  const match = matchReference(ref, documents);
  return "found" in match ? match.found : undefined;
}

/**
 * Why a reference answered by several manifests must choose: the candidates, each with its file and env, and
 * what to add to the valueFrom.
 */
export function ambiguousReferenceMessage(
  field: string,
  ref: ValueRef,
  candidates: readonly (ReferenceCandidate & { file?: string | undefined })[],
): string {
  const listed = candidates
    .map((candidate) => {
      const stack = stackIdentity({ name: candidate.name ?? "", labels: candidate.labels }).fullName;
      const env = candidate.env === undefined ? "no env" : `env ${candidate.env}`;
      return `${candidate.file ?? candidate.name ?? "?"} (${env}, stack ${stack})`;
    })
    .join(", ");
  const envs = [...new Set(candidates.map((candidate) => candidate.env))];
  const choose =
    envs.length === candidates.length && envs.every((env) => env !== undefined)
      ? `add env (${envs.map((env) => JSON.stringify(env)).join(" or ")}) to the valueFrom to say which`
      : "give each a distinct metadata.env and add that env to the valueFrom to say which";
  return `${field} refers to ${describeRef(ref)}, which ${candidates.length} manifests on different stacks answer: ${listed}; ${choose}`;
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
