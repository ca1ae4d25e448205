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
import type { ChangedFile } from "../git-file-changes.ts";
import { mapWithConcurrency } from "../concurrency.ts";
import { resolveReference, resolveReferences } from "../references.ts";
import type { ReferenceTarget, StackOutputRef } from "../references.ts";
import type { ManifestPlan } from "../report/plan-report.ts";
import { synth } from "../synth.ts";
import { planChanges } from "./plan-changes.ts";
import { failedPlan } from "./plan-types.ts";
import type { Plan, PlanMessage } from "./plan-types.ts";

/** One manifest that changed: its base and head documents (either may be absent). */
export interface ManifestChange {
  name: string;
  file: string;
  fileChange: ChangedFile["status"];
  base?: DocumentReport | undefined;
  head?: DocumentReport | undefined;
}

/**
 * The AwsCognitoUserPool documents of the changed files, paired base to head by stack identity alone: a
 * document is the same manifest as before only when it deploys to the same stack, wherever it moved (a
 * renamed file, a document split out of a multi-document file, a changed metadata.name under the same stack
 * label). Anything else is a deletion of the base stack plus a creation of the head stack, even when git
 * calls the file a rename: planning it as an update would hide that the old stack and its users go.
 */
export function pairChangedManifests(
  changedFiles: readonly ChangedFile[],
  base: ValidationReport,
  head: ValidationReport,
): ManifestChange[] {
  const cognito = (report: ValidationReport, file: string) =>
    report.documents.filter((document) => document.file === file && document.kind === MANIFEST_KIND);
  const before = changedFiles.flatMap((file) =>
    file.status === "added"
      ? []
      : cognito(base, file.previousPath ?? file.path).map((document) => ({ document, file })),
  );
  const unpaired = new Set(before);
  const headChanges = changedFiles.map((file) =>
    (file.status === "deleted" ? [] : cognito(head, file.path)).map((document): ManifestChange => {
      const stack = stackOfDocument(document);
      const sameStack = [...unpaired].filter((candidate) => stackOfDocument(candidate.document) === stack);
      // Several base documents on one stack (a collision at base): the one in the same place wins.
      const match =
        sameStack.find((candidate) => candidate.document.file === document.file) ??
        sameStack.find((candidate) => candidate.document.name === document.name) ??
        sameStack[0];
      if (!match) {
        // Nothing at base deployed this stack: whatever git says about the file, the manifest is new.
        const fileChange = file.status === "renamed" ? "added" : file.status;
        return { name: document.name ?? "", file: file.path, fileChange, head: document };
      }
      unpaired.delete(match);
      return {
        name: document.name ?? match.document.name ?? "",
        file: file.path,
        fileChange: match.document.file === document.file ? file.status : "renamed",
        base: match.document,
        head: document,
      };
    }),
  );
  return changedFiles.flatMap((file, index) => [
    ...headChanges[index]!,
    ...before
      .filter((entry) => entry.file === file && unpaired.has(entry))
      .map(({ document }): ManifestChange => ({
        name: document.name ?? "",
        file: document.file,
        // The file git followed to a new name now holds other stacks: for this one, its manifest is deleted.
        fileChange: file.status === "renamed" ? "deleted" : file.status,
        base: document,
      })),
  ]);
}

function stackOfDocument(document: DocumentReport): string {
  return stackIdentity({ name: document.name ?? "", labels: document.labels }).fullName;
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
    const adoption = head?.manifest ? adoptedStackWarning(head.manifest) : undefined;
    if (adoption) plan.warnings.push(adoption);
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
 * The reviewer's notice that a manifest takes over an existing stack (`spec.adopt.stack`): the apply then
 * treats a stack deployed by someone else as its own, and deletes what in it the manifest does not declare.
 */
export function adoptedStackWarning(manifest: Manifest): PlanMessage | undefined {
  if (manifest.spec.adopt?.stack !== true) return undefined;
  const stack = stackIdentity(manifest.metadata).fullName;
  return {
    rule: "adopt-stack",
    message: `adopts existing stack ${stack}: the apply takes it over even though its tags do not record this repository and comment-key; anything in it the manifest does not declare is deleted, which needs allow-destroy and allow-replace`,
  };
}

/**
 * The base side was deployed from the base commit, so its references are read as they were there, and only
 * failing that (a target added since) at head: a target whose stack changed is not two answers. One that no
 * longer resolves still had some value: it gets a placeholder stack so the comparison can go on.
 */
function bestEffortReferences(manifest: Manifest, scope: ReferenceScope): StackOutputRef[] {
  return manifestReferences(manifest).map(({ path, ref }) => {
    const field = formatPath(path);
    const atBase = resolveReference(field, ref, scope.base, scope.searchedIn);
    if (typeof atBase !== "string") return atBase;
    const resolved = resolveReference(field, ref, scope.head, scope.searchedIn);
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
