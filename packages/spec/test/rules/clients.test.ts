// Rules of app clients (rules/clients.ts): every case of clients-rule-cases.ts, and what a table row cannot say.
import { describe, expect, it } from "vitest";
import { manifest } from "../manifest-text.ts";
import { firstDocumentFindings, describeRuleCases } from "./rule-case.ts";
import { CLIENTS_RULE_CASES } from "./clients-rule-cases.ts";

describeRuleCases(CLIENTS_RULE_CASES);

describe("token validity", () => {
  it.each(["accessTokenValidityMinutes", "idTokenValidityMinutes", "refreshTokenValidityDays"])(
    "refuses an explicit 0 for %s rather than letting AWS substitute its default",
    (field) => {
      const findings = firstDocumentFindings(
        manifest(`
          clients:
            - name: web-app
              ${field}: 0
        `),
      );
      expect(findings.map((finding) => [finding.severity, finding.rule, finding.path])).toEqual([
        ["error", "out-of-range", `spec.clients[0].${field}`],
      ]);
      expect(findings[0]!.message).toMatch(/must be between \d+ and \d+ (minutes|days), not 0; leave it out/);
    },
  );
});

describe("refresh token rotation", () => {
  it("lets a rotating client leave out ALLOW_REFRESH_TOKEN_AUTH", () => {
    const findings = firstDocumentFindings(
      manifest(`
        clients:
          - name: web-app
            refreshTokenRotation: {feature: ENABLED}
            explicitAuthFlows: [ALLOW_USER_SRP_AUTH]
      `),
    );
    expect(findings.map((finding) => finding.rule)).not.toContain("refresh-token-auth-required");
  });

  it("still needs ALLOW_REFRESH_TOKEN_AUTH when rotation is disabled", () => {
    const findings = firstDocumentFindings(
      manifest(`
        clients:
          - name: web-app
            refreshTokenRotation: {feature: DISABLED}
            explicitAuthFlows: [ALLOW_USER_SRP_AUTH]
      `),
    );
    expect(findings.map((finding) => finding.rule)).toContain("refresh-token-auth-required");
  });
});
