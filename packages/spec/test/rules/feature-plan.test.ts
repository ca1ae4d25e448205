// Rules of the feature plan and sign-in (rules/feature-plan.ts): every case of feature-plan-rule-cases.ts, and what a table row cannot say.
import { describe, expect, it } from "vitest";
import { manifest } from "../manifest-text.ts";
import { withSes } from "./manifest-fragments.ts";
import { firstDocumentFindings, describeRuleCases } from "./rule-case.ts";
import { FEATURE_PLAN_RULE_CASES } from "./feature-plan-rule-cases.ts";

describeRuleCases(FEATURE_PLAN_RULE_CASES);

describe("email MFA", () => {
  it("counts as the factor MFA needs", () => {
    const findings = firstDocumentFindings(
      manifest(
        withSes(`
          mfaConfiguration: ON
          emailMfa: {subject: Your code}
        `),
      ),
    );
    expect(findings.map((finding) => finding.rule)).not.toContain("mfa-needs-factor");
  });

  it("is above a LITE plan", () => {
    const findings = firstDocumentFindings(
      manifest(
        withSes(`
          userPoolTier: LITE
          mfaConfiguration: OPTIONAL
          emailMfa: {subject: Your code}
        `),
      ),
    );
    expect(findings).toContainEqual(
      expect.objectContaining({ rule: "feature-above-tier", path: "spec.emailMfa" }),
    );
  });
});

describe("managed login", () => {
  it("version 2 is above a LITE plan", () => {
    const findings = firstDocumentFindings(
      manifest(`
        userPoolTier: LITE
        domain: {domain: acme-login, managedLoginVersion: 2}
      `),
    );
    expect(findings).toContainEqual(
      expect.objectContaining({ rule: "feature-above-tier", path: "spec.domain.managedLoginVersion" }),
    );
  });

  it("version 1 is on every plan", () => {
    const findings = firstDocumentFindings(
      manifest(`
        userPoolTier: LITE
        domain: {domain: acme-login, managedLoginVersion: 1}
      `),
    );
    expect(findings.map((finding) => finding.rule)).not.toContain("feature-above-tier");
  });
});
