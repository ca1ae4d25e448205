// Reading the review a merge is checked against: this job's own comment on the merged pull request, and the
// head commit GitHub says the pull request was merged at.
import { commentKey, findOwnComment, markerKey } from "../report/comment.ts";
import { reviewedPlansIn } from "./reviewed-plan.ts";
import type { Review } from "./reviewed-plan.ts";
import type { Session } from "../run/session.ts";

/** What this job's comment on the merged pull request showed, with the head commit GitHub merged. */
export async function readReview(session: Session, pullRequest: number): Promise<Review | undefined> {
  const github = session.github;
  if (!github) return undefined;
  try {
    const comments = await github.listIssueComments(pullRequest);
    const key = commentKey(session.inputs["comment-key"], session.inputs.manifests);
    // Only our own comment counts: a marker pasted by someone else must not pass for a review.
    const own = comments.some((comment) => markerKey(comment.body) === key)
      ? findOwnComment(comments, key, await github.viewerLogin())
      : undefined;
    const reviewed = own ? reviewedPlansIn(own.body) : undefined;
    if (!reviewed) return undefined;
    // The review binds the commit it planned: a push after the last comment is not what was reviewed.
    const pulls = await github.pullRequestsForCommit(session.context.sha);
    const mergedHead = pulls.find((pull) => pull.number === pullRequest)?.headSha;
    return { pullRequest, reviewed, mergedHead };
  } catch (error) {
    session.runner.warning(
      `Could not read the reviewed plan of #${pullRequest}: ${error instanceof Error ? error.message : String(error)}`,
    );
    return undefined;
  }
}
