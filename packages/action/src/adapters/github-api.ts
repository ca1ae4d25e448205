// The GitHub REST calls the action makes, behind one small interface so tests fake it at the seam.
// The implementation uses octokit with the retry and throttling plugins.
import { GitHub, getOctokitOptions } from "@actions/github/lib/utils";
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import type { ChangedFile } from "@cognito-action/provisioner";

/** A comment on an issue or pull request. */
export interface IssueComment {
  id: number;
  body: string;
  authorLogin: string;
  /** `User` or `Bot`. */
  authorType: string;
  url: string;
}

/** The pull request a commit belongs to. */
export interface CommitPullRequest {
  number: number;
  merged: boolean;
  /** The pull request's head commit (for a merged one, the commit it was merged at). */
  headSha?: string | undefined;
}

/** What the action asks of GitHub. */
export interface GitHubApi {
  /** The login of the token's identity (`github-actions[bot]` for the workflow token), if GitHub says. */
  viewerLogin(): Promise<string | undefined>;
  /** Every comment of an issue or pull request, all pages. */
  listIssueComments(issue: number): Promise<IssueComment[]>;
  createIssueComment(issue: number, body: string): Promise<IssueComment>;
  updateIssueComment(commentId: number, body: string): Promise<IssueComment>;
  deleteIssueComment(commentId: number): Promise<void>;
  /** The files a pull request changes, all pages (GitHub lists at most 3,000). */
  listPullRequestFiles(pullRequest: number): Promise<ChangedFile[]>;
  /** The text of a file at a commit, or undefined when it does not exist there. */
  fileAtRef(path: string, ref: string): Promise<string | undefined>;
  /** The pull requests a commit is part of (for a merge commit: the merged one). */
  pullRequestsForCommit(sha: string): Promise<CommitPullRequest[]>;
  /** How `head` relates to `base` (GitHub's compare: `ahead` when base is its ancestor). */
  compareCommits(base: string, head: string): Promise<"ahead" | "behind" | "identical" | "diverged">;
}

/** The HTTP status of a failed request, when there is one. */
export function httpStatus(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === "number" ? status : undefined;
}

/** Why a GitHub request failed, as far as what to tell the user goes. */
export interface GitHubFailure {
  /**
   * `not-permitted`: the token may not (403, 404: a fork's read-only token, missing permissions).
   * `rate-limited`: a primary or secondary rate limit that outlasted the retries.
   * `unavailable`: GitHub answered with a server error (5xx) or not at all.
   * `error`: anything else (422, …).
   */
  kind: "not-permitted" | "rate-limited" | "unavailable" | "error";
  httpStatus: number | undefined;
  message: string;
}

/** Classifies a failed request: a persisting rate limit is a rate limit, not a missing permission. */
export function classifyGitHubError(error: unknown): GitHubFailure {
  const status = httpStatus(error);
  const message = error instanceof Error ? error.message : String(error);
  const headers =
    (error as { response?: { headers?: Record<string, string | undefined> } } | null)?.response?.headers ??
    {};
  const kind: GitHubFailure["kind"] =
    status === 429 ||
    (status === 403 && (/rate limit/i.test(message) || headers["x-ratelimit-remaining"] === "0"))
      ? "rate-limited"
      : status === 403 || status === 404
        ? "not-permitted"
        : status === undefined || status >= 500
          ? "unavailable"
          : "error";
  return { kind, httpStatus: status, message };
}

/** How often a rate-limited request is tried again, and the longest wait for it. */
const RATE_LIMIT_RETRIES = 2;
const MAX_RATE_LIMIT_WAIT_SECONDS = 300;

interface Logger {
  warning(message: string): void;
}

