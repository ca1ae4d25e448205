// From changed files to plans: pairs the base and head versions of each changed manifest, resolves their
// references, synthesizes both sides and compares them. Takes values, returns values; reading files and
// git happens in the callers.
import {
  formatPath,
  MANIFEST_KIND,
  manifestReferences,
  splitFieldPath,
  stackIdentity,
} from "@cognito-action/spec";
import type { DocumentReport, Manifest, SourceText, ValidationReport } from "@cognito-action/spec";
import type { ChangedFile } from "./changed-files.ts";
import { mapWithConcurrency } from "./concurrency.ts";
import { failedPlan, planChanges } from "./plan.ts";
import type { Plan } from "./plan.ts";
import { resolveReference, resolveReferences } from "./references.ts";
import type { ReferenceTarget, StackOutputRef } from "./references.ts";
import type { ManifestPlan } from "./report/plan-report.ts";
import { synth } from "./synth.ts";

/** One manifest that changed: its base and head documents (either may be absent). */
export interface ManifestChange {
  name: string;
  file: string;
  fileChange: ChangedFile["status"];
  base?: DocumentReport | undefined;
  head?: DocumentReport | undefined;
}

/**
 * The AwsCognitoUserPool documents of the changed files, paired base to head by file (following renames)
 * and metadata.name. A file that holds one manifest on each side pairs them even if the name changed.
 * What is left is paired across files by stack: a manifest moved to another file is the same stack.
 */
export function pairChangedManifests(
  changedFiles: readonly ChangedFile[],
  base: ValidationReport,
  head: ValidationReport,
): ManifestChange[] {
  const cognito = (report: ValidationReport, file: string | undefined) =>
    report.documents.filter((document) => document.file === file && document.kind === MANIFEST_KIND);
  const changes: ManifestChange[] = [];
  for (const file of changedFiles) {
    const before = file.status === "added" ? [] : cognito(base, file.previousPath ?? file.path);
    const after = file.status === "deleted" ? [] : cognito(head, file.path);
    const unpairedBefore = new Set(before);
    const unpairedAfter: DocumentReport[] = [];
    for (const document of after) {
      const match = before.find(
        (candidate) => unpairedBefore.has(candidate) && candidate.name === document.name,
      );
      if (match) unpairedBefore.delete(match);
      unpairedAfter.push(...(match ? [] : [document]));
      if (match)
        changes.push({
          name: document.name ?? match.name ?? "",
          file: file.path,
          fileChange: file.status,
          base: match,
          head: document,
        });
    }
    const leftBefore = [...unpairedBefore];
    if (leftBefore.length === 1 && unpairedAfter.length === 1) {
      changes.push({
        name: unpairedAfter[0]!.name ?? "",
        file: file.path,
        fileChange: file.status,
        base: leftBefore[0],
        head: unpairedAfter[0],
      });
    } else {
      for (const document of unpairedAfter)
        changes.push({ name: document.name ?? "", file: file.path, fileChange: file.status, head: document });
      for (const document of leftBefore)
        changes.push({
          name: document.name ?? "",
          file: file.previousPath ?? file.path,
          fileChange: file.status,
          base: document,
        });
    }
  }
  return pairMovedManifests(changes);
}

/**
 * A manifest that only lost its file (moved without git seeing a rename, or split out of a multi-document
 * file) deploys to the same stack as before: planning it as a deletion plus a creation would announce the
 * loss of every user. A removed and an added manifest on one stack are paired as a move.
 */
function pairMovedManifests(changes: readonly ManifestChange[]): ManifestChange[] {
  const stackOfDocument = (document: DocumentReport) =>
    stackIdentity({ name: document.name ?? "", labels: document.labels }).fullName;
  const removed = changes.filter((change) => change.base && !change.head);
  const movedFrom = new Map<ManifestChange, ManifestChange>();
  for (const added of changes.filter((change) => change.head && !change.base)) {
    const stack = stackOfDocument(added.head!);
    const origins = removed.filter((change) => stackOfDocument(change.base!) === stack);
    const origin = origins.length === 1 ? origins[0]! : undefined;
    if (origin && ![...movedFrom.values()].includes(origin)) movedFrom.set(added, origin);
  }
  const moved = new Set(movedFrom.values());
  return changes.flatMap((change) => {
    if (moved.has(change)) return [];
    const origin = movedFrom.get(change);
    return [origin ? { ...change, fileChange: "renamed" as const, base: origin.base } : change];
  });
}

/** Where references are looked up, for each side, and how to describe that place in messages. */
export interface ReferenceScope {
  base: readonly ReferenceTarget[];
  head: readonly ReferenceTarget[];
  searchedIn: string;
}

