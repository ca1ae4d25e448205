// Finding YAML files on disk: the one place in this package that touches the file system.
import { readFileSync, statSync } from "node:fs";
import { isAbsolute, join, sep } from "node:path";
import { globSync, isDynamicPattern } from "tinyglobby";
import type { SourceText } from "./validate.ts";

/** Directories never searched: they hold dependencies and Git's own data, not manifests. */
export const IGNORED_DIRECTORIES = ["**/node_modules/**", "**/.git/**"];
const YAML_FILES = ["**/*.yaml", "**/*.yml"];

/** A path or pattern the user gave that matched nothing. */
export class NothingMatchedError extends Error {
  constructor(readonly pattern: string) {
    super(`nothing matches ${JSON.stringify(pattern)}: no such file, directory or YAML files`);
    this.name = "NothingMatchedError";
  }
}

/**
 * Expands files, directories (walked for *.yaml and *.yml) and glob patterns into a sorted list of
 * files, relative to `cwd` with forward slashes. Each argument must match something.
 */
export function findYamlFiles(args: readonly string[], cwd: string): string[] {
  const found = new Set<string>();
  for (const arg of args) {
    const matches = expandArgument(arg, cwd);
    if (matches.length === 0) throw new NothingMatchedError(arg);
    for (const match of matches) found.add(match);
  }
  return [...found].sort();
}

function expandArgument(arg: string, cwd: string): string[] {
  if (isDynamicPattern(arg)) return globYaml([arg], cwd);
  const absolute = isAbsolute(arg) ? arg : join(cwd, arg);
  let stats;
  try {
    stats = statSync(absolute);
  } catch {
    return [];
  }
  if (stats.isFile()) return [toDisplayPath(arg)];
  if (!stats.isDirectory()) return [];
  return globYaml(YAML_FILES, absolute).map((file) => toDisplayPath(join(arg, file)));
}

/** Files matching glob patterns under `cwd`, never inside node_modules or .git. */
export function globYaml(patterns: readonly string[], cwd: string): string[] {
  return globSync([...patterns], {
    cwd,
    ignore: IGNORED_DIRECTORIES,
    onlyFiles: true,
    dot: false,
    expandDirectories: false,
  }).sort();
}

/** Reads files as UTF-8 text for validation. */
export function readSources(files: readonly string[], cwd: string): SourceText[] {
  return files.map((file) => ({
    file,
    text: readFileSync(isAbsolute(file) ? file : join(cwd, file), "utf8"),
  }));
}

function toDisplayPath(path: string): string {
  return path.split(sep).join("/").replace(/^\.\//, "");
}
