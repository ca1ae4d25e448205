// Renders docs/rules.md from the rule sources: each rule's id and severity, and the comment above it that
// says what AWS or the provider enforces and where that is documented. The comments stay the one source.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const RULE = /defineRule\(\s*"([a-z0-9-]+)",\s*"(error|warning)"/g;

/** The rules page, from the rule files in `rulesDirectory` (with `structural` rules documented by hand). */
export function renderRuleReference(
  rulesDirectory: string,
  structural: readonly (readonly [string, string, string])[],
): string {
  const rows: string[] = [];
  const files = readdirSync(rulesDirectory).filter((name) => name.endsWith(".ts"));
  for (const file of files.sort()) {
    const text = readFileSync(join(rulesDirectory, file), "utf8");
    const lines = text.split("\n");
    for (const match of text.matchAll(RULE)) {
      const line = text.slice(0, match.index).split("\n").length - 1;
      const comment: string[] = [];
      for (let i = line - 1; i >= 0 && /^\s*\/\//.test(lines[i]!); i--) {
        comment.unshift(lines[i]!.replace(/^\s*\/\/\s?/, ""));
      }
      rows.push(`| \`${match[1]}\` | ${match[2]} | ${comment.join(" ").replace(/\|/g, "\\|")} |`);
    }
  }
  return [
    "# Validation rules",
    "",
    "<!-- Generated from packages/spec/src/rules/ by `pnpm generate`; do not edit. -->",
    "",
    "Every finding names its rule. Errors fail validation; warnings are reported and fail only with",
    "`--strict` (CLI) or `fail-on: warning` (action). Sources: the AWS API model (botocore",
    "`cognito-idp` service-2.json), terraform-provider-aws (pulumi-aws is generated from it), the Amazon",
    "Cognito Developer Guide (DG), and AWS error messages quoted from public issue threads.",
    "",
    "## Structure",
    "",
    "| Rule | Severity | What it means |",
    "|---|---|---|",
    ...structural.map(([id, severity, meaning]) => `| \`${id}\` | ${severity} | ${meaning} |`),
    "",
    "## Manifest rules",
    "",
    "| Rule | Severity | What AWS or the provider enforces, and the source |",
    "|---|---|---|",
    ...rows,
    "",
  ].join("\n");
}
