import { describe, expect, it } from "vitest";
import type { RenderedReport } from "@cognito-action/provisioner";
import {
  COMMENT_LIMIT,
  commentBody,
  fitReport,
  SUMMARY_LIMIT_BYTES,
  summaryBody,
} from "../src/report/publish.ts";

const FOOTER =
  '<sub>cognito-action · commit <code>abcdef0</code> · <a href="https://run">workflow run</a></sub>';
const SUMMARY_URL = "https://github.com/acme/identity/actions/runs/42";
const COMMENT_BUDGET = COMMENT_LIMIT - 1_536;

const ESSENTIAL = [
  "### Cognito plan: ⚠️ 1 user pool destroyed",
  "> [!CAUTION]\n> prod-auth is replaced",
  "| Manifest | Stack | Create | Update | Replace | Delete |\n|---|---|---|---|---|---|\n| prod-auth | acme/platform/prod | 0 | 0 | 1 | 0 |",
].join("\n\n");

/** A details block holding a table of `rows` lines. */
function detailsTable(summary: string, rows: number, cell = "property"): string {
  return [
    "<details>",
    `<summary>${summary}</summary>`,
    "",
    "| # | Property | Before | After |",
    "|---|---|---|---|",
    ...Array.from({ length: rows }, (_, index) => `| ${index} | ${cell}.${index} | \`old\` | \`new\` |`),
    "</details>",
  ].join("\n");
}

function count(text: string, fragment: string): number {
  return text.split(fragment).length - 1;
}

describe("commentBody", () => {
  it("leaves a report under the limit untouched", () => {
    const report: RenderedReport = { essential: ESSENTIAL, details: detailsTable("prod-auth", 20) };
    expect(commentBody(report, FOOTER, SUMMARY_URL)).toBe(`${ESSENTIAL}\n\n${report.details}\n\n${FOOTER}`);
  });

  it("omits an empty details part", () => {
    expect(commentBody({ essential: ESSENTIAL, details: "" }, FOOTER, SUMMARY_URL)).toBe(
      `${ESSENTIAL}\n\n${FOOTER}`,
    );
  });

  describe("an oversized report", () => {
    const details = detailsTable("prod-auth: 5,000 properties", 5_000);
    const report: RenderedReport = { essential: ESSENTIAL, details };
    const body = commentBody(report, FOOTER, SUMMARY_URL);
    const detailLines = details.split("\n");

    it("is larger than a comment may be to begin with", () => {
      expect(details.length).toBeGreaterThan(COMMENT_LIMIT);
    });

    it("fits the comment limit with room for the marker", () => {
      expect(body.length).toBeLessThanOrEqual(COMMENT_BUDGET);
    });

    it("keeps the essential part whole, first, and the footer last", () => {
      expect(body.startsWith(`${ESSENTIAL}\n\n`)).toBe(true);
      expect(body.endsWith(`\n\n${FOOTER}`)).toBe(true);
    });

    it("cuts at a line boundary", () => {
      const kept = body.slice(ESSENTIAL.length + 2, body.indexOf("\n</details>\n\n> [!NOTE]")).split("\n");
      // Every kept line is a whole line of the details, in order, from the start.
      expect(kept).toEqual(detailLines.slice(0, kept.length));
      expect(kept.length).toBeGreaterThan(100);
    });

    it("closes every <details> it opened", () => {
      expect(count(body, "<details>")).toBe(1);
      expect(count(body, "</details>")).toBe(1);
      expect(body.indexOf("</details>")).toBeGreaterThan(body.lastIndexOf("| `old` | `new` |"));
    });

    it("says how many lines were cut and links the job summary", () => {
      const lastRow = Math.max(
        ...[...body.matchAll(/^\| (\d+) \| property\./gm)].map((match) => Number(match[1])),
      );
      const keptLines = detailLines.indexOf(`| ${lastRow} | property.${lastRow} | \`old\` | \`new\` |`) + 1;
      const cut = detailLines.length - keptLines;
      expect(body).toContain(
        `> [!NOTE]\n> ${cut} lines of the report did not fit in a comment (GitHub allows 65,536 characters). The full report is in the [job summary](${SUMMARY_URL}).`,
      );
    });
  });

  it("closes nested and sibling <details> blocks that are cut", () => {
    const details = [
      detailsTable("small", 3),
      ["<details>", "<summary>outer</summary>", "", detailsTable("inner", 5_000), "</details>"].join("\n"),
      detailsTable("never reached", 10),
    ].join("\n\n");
    const body = commentBody({ essential: ESSENTIAL, details }, FOOTER, SUMMARY_URL);
    expect(body.length).toBeLessThanOrEqual(COMMENT_BUDGET);
    expect(count(body, "<details>")).toBe(3);
    expect(count(body, "</details>")).toBe(3);
    expect(body).not.toContain("never reached");
    // The closing tags come before the note and the footer, which stay outside every block.
    expect(body.lastIndexOf("</details>")).toBeLessThan(body.indexOf("> [!NOTE]"));
  });

  it("trims the essential part from its end when it alone is over the limit, keeping its start", () => {
    const essential = `### Cognito plan\n\n${"| x |\n".repeat(20_000)}`;
    const body = commentBody({ essential, details: detailsTable("prod-auth", 10) }, FOOTER, SUMMARY_URL);
    expect(body.length).toBeLessThanOrEqual(COMMENT_LIMIT - 1_536);
    expect(body.startsWith("### Cognito plan\n\n| x |\n| x |")).toBe(true);
    expect(body).toMatch(/> \d+ lines of the report did not fit in a comment/);
    expect(body.endsWith(FOOTER)).toBe(true);
  });
});

