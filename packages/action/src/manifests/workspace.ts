// Finding and validating the repository's manifests.
import picomatch from "picomatch";
import {
  globYaml,
  IGNORED_DIRECTORIES,
  MANIFEST_KIND,
  readSource,
  validateSources,
} from "@cognito-action/spec";
import type { Finding, SourceText, StackNaming, ValidationReport } from "@cognito-action/spec";

/** The files matching the `manifests` globs in the workspace, relative to it. */
export function discoverManifestFiles(globs: readonly string[], workspace: string): string[] {
  return globYaml(globs, workspace);
}

/** Whether a path (relative to the workspace) matches the globs: for files that no longer exist. */
export function matchesGlobs(path: string, globs: readonly string[]): boolean {
  return picomatch(globs as string[], { ignore: IGNORED_DIRECTORIES, dot: false })(path);
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
  return validateSources(sources, {
    unrelatedYaml: "skip-unrelated",
    stackNaming: options.stackNaming ?? "organization/project/stack",
    envSecrets: options.envSecrets,
  });
}

/** Findings of the AwsCognitoUserPool documents (and unreadable files meant as one), in report order. */
export function manifestFindings(report: ValidationReport): Finding[] {
  return report.documents
    .filter((document) => document.kind === MANIFEST_KIND || document.status === "invalid")
    .flatMap((document) => document.findings);
}
