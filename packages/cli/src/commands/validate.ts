import { findYamlFiles, NothingMatchedError, readSources, validateSources } from "@cognito-action/spec";
import type { SourceText, ValidationReport } from "@cognito-action/spec";
import { InputError } from "../errors.ts";
import { formatGithub, formatJson, formatText, passes } from "../format-validation.ts";
import type { ValidateFormat } from "../format-validation.ts";
import { stylesFor } from "../io.ts";
import { repositoryRoot, selectionOf } from "../selection.ts";
import type { Selection } from "../selection.ts";
import type { CliIo } from "../io.ts";

export interface ValidateOptions {
  paths: string[];
  format: ValidateFormat;
  strict: boolean;
}

/** `cognito-action validate`: exit 0 when valid, 1 with errors (or warnings under --strict). */
export function validateCommand(options: ValidateOptions, io: CliIo): number {
  const selection = selectionOf(options.paths, io.cwd, repositoryRoot(io.cwd));
  const outside: string[] = [];
  const checked = validateFiles(readSelected(findSelectedFiles(selection, outside), selection.root));
  // A link out of the repository is never followed, and the report says so: a file that seems to be
  // validated and is not would be worse than an error.
  const report: ValidationReport = {
    ...checked,
    documents: [
      ...checked.documents,
      ...outside.map((file) => ({
        file,
        index: 0,
        status: "skipped" as const,
        skipReason: "a symbolic link leading out of the repository, not followed",
        findings: [],
      })),
    ],
  };
  const output =
    options.format === "json"
      ? formatJson(report, options.strict)
      : options.format === "github"
        ? formatGithub(report)
        : formatText(report, options.strict, stylesFor(io));
  io.stdout(output);
  return passes(report, options.strict) ? 0 : 1;
}

/**
 * Validates as the action does: the CLI acts only on Cognito manifests, so other YAML (Helm charts, workflow
 * files, templates) is skipped and counted, even when it does not parse, unless its text names
 * AwsCognitoUserPool (then it was meant as a manifest and its problems are errors).
 */
export function validateFiles(sources: readonly SourceText[]): ValidationReport {
  return validateSources(sources, { unrelatedYaml: "skip-unrelated" });
}

/**
 * Files for the given paths and patterns, read, named relative to the repository root; a path that matches
 * nothing or cannot be read is an input error.
 */
export function readInputs(paths: readonly string[], cwd: string) {
  const selection = selectionOf(paths, cwd, repositoryRoot(cwd));
  return readSelected(findSelectedFiles(selection), selection.root);
}

/** The YAML files the selection chooses on disk, relative to its root; each argument must match something. */
export function findSelectedFiles(selection: Selection, outside?: string[]): string[] {
  try {
    return findYamlFiles(
      selection.entries.map((entry) => entry.rooted),
      selection.root,
      outside,
    );
  } catch (error) {
    if (error instanceof NothingMatchedError) {
      // Named as the user typed it, not as it reads from the root.
      const given = selection.entries.find((entry) => entry.rooted === error.pattern)?.given ?? error.pattern;
      throw new InputError(new NothingMatchedError(given).message, { cause: error });
    }
    throw error;
  }
}

/** Reads files relative to `root`; one that cannot be read is an input error naming it. */
export function readSelected(files: readonly string[], root: string) {
  try {
    return readSources(files, root);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const path = (error as NodeJS.ErrnoException).path;
    if (code !== undefined)
      throw new InputError(`cannot read ${path ?? "a file"}: ${code}`, { cause: error });
    throw error;
  }
}