describe("fitReport", () => {
  it("uses the note it is given, with the count of lines cut", () => {
    const details = Array.from({ length: 100 }, (_, index) => `line ${index}`).join("\n");
    const fitted = fitReport({ essential: "E", details }, "F", 200, (lines) => `cut ${lines}`);
    expect(fitted.length).toBeLessThanOrEqual(200);
    const kept = fitted.split("\n").filter((line) => line.startsWith("line ")).length;
    expect(fitted).toContain(`cut ${100 - kept}`);
    expect(fitted.endsWith("\n\nF")).toBe(true);
  });
});

describe("summaryBody", () => {
  it("keeps a report larger than a comment but under 1 MiB whole", () => {
    const report: RenderedReport = { essential: ESSENTIAL, details: detailsTable("prod-auth", 5_000) };
    const body = summaryBody(report, FOOTER);
    expect(body.length).toBeGreaterThan(COMMENT_LIMIT);
    expect(body).toBe(`${ESSENTIAL}\n\n${report.details}\n\n${FOOTER}`);
  });

  it("keeps a report of just under 1 MiB of multi-byte text whole", () => {
    const details = "é".repeat(Math.floor((SUMMARY_LIMIT_BYTES - 4_096) / 2));
    const body = summaryBody({ essential: ESSENTIAL, details }, FOOTER);
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(SUMMARY_LIMIT_BYTES);
    expect(body).toBe(`${ESSENTIAL}\n\n${details}\n\n${FOOTER}`);
  });

  it("trims a report over 1 MiB to under it, closing its blocks and saying so", () => {
    const report: RenderedReport = {
      essential: ESSENTIAL,
      details: detailsTable("prod-auth", 40_000, "é".repeat(20)),
    };
    expect(Buffer.byteLength(`${report.essential}\n\n${report.details}`)).toBeGreaterThan(
      SUMMARY_LIMIT_BYTES,
    );
    const body = summaryBody(report, FOOTER);
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(SUMMARY_LIMIT_BYTES);
    expect(body.startsWith(ESSENTIAL)).toBe(true);
    expect(body.endsWith(FOOTER)).toBe(true);
    expect(count(body, "<details>")).toBe(count(body, "</details>"));
    expect(body).toMatch(/> \[!NOTE\]\n> \d+ lines of details did not fit in the job summary \(1 MiB\)\./);
  });
});
