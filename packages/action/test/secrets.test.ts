import { describe, expect, it } from "vitest";
import { ActionFailure } from "../src/run/errors.ts";
import { REDACTED, SecretRegistry } from "@cognito-action/provisioner";
import { redactedError, redactingRunner } from "../src/run/execute.ts";
import { RecordingRunner } from "./fakes.ts";

function registry() {
  const masked: string[] = [];
  return { masked, secrets: new SecretRegistry({ setSecret: (value) => masked.push(value) }) };
}

describe("SecretRegistry", () => {
  it("masks each value with the runner", () => {
    const { masked, secrets } = registry();
    secrets.register("SECRET-abc123xyz");
    secrets.register("another-secret-value");
    expect(masked).toEqual(["SECRET-abc123xyz", "another-secret-value"]);
  });

  it("masks a multi-line value whole and line by line", () => {
    const { masked, secrets } = registry();
    secrets.register("-----BEGIN KEY-----\r\nMIIBOgIBAAJBAK\nq3Vw==\n-----END KEY-----");
    expect(masked).toEqual([
      "-----BEGIN KEY-----\r\nMIIBOgIBAAJBAK\nq3Vw==\n-----END KEY-----",
      "-----BEGIN KEY-----",
      "MIIBOgIBAAJBAK",
      "q3Vw==",
      "-----END KEY-----",
    ]);
  });

  it("masks and redacts a secret shorter than the runner's masking threshold", () => {
    const { masked, secrets } = registry();
    secrets.register("abc");
    expect(masked).toEqual(["abc"]);
    expect(secrets.redact("x abc y")).toBe(`x ${REDACTED} y`);
  });

  it("leaves out the short lines of a multi-line secret (structure, not secret)", () => {
    const { masked, secrets } = registry();
    secrets.register("longer-secret\nab\n \n");
    expect(masked).toEqual(["longer-secret\nab", "longer-secret"]);
    expect(secrets.redact("ab")).toBe("ab");
  });

  it("masks each value once", () => {
    const { masked, secrets } = registry();
    secrets.register("SECRET-abc123xyz");
    secrets.register("SECRET-abc123xyz");
    expect(masked).toEqual(["SECRET-abc123xyz"]);
  });

  it("redacts every occurrence", () => {
    const { secrets } = registry();
    secrets.register("SECRET-abc123xyz");
    expect(secrets.redact("a SECRET-abc123xyz b SECRET-abc123xyz")).toBe(`a ${REDACTED} b ${REDACTED}`);
  });

  it("redacts the JSON-escaped and URL-encoded forms", () => {
    const { secrets } = registry();
    secrets.register('p@ss "word"/x');
    expect(secrets.redact(JSON.stringify({ value: 'p@ss "word"/x' }))).toBe(`{"value":"${REDACTED}"}`);
    expect(secrets.redact(`?s=${encodeURIComponent('p@ss "word"/x')}`)).toBe(`?s=${REDACTED}`);
  });

  it("leaves text without secrets unchanged", () => {
    const { secrets } = registry();
    expect(secrets.redact("nothing to hide")).toBe("nothing to hide");
    secrets.register("SECRET-abc123xyz");
    expect(secrets.redact("nothing to hide")).toBe("nothing to hide");
  });
});

describe("registerCredentials", () => {
  it("registers the credentials of the environment and the token", () => {
    const { masked, secrets } = registry();
    secrets.registerCredentials(
      { AWS_SECRET_ACCESS_KEY: "aws-secret-example", AWS_REGION: "us-east-1" },
      "ghs_token",
    );
    expect(masked).toEqual(["aws-secret-example", "ghs_token"]);
  });
});

describe("registerCredentials, short values", () => {
  it("leaves out a credential too short to be a key or token (a passphrase like test)", () => {
    const { masked, secrets } = registry();
    secrets.registerCredentials({ PULUMI_CONFIG_PASSPHRASE: "test" }, "");
    expect(masked).toEqual([]);
    expect(secrets.redact("a test plan")).toBe("a test plan");
  });
});

describe("redactedError", () => {
  it("redacts a failure's message and keeps its reason", () => {
    const { secrets } = registry();
    secrets.register("hook-secret-1234");
    const redacted = redactedError(new ActionFailure("apply-failed", "failed: hook-secret-1234"), secrets);
    expect(redacted).toBeInstanceOf(ActionFailure);
    expect(redacted).toMatchObject({ reason: "apply-failed", message: `failed: ${REDACTED}` });
  });

  it("redacts an unexpected error's message, its stack included", () => {
    const { secrets } = registry();
    secrets.register("hook-secret-1234");
    const redacted = redactedError(new TypeError("boom hook-secret-1234"), secrets) as Error;
    expect(redacted.message).toBe(`boom ${REDACTED}`);
    expect(redacted.name).toBe("TypeError");
    expect(redacted.stack).not.toContain("hook-secret-1234");
  });

  it("returns an error without secrets as it is", () => {
    const { secrets } = registry();
    const error = new Error("plain");
    expect(redactedError(error, secrets)).toBe(error);
  });
});

describe("redactingRunner", () => {
  function wrapped() {
    const runner = new RecordingRunner();
    const secrets = new SecretRegistry(runner);
    secrets.register("client-secret-1234");
    return { runner, redacting: redactingRunner(runner, secrets) };
  }

  it("redacts log lines, annotations and the job summary", async () => {
    const { runner, redacting } = wrapped();
    redacting.info("got client-secret-1234");
    redacting.warning("w client-secret-1234", {
      title: "t client-secret-1234",
      file: "a",
      startLine: 1,
      startColumn: 1,
    });
    await redacting.appendSummary("| client-secret-1234 |");
    expect(runner.messages("info")).toEqual([`got ${REDACTED}`]);
    expect(runner.annotations("warning")).toEqual([
      {
        message: `w ${REDACTED}`,
        properties: { title: `t ${REDACTED}`, file: "a", startLine: 1, startColumn: 1 },
      },
    ]);
    expect(runner.summaries).toEqual([`| ${REDACTED} |`]);
  });

  it("redacts outputs, but hands client-secrets on as they are (the runner masks them)", () => {
    const { runner, redacting } = wrapped();
    redacting.setOutput("plan", '[{"failures":["client-secret-1234"]}]');
    redacting.setOutput("client-secrets", '{"pool":{"web":"client-secret-1234"}}');
    expect(runner.outputs).toEqual({
      plan: `[{"failures":["${REDACTED}"]}]`,
      "client-secrets": '{"pool":{"web":"client-secret-1234"}}',
    });
  });
});
