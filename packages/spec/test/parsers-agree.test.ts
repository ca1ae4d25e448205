// The loader reads a file with a fast parser and falls back to a precise one (source.ts). Whenever the fast
// reader accepts a document, both must agree on its data: otherwise a manifest could validate differently
// depending on which parser read it. A differential property over generated and mutated YAML.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseAllDocuments, stringify } from "yaml";
import { loadYamlDocuments } from "../src/index.ts";

const EXAMPLES_DIRECTORY = join(import.meta.dirname, "../../../examples");
const EXAMPLES = readdirSync(EXAMPLES_DIRECTORY).map((name) =>
  readFileSync(join(EXAMPLES_DIRECTORY, name), "utf8"),
);

/** What the precise parser alone makes of the text, when it reads it without any problem. */
function preciseValues(text: string): unknown[] | undefined {
  const documents = parseAllDocuments(text, { uniqueKeys: true });
  if (
    !Array.isArray(documents) ||
    documents.some((document) => document.errors.length > 0 || document.warnings.length > 0)
  )
    return undefined;
  try {
    return documents.map((document) => document.toJS({ maxAliasCount: 100 }) as unknown);
  } catch {
    return undefined;
  }
}

/** Scalars that YAML schemas disagree about: booleans, octals, infinities, dates, underscores. */
const trickyScalar = fc.constantFrom(
  "yes",
  "no",
  "on",
  "off",
  "y",
  "n",
  "True",
  "FALSE",
  "null",
  "~",
  "Null",
  "0o17",
  "017",
  "0x1F",
  "1_000",
  ".inf",
  "-.Inf",
  ".nan",
  "1e3",
  "+12",
  "-0",
  "2026-11-26",
  "2026-11-26T09:00:00Z",
  "12:30",
  "0b101",
  "'quoted'",
  '"double"',
  "a: b",
  "- item",
  "#not a comment",
  "<<",
  "=",
  "!!str 5",
  "!!int '5'",
  "3.",
);

const scalarLine = fc
  .tuple(fc.constantFrom("key", "region", "name", "mfaConfiguration", "<<"), trickyScalar)
  .map(([key, value]) => `${key}: ${value}`);

const generatedText = fc.oneof(
  fc.array(scalarLine, { minLength: 1, maxLength: 8 }).map((lines) => `${lines.join("\n")}\n`),
  fc.jsonValue({ maxDepth: 4 }).map((value) => stringify(value)),
  fc
    .jsonValue({ maxDepth: 3 })
    .map((value) =>
      stringify(value, { defaultStringType: "PLAIN", defaultKeyType: "PLAIN", collectionStyle: "flow" }),
    ),
  fc.tuple(fc.constantFrom(...EXAMPLES), fc.nat(), trickyScalar).map(([text, at, scalar]) => {
    const lines = text.split("\n");
    const index = at % lines.length;
    lines[index] = `${lines[index]!.replace(/:.*$/, ":")} ${scalar}`;
    return lines.join("\n");
  }),
);

describe("the fast and the precise YAML readers", () => {
  it("agree on the data of every document the fast reader accepts", () => {
    fc.assert(
      fc.property(generatedText, (text) => {
        const precise = preciseValues(text);
        const loaded = loadYamlDocuments(text, "generated.yaml");
        if (precise === undefined || loaded.some((document) => document.problems.length > 0)) return;
        expect(loaded.map((document) => document.value)).toEqual(precise);
      }),
      { numRuns: 3000 },
    );
  }, 60_000);

  it("agree on the examples", () => {
    for (const text of EXAMPLES) {
      expect(loadYamlDocuments(text, "example.yaml").map((document) => document.value)).toEqual(
        preciseValues(text),
      );
    }
  });
});
