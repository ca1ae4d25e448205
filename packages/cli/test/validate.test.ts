import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../src/index.ts";

const repository = join(import.meta.dirname, "../../..");

async function run(args: string[], cwd = repository) {
  let stdout = "";
  let stderr = "";
  const code = await main(args, {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    cwd,
    env: {},
    stdoutIsTty: false,
  });
  return { code, stdout, stderr };
}

describe("cognito-action validate", () => {
  it("passes the examples and names the skipped API Gateway manifest", async () => {
    const { code, stdout } = await run(["validate", "examples"]);
    expect(code).toBe(0);
    expect(stdout).toContain("examples/api-gateway.yaml  skipped  AwsHttpApiGateway/my-api");
    expect(stdout).toMatch(/✔ 4 documents: 3 valid, 0 invalid, 1 skipped; 0 errors, 1 warning/);
  });

  it("exits 1 with positioned findings for an invalid manifest", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cli-"));
    writeFileSync(
      join(dir, "bad.yaml"),
      "apiVersion: aws.openmcf.org/v1\nkind: AwsCognitoUserPool\nmetadata:\n  name: a\nspec:\n  region: us-east-1\n  mfaConfig: ON\n  clients: [{name: web}]\n",
    );
    const { code, stdout } = await run(["validate", "bad.yaml"], dir);
    expect(code).toBe(1);
    expect(stdout).toContain(
      'bad.yaml:7:3  error    unknown field "mfaConfig" in spec; did you mean "mfaConfiguration"?  [unknown-key]',
    );
  });

  it("exits 2 for a path that matches nothing, without a stack trace", async () => {
    const { code, stderr } = await run(["validate", "no-such-dir"]);
    expect(code).toBe(2);
    expect(stderr).toBe(
      'cognito-action: nothing matches "no-such-dir": no such file, directory or YAML files\n',
    );
  });
});
