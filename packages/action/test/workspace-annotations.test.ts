import { describe, expect, it } from "vitest";
import type { Finding } from "@cognito-action/spec";
import { annotateFindings, MAX_ANNOTATIONS_PER_SEVERITY } from "../src/manifests/workspace.ts";
import { RecordingRunner } from "./fakes.ts";

function finding(overrides: Partial<Finding> = {}): Finding {
  return {
    severity: "error",
    rule: "unknown-field",
    message: "spec.clients[0].nmae is not a field; did you mean name?",
    path: "spec.clients[0].nmae",
    file: "auth/prod.yaml",
    line: 14,
    column: 7,
    ...overrides,
  };
}

const identity = (text: string) => text;

describe("annotateFindings", () => {
  it("annotates a finding on its file, line and column, with the rule as title", () => {
    const runner = new RecordingRunner();
    annotateFindings(
      [finding(), finding({ severity: "warning", rule: "callback-http", line: 3, column: 2 })],
      runner,
      identity,
    );
    expect(runner.events).toEqual([
      {
        kind: "error",
        message: "spec.clients[0].nmae is not a field; did you mean name? [unknown-field]",
        properties: {
          title: "cognito-action: unknown-field",
          file: "auth/prod.yaml",
          startLine: 14,
          startColumn: 7,
        },
      },
      {
        kind: "warning",
        message: "spec.clients[0].nmae is not a field; did you mean name? [callback-http]",
        properties: {
          title: "cognito-action: callback-http",
          file: "auth/prod.yaml",
          startLine: 3,
          startColumn: 2,
        },
      },
    ]);
  });

  it("annotates at most ten of each severity and writes the rest to the log", () => {
    const runner = new RecordingRunner();
    const errors = Array.from({ length: 12 }, (_, index) =>
      finding({ line: index + 1, message: `error ${index}` }),
    );
    const warnings = Array.from({ length: 11 }, (_, index) =>
      finding({ severity: "warning", line: index + 1, message: `warning ${index}` }),
    );
    annotateFindings([...errors, ...warnings], runner, identity);
    expect(MAX_ANNOTATIONS_PER_SEVERITY).toBe(10);
    expect(runner.annotations("error")).toHaveLength(10);
    expect(runner.annotations("warning")).toHaveLength(10);
    expect(runner.messages("info")).toEqual([
      "auth/prod.yaml:11:7: error: error 10 [unknown-field]",
      "auth/prod.yaml:12:7: error: error 11 [unknown-field]",
      "auth/prod.yaml:11:7: warning: warning 10 [unknown-field]",
    ]);
  });

  it("redacts the messages, annotated or logged", () => {
    const runner = new RecordingRunner();
    const findings = Array.from({ length: 11 }, () =>
      finding({ message: "clientSecret SECRET-abc123xyz is inline" }),
    );
    annotateFindings(findings, runner, (text) => text.replaceAll("SECRET-abc123xyz", "***"));
    const all = [...runner.messages("error"), ...runner.messages("info")];
    expect(all).toHaveLength(11);
    for (const message of all) {
      expect(message).not.toContain("SECRET-abc123xyz");
      expect(message).toContain("clientSecret *** is inline");
    }
  });
});
