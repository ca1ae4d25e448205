// The manifests a run acts on: those changed in the pull request, merge group or push, paired base to head.
import {
  manifestFileChanges,
  pairChangedManifests,
  readBaseVersions,
  referenceScope,
  referenceTargets,
  unchangedManifests,
} from "@cognito-action/provisioner";
import type { ManifestChange, ReferenceScope } from "@cognito-action/provisioner";
import { MANIFEST_KIND } from "@cognito-action/spec";
import type { ValidationReport } from "@cognito-action/spec";
import { changedFilesOf } from "./changed-file-list.ts";
import { changeRange } from "../run/context.ts";
import { matchesGlobs, validateRepository } from "./workspace.ts";
import type { Session } from "../run/session.ts";

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
  const fileSet = new Set(files);
  // Each side of a rename by the globs: a manifest renamed out of them is a deletion, never dropped unseen.
  const relevant = manifestFileChanges(
    changeSet.files,
    (path) => fileSet.has(path),
    (path) => matchesGlobs(path, inputs.manifests),
  );
  const base = validateRepository(await readBaseVersions(relevant, changeSet.readBase), {
    stackNaming: session.stackNaming,
    envSecrets: inputs["env-secrets"],
  });
  const changes = pairChangedManifests(relevant, base, head);
  return {
    changes,
    base,
    scope: referenceScope(base, head, relevant, searchedIn),
    unchanged: unchangedManifests(head, changes),
    fromDiff: true,
  };
}
