// Manifest values in messages: quoted and on one line, so no value can add a line to a log or a report.
import { describe, expect, it } from "vitest";
import { quoted, singleLineMessage } from "../src/finding.ts";
import { validateSources } from "../src/validate.ts";
import { manifest } from "./manifest-text.ts";

describe("quoted", () => {
  it("keeps every line break of a value inside its quotes", () => {
    expect(quoted("prod\n::stop-commands::x\n")).toBe('"prod\\n::stop-commands::x\\n"');
    expect(quoted("a\r\u0085\u2028\u2029b")).toBe('"a\\r\\u0085\\u2028\\u2029b"');
    expect(quoted("plain")).toBe('"plain"');
  });
});

describe("singleLineMessage", () => {
  it("writes each line break as its escape and leaves other text alone", () => {
    expect(singleLineMessage("a\r\nb\rc\nd\u0085e\u2028f\u2029g")).toBe(
      "a\\r\\nb\\rc\\nd\\u0085e\\u2028f\\u2029g",
    );
    expect(singleLineMessage("no break: 'x' ::y")).toBe("no break: 'x' ::y");
  });

  it("keeps every finding of a manifest with a hostile stack label on one line, the label quoted", () => {
    const text = manifest("", {
      metadata: `
        name: auth
        labels:
          pulumi.openmcf.org/stack.name: "prod\\n::stop-commands::x\\n"
      `,
    });
    const findings = validateSources([{ file: "auth.yaml", text }]).documents.flatMap((d) => d.findings);
    const production = findings.find((finding) => finding.rule === "prod-deletion-protection");
    expect(production?.message).toContain('stack "prod\\n::stop-commands::x\\n" looks like production');
    for (const finding of findings) expect(finding.message).not.toMatch(/[\r\n\u0085\u2028\u2029]/);
  });
});
