import { describe, expect, it } from "vitest";
import { REDACTED, SecretRegistry } from "../src/secrets.ts";

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

  it("ignores fragments shorter than four characters", () => {
    const { masked, secrets } = registry();
    secrets.register("abc");
    secrets.register("longer-secret\nab\n \n");
    expect(masked).toEqual(["longer-secret\nab", "longer-secret"]);
    expect(secrets.redact("ab abc")).toBe("ab abc");
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

  it("redacts the longest secret first, so one containing another goes whole", () => {
    const { secrets } = registry();
    secrets.register("abcd");
    secrets.register("xxabcdyy");
    expect(secrets.redact("xxabcdyy and abcd")).toBe(`${REDACTED} and ${REDACTED}`);
  });

  it("redacts each line of a multi-line secret wherever it appears alone", () => {
    const { secrets } = registry();
    secrets.register("first-line\nsecond-line");
    expect(secrets.redact("log: second-line")).toBe(`log: ${REDACTED}`);
  });

  it("leaves text without secrets unchanged", () => {
    const { secrets } = registry();
    expect(secrets.redact("nothing to hide")).toBe("nothing to hide");
    secrets.register("SECRET-abc123xyz");
    expect(secrets.redact("nothing to hide")).toBe("nothing to hide");
  });
});
