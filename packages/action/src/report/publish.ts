// Where a run reports: the job summary always; the pull request's one sticky comment (found by its marker,
// kept single, fitted to GitHub's limits) when there is a pull request and a token allowed to comment; the
// action's outputs; and, for an apply, the merged pull request's review, read before deciding. Everything
// passes through secret redaction first.
import { ActionFailure } from "../run/errors.ts";
import type { RenderedReport, ManifestPlan, ApplyResult, Review } from "@cognito-action/provisioner";
import { classifyGitHubError, httpStatus } from "../adapters/github-api.ts";
import type { GitHubFailure, GitHubApi, IssueComment } from "../adapters/github-api.ts";
import type { Session } from "../run/types.ts";
import { renderApplyReportParts, reviewedPlansIn } from "@cognito-action/provisioner";
import type { FailureReason } from "../run/errors.ts";

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
  const key = session.scope;
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
async function mergedPullRequest(session: Session): Promise<number | undefined> {
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

// The sticky pull request comment: one per pull request and key, found by a hidden versioned marker among
// the comments the token's own identity wrote, edited in place, never duplicated.
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

// Fitting a report into GitHub's limits: 65,536 characters for a comment, 1 MiB for a job summary. The
// essential part (status, destroyed pools, summary table, errors) always survives; details are cut on line
// boundaries, open <details> blocks are closed, and the cut is said out loud.
/** GitHub refuses comment bodies over 65,536 characters (HTTP 422). */
export const COMMENT_LIMIT = 65_536;
/** Room kept under the comment limit for the marker, the footer and characters counted differently. */
const COMMENT_HEADROOM = 1_536;
const CLOSE_TAG = "\n</details>";
/** GitHub's job summary limit, in bytes. */
export const SUMMARY_LIMIT_BYTES = 1024 * 1024;

/**
 * Joins the report parts and a footer into at most `limit` characters. Details are trimmed first; only a
 * report whose essential part alone is too long (thousands of failed manifests) has that part trimmed too,
 * from the end, so the status line, the destroyed pools and the start of the table remain.
 */
export function fitReport(
  report: RenderedReport,
  footer: string,
  limit: number,
  trimmedNote: (lines: number) => string,
): string {
  const whole = joinParts(report.essential, report.details, footer);
  if (whole.length <= limit) return whole;
  const room = limit - footer.length - trimmedNote(999_999).length - 64;
  const detailLines = report.details === "" ? 0 : report.details.split("\n").length;
  if (report.essential.length > room) {
    const essential = keepLines(report.essential, room);
    return joinParts(essential.text, trimmedNote(essential.cut + detailLines), footer);
  }
  const details = keepLines(report.details, room - report.essential.length);
  return joinParts(report.essential, `${details.text}\n\n${trimmedNote(details.cut)}`.trim(), footer);
}

/** The first lines of `text` that fit in `budget` characters, every <details> they open closed again. */
function keepLines(text: string, budget: number): { text: string; cut: number } {
  const lines = text.split("\n");
  const kept: string[] = [];
  let used = 0;
  let open = 0;
  for (const line of lines) {
    const opens = line.startsWith("<details>") ? 1 : 0;
    // Leave room to close every <details> still open after this line, or the footer would be swallowed.
    if (used + line.length + 1 + (open + opens) * CLOSE_TAG.length > budget) break;
    kept.push(line);
    used += line.length + 1;
    open += opens - (line.startsWith("</details>") ? 1 : 0);
  }
  const closed = [...kept, ...Array.from({ length: open }, () => CLOSE_TAG.trim())];
  return { text: closed.join("\n"), cut: lines.length - kept.length };
}

/** The comment body: trimmed to GitHub's comment limit, with room for the marker. */
export function commentBody(report: RenderedReport, footer: string, summaryUrl: string): string {
  return fitReport(
    report,
    footer,
    COMMENT_LIMIT - COMMENT_HEADROOM,
    (lines) =>
      `> [!NOTE]\n> ${lines} lines of the report did not fit in a comment (GitHub allows 65,536 characters). The full report is in the [job summary](${summaryUrl}).`,
  );
}

/** The job summary: the whole report unless it exceeds 1 MiB. */
export function summaryBody(report: RenderedReport, footer: string): string {
  // Characters are at most 4 bytes in UTF-8; a quarter of the byte limit is always safe, and usually we
  // fit the whole report well below it.
  const whole = joinParts(report.essential, report.details, footer);
  if (Buffer.byteLength(whole) <= SUMMARY_LIMIT_BYTES) return whole;
  return fitReport(
    report,
    footer,
    Math.floor(SUMMARY_LIMIT_BYTES / 4),
    (lines) => `> [!NOTE]\n> ${lines} lines of details did not fit in the job summary (1 MiB).`,
  );
}

function joinParts(...parts: string[]): string {
  return parts.filter((part) => part !== "").join("\n\n");
}

// The action's outputs, computed from the plans (pure), set in one place.
/** Output values for a set of plans. */
export function planOutputs(
  plans: readonly ManifestPlan[],
): Record<"has-changes" | "has-replacements" | "changed" | "plan", string> {
  const changed = plans.filter(({ plan }) => plan.changes.some((change) => change.action !== "unchanged"));
  return {
    "has-changes": String(changed.length > 0),
    changed: JSON.stringify(changed.map((entry) => entry.name)),
    ...planSummaryOutputs(plans),
  };
}

/** The plans as outputs, apart from what changes: each manifest's summary, and whether a pool is replaced. */
function planSummaryOutputs(plans: readonly ManifestPlan[]): Record<"has-replacements" | "plan", string> {
  return {
    "has-replacements": String(plans.some(({ plan }) => plan.changes.some((change) => change.destroysUsers))),
    plan: JSON.stringify(
      plans.map(({ name, file, plan }) => ({
        manifest: name,
        file,
        stack: plan.stack,
        ...plan.summary,
        failures: plan.errors.map((error) => error.message),
      })),
    ),
  };
}

// What acting on one stack came to, as one value per stack (a discriminated union, so every consumer handles
// every case), and how those values reach people: the report's lines, the stack outputs, the failure-reason.
/** Why a stack was refused before anything changed in it. */
export type RefusalCause =
  /** The guard: destruction or a security downgrade the workflow does not allow. */
  | "guard"
  /** require-reviewed-plan: the plan or destroy is not the one the merged pull request showed. */
  | "review"
  /** The stack is another job's or tool's (the provisioner's stack-origin.ts). */
  | "not-owned"
  /** Deployed from a commit this one cannot be ordered against. */
  | "unordered";

/** Why acting on a stack failed. */
export type FailureCause =
  /** The engine's preview failed or could not be trusted: nothing was changed. */
  | "plan"
  /** The update or destroy failed once it had started: the stack may have changed. */
  | "apply"
  /** Another update holds the stack's lock. */
  | "locked";

/** What acting on one stack came to. */
export type StackOutcome =
  | {
      kind: "applied";
      /** Stack outputs, secret ones with their values replaced. */
      outputs: Record<string, unknown>;
      /** client name → client secret, for the client-secrets output. */
      clientSecrets: Record<string, string>;
      /** The stack now records this manifest (its tags were set by this run). */
      recorded: boolean;
    }
  /** The engine planned no change: the stack already matches, and its record was brought up to date. */
  | { kind: "unchanged"; recorded: boolean }
  | { kind: "destroyed"; message?: string | undefined }
  /** Not acted on, and rightly so: up to date, or a newer commit deployed it. */
  | { kind: "skipped"; message: string }
  | { kind: "refused"; cause: RefusalCause; message: string }
  | { kind: "failed"; cause: FailureCause; message: string };

/** One stack's line in the run: the plan it was acted on with, what came of it, and the review's note. */
export interface StackResult {
  entry: ManifestPlan;
  outcome: StackOutcome;
  /** How the plan compares with the reviewed one, when there was a review to compare with. */
  review?: string | undefined;
}

/** The report's line for one stack. */
export function applyResultOf({ entry, outcome, review }: StackResult): ApplyResult {
  const line = (status: ApplyResult["status"], message?: string, outputs?: Record<string, unknown>) => ({
    name: entry.name,
    file: entry.file,
    stack: entry.plan.stack,
    status,
    plan: entry.plan,
    message,
    outputs,
    ...(review !== undefined ? { review } : {}),
  });
  switch (outcome.kind) {
    case "applied":
      return line("applied", undefined, outcome.outputs);
    case "unchanged":
      return line("skipped", "no changes: the deployed stack already matches; its record is updated");
    case "destroyed":
      return line("destroyed", outcome.message);
    case "skipped":
      return line("skipped", outcome.message);
    case "refused":
      return line("blocked", outcome.message);
    case "failed":
      return line(outcome.cause === "locked" ? "locked" : "failed", outcome.message);
  }
}

/** The stack-outputs and client-secrets outputs, from the stacks that were applied. */
export function stackOutputsOf(
  results: readonly StackResult[],
): Record<"stack-outputs" | "client-secrets", string> {
  const stackOutputs: Record<string, unknown> = {};
  const clientSecrets: Record<string, Record<string, string>> = {};
  const applied = results.flatMap(({ entry, outcome }) =>
    outcome.kind === "applied" ? [{ name: entry.name, stack: entry.plan.stack, outcome }] : [],
  );
  const keys = outputKeys(applied);
  applied.forEach(({ outcome }, index) => {
    stackOutputs[keys[index]!] = outcome.outputs;
    if (Object.keys(outcome.clientSecrets).length > 0) clientSecrets[keys[index]!] = outcome.clientSecrets;
  });
  // Every client secret is registered as a secret already, so the runner masks it wherever it appears.
  return { "stack-outputs": JSON.stringify(stackOutputs), "client-secrets": JSON.stringify(clientSecrets) };
}

/**
 * The key of each result in the stack-outputs and client-secrets outputs: its manifest name, or
 * `name@stack` (the stack as the engine's plan names it) for a name several manifests share (dev and prod of
 * one pool), so no stack hides another.
 */
export function outputKeys(results: readonly Pick<ApplyResult, "name" | "stack">[]): string[] {
  const count = new Map<string, number>();
  for (const { name } of results) count.set(name, (count.get(name) ?? 0) + 1);
  return results.map(({ name, stack }) => (count.get(name)! > 1 ? `${name}@${stack}` : name));
}

/** The run's failure-reason, most urgent first, or none when every stack went through. */
export function failureReason(outcomes: readonly StackOutcome[]): FailureReason | undefined {
  const refused = (cause: RefusalCause) =>
    outcomes.some((outcome) => outcome.kind === "refused" && outcome.cause === cause);
  const failed = (cause: FailureCause) =>
    outcomes.some((outcome) => outcome.kind === "failed" && outcome.cause === cause);
  // First: a manifest pointed at someone else's stack is what a reviewer must hear about before anything else.
  if (refused("not-owned")) return "stack-not-owned";
  if (failed("locked")) return "locked";
  if (failed("plan")) return "plan-failed";
  if (failed("apply")) return "apply-failed";
  if (refused("review")) return "plan-changed";
  if (refused("guard") || refused("unordered")) return "replacement-blocked";
  return undefined;
}

/** Whether the stack did not go through (refused or failed): what the failure message counts. */
function didNotApply(outcome: StackOutcome): boolean {
  return outcome.kind === "refused" || outcome.kind === "failed";
}

/** Publishes the apply's report (merged pull request, else job summary) and sets comment-url. */
async function publishApplyReport(
  session: Session,
  results: readonly ApplyResult[],
  pullRequest: number | undefined,
  blocked: string | undefined,
): Promise<void> {
  const report = renderApplyReportParts({
    results: [...results],
    findings: session.findings,
    blockedBeforeEngine: blocked,
  });
  const url = await publishReport(session, report, pullRequest);
  if (url) session.runner.setOutput("comment-url", url);
}

// Reading the review a merge is checked against: this job's own comment on the merged pull request, and the
// head commit GitHub says the pull request was merged at.
/** What this job's comment on the merged pull request showed, with the head commit GitHub merged. */
async function readReview(session: Session, pullRequest: number): Promise<Review | undefined> {
  const github = session.github;
  if (!github) return undefined;
  try {
    const comments = await github.listIssueComments(pullRequest);
    const key = session.scope;
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

/** Why a run failed before or instead of acting on every stack, as the report and the failure say it. */
export interface ApplyFailure {
  reason: FailureReason;
  message: string;
  /** Refused before any engine call: the report leads with this text. */
  blockedBeforeEngine?: string;
  cause?: unknown;
}

/**
 * Where an apply, a destroy or a plan reports: the job summary, the outputs and, for a push, the pull request
 * it merged. Opened once before anything is decided (the merged pull request found, its review read); the
 * report is written through it once, at the end, and the outputs are set then, once.
 */
export interface ApplyReport {
  /** The merged pull request of a push; undefined otherwise, or when GitHub does not say. */
  pullRequest: number | undefined;
  /** What this job's comment on it showed, to check the apply against. */
  review: Review | undefined;
  /**
   * Publishes `results` and sets the outputs: the plans' summary; what changes (`decided`'s, or the plans'
   * when nothing was decided); the stacks' own outputs. Then fails the run as the worst outcome says.
   */
  publish(
    results: readonly StackResult[],
    decided?: { changed: readonly string[]; hasChanges: boolean },
  ): Promise<void>;
  /** Publishes `results` of a run that stopped before acting (with the plans' outputs), and fails it. */
  refuse(results: readonly StackResult[], failure: ApplyFailure): Promise<never>;
}

/**
 * Opens the report of a run that acts on `plans` (the pushed range's, or a destroy's): `merged` finds the pull
 * request a push merged and reads its review.
 */
export async function openApplyReport(
  session: Session,
  plans: readonly ManifestPlan[],
  merged: boolean,
): Promise<ApplyReport> {
  const pullRequest = merged ? await mergedPullRequest(session) : undefined;
  const review = pullRequest !== undefined ? await readReview(session, pullRequest) : undefined;
  return {
    pullRequest,
    review,
    publish: async (results, decided) => {
      setOutputs(session, {
        ...(decided
          ? {
              ...planSummaryOutputs(plans),
              changed: JSON.stringify(decided.changed),
              "has-changes": String(decided.hasChanges),
            }
          : planOutputs(plans)),
        ...stackOutputsOf(results),
      });
      await publishApplyReport(session, results.map(applyResultOf), pullRequest, undefined);
      const outcomes = results.map(({ outcome }) => outcome);
      const reason = failureReason(outcomes);
      if (reason)
        throw new ActionFailure(
          reason,
          `${outcomes.filter(didNotApply).length} of ${results.length} stacks did not apply; see the report`,
        );
    },
    refuse: async (results, failure) => {
      setOutputs(session, planOutputs(plans));
      await publishApplyReport(session, results.map(applyResultOf), pullRequest, failure.blockedBeforeEngine);
      throw new ActionFailure(
        failure.reason,
        failure.message,
        failure.cause === undefined ? undefined : { cause: failure.cause },
      );
    },
  };
}

function setOutputs(session: Session, outputs: Readonly<Record<string, string>>): void {
  for (const [name, value] of Object.entries(outputs)) session.runner.setOutput(name, value);
}
