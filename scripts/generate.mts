// Files generated from the sources and committed: the manifest's JSON Schema (for editors) and the field
// reference. `tsx scripts/generate.ts` writes them; `--check` only reports the stale ones (exit 1).
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { manifestJsonSchema } from "@cognito-action/spec";
import { renderFieldReference } from "./field-reference.mts";
import { renderActionReference } from "./action-reference.mts";
import { renderRuleReference } from "./rule-reference.mts";
import { renderPlanExample } from "./readme-plan-example.mts";

/** Rules that come from reading YAML and the schema rather than from rules/. */
const STRUCTURAL_RULES = [
  [
    "yaml-syntax",
    "error",
    "The file is not valid YAML (tabs as indentation, unclosed brackets, binary data).",
  ],
  ["yaml-duplicate-key", "error", "A key appears twice in one mapping; YAML would silently keep one value."],
  [
    "yaml-merge-key",
    "error",
    "A YAML merge key (<<): not part of YAML 1.2, so refused by name; write the fields out.",
  ],
  [
    "file-encoding",
    "error",
    "The file is neither UTF-8 nor UTF-16 with a byte order mark; the first bad byte is reported by offset.",
  ],
  ["yaml-alias-limit", "error", 'The document expands too many aliases (a "billion laughs" document).'],
  ["yaml-too-deep", "error", "The document nests too deeply to read."],
  ["empty-file", "warning", "The file has no YAML documents."],
  ["empty-document", "warning", "A document of the file is empty."],
  ["document-not-mapping", "error", "The document is a list or a single value, not a manifest."],
  ["unknown-kind", "error", "The kind is a near miss of AwsCognitoUserPool."],
  ["unknown-key", "error", "A field the manifest does not have (with a suggestion for near misses)."],
  ["required", "error", "A required field is missing."],
  ["invalid-type", "error", "A field has the wrong type."],
  ["invalid-value", "error", "A field is not one of its allowed values."],
  ["out-of-range", "error", "A number, string or list is outside its allowed range or size."],
  [
    "value-from-unresolved",
    "warning",
    "A valueFrom reference names a manifest that is not among the files validated (an error where a plan needs its value).",
  ],
  [
    "value-from-ambiguous",
    "error",
    "A valueFrom reference is answered by manifests on several stacks (dev and prod); its env must choose one.",
  ],
  ["stack-collision", "error", "Two manifests deploy to the same Pulumi stack."],
] as const;

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** Every generated file: its path relative to the repository root and its expected content. */
export async function generatedFiles(): Promise<Record<string, string>> {
  const schema = manifestJsonSchema();
  const readme = renderActionReference(
    readFileSync(join(root, "README.md"), "utf8"),
    readFileSync(join(root, "action.yml"), "utf8"),
  );
  return {
    "packages/spec/schema/aws-cognito-user-pool.schema.json": `${JSON.stringify(schema, null, 2)}\n`,
    "docs/manifest-reference.md": renderFieldReference(schema),
    "docs/rules.md": renderRuleReference(join(root, "packages/spec/src/rules"), STRUCTURAL_RULES),
    "README.md": await renderPlanExample(readme, root),
  };
}

/** Paths whose committed content differs from what the sources generate. */
export async function staleGeneratedFiles(): Promise<string[]> {
  return Object.entries(await generatedFiles()).flatMap(([path, content]) =>
    readOrEmpty(join(root, path)) === content ? [] : [path],
  );
}

function readOrEmpty(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes("--check")) {
    const stale = await staleGeneratedFiles();
    for (const path of stale) console.error(`stale: ${path} (run pnpm generate and commit the result)`);
    process.exitCode = stale.length > 0 ? 1 : 0;
  } else {
    for (const [path, content] of Object.entries(await generatedFiles())) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), content);
      console.log(`wrote ${path}`);
    }
  }
}
