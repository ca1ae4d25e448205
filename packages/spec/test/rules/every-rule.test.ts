// The case tables as a whole: every rule has a failing and a passing case, every table stands for a rule
// module and is run by its test file, and findings of many rules are reported together.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MANIFEST_RULES, validateSources } from "../../src/index.ts";
import { manifest, markedLine, sourcesOf } from "../manifest-text.ts";
import { firstDocumentFindings } from "./rule-case.ts";
import { RULE_CASE_TABLES, RULE_CASES, TABLES_BEYOND_RULE_MODULES } from "./rule-cases.ts";

/** Findings about the YAML itself and the manifest's structure, reported outside MANIFEST_RULES. */
const STRUCTURAL_RULES = [
  "yaml-syntax",
  "yaml-duplicate-key",
  "yaml-merge-key",
  "yaml-alias-limit",
  "yaml-too-deep",
  "empty-file",
  "empty-document",
  "document-not-mapping",
  "unknown-kind",
  "unknown-key",
  "required",
  "invalid-type",
  "invalid-value",
  "out-of-range",
];
/** Findings that need every document at once. */
const CROSS_DOCUMENT_RULES = ["value-from-unresolved", "value-from-ambiguous", "stack-collision"];

const RULES_DIRECTORY = join(import.meta.dirname, "../../src/rules");

/** The modules of src/rules that declare rules, by file name without `.ts` (rule.ts declares defineRule). */
function ruleModules(): string[] {
  return readdirSync(RULES_DIRECTORY)
    .filter((file) => file.endsWith(".ts") && file !== "rule.ts")
    .filter((file) => readFileSync(join(RULES_DIRECTORY, file), "utf8").includes("defineRule("))
    .map((file) => file.slice(0, -".ts".length))
    .sort();
}

describe("the table of rule cases", () => {
  it("has a failing and a passing case for every rule id", () => {
    const covered = new Set(RULE_CASES.map((ruleCase) => ruleCase.rule));
    const everyRule = [
      ...MANIFEST_RULES.map((rule) => rule.id),
      ...STRUCTURAL_RULES,
      ...CROSS_DOCUMENT_RULES,
    ];
    expect(everyRule.filter((id) => !covered.has(id))).toEqual([]);
  });

  it("names no rule that does not exist", () => {
    const known = new Set([
      ...MANIFEST_RULES.map((rule) => rule.id),
      ...STRUCTURAL_RULES,
      ...CROSS_DOCUMENT_RULES,
    ]);
    expect(RULE_CASES.map((ruleCase) => ruleCase.rule).filter((id) => !known.has(id))).toEqual([]);
  });

  it("has rule ids that are unique", () => {
    const ids = MANIFEST_RULES.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("has a table for each rule module, and no other table but the structural and cross-document ones", () => {
    const tables = Object.keys(RULE_CASE_TABLES).filter(
      (name) => !(TABLES_BEYOND_RULE_MODULES as readonly string[]).includes(name),
    );
    expect(tables.sort()).toEqual(ruleModules());
  });

  it("runs every table from a test file of the table's name", () => {
    const runs = (name: string) => {
      const testFile = join(import.meta.dirname, `${name}.test.ts`);
      if (!existsSync(testFile)) return false;
      const text = readFileSync(testFile, "utf8");
      return text.includes(`"./${name}-rule-cases.ts"`) && text.includes("describeRuleCases(");
    };
    expect(Object.keys(RULE_CASE_TABLES).filter((name) => !runs(name))).toEqual([]);
  });
});

describe("reporting", () => {
  it("reports a typo and a broken rule elsewhere in one pass", () => {
    const text = manifest(`
      mfaConfig: ON # <-
      clients:
        - name: web-app
          explicitAuthFlows: [ALLOW_USER_SRP_AUTH]
    `);
    const findings = firstDocumentFindings(text);
    expect(findings.map((finding) => [finding.rule, finding.path])).toEqual([
      ["unknown-key", "spec.mfaConfig"],
      ["refresh-token-auth-required", "spec.clients[0].explicitAuthFlows"],
    ]);
    expect(findings[0]!.line).toBe(markedLine(text));
  });

  it("reports a wrong value and a broken rule elsewhere in one pass", () => {
    const findings = firstDocumentFindings(
      manifest(`
        passwordPolicy:
          minimumLength: 4
        domain:
          domain: cognito-auth
      `),
    );
    expect(findings.map((finding) => finding.rule)).toEqual(["out-of-range", "domain-reserved-word"]);
  });

  it("does not judge rules by a default that replaced a wrong value", () => {
    // REQUIRED is not a valid mode; with it set aside the default OFF would make totp-needs-mfa fire falsely.
    const findings = firstDocumentFindings(
      manifest(`
        mfaConfiguration: REQUIRED
        softwareTokenMfaEnabled: true
      `),
    );
    expect(findings.map((finding) => finding.rule)).toEqual(["invalid-value"]);
  });

  it("does not judge client rules by a default that replaced a wrong flow list", () => {
    const findings = firstDocumentFindings(
      manifest(`
        clients:
          - name: api-server
            generateSecret: true
            allowedOauthFlowsUserPoolClient: true
            allowedOauthFlows: client_credentials
            allowedOauthScopes: [api/read]
      `),
    );
    expect(findings.map((finding) => finding.rule)).toEqual([
      "invalid-type",
      "scope-resource-server-undeclared",
    ]);
  });

  it.each([
    [
      "clients: [{name: web-app, allowedOauthFlows: client_credentials}]",
      "spec.clients[0].allowedOauthFlows",
    ],
    ["clients: [{name: []}]", "spec.clients[0].name"],
  ])("gives a value of the wrong type one finding, not also a length complaint: %s", (spec, path) => {
    const findings = firstDocumentFindings(manifest(spec)).filter((finding) => finding.path === path);
    expect(findings.map((finding) => finding.rule)).toEqual(["invalid-type"]);
  });

  it("orders findings top to bottom", () => {
    const findings = firstDocumentFindings(
      manifest(`
        region: us-east
        clients:
          - name: web-app
            explicitAuthFlows: [ALLOW_USER_SRP_AUTH]
        domain:
          domain: Auth
      `),
    );
    const lines = findings.map((finding) => finding.line);
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
    expect(findings.map((finding) => finding.rule)).toEqual([
      "region-format",
      "refresh-token-auth-required",
      "domain-prefix-format",
    ]);
  });

  it("makes a document with only warnings valid, and one with an error invalid", () => {
    const warned = validateSources(sourcesOf(manifest("autoVerifiedAttributes: []")));
    expect(warned.valid).toBe(true);
    expect(warned.documents[0]).toMatchObject({ status: "valid", findings: [{ severity: "warning" }] });
    expect(warned.documents[0]!.manifest?.metadata.name).toBe("my-auth");

    const failed = validateSources(sourcesOf(manifest("region: us-east")));
    expect(failed.valid).toBe(false);
    expect(failed.documents[0]).toMatchObject({ status: "invalid", findings: [{ severity: "error" }] });
    expect(failed.documents[0]!.manifest).toBeUndefined();
  });
});