/** The GitHub API through octokit, for `owner/repo`, at `baseUrl` (GITHUB_API_URL). */
export function octokitGitHubApi(
  token: string,
  owner: string,
  repo: string,
  baseUrl: string,
  log: Logger,
  /** Every request's fetch: the runner adapter gives each one a deadline. */
  fetchWithDeadline: typeof fetch,
): GitHubApi {
  const rateLimited = (
    limit: string,
    after: number,
    options: { method: string; url: string },
    retryCount: number,
  ): boolean => {
    const retry = retryCount < RATE_LIMIT_RETRIES && after <= MAX_RATE_LIMIT_WAIT_SECONDS;
    log.warning(
      `GitHub ${limit} on ${options.method} ${options.url}; ${retry ? `retrying in ${after} s` : "giving up"}`,
    );
    return retry;
  };
  const Octokit = GitHub.plugin(retry, throttling);
  const octokit = new Octokit(
    getOctokitOptions(token, {
      baseUrl,
      // Every request (REST and GraphQL) gets a deadline: a GitHub that accepts and never answers ends the call.
      request: { fetch: fetchWithDeadline },
      throttle: {
        // As octokit's throttling intends: it waits what GitHub says (retry-after for a secondary limit,
        // until x-ratelimit-reset for the primary one) when the handler says to retry. Twice at most, and
        // never longer than a few minutes, so a job gives up with the error rather than hang.
        onRateLimit: (
          after: number,
          options: { method: string; url: string },
          _octokit: unknown,
          retryCount: number,
        ) => rateLimited("rate limit", after, options, retryCount),
        onSecondaryRateLimit: (
          after: number,
          options: { method: string; url: string },
          _octokit: unknown,
          retryCount: number,
        ) => rateLimited("secondary rate limit", after, options, retryCount),
      },
    }),
  );
  const toComment = (comment: {
    id: number;
    body?: string | null;
    user?: { login: string; type: string } | null;
    html_url: string;
  }): IssueComment => ({
    id: comment.id,
    body: comment.body ?? "",
    authorLogin: comment.user?.login ?? "",
    authorType: comment.user?.type ?? "",
    url: comment.html_url,
  });
  const lookUpViewer = async () => {
    // GraphQL's viewer works for installation tokens (the workflow token), where GET /user is refused.
    try {
      const { viewer } = await octokit.graphql<{ viewer: { login: string } }>("query { viewer { login } }");
      return viewer.login;
    } catch {
      try {
        const { data } = await octokit.rest.users.getAuthenticated();
        return data.login;
      } catch {
        return undefined;
      }
    }
  };
  // Asked at most once per run.
  let viewer: Promise<string | undefined> | undefined;
  const viewerLogin = () => (viewer ??= lookUpViewer());
  return {
    viewerLogin,
    async listIssueComments(issue) {
      const comments = await octokit.paginate(octokit.rest.issues.listComments, {
        owner,
        repo,
        issue_number: issue,
        per_page: 100,
      });
      return comments.map(toComment);
    },
    async createIssueComment(issue, body) {
      const { data } = await octokit.rest.issues.createComment({ owner, repo, issue_number: issue, body });
      return toComment(data);
    },
    async updateIssueComment(commentId, body) {
      const { data } = await octokit.rest.issues.updateComment({ owner, repo, comment_id: commentId, body });
      return toComment(data);
    },
    async deleteIssueComment(commentId) {
      await octokit.rest.issues.deleteComment({ owner, repo, comment_id: commentId });
    },
    async listPullRequestFiles(pullRequest) {
      const files = await octokit.paginate(octokit.rest.pulls.listFiles, {
        owner,
        repo,
        pull_number: pullRequest,
        per_page: 100,
      });
      return files.flatMap((file): ChangedFile[] => {
        switch (file.status) {
          case "added":
          case "copied":
            return [{ status: "added", path: file.filename }];
          case "removed":
            return [{ status: "deleted", path: file.filename }];
          case "renamed":
            return [{ status: "renamed", path: file.filename, previousPath: file.previous_filename }];
          case "unchanged":
            return [];
          default:
            return [{ status: "modified", path: file.filename }];
        }
      });
    },
    async fileAtRef(path, ref) {
      try {
        const response = await octokit.rest.repos.getContent({
          owner,
          repo,
          path,
          ref,
          mediaType: { format: "raw" },
        });
        // With the raw media type the body is the file itself. Octokit decodes it as text only when the
        // content type says text or UTF-8; otherwise it hands over the bytes. A JSON listing means the path
        // is a directory.
        const data: unknown = response.data;
        if (typeof data === "string") return data;
        if (data instanceof ArrayBuffer) return new TextDecoder().decode(data);
        if (data instanceof Uint8Array) return new TextDecoder().decode(data);
        throw new Error(`${path} at ${ref} is not a file`);
      } catch (error) {
        if (httpStatus(error) === 404) return undefined;
        throw error;
      }
    },
    async pullRequestsForCommit(sha) {
      const { data } = await octokit.rest.repos.listPullRequestsAssociatedWithCommit({
        owner,
        repo,
        commit_sha: sha,
      });
      return data.map((pull) => ({
        number: pull.number,
        merged: pull.merged_at !== null && pull.merged_at !== undefined,
        headSha: pull.head?.sha,
      }));
    },
    async compareCommits(base, head) {
      const { data } = await octokit.rest.repos.compareCommitsWithBasehead({
        owner,
        repo,
        basehead: `${base}...${head}`,
        per_page: 1,
      });
      return data.status;
    },
  };
}
