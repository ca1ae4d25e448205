// The sticky pull request comment: one per pull request and key, found by a hidden versioned marker among
// the comments the token's own identity wrote, edited in place, never duplicated.
import { createHash } from "node:crypto";
import type { GitHubApi, IssueComment } from "../adapters/github-api.ts";
import { classifyGitHubError, httpStatus } from "../adapters/github-api.ts";
import type { GitHubFailure } from "../adapters/github-api.ts";

/** The marker's version; older versions are still recognised, and rewritten as this one. */
export const MARKER_VERSION = 1;
const MARKER = /^<!-- cognito-action v(\d+) (\{[^\n]*?\}) -->/;

/** The hidden first line of every comment this action writes. */
export function commentMarker(key: string): string {
  // `>` escaped as JSON allows, so a key containing `-->` cannot end the HTML comment early.
  const data = JSON.stringify({ key }).replace(/>/g, "\\u003e");
  return `<!-- cognito-action v${MARKER_VERSION} ${data} -->`;
}

/** The key of a marked comment body, or undefined when the body is not one of ours. */
export function markerKey(body: string): string | undefined {
  const match = MARKER.exec(body);
  if (!match) return undefined;
  try {
    const data = JSON.parse(match[2]!) as { key?: unknown };
    return typeof data.key === "string" ? data.key : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The comment key: the `comment-key` input, or a digest of the manifests globs, so two jobs covering
 * different manifests keep two comments, and the merge job finds the comment the pull request job wrote.
 */
export function commentKey(explicitKey: string, manifestGlobs: readonly string[]): string {
  if (explicitKey !== "") return explicitKey;
  return `manifests-${createHash("sha256").update(manifestGlobs.join("\n")).digest("hex").slice(0, 12)}`;
}

/**
 * Our comments among `comments`, oldest first: they carry the marker with this key and were written by
 * `author` (the token's identity). When the identity is unknown, no comment is ours: neither a person who
 * pastes the marker nor another bot that uses this action is ever adopted.
 */
export function ownComments(
  comments: readonly IssueComment[],
  key: string,
  author: string | undefined,
): IssueComment[] {
  if (author === undefined) return [];
  return comments
    .filter((comment) => markerKey(comment.body) === key && comment.authorLogin === author)
    .sort((a, b) => a.id - b.id);
}

/** Our comment among `comments` (the oldest, when a race left several), or undefined. */
export function findOwnComment(
  comments: readonly IssueComment[],
  key: string,
  author: string | undefined,
): IssueComment | undefined {
  return ownComments(comments, key, author)[0];
}

/** What happened to the comment. */
export type CommentOutcome =
  { status: "created" | "updated" | "unchanged"; url: string } | { status: "failed"; failure: GitHubFailure };

/**
 * Creates or updates the comment for `key` on `issue` with `body` (the marker is added here), and leaves
 * exactly one: the oldest of ours survives, any other (two runs at once, a retried create) is deleted. An
 * unchanged body is not re-sent (no notification churn); a comment deleted in the meantime is created
 * again. Failures are reported, not thrown: the caller decides what a missing comment means.
 */
export async function upsertComment(
  api: GitHubApi,
  issue: number,
  key: string,
  body: string,
): Promise<CommentOutcome> {
  const marked = `${commentMarker(key)}\n${body}`;
  try {
    const comments = await api.listIssueComments(issue);
    // Who we are is asked only when some comment carries our marker: the first run of a pull request never
    // needs it, and GitHub spaces that query and a following write a second apart.
    const carriesMarker = comments.some((comment) => markerKey(comment.body) === key);
    const [existing, ...extra] = carriesMarker ? ownComments(comments, key, await api.viewerLogin()) : [];
    if (existing) {
      const outcome = await updateComment(api, existing, marked);
      if (outcome) {
        await deleteComments(api, extra);
        return outcome;
      }
    }
    const created = await api.createIssueComment(issue, marked);
    return await keepOldest(api, issue, key, marked, created);
  } catch (error) {
    return { status: "failed", failure: classifyGitHubError(error) };
  }
}

/** Edits `existing` to `marked` unless it says that already; undefined when it was deleted meanwhile. */
async function updateComment(
  api: GitHubApi,
  existing: IssueComment,
  marked: string,
): Promise<CommentOutcome | undefined> {
  if (existing.body === marked) return { status: "unchanged", url: existing.url };
  try {
    return { status: "updated", url: (await api.updateIssueComment(existing.id, marked)).url };
  } catch (error) {
    if (httpStatus(error) === 404) return undefined;
    throw error;
  }
}

/**
 * After creating `created`: if another run created one for the same key at the same time, the oldest
 * survives with this run's body, and the others go. Which identity we are is known now for certain: the
 * author of the comment just created.
 */
async function keepOldest(
  api: GitHubApi,
  issue: number,
  key: string,
  marked: string,
  created: IssueComment,
): Promise<CommentOutcome> {
  const createdOutcome: CommentOutcome = { status: "created", url: created.url };
  let ours: IssueComment[];
  try {
    ours = ownComments(await api.listIssueComments(issue), key, created.authorLogin);
  } catch {
    // The comment is written; a second one, if any, goes on the next run (updates delete extras too).
    return createdOutcome;
  }
  if (!ours.some((comment) => comment.id === created.id))
    ours = [...ours, created].sort((a, b) => a.id - b.id);
  const [oldest, ...others] = ours;
  if (!oldest || oldest.id === created.id) {
    await deleteComments(api, others);
    return createdOutcome;
  }
  let updated: CommentOutcome | undefined;
  try {
    updated = await updateComment(api, oldest, marked);
  } catch {
    // The older one could not take this body now: keep the one just written, both go to the next run.
    return createdOutcome;
  }
  // The older one was deleted meanwhile: the one just written stays, and only the others go.
  await deleteComments(api, updated ? others : others.filter((comment) => comment.id !== created.id));
  return updated ?? createdOutcome;
}

/**
 * Deletes the extra comments, best effort: one already gone (another run deleted it) is fine, and one that cannot be
 * deleted now goes on the next run, which deletes every comment of ours but the oldest.
 */
async function deleteComments(api: GitHubApi, comments: readonly IssueComment[]): Promise<void> {
  for (const comment of comments) {
    try {
      await api.deleteIssueComment(comment.id);
    } catch {
      // see above
    }
  }
}
