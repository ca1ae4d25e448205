// Which variables a manifest may read through valueFromEnv: those the workflow lists in env-secrets, and never
// the job's own credentials, whatever it lists.
import { describe, expect, it } from "vitest";
import { envVariableRefusal } from "../src/value-from-env.ts";
import { validateSources } from "../src/validate.ts";
import { manifest, markedLine, MARKER } from "./manifest-text.ts";

/** A manifest whose Google provider reads its client secret from `variable`, that line marked. */
function readingEnv(variable: string): string {
  return manifest(`
    identityProviders:
      - providerName: Google
        providerType: Google
        providerDetails:
          client_id: 1234-abc.apps.googleusercontent.com
          client_secret: {valueFromEnv: ${variable}} ${MARKER}
          authorize_scopes: openid email profile
  `);
}

function envFindings(text: string, envSecrets?: readonly string[]) {
  const report = validateSources([{ file: "auth.yaml", text }], { envSecrets });
  return {
    status: report.documents[0]!.status,
    findings: report.documents[0]!.findings.filter((finding) => finding.rule.startsWith("value-from-env")),
  };
}

describe("valueFromEnv and env-secrets", () => {
  it("reads a variable the workflow lists by name or by prefix", () => {
    expect(envFindings(readingEnv("GOOGLE_CLIENT_SECRET"), ["GOOGLE_CLIENT_SECRET"])).toEqual({
      status: "valid",
      findings: [],
    });
    expect(envFindings(readingEnv("GOOGLE_CLIENT_SECRET"), ["OKTA_*", "GOOGLE_*"]).findings).toEqual([]);
  });

  it("refuses a variable the workflow does not list, at its line, saying to add it to env-secrets", () => {
    const text = readingEnv("GOOGLE_CLIENT_SECRET");
    const { status, findings } = envFindings(text, ["OKTA_*"]);
    expect(status).toBe("invalid");
    expect(findings).toEqual([
      expect.objectContaining({
        severity: "error",
        rule: "value-from-env-not-allowed",
        file: "auth.yaml",
        line: markedLine(text),
        path: "spec.identityProviders[0].providerDetails.client_secret.valueFromEnv",
      }),
    ]);
    expect(findings[0]!.message).toContain("env-secrets");
    // The empty default lets no manifest read anything.
    expect(envFindings(text, []).findings.map((finding) => finding.rule)).toEqual([
      "value-from-env-not-allowed",
    ]);
  });

  it.each([
    "PULUMI_CONFIG_PASSPHRASE",
    "PULUMI_ACCESS_TOKEN",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "GITHUB_TOKEN",
    "ACTIONS_ID_TOKEN_REQUEST_TOKEN",
    "RUNNER_TEMP",
    "INPUT_GITHUB_TOKEN",
    "NODE_OPTIONS",
    "github_token",
  ])("never lets a manifest read %s, even when env-secrets lists it", (variable) => {
    const text = readingEnv(variable);
    for (const allowed of [[variable], ["*"], undefined]) {
      const { status, findings } = envFindings(text, allowed);
      expect(status).toBe("invalid");
      expect(findings).toEqual([
        expect.objectContaining({ rule: "value-from-env-never-read", line: markedLine(text) }),
      ]);
    }
  });

  it("checks only the fixed list when no env-secrets list is given (the CLI)", () => {
    expect(envFindings(readingEnv("GOOGLE_CLIENT_SECRET")).findings).toEqual([]);
  });

  it("lets a manifest read a listed variable", () => {
    expect(envVariableRefusal("OKTA_SECRET", ["OKTA_SECRET"])).toBeUndefined();
    expect(envVariableRefusal("OKTA_SECRET", ["*"])).toBeUndefined();
  });
});
