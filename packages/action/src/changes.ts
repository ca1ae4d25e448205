// The manifests a run acts on: those changed in the pull request, merge group or push, paired base to head.
import { pairChangedManifests, referenceTargets } from "@cognito-action/provisioner";
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
  const changeSet = await changedFilesOf(
    range,
    session.git,
    session.github,
    context.pullRequest?.number,
    (message) => session.runner.info(message),
  );
  session.runner.debug(
    `changed files (${changeSet.source}): ${changeSet.files.map((file) => `${file.status} ${file.path}`).join(", ")}`,
  );
  const fileSet = new Set(files);
  const relevant = changeSet.files.filter((file) =>
    file.status === "deleted" ? matchesGlobs(file.path, inputs.manifests) : fileSet.has(file.path),
  );
  const base = validateRepository(await readBaseVersions(relevant, changeSet.readBase));
  const changes = pairChangedManifests(relevant, base, head);
  const manifests = head.documents.filter((document) => document.kind === MANIFEST_KIND).length;
  const baseFiles = new Set(relevant.map((file) => file.previousPath ?? file.path));
  // Unchanged files are the same on both sides, so the base side sees the head versions of them.
  const baseTargets = [
    ...referenceTargets(base),
    ...headTargets.filter(
      (target) => !baseFiles.has(target.file ?? "") && !relevant.some((file) => file.path === target.file),
    ),
  ];
  return {
    changes,
    base,
    scope: { base: baseTargets, head: headTargets, searchedIn },
    unchanged: manifests - changes.filter((change) => change.head).length,
    fromDiff: true,
  };
}

async function readBaseVersions(
  files: readonly ChangedFile[],
  readBase: (path: string) => Promise<string | undefined>,
) {
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
