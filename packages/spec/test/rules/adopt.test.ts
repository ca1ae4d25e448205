// Rules of adoption (rules/adopt.ts): every case of adopt-rule-cases.ts, and what a table row cannot say.
import { describe, expect, it } from "vitest";
import { adopted } from "./manifest-fragments.ts";
import { firstDocumentFindings, describeRuleCases } from "./rule-case.ts";
import { ADOPT_RULE_CASES } from "./adopt-rule-cases.ts";

describeRuleCases(ADOPT_RULE_CASES);

describe("adopt-marker-one-time and adopted clients", () => {
  const messageOf = (text: string) =>
    firstDocumentFindings(text).find((finding) => finding.rule === "adopt-marker-one-time")?.message;

  it("asks to keep clientIds: they keep an adopted client's secret setting out of the engine's diff", () => {
    expect(messageOf(adopted())).toMatch(
      /keep clientIds .*generateSecret cannot be read back from AWS.*without it the next plan replaces them/,
    );
  });

  it("asks to remove the marker when it adopts no client", () => {
    expect(messageOf(adopted({ clientIds: "{}" }))).toMatch(
      /after that apply has succeeded it does nothing more, so remove it in a later change$/,
    );
  });
});
