// Hostile input: whatever bytes a repository holds, validation answers with findings, never with an
// exception, a hang or a crash. Fixed cases first, then generated documents (fast-check prints the seed
// and the shrunk counterexample of a failure).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { stringify } from "yaml";
import { MAX_ALIAS_COUNT, MANIFEST_API_VERSION, MANIFEST_KIND, validateSources } from "../src/index.ts";
import type { SourceText, ValidateOptions, ValidationReport } from "../src/index.ts";
import { manifest, markedLine } from "./manifest-text.ts";

const EXAMPLES_DIRECTORY = join(import.meta.dirname, "../../../examples");
const EXAMPLES = readdirSync(EXAMPLES_DIRECTORY)
  .sort()
  .map((name) => readFileSync(join(EXAMPLES_DIRECTORY, name), "utf8"));
const QUICK_START = readFileSync(join(EXAMPLES_DIRECTORY, "quick-start.yaml"), "utf8");

/**
 * Every invariant a report keeps, whatever the input. Checked with plain code and asserted once, since the
 * generated run calls this ten thousand times.
 */
function expectWellFormed(sources: readonly SourceText[], report: ValidationReport): void {
  expect(reportProblems(sources, report)).toEqual([]);
}

/** What is wrong with a report, as sentences; empty when nothing is. */
function reportProblems(sources: readonly SourceText[], report: ValidationReport): string[] {
  const problems: string[] = [];
  const textOf = new Map(sources.map((source) => [source.file, source.text]));
  for (const source of sources) {
    if (!report.documents.some((document) => document.file === source.file))
      problems.push(`${source.file} has no document`);
  }
  if (report.valid !== report.documents.every((document) => document.status !== "invalid"))
    problems.push(
      `valid is ${report.valid} for statuses ${report.documents.map((d) => d.status).join(", ")}`,
    );
  for (const document of report.documents) {
    const where = `${document.file}#${document.index}`;
    const text = textOf.get(document.file);
    if (text === undefined) {
      problems.push(`${where} names a file that was not validated`);
      continue;
    }
    if (!["valid", "invalid", "skipped"].includes(document.status))
      problems.push(`${where} has status ${document.status}`);
    const errors = document.findings.filter((finding) => finding.severity === "error").length;
    if (document.status === "valid" && document.manifest?.kind !== MANIFEST_KIND)
      problems.push(`${where} is valid without a manifest`);
    if (document.status === "valid" && errors > 0) problems.push(`${where} is valid with ${errors} errors`);
    if (document.status === "invalid" && errors === 0) problems.push(`${where} is invalid without an error`);
    if (document.status === "skipped" && errors > 0)
      problems.push(`${where} is skipped with ${errors} errors`);
    const lineCount = lineCountOf(text);
    for (const finding of document.findings) {
      const about = `${where} ${JSON.stringify(finding)}`;
      if (finding.file !== document.file) problems.push(`${about}: another file`);
      if (finding.severity !== "error" && finding.severity !== "warning") problems.push(`${about}: severity`);
      if (!/^[a-z][a-z-]*$/.test(finding.rule)) problems.push(`${about}: rule`);
      if (typeof finding.message !== "string" || finding.message.length === 0)
        problems.push(`${about}: message`);
      if (typeof finding.path !== "string") problems.push(`${about}: path`);
      if (!Number.isInteger(finding.line) || finding.line < 1 || finding.line > lineCount)
        problems.push(`${about}: line outside 1..${lineCount}`);
      if (!Number.isInteger(finding.column) || finding.column < 1) problems.push(`${about}: column`);
    }
  }
  return problems;
}

/** Lines as an editor counts them, with every kind of line break. */
function lineCountOf(text: string): number {
  return text.split(/\r\n|\r|\n/).length;
}

function validateOne(text: string, options?: ValidateOptions) {
  const sources = [{ file: "hostile.yaml", text }];
  const report = validateSources(sources, options);
  expectWellFormed(sources, report);
  return report;
}

function rulesOf(report: ValidationReport): string[] {
  return report.documents.flatMap((document) => document.findings.map((finding) => finding.rule));
}

