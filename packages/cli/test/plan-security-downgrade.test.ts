// cognito-action plan on a change that weakens the pool: the report names it, and the run exits 1 (as the
// action refuses it) unless --allow-security-downgrade.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { stringify } from "yaml";
import { runCli } from "./run-cli.ts";

vi.setConfig({ testTimeout: 60_000 });

const directory = mkdtempSync(join(tmpdir(), "cognito-action-cli-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function poolYaml(spec: Record<string, unknown>): string {
  return stringify({
    apiVersion: "aws.openmcf.org/v1",
    kind: "AwsCognitoUserPool",
    metadata: {
      name: "guarded-auth",
      labels: {
        "pulumi.openmcf.org/organization": "acme",
        "pulumi.openmcf.org/project": "cli-tests",
        "pulumi.openmcf.org/stack.name": "test.guarded-auth",
      },
    },
    spec: { region: "eu-west-1", clients: [{ name: "web" }], ...spec },
  });
}

writeFileSync(
  join(directory, "mfa-on.yaml"),
  poolYaml({ mfaConfiguration: "ON", softwareTokenMfaEnabled: true }),
);
writeFileSync(join(directory, "mfa-off.yaml"), poolYaml({ mfaConfiguration: "OFF" }));

describe("cognito-action plan on a security-relevant change", () => {
  it("names it in the report and exits 1, saying which flag accepts it", async () => {
    const { code, stdout, stderr } = await runCli(
      ["plan", "--base", "mfa-on.yaml", "--head", "mfa-off.yaml"],
      directory,
    );
    expect(stdout).toContain("🔓 2 security-relevant changes");
    expect(stdout).toContain("**Security-relevant change** in <code>guarded-auth</code>");
    expect(stdout).toContain("MFA is lowered from ON to OFF");
    expect(stdout).toContain("| <code>mfaConfiguration</code> 🔓 |");
    expect(stderr).toContain("pass --allow-security-downgrade to accept them");
    expect(code).toBe(1);
  });

  it("exits 0 with --allow-security-downgrade", async () => {
    const { code, stderr } = await runCli(
      ["plan", "--base", "mfa-on.yaml", "--head", "mfa-off.yaml", "--allow-security-downgrade"],
      directory,
    );
    expect(stderr).toBe("");
    expect(code).toBe(0);
  });

  it("exits 0 without it for a change that only strengthens", async () => {
    const { code } = await runCli(["plan", "--base", "mfa-off.yaml", "--head", "mfa-on.yaml"], directory);
    expect(code).toBe(0);
  });
});
