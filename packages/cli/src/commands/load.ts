// Reading manifests for synth and plan: the named file's AwsCognitoUserPool document, and the repository's
// documents that references may point at.
import { MANIFEST_KIND, manifestReferences } from "@cognito-action/spec";
import type { DocumentReport, Manifest, ValidationReport } from "@cognito-action/spec";
import { InputError, UsageError } from "../errors.ts";
import { readInputs, validateFiles } from "./validate.ts";

/** A manifest chosen from a file, with the validation report of that file. */
export interface LoadedManifest {
  document: DocumentReport & { manifest: Manifest };
  report: ValidationReport;
}

/** The manifest in `file` (choosing by `name` when the file holds several); invalid ones are reported. */
export function loadManifest(
  file: string,
  name: string | undefined,
  cwd: string,
): LoadedManifest | { invalid: ValidationReport; candidate?: DocumentReport | undefined } {
  const report = validateFiles(readInputs([file], cwd));
  const candidates = report.documents.filter(
    (document) => document.kind === MANIFEST_KIND && (name === undefined || document.name === name),
  );
  // A file meant as a manifest that does not parse (a tab, a duplicate key, Latin-1) has no kind to find: its
  // findings say what is wrong, as validate says it, rather than "no manifest".
  if (candidates.length === 0 && name === undefined && !report.valid)
    return { invalid: report, candidate: report.documents.find((document) => document.status === "invalid") };
  if (candidates.length === 0) {
    throw new InputError(
      `${file} has no ${MANIFEST_KIND} manifest${name === undefined ? "" : ` named ${JSON.stringify(name)}`}`,
    );
  }
  if (candidates.length > 1) {
    throw new UsageError(
      `${file} holds ${candidates.length} manifests (${candidates.map((document) => document.name).join(", ")}); choose one with --name`,
    );
  }
  const document = candidates[0]!;
  return document.manifest
    ? { document: document as LoadedManifest["document"], report }
    : { invalid: report, candidate: document };
}

/**
 * Every document under `paths` (default: the current directory), for resolving valueFrom references; none
 * are read when no manifest has a reference, so a repository's other YAML never slows down or breaks synth.
 */
export function loadReferenceTargets(
  paths: readonly string[],
  cwd: string,
  manifests: readonly (Manifest | undefined)[],
): ValidationReport {
  const needed = manifests.some(
    (manifest) => manifest !== undefined && manifestReferences(manifest).length > 0,
  );
  if (!needed) return { valid: true, documents: [] };
  return validateFiles(readInputs(paths, cwd));
}
