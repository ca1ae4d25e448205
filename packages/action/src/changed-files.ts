// Which files a pull request, merge queue entry or push changed: from git when both commits are in the
// checkout (fetching the base commit if the checkout allows), otherwise from the GitHub API.
import { changedFilesBetween, readFileAtRef } from "@cognito-action/provisioner";
import type { ChangedFile, Git } from "@cognito-action/provisioner";
import { ContextError } from "./errors.ts";
import type { GitHubApi } from "./github-api.ts";

/** Changed files and a way to read the base version of each. */
export interface ChangeSet {
  files: ChangedFile[];
  readBase: (path: string) => Promise<string | undefined>;
  source: "git" | "api";
}

/**
 * The files changed from `base` to `head`. Git is preferred (no API calls, no 3,000-file limit); the
 * pull request's file list from the API is the fallback for shallow checkouts that cannot fetch.
 */
export async function changedFilesOf(
  range: { base: string; head: string },
  git: Git,
  api: GitHubApi | undefined,
  pullRequest: number | undefined,
  log: (message: string) => void,
): Promise<ChangeSet> {
  if ((await hasCommit(git, range.base)) || (await fetchCommit(git, range.base, log))) {
    if (await hasCommit(git, range.head)) {
      return {
        files: await changedFilesBetween(git, range.base, range.head),
        readBase: (path) => readFileAtRef(git, range.base, path),
        source: "git",
      };
    }
  }
  if (api && pullRequest !== undefined) {
    log(
      `base commit ${range.base.slice(0, 12)} is not in the checkout; asking the GitHub API which files changed`,
    );
    return {
      files: await api.listPullRequestFiles(pullRequest),
      readBase: (path) => api.fileAtRef(path, range.base),
      source: "api",
    };
  }
  throw new ContextError(
    `cannot tell which files changed: commit ${range.base} is not in the checkout and could not be fetched; check out with fetch-depth: 0 (actions/checkout) or give the action a github-token`,
  );
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
