// The result of an apply, as Markdown for the merged pull request's comment and the job summary.
import type { Finding } from "@cognito-action/spec";
import type { Plan } from "../plan/plan-types.ts";
import { SECRET_PLACEHOLDER } from "../graph.ts";
import { code, escapeCell, formatValue, plural } from "./markdown.ts";
import { cognitoSummary } from "./plan-report.ts";
import type { RenderedReport } from "./plan-report.ts";

/** What happened to one manifest's stack. */
export interface ApplyResult {
  name: string;
  file: string;
  stack: string;
  status: "applied" | "destroyed" | "blocked" | "locked" | "failed" | "skipped";
  /** The plan that was applied (or refused). */
  plan?: Plan | undefined;
  /** Stack outputs after the update; secret ones already replaced by the placeholder. */
  outputs?: Record<string, unknown> | undefined;
  /** Why it failed, was blocked or skipped. */
  message?: string | undefined;
  /** How what was applied compares with what its pull request reviewed ("as reviewed in #12"). */
  review?: string | undefined;
}

export interface ApplyReport {
  results: ApplyResult[];
  findings?: Finding[];
  /** A refusal before any engine call (the replacement guard), shown first. */
  blockedBeforeEngine?: string | undefined;
}

const STATUS_LABELS: Record<ApplyResult["status"], string> = {
  applied: "✅ applied",
  destroyed: "🗑️ destroyed",
  blocked: "⛔ blocked",
  locked: "🔒 locked",
  failed: "❌ failed",
  skipped: "⏭️ not applied",
};

/** Renders an apply report in its essential and trimmable parts. */
export function renderApplyReportParts(report: ApplyReport): RenderedReport {
  const failed = report.results.filter(
    (result) => result.status === "failed" || result.status === "locked",
  ).length;
  const blocked = report.results.filter((result) => result.status === "blocked").length;
  const done = report.results.filter(
    (result) => result.status === "applied" || result.status === "destroyed",
  ).length;
  const parts = [
    ...(failed > 0 ? [`❌ ${plural(failed, "stack")} failed`] : []),
    ...(blocked > 0 || report.blockedBeforeEngine ? ["⛔ blocked"] : []),
    ...(done > 0 || (failed === 0 && blocked === 0 && !report.blockedBeforeEngine)
      ? [`✅ ${plural(done, "stack")} applied`]
      : []),
  ];
  const errors = (report.findings ?? []).filter((finding) => finding.severity === "error");
  const essential = [
    `### Cognito apply: ${parts.join(" · ")}`,
    report.blockedBeforeEngine
      ? `> [!CAUTION]\n> ${escapeCell(report.blockedBeforeEngine).replace(/<br>/g, "\n> ")}`
      : "",
    report.results.length > 0
      ? [
          "| Manifest | Stack | Result | Details |",
          "|---|---|---|---|",
          ...report.results.map(
            (result) =>
              `| ${code(result.name)} | ${code(result.stack)} | ${STATUS_LABELS[result.status]} | ${result.message ? escapeCell(result.message) : summaryOf(result.plan)}${result.review ? ` · ${escapeCell(result.review)}` : ""} |`,
          ),
        ].join("\n")
      : "",
    appliedDowngrades(report.results),
    errors.length > 0
      ? [
          "**Validation errors**",
          "",
          ...errors.map(
            (finding) => `- ${code(`${finding.file}:${finding.line}`)} ${escapeCell(finding.message)}`,
          ),
        ].join("\n")
      : "",
  ];
  const details = report.results.filter((result) => result.outputs !== undefined).map(outputsTable);
  return { essential: essential.filter((part) => part !== "").join("\n\n"), details: details.join("\n\n") };
}

/**
 * Security-relevant changes that were applied (the workflow allowed them): a line each, so the merged pull
 * request keeps a record of what was weakened. Refused ones are named by the refusal itself.
 */
function appliedDowngrades(results: readonly ApplyResult[]): string {
  const lines = results
    .filter((result) => result.status === "applied")
    .flatMap((result) =>
      (result.plan?.changes ?? []).flatMap((change) =>
        (change.securityDowngrades ?? []).map(
          (downgrade) =>
            `> **Security-relevant change applied** in ${code(change.name)} (${code(result.stack)}): ${escapeCell(downgrade.reason)} (${code(downgrade.path)}), allowed by ${code("allow-security-downgrade: true")}.`,
        ),
      ),
    );
  return lines.length > 0
    ? ["> [!WARNING]", ...lines.flatMap((line, index) => (index > 0 ? [">", line] : [line]))].join("\n")
    : "";
}

/** What each action did, in the report's past tense; imported resources were adopted, not created. */
const APPLIED_VERBS = {
  create: "created",
  import: "adopted",
  update: "updated",
  replace: "replaced",
  delete: "deleted",
} as const;

function summaryOf(plan: Plan | undefined): string {
  if (!plan) return "";
  const counts = (["create", "import", "update", "replace", "delete"] as const)
    .filter((action) => (cognitoSummary(plan)[action] ?? 0) > 0)
    .map((action) => `${cognitoSummary(plan)[action]} ${APPLIED_VERBS[action]}`);
  return counts.length > 0 ? counts.join(", ") : "no changes";
}

function outputsTable(result: ApplyResult): string {
  const rows = Object.entries(result.outputs ?? {}).map(
    ([name, value]) => `| ${code(name)} | ${formatValue(value, 300)} |`,
  );
  return [
    "<details>",
    `<summary>Outputs of <b>${escapeCell(result.name)}</b></summary>`,
    "",
    "| Output | Value |",
    "|---|---|",
    ...rows,
    "",
    `Secret outputs read as ${code(SECRET_PLACEHOLDER)}; they are in the action's \`client-secrets\` output, masked.`,
    "",
    "</details>",
  ].join("\n");
}
