// What a run changes: which files a pull request, merge queue entry or push changed (from git when both
// commits are in the checkout, fetching the base commit if the checkout allows, otherwise from the GitHub
// API), the manifests among them paired base to head, and every manifest at this commit as the stack it
// converges (its label, the backend's name for it, its digest).
import {
  changedFilesBetween,
  hasCommit,
  readFileAtRef,
  manifestFileChanges,
  pairChangedManifests,
  readBaseVersions,
  referenceScope,
  referenceTargets,
  engineStackName,
  manifestDigest,
} from "@cognito-action/provisioner";
import type { Git, ManifestChange, ReferenceScope } from "@cognito-action/provisioner";
import type { ChangeRange } from "../run/request.ts";
import { ActionFailure, ContextError } from "../run/errors.ts";
import { classifyGitHubError } from "../adapters/github-api.ts";
import type { GitHubApi } from "../adapters/github-api.ts";
import { IGNORED_DIRECTORIES, MANIFEST_KIND, stackIdentity, validateSources } from "@cognito-action/spec";
import type { ValidationReport, Manifest } from "@cognito-action/spec";
import picomatch from "picomatch";
import type { ChangeSet, Session } from "../run/types.ts";

/**
 * The files changed from `base` to `head`. Git is preferred (no API calls, no 3,000-file limit); the
 * pull request's file list from the API is the fallback for shallow checkouts that cannot fetch.
 */
export async function changedFilesOf(
  range: ChangeRange,
  git: Git,
  api: GitHubApi | undefined,
  pullRequest: number | undefined,
  log: (message: string) => void,
): Promise<ChangeSet> {
  if ((await hasCommit(git, range.base)) || (await fetchCommit(git, range.base, log))) {
    if (
      (await hasCommit(git, range.head)) ||
      (range.fromMergeBase && (await fetchCommit(git, range.head, log)))
    ) {
      // A pull request's own changes: from where its branch forked off, as GitHub lists them.
      const from = range.fromMergeBase ? await mergeBase(git, range.base, range.head) : range.base;
      return {
        files: await changedFilesBetween(git, from, range.head),
        readBase: (path) => readFileAtRef(git, range.base, path),
        readHead: (path) => readFileAtRef(git, range.head, path),
        source: "git",
      };
    }
  }
  if (api && pullRequest !== undefined) {
    log(
      `commits ${range.base.slice(0, 12)} and ${range.head.slice(0, 12)} are not both in the checkout; asking the GitHub API which files changed`,
    );
    const asked = <T>(what: string, request: Promise<T>) =>
      request.catch((error: unknown) => {
        throw githubFailure(what, error);
      });
    return {
      files: await asked(
        `list the files of pull request #${pullRequest}`,
        api.listPullRequestFiles(pullRequest),
      ),
      readBase: (path) => asked(`send ${path} at ${range.base.slice(0, 7)}`, api.fileAtRef(path, range.base)),
      readHead: (path) => asked(`send ${path} at ${range.head.slice(0, 7)}`, api.fileAtRef(path, range.head)),
      source: "api",
    };
  }
  throw new ContextError(
    `cannot tell which files changed: commit ${range.base} is not in the checkout and could not be fetched; check out with fetch-depth: 0 (actions/checkout) or give the action a github-token`,
  );
}

/** A GitHub API failure while finding the changes: nothing can be planned, and the run says why. */
function githubFailure(what: string, error: unknown): ActionFailure {
  const failure = classifyGitHubError(error);
  const status = failure.httpStatus === undefined ? "" : `HTTP ${failure.httpStatus}: `;
  return new ActionFailure(
    "plan-failed",
    `GitHub did not ${what} (${status}${failure.message.split("\n")[0]}), so nothing was planned${failure.kind === "not-permitted" ? "; the token needs contents: read and pull-requests: read" : ""}`,
    { cause: error },
  );
}

async function mergeBase(git: Git, base: string, head: string): Promise<string> {
  try {
    return (await git(["merge-base", base, head])).trim() || base;
  } catch {
    // Unrelated histories, or a shallow checkout without the fork point: compare with base itself.
    return base;
  }
}

/** A shallow checkout lacks the base commit; one more commit, without history, is enough to diff. */
async function fetchCommit(git: Git, sha: string, log: (message: string) => void): Promise<boolean> {
  if (!/^[0-9a-f]{40,64}$/i.test(sha)) return false;
  try {
    await git(["fetch", "--no-tags", "--no-recurse-submodules", "--depth=1", "origin", sha]);
    return await hasCommit(git, sha);
  } catch (error) {
    log(
      `could not fetch ${sha.slice(0, 12)}: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`,
    );
    return false;
  }
}

// The manifests a run acts on: those changed in the pull request, merge group or push, paired base to head.
/** The changed manifests with the base-side report. */
export interface ManifestChanges {
  changes: ManifestChange[];
  base: ValidationReport;
  scope: ReferenceScope;
  /** False for runs without a change range (schedule, manual): every manifest is in `changes`. */
  fromDiff: boolean;
}

/** Finds the changed manifests of this run; without a change range, every valid manifest counts. */
export async function findManifestChanges(session: Session): Promise<ManifestChanges> {
  const { context, head, files, inputs, range } = session;
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
  // Validated as the head was, so a base manifest reads the same as it did when it was the head.
  const base = validateSources(await readBaseVersions(relevant, changeSet.readBase), session.validation);
  const changes = pairChangedManifests(relevant, base, head);
  return {
    changes,
    base,
    scope: referenceScope(base, head, relevant, searchedIn),
    fromDiff: true,
  };
}

// What an apply converges to: every Cognito manifest at this run's commit, with its stack and digest.
/** A manifest at this commit, with the stack it deploys and the digest of what it asks for. */
export interface DesiredStack {
  name: string;
  file: string;
  /** The stack's label (org/project/stack). */
  stack: string;
  digest: string;
  /** The manifest takes over its stack even though another job or tool deployed it (`spec.adopt.stack`). */
  adoptsStack?: boolean;
}

/** A manifest at this commit with what converging its stack needs. */
export interface DesiredManifest extends DesiredStack {
  manifest: Manifest;
  /** The name the backend lists its stack under. */
  engineName: string;
  /** The stack as messages name it: its label, and the backend's name for it when that differs. */
  displayName: string;
}

/** Every manifest at this commit, with its stack and digest. */
export function desiredManifests(session: Session): DesiredManifest[] {
  const backend = session.backendUrl;
  return session.head.documents.flatMap((document) => {
    if (document.kind !== MANIFEST_KIND || !document.manifest) return [];
    const manifest = document.manifest;
    const identity = stackIdentity(manifest.metadata);
    const stack = identity.fullName;
    // A self-managed backend lists the stack under another name than its label: messages name both.
    const engineName = engineStackName(identity, backend);
    return [
      {
        name: document.name ?? manifest.metadata.name,
        file: document.file,
        stack,
        engineName,
        displayName: engineName === stack ? stack : `${stack} (${engineName} in the backend)`,
        digest: manifestDigest(manifest),
        adoptsStack: manifest.spec.adopt?.stack === true,
        manifest,
      },
    ];
  });
}

/** Whether a path (relative to the workspace) matches the globs: for files that no longer exist. */
export function matchesGlobs(path: string, globs: readonly string[]): boolean {
  return picomatch(globs as string[], { ignore: IGNORED_DIRECTORIES, dot: false })(path);
}
