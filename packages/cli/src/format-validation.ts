// The three renderings of a validation report. Pure: a report in, text out.
import { countFindings } from "@cognito-action/spec";
import type { DocumentReport, Finding, ValidationReport } from "@cognito-action/spec";
import type { Styles } from "./io.ts";

/** Validation output formats. */
export const VALIDATE_FORMATS = ["text", "json", "github"] as const;
export type ValidateFormat = (typeof VALIDATE_FORMATS)[number];

/** Whether the run passes: no errors, and with `strict` no warnings either. */
export function passes(report: ValidationReport, strict: boolean): boolean {
  return report.documents.every((document) => {
    const { errors, warnings } = countFindings(document.findings);
    return document.status !== "invalid" && errors === 0 && (!strict || warnings === 0);
  });
}

/** `file:line:col  severity  message  [rule]` per finding, skipped documents named, then a summary line. */
export function formatText(report: ValidationReport, strict: boolean, styles: Styles): string {
  const lines: string[] = [];
  for (const document of report.documents) {
    for (const finding of document.findings) {
      const severity = finding.severity === "error" ? styles.error("error  ") : styles.warning("warning");
      lines.push(
        `${finding.file}:${finding.line}:${finding.column}  ${severity}  ${finding.message}  ${styles.dim(`[${finding.rule}]`)}`,
      );
    }
    // Every skipped document gets its line, so the summary's count can be checked against the list.
    if (document.status === "skipped") {
      const where = document.index > 0 ? `${document.file} (document ${document.index + 1})` : document.file;
      lines.push(`${where}  ${styles.dim("skipped")}  ${skipReason(document, styles)}`);
    }
  }
  lines.push(summaryLine(report, strict, styles));
  return `${lines.join("\n")}\n`;
}

function skipReason(document: DocumentReport, styles: Styles): string {
  if (document.skipReason !== undefined) return styles.dim(`(${document.skipReason})`);
  if (document.kind !== undefined)
    return `${document.kind}${document.name ? `/${document.name}` : ""} ${styles.dim("(not an AwsCognitoUserPool)")}`;
  if (document.findings.some((finding) => finding.rule === "empty-file" || finding.rule === "empty-document"))
    return styles.dim("(empty)");
  return styles.dim("(not a Cognito manifest)");
}

function summaryLine(report: ValidationReport, strict: boolean, styles: Styles): string {
  const all = report.documents.flatMap((document) => document.findings);
  const { errors, warnings } = countFindings(all);
  const count = (status: DocumentReport["status"]) =>
    report.documents.filter((document) => document.status === status).length;
  const documents = `${count("valid")} valid, ${count("invalid")} invalid, ${count("skipped")} skipped`;
  const findings = `${plural(errors, "error")}, ${plural(warnings, "warning")}${strict && warnings > 0 ? " (--strict: warnings fail)" : ""}`;
  const ok = passes(report, strict);
  const mark = ok ? "✔" : styles.error("✖");
  return styles.bold(`${mark} ${plural(report.documents.length, "document")}: ${documents}; ${findings}`);
}

/** The JSON report: every document with its status and findings. */
export function formatJson(report: ValidationReport, strict: boolean): string {
  const json = {
    valid: passes(report, strict),
    documents: report.documents.map((document) => ({
      file: document.file,
      index: document.index,
      kind: document.kind ?? null,
      name: document.name ?? null,
      status: document.status,
      findings: document.findings.map(({ severity, rule, message, path, line, column }) => ({
        severity,
        rule,
        message,
        path,
        line,
        column,
      })),
    })),
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}

/** GitHub workflow commands, one per finding: the runner turns them into annotations on the lines. */
export function formatGithub(report: ValidationReport): string {
  const lines = report.documents.flatMap((document) => document.findings.map(workflowCommand));
  return lines.length > 0 ? `${lines.join("\n")}\n` : "";
}

/** `::error file=…,line=…,col=…,title=…::message`, escaped as the Actions runner expects. */
export function workflowCommand(finding: Finding): string {
  const properties = [
    `file=${escapeProperty(finding.file)}`,
    `line=${finding.line}`,
    `col=${finding.column}`,
    `title=${escapeProperty(`cognito-action: ${finding.rule}`)}`,
  ].join(",");
  return `::${finding.severity === "error" ? "error" : "warning"} ${properties}::${escapeData(finding.message)}`;
}

// The runner's escaping, as in @actions/core's command.ts.
function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}
