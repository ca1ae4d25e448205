// Redaction over random secrets and the forms they take in what we write: property tests.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { code, credentialValues, escapeCell, formatValue, REDACTED, SecretRedactor } from "../src/index.ts";

/** Characters a secret or its surroundings are drawn from: the ones every encoding treats specially, and more. */
const character = fc.oneof(
  { weight: 4, arbitrary: fc.string({ minLength: 1, maxLength: 1, unit: "grapheme-ascii" }) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      ..."&<>|~*@[]_`\"'\\/%+ =?#\t".split(""),
      "\n",
      "\r\n",
      "é",
      "ß",
      "😀",
      "\u2028",
      "中",
    ),
  },
);
const text = (maxLength: number) => fc.array(character, { maxLength }).map((parts) => parts.join(""));
/** A secret: at least one character that is neither whitespace nor an asterisk, any length from one. */
const secret = fc
  .array(character, { minLength: 1, maxLength: 24 })
  .map((parts) => parts.join("").trim())
  .filter((value) => /[^\s*]/.test(value));
const singleLineSecret = secret.filter((value) => !/[\r\n]/.test(value));

/** The forms a secret takes where we write it, each applied to the whole text around it. */
const ENCODINGS: Record<string, (value: string) => string> = {
  raw: (value) => value,
  "JSON (JavaScript)": (value) => JSON.stringify(value),
  "JSON (Go)": (value) =>
    JSON.stringify(value)
      .replace(/</g, "\\u003c")
      .replace(/>/g, "\\u003e")
      .replace(/&/g, "\\u0026")
      .replace(/\u2028/g, "\\u2028")
      .replace(/\u2029/g, "\\u2029"),
  "URL component": (value) => encodeURIComponent(value),
  "form encoding": (value) => encodeURIComponent(value).replace(/%20/g, "+"),
  "table cell": (value) => escapeCell(value),
  "inline code": (value) => code(value),
  "plan value": (value) => formatValue(value, 100_000),
  "Markdown in a comment of JSON": (value) => escapeCell(JSON.stringify({ message: value })),
};

/** Undoes the report escapes, so a test can look for the secret as a reader would see it. */
function unescape(value: string): string {
  return value
    .replace(/<br>/g, "\n")
    .replace(/&#(\d+);/g, (_, digits: string) => String.fromCharCode(Number(digits)))
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&");
}

function redactorOf(...secrets: string[]): SecretRedactor {
  const redactor = new SecretRedactor();
  for (const value of secrets) redactor.add(value);
  return redactor;
}

describe("SecretRedactor", () => {
  for (const [name, encode] of Object.entries(ENCODINGS)) {
    it(`leaves no trace of a secret in its ${name} form, whatever surrounds it`, () => {
      fc.assert(
        fc.property(singleLineSecret, text(12), text(12), (value, before, after) => {
          const encoded = encode(`${before}${value}${after}`);
          const redacted = redactorOf(value).redact(encoded);
          expect(redacted).not.toContain(value);
          expect(unescape(redacted)).not.toContain(value);
          if (name !== "URL component" && name !== "form encoding") expect(redacted).toContain(REDACTED);
        }),
        { numRuns: 300 },
      );
    });
  }

  it("redacts a URL-encoded secret as a whole", () => {
    fc.assert(
      // Long enough, and not a part of the address around it, which would be redacted too.
      fc.property(
        singleLineSecret.filter((value) => value.length >= 4 && !"https://host/cb?code=&x=1".includes(value)),
        (value) => {
          const redacted = redactorOf(value).redact(`https://host/cb?code=${encodeURIComponent(value)}&x=1`);
          expect(redacted).toBe(`https://host/cb?code=${REDACTED}&x=1`);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("redacts a secret shorter than the runner's masking threshold", () => {
    fc.assert(
      fc.property(
        fc
          .string({ minLength: 1, maxLength: 3, unit: "grapheme-ascii" })
          .filter((value) => /^[^\s*]+$/.test(value)),
        text(10),
        (value, around) => {
          expect(redactorOf(value).redact(`${around}${value}${around}`)).not.toContain(value);
        },
      ),
    );
  });

  it("redacts each line of a multi-line secret wherever it appears alone, in every form", () => {
    const line = fc
      .array(
        character.filter((char) => !/[\r\n]/.test(char)),
        { minLength: 4, maxLength: 16 },
      )
      .map((parts) => parts.join("").trim())
      .filter((value) => value.length >= 4 && /[^\s*]/.test(value));
    fc.assert(
      fc.property(
        fc.array(line, { minLength: 2, maxLength: 5 }),
        fc.nat(),
        fc.constantFrom(...Object.values(ENCODINGS)),
        (lines, pick, encode) => {
          const alone = lines[pick % lines.length]!;
          const redacted = redactorOf(lines.join("\n")).redact(encode(`log: ${alone}.`));
          expect(unescape(redacted)).not.toContain(alone);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("leaves text that shares no character with the secrets as it is", () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 20, unit: fc.constantFrom(..."ABCDEFGHIJ0123".split("")) }),
        fc.string({ maxLength: 60, unit: fc.constantFrom(..."klmnopqrstuvwxyz .,:;!?-()\n".split("")) }),
        (value, plain) => {
          expect(redactorOf(value).redact(plain)).toBe(plain);
        },
      ),
    );
  });

  it("does not redact the lines of a multi-line secret that are shorter than four characters", () => {
    const redactor = redactorOf("{\n  token-abcdef\n}");
    expect(redactor.redact("{ a } token-abcdef")).toBe(`{ a } ${REDACTED}`);
  });

  it("ignores a value made only of asterisks and whitespace: it reads as the redaction already", () => {
    const redactor = redactorOf("***", "  ", "*\n*");
    expect(redactor.size).toBe(0);
    expect(redactor.redact("a *** b")).toBe("a *** b");
  });

  it("leaves no secret formed again next to a redaction", () => {
    expect(redactorOf("a*").redact("aa*")).not.toContain("a*");
  });
});

describe("credentialValues", () => {
  it("finds the credentials set in the environment, and only those long enough to be credentials", () => {
    expect(
      credentialValues({
        AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG",
        PULUMI_CONFIG_PASSPHRASE: "test",
        AWS_REGION: "us-east-1",
        PULUMI_ACCESS_TOKEN: "pul-0123456789",
      }),
    ).toEqual(["wJalrXUtnFEMI/K7MDENG", "pul-0123456789"]);
  });
});
