import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { validateSources } from "../src/index.ts";

const examples = join(import.meta.dirname, "../../../examples");

describe("the repository's examples", () => {
  const sources = readdirSync(examples)
    .sort()
    .map((name) => ({ file: `examples/${name}`, text: readFileSync(join(examples, name), "utf8") }));
  const report = validateSources(sources);

  it("validates the six Cognito manifests without errors", () => {
    const cognito = report.documents.filter((document) => document.kind === "AwsCognitoUserPool");
    expect(cognito.map((document) => [document.name, document.status])).toEqual([
      ["acme-customers", "valid"],
      ["acme-customers", "valid"],
      ["social-auth", "valid"],
      ["webapp-auth", "valid"],
      ["prod-auth", "valid"],
      ["my-auth", "valid"],
    ]);
    expect(
      cognito.flatMap((document) => document.findings).filter((finding) => finding.severity === "error"),
    ).toEqual([]);
  });

  it("warns only about the adopted examples (the marker is one-time; the deployed pool recovers by the email its MFA uses; the full one is import's output, without stack labels, and keeps the classic hosted UI's customization managed login does not show): every example declares the resource servers its scopes need", () => {
    expect(
      report.documents.flatMap((document) =>
        document.findings.map((finding) => [document.file, finding.rule]),
      ),
    ).toEqual([
      ["examples/adopted-full.yaml", "stack-labels-missing"],
      ["examples/adopted-full.yaml", "email-mfa-recovery"],
      ["examples/adopted-full.yaml", "branding-needs-matching-login-version"],
      ["examples/adopted-full.yaml", "branding-needs-matching-login-version"],
      ["examples/adopted-full.yaml", "adopt-marker-one-time"],
      ["examples/adopted.yaml", "email-mfa-recovery"],
      ["examples/adopted.yaml", "adopt-marker-one-time"],
    ]);
  });

  it("skips the API Gateway manifest", () => {
    const gateway = report.documents.find((document) => document.kind === "AwsHttpApiGateway");
    expect(gateway).toMatchObject({
      file: "examples/api-gateway.yaml",
      name: "my-api",
      status: "skipped",
      findings: [],
    });
    expect(report.valid).toBe(true);
  });
});
