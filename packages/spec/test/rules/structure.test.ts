// Rules of the YAML itself and the schema (findings of parsing, outside MANIFEST_RULES): every case of structure-rule-cases.ts, and what a table row cannot say.
import { describe, expect, it } from "vitest";
import { manifest } from "../manifest-text.ts";
import { firstDocumentFindings, describeRuleCases } from "./rule-case.ts";
import { STRUCTURE_RULE_CASES } from "./structure-rule-cases.ts";

describeRuleCases(STRUCTURE_RULE_CASES);

describe("suggestions for unknown keys", () => {
  it.each([
    ["mfaConfig: OFF", "spec.mfaConfig", "mfaConfiguration"],
    ["softwareTokenMFAEnabled: false", "spec.softwareTokenMFAEnabled", "softwareTokenMfaEnabled"],
    [
      "clients:\n  - name: web-app\n    callback_urls: [https://app.example.com/callback]",
      "spec.clients[0].callback_urls",
      "callbackUrls",
    ],
    [
      "clients:\n  - name: web-app\n    allowedOAuthScopes: [openid]",
      "spec.clients[0].allowedOAuthScopes",
      "allowedOauthScopes",
    ],
  ])("%s suggests the real field", (spec, path, suggestion) => {
    const finding = firstDocumentFindings(manifest(spec)).find((candidate) => candidate.path === path);
    expect(finding?.rule).toBe("unknown-key");
    expect(finding?.message).toContain(`did you mean ${JSON.stringify(suggestion)}?`);
  });

  it("lists the fields when nothing is close", () => {
    const finding = firstDocumentFindings(manifest("zzzzzz: 1")).find(
      (candidate) => candidate.rule === "unknown-key",
    );
    expect(finding?.message).toMatch(/remove it; the fields here are region, usernameAttributes, /);
  });

  it("suggests the value meant for a near-miss enum", () => {
    const finding = firstDocumentFindings(
      manifest("mfaConfiguration: optional\nsoftwareTokenMfaEnabled: true"),
    ).find((candidate) => candidate.rule === "invalid-value");
    expect(finding?.message).toContain('did you mean "OPTIONAL"?');
  });
});
