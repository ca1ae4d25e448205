// The repository's manifests in the workspace: found by the globs, read, validated with the action's
// tolerance, and their findings annotated on their lines.
import { globYaml, MANIFEST_KIND, readSource, validateSources } from "@cognito-action/spec";
import type {
  Finding,
  SourceText,
  StackNaming,
  ValidateOptions,
  ValidationReport,
} from "@cognito-action/spec";

/** The files matching the `manifests` globs in the workspace, relative to it. */
export function discoverManifestFiles(globs: readonly string[], workspace: string): string[] {
  return globYaml(globs, workspace);
}

/** Reads files from the workspace, UTF-16 with a byte order mark too; other non-UTF-8 bytes are findings. */
export function readWorkspaceFiles(files: readonly string[], workspace: string): SourceText[] {
  return files.map((file) => readSource(file, workspace));
}

/**
 * Validates with the action's tolerance: YAML that never mentions AwsCognitoUserPool (Helm templates,
 * workflows) is skipped even when it does not parse, so unrelated files never fail a pull request. Stacks
 * collide as the configured backend names them (`stackNaming`); `envSecrets` are the variables (names,
 * `PREFIX*`) the workflow lets manifests read through valueFromEnv.
 */
export function validateRepository(
  sources: readonly SourceText[],
  options: { stackNaming?: StackNaming; envSecrets?: readonly string[] } = {},
): ValidationReport {
  return validateSources(sources, repositoryValidation(options));
}

/** The options validateRepository validates with, for the base versions an apply or preview reads later. */
export function repositoryValidation(
  options: { stackNaming?: StackNaming; envSecrets?: readonly string[] } = {},
): ValidateOptions {
  return {
    unrelatedYaml: "skip-unrelated",
    stackNaming: options.stackNaming ?? "organization/project/stack",
    envSecrets: options.envSecrets,
  };
}

/** Findings of the AwsCognitoUserPool documents (and unreadable files meant as one), in report order. */
export function manifestFindings(report: ValidationReport): Finding[] {
  return report.documents
    .filter((document) => document.kind === MANIFEST_KIND || document.status === "invalid")
    .flatMap((document) => document.findings);
}

// Validation findings as workflow annotations, so they show on the changed lines of the pull request.
/** Where the runner's annotation commands go. */
export interface Annotator {
  error(message: string, properties?: AnnotationProperties): void;
  warning(message: string, properties?: AnnotationProperties): void;
  info(message: string): void;
}

export interface AnnotationProperties {
  title: string;
  file: string;
  startLine: number;
  startColumn: number;
}

/** GitHub shows at most 10 annotations of each kind per step; more would only be dropped silently. */
export const MAX_ANNOTATIONS_PER_SEVERITY = 10;

/**
 * Annotates findings on their files (paths relative to the repository root) and lines; those beyond the
 * per-step limit are written to the log instead, so none is lost.
 */
export function annotateFindings(
  findings: readonly Finding[],
  annotator: Annotator,
  redact: (text: string) => string,
): void {
  const counts = { error: 0, warning: 0 };
  for (const finding of findings) {
    const message = redact(`${finding.message} [${finding.rule}]`);
    if (counts[finding.severity]++ < MAX_ANNOTATIONS_PER_SEVERITY) {
      annotator[finding.severity](message, {
        title: `cognito-action: ${finding.rule}`,
        file: finding.file,
        startLine: finding.line,
        startColumn: finding.column,
      });
    } else {
      annotator.info(`${finding.file}:${finding.line}:${finding.column}: ${finding.severity}: ${message}`);
    }
  }
}
