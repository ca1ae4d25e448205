// The manifests a run acts on: those changed in the pull request, merge group or push, paired base to head.
import {
  pairChangedManifests,
  readBaseVersions,
  referenceScope,
  referenceTargets,
  unchangedManifests,
} from "@cognito-action/provisioner";
import type { ChangedFile, ManifestChange, ReferenceScope } from "@cognito-action/provisioner";
import { MANIFEST_KIND } from "@cognito-action/spec";
import type { ValidationReport } from "@cognito-action/spec";
import { changedFilesOf } from "./changed-files.ts";
import { changeRange } from "./context.ts";
import { matchesGlobs, validateRepository } from "./manifests.ts";
import type { Session } from "./session.ts";

/** The changed manifests with the base-side report, and how many manifests did not change. */
export interface ManifestChanges {
  changes: ManifestChange[];
  base: ValidationReport;
  scope: ReferenceScope;
  unchanged: number;
  /** False for runs without a change range (schedule, manual): every manifest is in `changes`. */
  fromDiff: boolean;
}

/** Finds the changed manifests of this run; without a change range, every valid manifest counts. */
export async function findManifestChanges(session: Session): Promise<ManifestChanges> {
  const { context, head, files, inputs } = session;
  const range = changeRange(context);
  const headTargets = referenceTargets(head);
  const searchedIn = `the files matching ${inputs.manifests.join(", ")}`;
  if (!range) {
    const changes = head.documents
      .filter((document) => document.kind === MANIFEST_KIND)
      .map((document): ManifestChange => ({
        name: document.name ?? "",
        file: document.file,
        fileChange: "modified",
        base: document,
        head: document,
      }));
    return {
      changes,
      base: head,
      scope: { base: headTargets, head: headTargets, searchedIn },
      unchanged: 0,
      fromDiff: false,
    };
  }
  const changeSet =
    session.changeSet ??
    (await changedFilesOf(range, session.git, session.github, context.pullRequest?.number, (message) =>
      session.runner.info(message),
    ));
  session.runner.debug(
    `changed files (${changeSet.source}): ${changeSet.files.map((file) => `${file.status} ${file.path}`).join(", ")}`,
  );
  const relevant = manifestFileChanges(changeSet.files, new Set(files), inputs.manifests);
  const base = validateRepository(await readBaseVersions(relevant, changeSet.readBase));
  const changes = pairChangedManifests(relevant, base, head);
  return {
    changes,
    base,
    scope: referenceScope(base, head, relevant, searchedIn),
    unchanged: unchangedManifests(head, changes),
    fromDiff: true,
  };
}

/**
 * The changes of manifest files, each side judged by the globs: a file renamed out of them (`git mv
 * auth.yaml auth.yaml.bak`, or into a folder the globs leave out) is a deletion of its old path, and one
 * renamed into them an addition, so a manifest leaving the globs is never dropped from the plan unseen.
 * `headFiles`: the files matching the globs at head; a deleted file is matched against the globs themselves.
 */
export function manifestFileChanges(
  changed: readonly ChangedFile[],
  headFiles: ReadonlySet<string>,
  globs: readonly string[],
): ChangedFile[] {
  return changed.flatMap((file): ChangedFile[] => {
    if (file.status === "deleted") return matchesGlobs(file.path, globs) ? [file] : [];
    const atHead = headFiles.has(file.path);
    if (file.status !== "renamed" || file.previousPath === undefined) return atHead ? [file] : [];
    const atBase = matchesGlobs(file.previousPath, globs);
    if (atHead && atBase) return [file];
    if (atBase) return [{ status: "deleted", path: file.previousPath }];
    return atHead ? [{ status: "added", path: file.path }] : [];
  });
}