// yaml announces stringified collection keys (`? [a, b] : c`) as process warnings; keep them out of the
// test output, since such keys are exactly what hostile input contains.
beforeEach(() => {
  vi.spyOn(process, "emitWarning").mockImplementation(() => undefined);
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe("hostile input", () => {
  it("an empty file is skipped with a warning", () => {
    for (const text of ["", "\n\n", "   ", "# a comment and nothing else\n"]) {
      const report = validateOne(text);
      expect(report.valid).toBe(true);
      expect(report.documents).toEqual([
        expect.objectContaining({
          status: "skipped",
          findings: [
            expect.objectContaining({ severity: "warning", rule: "empty-file", line: 1, column: 1 }),
          ],
        }),
      ]);
    }
  });

  it("binary garbage becomes a report", () => {
    const bytes = Buffer.from(Array.from({ length: 64 * 1024 }, (_, i) => (i * 7919 + (i >> 3)) % 256));
    validateOne(bytes.toString("utf8"));
    validateOne(bytes.toString("latin1"));
    validateOne("\u0000\u0001\u0002\u00ff\u00fe{[:\u0000");
  });

  it("a top-level list is not a manifest", () => {
    const report = validateOne("- apiVersion: aws.openmcf.org/v1\n- kind: AwsCognitoUserPool\n");
    expect(report.documents[0]).toMatchObject({
      status: "invalid",
      findings: [{ rule: "document-not-mapping", line: 1, column: 1 }],
    });
  });

  it("a tab used for indentation is reported on its line", () => {
    const text = manifest("region: us-east-1").replace("  region:", "\tregion:");
    const report = validateOne(text);
    const tab = report.documents[0]!.findings[0]!;
    expect(tab).toMatchObject({
      rule: "yaml-syntax",
      line: text.split("\n").indexOf("\tregion: us-east-1") + 1,
    });
    expect(tab.message).toContain("tabs are not allowed as indentation");
  });

  it("unclosed brackets and quotes are syntax errors", () => {
    for (const spec of ["region: [us-east-1", "region: {a: 1", 'region: "us-east-1', "region: 'us-east-1"]) {
      const report = validateOne(manifest(spec));
      expect(report.documents[0]!.status).toBe("invalid");
      expect(rulesOf(report)).toContain("yaml-syntax");
    }
  });

  it("a duplicate key is reported on the repeat, naming the key", () => {
    const text = manifest(`
      region: us-east-1
      clients:
        - name: web-app
          name: web-app-2 # <-
    `);
    const report = validateOne(text);
    expect(report.documents[0]!.findings).toEqual([
      expect.objectContaining({ rule: "yaml-duplicate-key", line: markedLine(text) }),
    ]);
    expect(report.documents[0]!.findings[0]!.message).toContain('duplicate key "name"');
  });

  it.each([
    ["flow sequences", `${"[".repeat(5000)}${"]".repeat(5000)}\n`],
    ["flow mappings", `${"{a: ".repeat(5000)}1${"}".repeat(5000)}\n`],
    [
      "block mappings",
      `${Array.from({ length: 5000 }, (_, i) => `${" ".repeat(i)}k${i}:`).join("\n")} leaf\n`,
    ],
    ["block sequences", `${"- ".repeat(5000)}leaf\n`],
    [
      "indented block sequences",
      `${Array.from({ length: 5000 }, (_, i) => `${" ".repeat(2 * i)}-`).join("\n")} leaf\n`,
    ],
    ["a manifest field", manifest(`region: ${"[".repeat(5000)}${"]".repeat(5000)}`)],
  ])("5,000 levels of %s are too deep", (_, text) => {
    const report = validateOne(text);
    expect(report.documents.map((document) => document.status)).toEqual(["invalid"]);
    expect(rulesOf(report)).toContain("yaml-too-deep");
  });

  it("a 5 MB string value is read and judged", () => {
    const huge = "a".repeat(5 * 1024 * 1024);
    expect(rulesOf(validateOne(manifest(`region: ${huge}`)))).toEqual(["region-format"]);
    expect(rulesOf(validateOne(manifest(`region: "${huge}"`)))).toEqual(["region-format"]);
    // Where a field has a fixed set of values, the "did you mean" search must not choke on the size.
    expect(rulesOf(validateOne(manifest(`mfaConfiguration: ${huge}`)))).toEqual(["invalid-value"]);
    expect(rulesOf(validateOne(manifest("").replace(MANIFEST_KIND, huge)))).toEqual([]);
    // Messages quote values, but never whole: an annotation of megabytes helps nobody.
    const findings = validateOne(manifest(`region: ${huge}`)).documents[0]!.findings;
    expect(Math.max(...findings.map((finding) => finding.message.length))).toBeLessThanOrEqual(500);
  });

  it("an alias bomb stops at the alias limit", () => {
    const levels = Array.from({ length: 9 }, (_, level) =>
      level === 0
        ? 'l0: &l0 ["lol"]'
        : `l${level}: &l${level} [${Array(9)
            .fill(`*l${level - 1}`)
            .join(", ")}]`,
    );
    const report = validateOne(
      `apiVersion: ${MANIFEST_API_VERSION}\nkind: ${MANIFEST_KIND}\n${levels.join("\n")}\n`,
    );
    expect(report.documents[0]!.findings).toEqual([
      expect.objectContaining({ rule: "yaml-alias-limit", line: 1 }),
    ]);
    expect(report.documents[0]!.findings[0]!.message).toContain(String(MAX_ALIAS_COUNT));
  });

  it("wrong types everywhere are reported as structure, without rule findings on the defaults", () => {
    const report = validateOne(
      manifest(
        `
        region: 42
        usernameAttributes: email
        aliasAttributes: {email: true}
        usernameCaseSensitive: "no"
        passwordPolicy: [12]
        mfaConfiguration: true
        softwareTokenMfaEnabled: "yes"
        autoVerifiedAttributes: 7
        accountRecoveryMechanisms: verified_email
        emailConfiguration: DEVELOPER
        allowAdminCreateUserOnly: 1
        deletionProtection: []
        customAttributes: {name: tier}
        lambdaConfig: arn:aws:lambda:us-east-1:123456789012:function:f
        clients:
          - name: [web]
            generateSecret: "true"
            allowedOauthFlows: code
            allowedOauthScopes: openid
            callbackUrls: https://app.example.com
            explicitAuthFlows: ALLOW_USER_SRP_AUTH
            accessTokenValidityMinutes: "60"
            refreshTokenValidityDays: 1.5
        domain: acme-auth
      `,
        { metadata: "name: {first: my}\nlabels: [a, b]" },
      ),
    );
    const document = report.documents[0]!;
    expect(document.status).toBe("invalid");
    const ruleIds = new Set(document.findings.map((finding) => finding.rule));
    expect([...ruleIds].sort()).toEqual(["invalid-type", "invalid-value"]);
    expect(document.findings.map((finding) => finding.path)).toContain("spec.clients[0].name");
    expect(document.findings.length).toBeGreaterThanOrEqual(20);
  });

  it("wrong types at the top level are reported once each", () => {
    const report = validateOne(`apiVersion: 1\nkind: ${MANIFEST_KIND}\nmetadata: my-auth\nspec: [region]\n`);
    expect(
      report.documents[0]!.findings.map((finding) => [finding.rule, finding.path, finding.line]),
    ).toEqual([
      ["invalid-value", "apiVersion", 1],
      ["invalid-type", "metadata", 3],
      ["invalid-type", "spec", 4],
    ]);
  });

  it("a UTF-8 byte order mark and CRLF line endings validate like plain text, on the same lines", () => {
    const windows = `\uFEFF${QUICK_START.replace(/\n/g, "\r\n")}`;
    const report = validateOne(windows);
    expect(report.documents[0]).toMatchObject({ status: "valid", name: "my-auth", findings: [] });
    expect(report.documents[0]!.manifest?.spec.clients[0]!.name).toBe("web-app");

    // One finding on the first line (where the mark would count as a column) and one further down.
    const findingsOf = (text: string) => validateOne(text).documents[0]!.findings;
    const wrongVersion = (text: string) => text.replace("aws.openmcf.org/v1", "aws.openmcf.org/v2");
    const wrongRegion = (text: string) => text.replace("region: us-east-1", "region: us-east");
    expect(findingsOf(wrongVersion(QUICK_START))).toEqual([
      expect.objectContaining({ rule: "invalid-value", line: 1, column: "apiVersion: ".length + 1 }),
    ]);
    expect(findingsOf(wrongVersion(windows))).toEqual(findingsOf(wrongVersion(QUICK_START)));
    expect(findingsOf(wrongRegion(QUICK_START))).toEqual([
      expect.objectContaining({
        rule: "region-format",
        line: QUICK_START.split("\n").findIndex((line) => line.includes("region:")) + 1,
        column: 3,
      }),
    ]);
    expect(findingsOf(wrongRegion(windows))).toEqual(findingsOf(wrongRegion(QUICK_START)));
  });
});

// --- Generated documents ---------------------------------------------------------------------------

const SPEC_KEYS = [
  "region",
  "usernameAttributes",
  "aliasAttributes",
  "passwordPolicy",
  "mfaConfiguration",
  "softwareTokenMfaEnabled",
  "autoVerifiedAttributes",
  "accountRecoveryMechanisms",
  "emailConfiguration",
  "allowAdminCreateUserOnly",
  "deletionProtection",
  "customAttributes",
  "lambdaConfig",
  "clients",
  "domain",
  "mfaConfig",
];
const CLIENT_KEYS = [
  "name",
  "generateSecret",
  "allowedOauthFlowsUserPoolClient",
  "allowedOauthFlows",
  "allowedOauthScopes",
  "callbackUrls",
  "defaultRedirectUri",
  "explicitAuthFlows",
  "accessTokenValidityMinutes",
  "refreshTokenValidityDays",
  "callback_urls",
];
/** Values a field plausibly holds, so generated manifests get past the schema often enough to reach the rules. */
const PLAUSIBLE_VALUES = [
  "us-east-1",
  "email",
  "OFF",
  "OPTIONAL",
  "ON",
  "code",
  "client_credentials",
  "openid",
  "api/read",
  "https://app.example.com/callback",
  "http://localhost:3000",
  "ALLOW_USER_SRP_AUTH",
  "ALLOW_REFRESH_TOKEN_AUTH",
  "DEVELOPER",
  "arn:aws:lambda:us-east-1:123456789012:function:f",
  "arn:aws:ses:us-east-1:123456789012:identity/a@example.com",
  "auth.example.com",
  "acme-auth",
  "",
  0,
  5,
  60,
  3650,
  true,
  false,
  null,
];

const plausibleValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...PLAUSIBLE_VALUES) },
  { weight: 1, arbitrary: fc.array(fc.constantFrom(...PLAUSIBLE_VALUES), { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
);

const client = fc.dictionary(fc.constantFrom(...CLIENT_KEYS), plausibleValue, { maxKeys: 5 });

/** Mappings shaped like a manifest, with fields of the right and wrong types. */
const manifestLike = fc
  .record({
    apiVersion: fc.oneof(fc.constant(MANIFEST_API_VERSION), plausibleValue),
    kind: fc.oneof(
      { weight: 4, arbitrary: fc.constant(MANIFEST_KIND) },
      { weight: 1, arbitrary: fc.constantFrom("AwsLambda", "AwsCognitoUserpool", "") },
    ),
    metadata: fc.oneof(
      fc.record({
        name: fc.oneof(fc.constantFrom("my-auth", "prod-auth", "a b!"), plausibleValue),
        labels: fc.dictionary(
          fc.constantFrom(
            "pulumi.openmcf.org/organization",
            "pulumi.openmcf.org/project",
            "pulumi.openmcf.org/stack.name",
          ),
          fc.oneof(fc.constantFrom("acme", "prod", "my project"), plausibleValue),
        ),
      }),
      plausibleValue,
    ),
    spec: fc.oneof(
      {
        weight: 4,
        arbitrary: fc.dictionary(fc.constantFrom(...SPEC_KEYS), fc.oneof(plausibleValue, client)),
      },
      {
        weight: 4,
        arbitrary: fc.record({ region: plausibleValue, clients: fc.array(client, { maxLength: 2 }) }),
      },
      { weight: 1, arbitrary: plausibleValue },
    ),
  })
  .map((document) => stringify(document));

/** Anything JSON can hold, written as YAML. */
const jsonYaml = fc.jsonValue({ maxDepth: 4 }).map((value) => stringify(value));

/** Text made of YAML's own punctuation, where the parser's corner cases live. */
const yamlPunctuation = fc
  .array(
    fc.constantFrom(
      ":",
      ": ",
      "- ",
      " ",
      "  ",
      "\n",
      "\t",
      "[",
      "]",
      "{",
      "}",
      ",",
      "'",
      '"',
      "#",
      "&a ",
      "*a",
      "<<: *a",
      "!!str ",
      "!tag ",
      "? ",
      "|",
      ">-",
      "%YAML 1.2",
      "---",
      "...",
      "kind",
      "AwsCognitoUserPool",
      "spec",
      "\\",
      "\uFEFF",
      "\r",
    ),
    { maxLength: 40 },
  )
  .map((tokens) => tokens.join(""));

const TOKENS = [
  "\t",
  ":",
  ": ",
  "[",
  "]",
  "{",
  "}",
  "'",
  '"',
  "&x ",
  "*x",
  "- ",
  "\n",
  "---\n",
  " # ",
  "<<: *x",
];
const edit = fc.record({
  kind: fc.constantFrom("delete-line", "duplicate-line", "swap", "insert"),
  at: fc.nat(),
  token: fc.constantFrom(...TOKENS),
});

/** An example manifest, a few lines deleted or repeated, characters swapped or YAML punctuation inserted. */
const mutatedExample = fc
  .record({ example: fc.constantFrom(...EXAMPLES), edits: fc.array(edit, { minLength: 1, maxLength: 4 }) })
  .map(({ example, edits }) => edits.reduce(applyEdit, example));

function applyEdit(text: string, { kind, at, token }: Edit): string {
  if (text.length === 0) return token;
  if (kind === "delete-line" || kind === "duplicate-line") {
    const lines = text.split("\n");
    const index = at % lines.length;
    return kind === "delete-line"
      ? lines.filter((_, i) => i !== index).join("\n")
      : [...lines.slice(0, index + 1), ...lines.slice(index)].join("\n");
  }
  const position = at % text.length;
  if (kind === "swap" && position + 1 < text.length) {
    return text.slice(0, position) + text[position + 1]! + text[position]! + text.slice(position + 2);
  }
  return text.slice(0, position) + token + text.slice(position);
}

interface Edit {
  kind: "delete-line" | "duplicate-line" | "swap" | "insert";
  at: number;
  token: string;
}

/** Brackets, braces and indented dashes opened to a random depth, closed or not. */
const nesting = fc
  .record({
    depth: fc.integer({ min: 1, max: 200 }),
    opener: fc.constantFrom("[", "{a: ", "- ", "a:\n", "[{b: "),
    closed: fc.boolean(),
  })
  .map(({ depth, opener, closed }) => {
    if (opener === "a:\n") return Array.from({ length: depth }, (_, i) => `${" ".repeat(i)}a:`).join("\n");
    const closer = opener === "[" ? "]" : opener === "{a: " ? "}" : opener === "[{b: " ? "}]" : "";
    return `${opener.repeat(depth)}x${closed ? closer.repeat(depth) : ""}`;
  });

const documentText = fc.oneof(
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 120 }) },
  { weight: 2, arbitrary: jsonYaml },
  { weight: 4, arbitrary: manifestLike },
  { weight: 4, arbitrary: mutatedExample },
  { weight: 2, arbitrary: yamlPunctuation },
  { weight: 1, arbitrary: nesting },
);

