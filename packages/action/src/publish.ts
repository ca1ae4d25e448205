// Publishing a report: the job summary always, the pull request comment when there is a pull request and a
// token allowed to comment. Everything passes through secret redaction first.
import type { RenderedReport } from "@cognito-action/provisioner";
import { commentKey, upsertComment } from "./comment.ts";
import { commentBody, summaryBody } from "./report-body.ts";
import type { Session } from "./session.ts";

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
  if (outcome.status === "not-permitted") {
    runner.warning(
      `The token may not comment on pull request #${pullRequest} (HTTP ${outcome.httpStatus}): pull requests from forks get a read-only token, or the workflow lacks \`permissions: pull-requests: write\`. The report is in the job summary.`,
    );
    return undefined;
  }
  runner.info(`Pull request comment ${outcome.status}: ${outcome.url}`);
  return outcome.url;
}

/**
 * The last line of every report: which commit (a pull request's head, not the merge commit the runner
 * checks out), which run. Stable across re-runs of the same run.
 */
export function reportFooter(sha: string, runUrl: string): string {
  return `<sub>cognito-action · commit <code>${sha.slice(0, 7)}</code> · <a href="${runUrl}">workflow run</a></sub>`;
}