/** Plans each change, at most `parallel` at once. Failures become plans with errors; nothing throws. */
export async function planManifestChanges(
  changes: readonly ManifestChange[],
  scope: ReferenceScope,
  parallel: number,
): Promise<ManifestPlan[]> {
  return mapWithConcurrency(changes, parallel, async (change) => ({
    name: change.name,
    file: change.file,
    fileChange: change.fileChange,
    plan: await planOne(change, scope),
  }));
}

async function planOne(change: ManifestChange, scope: ReferenceScope): Promise<Plan> {
  const { base, head } = change;
  const stack = stackOf(head?.manifest ?? base?.manifest);
  if (head && !head.manifest) {
    return failedPlan(stack, [
      {
        rule: "invalid-manifest",
        message: `${head.file} is not a valid manifest; fix its validation errors to see the plan`,
      },
    ]);
  }
  const headRefs = head?.manifest
    ? resolveReferences(head.manifest, scope.head, scope.searchedIn)
    : { ok: true as const, value: [] };
  if (!headRefs.ok)
    return failedPlan(
      stack,
      headRefs.errors.map((message) => ({ rule: "value-from-unresolved", message })),
    );
  try {
    const [baseGraph, headGraph] = await Promise.all([
      base?.manifest
        ? synth(base.manifest, { references: bestEffortReferences(base.manifest, scope) })
        : undefined,
      head?.manifest ? synth(head.manifest, { references: headRefs.value }) : undefined,
    ]);
    const plan = planChanges(baseGraph, headGraph);
    if (base && !base.manifest) {
      plan.warnings.push({
        rule: "invalid-base",
        message: `the base version of ${base.file} was not a valid manifest, so every resource is planned as new`,
      });
    }
    return plan;
  } catch (error) {
    return failedPlan(stack, [
      { rule: "synth-failed", message: error instanceof Error ? error.message : String(error) },
    ]);
  }
}

/**
 * The base side was deployed from the base commit; a reference that no longer resolves there still has
 * some value. Unresolvable ones get a placeholder stack so the comparison can go on.
 */
function bestEffortReferences(manifest: Manifest, scope: ReferenceScope): StackOutputRef[] {
  return manifestReferences(manifest).map(({ path, ref }) => {
    const field = formatPath(path);
    const resolved = resolveReference(field, ref, [...scope.base, ...scope.head], scope.searchedIn);
    if (typeof resolved !== "string") return resolved;
    const output = splitFieldPath(ref.fieldPath) ?? { output: ref.fieldPath };
    return {
      path: field,
      ref,
      stack: `(unresolved ${ref.kind}/${ref.name})`,
      output: output.output,
      key: output.key,
    };
  });
}

function stackOf(manifest: Manifest | undefined): string {
  return manifest ? stackIdentity(manifest.metadata).fullName : "";
}

/** The reference targets of a validation report: every document with a kind and a name. */
export function referenceTargets(report: ValidationReport): ReferenceTarget[] {
  return report.documents.filter((document) => document.kind !== undefined && document.name !== undefined);
}

/** The base versions of the changed files (a renamed file at its old path; added files have none). */
export async function readBaseVersions(
  files: readonly ChangedFile[],
  readBase: (path: string) => Promise<string | undefined>,
): Promise<SourceText[]> {
  const sources = await Promise.all(
    files
      .filter((file) => file.status !== "added")
      .map(async (file) => {
        const path = file.previousPath ?? file.path;
        const text = await readBase(path);
        return text === undefined ? undefined : { file: path, text };
      }),
  );
  return sources.filter((source) => source !== undefined);
}

/**
 * Where references are looked up on each side. Unchanged files are the same at base and head, so the base
 * side sees the base versions of the changed files and the head versions of everything else.
 */
export function referenceScope(
  base: ValidationReport,
  head: ValidationReport,
  changedFiles: readonly ChangedFile[],
  searchedIn: string,
): ReferenceScope {
  const headTargets = referenceTargets(head);
  const changedPaths = new Set(changedFiles.flatMap((file) => [file.path, file.previousPath ?? file.path]));
  return {
    base: [
      ...referenceTargets(base),
      ...headTargets.filter((target) => !changedPaths.has(target.file ?? "")),
    ],
    head: headTargets,
    searchedIn,
  };
}

/** How many AwsCognitoUserPool manifests of `head` no change touches: counted in reports, never planned. */
export function unchangedManifests(head: ValidationReport, changes: readonly ManifestChange[]): number {
  const manifests = head.documents.filter((document) => document.kind === MANIFEST_KIND).length;
  return manifests - changes.filter((change) => change.head).length;
}