/** A file of one or (less often, to keep the run short) two documents, sometimes with a byte order mark or Windows line endings. */
const fileText = fc
  .record({
    documents: fc.oneof(
      { weight: 4, arbitrary: documentText.map((text) => [text]) },
      { weight: 1, arbitrary: fc.tuple(documentText, documentText) },
    ),
    bom: fc.boolean(),
    crlf: fc.boolean(),
  })
  .map(({ documents, bom, crlf }) => {
    const text = documents.join("\n---\n");
    return `${bom ? "\uFEFF" : ""}${crlf ? text.replace(/\r?\n/g, "\r\n") : text}`;
  });

describe("generated documents", () => {
  it("always get a well-formed report", { timeout: 120_000 }, () => {
    fc.assert(
      fc.property(
        // Mostly one file, sometimes two (for the checks across files): ten thousand runs must stay quick.
        fc.oneof(
          { weight: 3, arbitrary: fileText.map((text) => [text]) },
          { weight: 1, arbitrary: fc.tuple(fileText, fileText) },
        ),
        fc.constantFrom<ValidateOptions["unrelatedYaml"]>("report", "skip-unrelated"),
        (texts, unrelatedYaml) => {
          const sources = texts.map((text, index) => ({ file: `file-${index}.yaml`, text }));
          expectWellFormed(sources, validateSources(sources, { unrelatedYaml }));
        },
      ),
      { numRuns: 10_000 },
    );
  });
});
