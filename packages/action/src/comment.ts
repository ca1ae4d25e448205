// The sticky pull request comment: one per pull request and key, found by a hidden versioned marker among
// the comments the token's own identity wrote, edited in place, never duplicated.
import { createHash } from "node:crypto";
import type { GitHubApi, IssueComment } from "./github-api.ts";
import { httpStatus } from "./github-api.ts";

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
 * Our comment among `comments`: it carries the marker with this key and was written by `author` (the
 * token's identity). When the identity is unknown, only bot-written comments qualify; a person who pastes
 * the marker into a comment is never adopted.
 */
export function findOwnComment(
  comments: readonly IssueComment[],
  key: string,
  author: string | undefined,
): IssueComment | undefined {
  return comments.find(
    (comment) =>
      markerKey(comment.body) === key &&
      (author !== undefined ? comment.authorLogin === author : comment.authorType === "Bot"),
  );
}

/** What happened to the comment. */
export type CommentOutcome =
  | { status: "created" | "updated" | "unchanged"; url: string }
  | { status: "not-permitted"; httpStatus: number };

/**
 * Creates or updates the comment for `key` on `issue` with `body` (the marker is added here). An unchanged
 * body is not re-sent (no notification churn); a comment deleted in the meantime is created again. A token
 * that may not comment (fork pull requests, read-only permissions: 403, 404) is reported, not thrown.
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
    const existing = carriesMarker ? findOwnComment(comments, key, await api.viewerLogin()) : undefined;
    if (existing && existing.body === marked) return { status: "unchanged", url: existing.url };
    if (existing) {
      try {
        return { status: "updated", url: (await api.updateIssueComment(existing.id, marked)).url };
      } catch (error) {
        // Deleted between listing and editing: write it again.
        if (httpStatus(error) !== 404) throw error;
      }
    }
    return { status: "created", url: (await api.createIssueComment(issue, marked)).url };
  } catch (error) {
    const status = httpStatus(error);
    if (status === 403 || status === 404) return { status: "not-permitted", httpStatus: status };
    throw error;
  }
}
