// What a rule case is, and the checks every case table gets: the rule fires on the marked line of the failing
// text, stays quiet on the passing one, and reports with its declared severity.
import { describe, expect, it } from "vitest";
import { MANIFEST_RULES, validateSources } from "../../src/index.ts";
import type { Finding } from "../../src/index.ts";
import { markedLine, sourcesOf } from "../manifest-text.ts";

/** One rule, a manifest that breaks it and a close variant that does not. */
export interface RuleCase {
  rule: string;
  /** Triggers the rule. Several texts are several files; the finding is expected in the first. */
  failing: string | readonly string[];
  /** JSON path of the finding, expected on the line of the failing text marked `# <-`. */
  path: string;
  /** A close variant of `failing` that must not trigger the rule at all. */
  passing: string | readonly string[];
}

/** Findings of the first document of the first file, validated together with the other files. */
export function firstDocumentFindings(texts: string | readonly string[]): Finding[] {
  return validateSources(sourcesOf(texts)).documents[0]!.findings;
}

function firstText(texts: string | readonly string[]): string {
  return typeof texts === "string" ? texts : texts[0]!;
}

/** The tests of a case table: each failing text fires its rule where marked, each passing text does not. */
export function describeRuleCases(cases: readonly RuleCase[]): void {
  describe("each rule", () => {
    it.each(cases)("$rule fires at $path on the marked line", ({ rule, failing, path }) => {
      const findings = firstDocumentFindings(failing);
      expect(findings).toContainEqual(
        expect.objectContaining({ rule, path, line: markedLine(firstText(failing)) }),
      );
    });

    it.each(cases)("$rule stays quiet on a close variant of $path", ({ rule, passing }) => {
      const report = validateSources(sourcesOf(passing));
      const rules = report.documents.flatMap((document) => document.findings.map((finding) => finding.rule));
      expect(rules).not.toContain(rule);
      // A variant the schema refused would pass vacuously: rules never see it.
      if (MANIFEST_RULES.some((candidate) => candidate.id === rule)) {
        expect(report.documents[0]!.status).toBe("valid");
      }
    });

    it("reports each manifest rule with the rule's own severity", () => {
      for (const { rule, failing, path } of cases) {
        const declared = MANIFEST_RULES.find((candidate) => candidate.id === rule);
        if (!declared) continue;
        const finding = firstDocumentFindings(failing).find(
          (candidate) => candidate.rule === rule && candidate.path === path,
        );
        expect(finding?.severity, rule).toBe(declared.severity);
      }
    });
  });
}
