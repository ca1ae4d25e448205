// Fitting a report into GitHub's limits: 65,536 characters for a comment, 1 MiB for a job summary. The
// essential part (status, destroyed pools, summary table, errors) always survives; details are cut on line
// boundaries, open <details> blocks are closed, and the cut is said out loud.
import type { RenderedReport } from "@cognito-action/provisioner";

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
