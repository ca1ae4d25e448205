// The import-cycle rule on small source trees written to a temporary folder: it follows the files on disk,
// so each case writes the files the one under lint imports.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RuleTester } from "eslint";
import tseslint from "typescript-eslint";
import { afterAll, describe, it } from "vitest";
import importCycles from "./no-import-cycle.mjs";

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const folder = mkdtempSync(join(tmpdir(), "import-cycle-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** Writes `files` (name → source) into the folder and returns the path of `name`. */
function tree(files, name) {
  for (const [file, source] of Object.entries(files)) writeFileSync(join(folder, file), source);
  return join(folder, name);
}

const tester = new RuleTester({ languageOptions: { parser: tseslint.parser } });

tester.run("no-import-cycle", importCycles.rules["no-import-cycle"], {
  valid: [
    {
      name: "a type imported from a file that imports nothing back",
      code: 'import type { Runner } from "./runner.ts";\nexport type R = Runner;\n',
      filename: tree(
        { "runner.ts": "export interface Runner { x: string }\n", "secrets.ts": "" },
        "secrets.ts",
      ),
    },
    {
      name: "a package import, which the rule leaves to import-x",
      code: 'import { parse } from "yaml";\nexport const p = parse;\n',
      filename: tree({ "package-user.ts": "" }, "package-user.ts"),
    },
  ],
  invalid: [
    {
      name: "two files importing each other's types",
      code: 'import type { MaskRegistrar } from "./mask.ts";\nexport interface Runner extends MaskRegistrar { x: string }\n',
      filename: tree(
        {
          "mask.ts":
            'import type { Runner } from "./runner2.ts";\nexport interface MaskRegistrar { r?: Runner }\n',
          "runner2.ts": "",
        },
        "runner2.ts",
      ),
      errors: [{ messageId: "cycle", data: { cycle: "runner2.ts → mask.ts → runner2.ts" } }],
    },
    {
      name: "a cycle through a dynamic import and a third file",
      code: 'export async function run() {\n  return (await import("./execute.ts")).execute;\n}\n',
      filename: tree(
        {
          "execute.ts": 'export { deps } from "./deps.ts";\nexport const execute = 1;\n',
          "deps.ts": 'import type { run } from "./run.ts";\nexport type deps = typeof run;\n',
          "run.ts": "",
        },
        "run.ts",
      ),
      errors: [{ messageId: "cycle", data: { cycle: "run.ts → execute.ts → deps.ts → run.ts" } }],
    },
  ],
});
