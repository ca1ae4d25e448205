// Rules of Lambda triggers (rules/lambda.ts): every case of lambda-rule-cases.ts, and what a table row cannot say.
import { describe, expect, it } from "vitest";
import { validateSources } from "../../src/index.ts";
import { manifest, sourcesOf } from "../manifest-text.ts";
import { oauthClient } from "./manifest-fragments.ts";
import { describeRuleCases } from "./rule-case.ts";
import { LAMBDA_RULE_CASES } from "./lambda-rule-cases.ts";

describeRuleCases(LAMBDA_RULE_CASES);

describe("rules that only the console enforces", () => {
  it("accepts a trigger in another Region of the partition with a warning, as the API does", () => {
    const report = validateSources(
      sourcesOf(
        manifest(`
          lambdaConfig:
            postConfirmation:
              value: arn:aws:lambda:us-west-2:123456789012:function:welcome
        `),
      ),
    );
    expect(report.valid).toBe(true);
    expect(report.documents[0]!.findings.map((finding) => [finding.severity, finding.rule])).toEqual([
      ["warning", "lambda-region"],
    ]);
  });

  it.each([
    ["scope-needs-openid", oauthClient({ scopes: "[email, profile]" })],
    ["duplicate-entry", "usernameAttributes: [email, email]\n"],
    [
      "constraints-type-mismatch",
      "customAttributes:\n  - name: age\n    attributeDataType: Number\n    stringMaxLength: '3'\n",
    ],
  ])("keeps a manifest valid that only breaks %s, which nothing in AWS refuses", (rule, spec) => {
    const report = validateSources(sourcesOf(manifest(spec)));
    const findings = report.documents[0]!.findings;
    expect(findings.map((finding) => [finding.severity, finding.rule])).toEqual([["warning", rule]]);
    expect(report.valid).toBe(true);
  });
});
