// A lint rule for the import cycles import-x/no-cycle lets through: it skips `import type`, yet two files that
// import each other's types still say a type lives in the wrong file. This one follows every relative import
// (type-only, re-exports and dynamic `import()` included) and reports the import that closes a cycle, with
// the cycle. Packages import one another in one direction only (their dependencies say so), so relative
// imports are the only way a cycle forms; import-x/no-cycle still covers runtime imports through packages.
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import ts from "typescript";

/** Relative imports of a file, resolved, cached while the file is unchanged (editors keep the process). */
const importsByFile = new Map();

function relativeImportsOf(file) {
  const modified = statSync(file).mtimeMs;
  const cached = importsByFile.get(file);
  if (cached?.modified === modified) return cached.imports;
  const { importedFiles } = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
  const imports = importedFiles
    .map(({ fileName }) => resolveRelative(file, fileName))
    .filter((target) => target !== undefined);
  importsByFile.set(file, { modified, imports });
  return imports;
}

/** The source file a relative specifier names (the sources import `.ts` files by name); undefined otherwise. */
function resolveRelative(importer, specifier) {
  if (!specifier.startsWith(".")) return undefined;
  const target = resolve(dirname(importer), specifier);
  return /\.m?ts$/.test(target) && existsSync(target) ? target : undefined;
}

/** The shortest chain of imports from `start` back to `file`, or undefined when there is none. */
function pathBack(start, file) {
  const cameFrom = new Map([[start, undefined]]);
  const queue = [start];
  while (queue.length > 0) {
    const current = queue.shift();
    for (const next of relativeImportsOf(current)) {
      if (next === file) {
        const chain = [current];
        for (let step = cameFrom.get(current); step !== undefined; step = cameFrom.get(step))
          chain.unshift(step);
        return chain;
      }
      if (!cameFrom.has(next)) {
        cameFrom.set(next, current);
        queue.push(next);
      }
    }
  }
  return undefined;
}

/** @type {import("eslint").Rule.RuleModule} */
const noImportCycle = {
  meta: {
    type: "problem",
    docs: { description: "Forbid import cycles between files, type-only imports included" },
    schema: [],
    messages: {
      cycle:
        "import cycle: {{cycle}}. Move what both files share to the file it belongs in, or upstream to a file both import.",
    },
  },
  create(context) {
    const file = context.filename;
    const check = (node) => {
      if (node.source?.type !== "Literal" || typeof node.source.value !== "string") return;
      const target = resolveRelative(file, node.source.value);
      if (target === undefined) return;
      const chain = target === file ? [] : pathBack(target, file);
      if (chain === undefined) return;
      const base = dirname(file);
      const cycle = [file, ...chain, file].map((step) => relative(base, step)).join(" → ");
      context.report({ node, messageId: "cycle", data: { cycle } });
    };
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: check,
    };
  },
};

export default { rules: { "no-import-cycle": noImportCycle } };
