// Publishing a report: the job summary always, the pull request comment when there is a pull request and a
// token allowed to comment. Everything passes through secret redaction first.
import type { RenderedReport } from "@cognito-action/provisioner";
import { commentKey, upsertComment } from "./comment.ts";
import { classifyGitHubError } from "../adapters/github-api.ts";
import type { GitHubFailure } from "../adapters/github-api.ts";
import { commentBody, summaryBody } from "./body.ts";
import type { Session } from "../run/session.ts";

/** Writes the report to the job summary and, for `pullRequest`, to its sticky comment. Returns the comment URL. */
export async function publishReport(
  session: Session,
  report: RenderedReport,
  pullRequest: number | undefined,
): Promise<string | undefined> {
  const { context, inputs, runner, secrets } = session;
  const redacted = { essential: secrets.redact(report.essential), details: secrets.redact(report.details) };
  const footer = reportFooter(context.pullRequest?.headSha || context.sha, context.runUrl);
  await runner.appendSummary(summaryBody(redacted, footer));
  if (pullRequest === undefined || !inputs["comment-on-pr"]) return undefined;
  if (!session.github) {
    runner.warning("No github-token, so no pull request comment; the report is in the job summary.");
    return undefined;
  }
  const key = commentKey(inputs["comment-key"], inputs.manifests);
  const outcome = await upsertComment(
    session.github,
    pullRequest,
    key,
    commentBody(redacted, footer, context.runUrl),
  );
  if (outcome.status === "failed") {
    // The result stands (an apply's work is done, a plan is planned): a comment GitHub would not take is a
    // warning, and the report is in the job summary.
    runner.warning(commentFailureMessage(pullRequest, outcome.failure));
    return undefined;
  }
  runner.info(`Pull request comment ${outcome.status}: ${outcome.url}`);
  return outcome.url;
}

/** The warning for a comment that could not be written, saying why in the user's terms. */
export function commentFailureMessage(pullRequest: number, failure: GitHubFailure): string {
  const http = failure.httpStatus === undefined ? "" : `HTTP ${failure.httpStatus}: `;
  const reason = `${http}${failure.message.split("\n")[0]}`;
  const where = "The report is in the job summary.";
  switch (failure.kind) {
    case "not-permitted":
      return `The token may not comment on pull request #${pullRequest} (HTTP ${failure.httpStatus}): pull requests from forks get a read-only token, or the workflow lacks \`permissions: pull-requests: write\`. ${where}`;
    case "rate-limited":
      return `GitHub's rate limit outlasted the retries, so the comment on pull request #${pullRequest} was not written (${reason}); it may still show an earlier report. ${where}`;
    case "unavailable":
      return `GitHub did not accept the comment on pull request #${pullRequest} (${reason}), after retries; it may still show an earlier report. ${where}`;
    case "error":
      return `The comment on pull request #${pullRequest} could not be written (${reason}); it may still show an earlier report. ${where}`;
  }
}

/**
 * The merged pull request a pushed commit belongs to, which an apply reports to; undefined when the commit
 * belongs to no merged pull request (a direct push, or a commit that is also on an open pull request's
 * branch: that pull request's plan comment is not overwritten by an apply report).
 */
export async function mergedPullRequest(session: Session): Promise<number | undefined> {
  if (!session.github || !session.context.push) return undefined;
  try {
    const pulls = await session.github.pullRequestsForCommit(session.context.sha);
    return pulls.find((pull) => pull.merged)?.number;
  } catch (error) {
    session.runner.warning(
      `Could not find the pull request of ${session.context.sha.slice(0, 7)}: ${classifyGitHubError(error).message}`,
    );
    return undefined;
  }
}

/**
 * The last line of every report: which commit (a pull request's head, not the merge commit the runner
 * checks out), which run. Stable across re-runs of the same run.
 */
export function reportFooter(sha: string, runUrl: string): string {
  return `<sub>cognito-action · commit <code>${sha.slice(0, 7)}</code> · <a href="${runUrl}">workflow run</a></sub>`;
}
