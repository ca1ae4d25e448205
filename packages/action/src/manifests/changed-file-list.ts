// Which files a pull request, merge queue entry or push changed: from git when both commits are in the
// checkout (fetching the base commit if the checkout allows), otherwise from the GitHub API.
import { changedFilesBetween, readFileAtRef } from "@cognito-action/provisioner";
import type { ChangedFile, Git } from "@cognito-action/provisioner";
import type { ChangeRange } from "../run/context.ts";
import { ActionFailure, ContextError } from "../run/errors.ts";
import { classifyGitHubError } from "../adapters/github-api.ts";
import type { GitHubApi } from "../adapters/github-api.ts";

/** Changed files and a way to read the base and head version of each (as data: nothing is checked out). */
export interface ChangeSet {
  files: ChangedFile[];
  readBase: (path: string) => Promise<string | undefined>;
  readHead: (path: string) => Promise<string | undefined>;
  source: "git" | "api";
}

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

async function hasCommit(git: Git, sha: string): Promise<boolean> {
  if (!/^[0-9a-f]{7,64}$/i.test(sha)) return false;
  try {
    await git(["cat-file", "-e", `${sha}^{commit}`]);
    return true;
  } catch {
    return false;
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
