// Finding YAML files on disk: the one place in this package that touches the file system.
import { readFileSync, realpathSync, statSync } from "node:fs";
import { isAbsolute, join, relative, sep } from "node:path";
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
export function findYamlFiles(args: readonly string[], cwd: string, outside?: string[]): string[] {
  const found = new Set<string>();
  for (const arg of args) {
    const matches = expandArgument(arg, cwd, outside);
    if (matches.length === 0) throw new NothingMatchedError(arg);
    for (const match of matches) found.add(match);
  }
  const located = [...found].sort().map((path) => {
    const absolute = isAbsolute(path) ? path : join(cwd, path);
    return { path, real: realPath(absolute) ?? absolute };
  });
  return onePathPerFile(located, cwd);
}

function expandArgument(arg: string, cwd: string, outside: string[] | undefined): string[] {
  if (isDynamicPattern(arg)) return globYaml([arg], cwd, outside);
  const absolute = isAbsolute(arg) ? arg : join(cwd, arg);
  let stats;
  try {
    stats = statSync(absolute);
  } catch {
    return [];
  }
  if (stats.isFile()) return [toDisplayPath(arg)];
  if (!stats.isDirectory()) return [];
  const linked: string[] = [];
  const files = globYaml(YAML_FILES, absolute, linked).map((file) => toDisplayPath(join(arg, file)));
  outside?.push(...linked.map((file) => toDisplayPath(join(arg, file))));
  return files;
}

/**
 * Files matching glob patterns under `cwd`, never inside node_modules or .git. Symbolic links are resolved
 * once: a link that leads outside `cwd` (the workspace) is left out (and its path added to `outside`), and
 * a file reached by several paths
 * (a link loop, a link to a sibling directory) is listed once, so it never collides with itself.
 */
export function globYaml(patterns: readonly string[], cwd: string, outside?: string[]): string[] {
  const matches = globSync([...patterns], {
    cwd,
    ignore: IGNORED_DIRECTORIES,
    onlyFiles: true,
    dot: false,
    expandDirectories: false,
  }).sort();
  const root = realpathSync.native(cwd);
  const located = matches.map((path) => ({ path, real: realPath(join(cwd, path)) }));
  // Named to the caller (`outside`), so a file left out is said to be left out.
  for (const file of located)
    if (file.real !== undefined && !isInside(file.real, root)) outside?.push(file.path);
  return onePathPerFile(
    located.filter((file): file is LocatedFile => isInside(file.real, root)),
    cwd,
  );
}

/** A path as matched, with the real location of the file it names. */
interface LocatedFile {
  path: string;
  real: string;
}

/**
 * The real location of a path, or undefined for a dangling link. The native call resolves the whole path in
 * one system call, where the JavaScript one stats every component (a hot spot over thousands of files).
 */
function realPath(path: string): string | undefined {
  try {
    return realpathSync.native(path);
  } catch {
    return undefined;
  }
}

function isInside(path: string | undefined, root: string): boolean {
  if (path === undefined) return false;
  const rest = relative(root, path);
  return rest === "" || (!rest.startsWith("..") && !isAbsolute(rest));
}

/** Keeps one path per real file: the one that is the file's own path if listed, else the first. */
function onePathPerFile(files: readonly LocatedFile[], cwd: string): string[] {
  const chosen = new Map<string, { path: string; own: boolean }>();
  for (const { path, real } of files) {
    const own = real === (isAbsolute(path) ? path : join(cwd, path));
    const current = chosen.get(real);
    if (current === undefined || (own && !current.own)) chosen.set(real, { path, own });
  }
  return [...chosen.values()].map(({ path }) => path).sort();
}

const STRICT_UTF8 = new TextDecoder("utf-8", { fatal: true });

/** Reads files for validation, decoding each as decodeSource does. */
export function readSources(files: readonly string[], cwd: string): SourceText[] {
  return files.map((file) => readSource(file, cwd));
}

/** Reads one file (relative to `cwd`, or absolute) for validation. */
export function readSource(file: string, cwd: string): SourceText {
  return { file, ...decodeSource(readFileSync(isAbsolute(file) ? file : join(cwd, file))) };
}

/**
 * The text of a file's bytes. UTF-8 is the YAML norm; UTF-16 is read when a byte order mark says so (editors
 * on Windows save it). Anything else is never guessed at: its first byte that is not UTF-8 is reported by
 * offset, and `text` (decoded with replacement characters) serves only to tell whether the file was meant
 * as a manifest. No replacement character ever reaches a manifest's values.
 */
export function decodeSource(bytes: Uint8Array): Omit<SourceText, "file"> {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return decodeUtf16(bytes.subarray(2), "le");
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return decodeUtf16(bytes.subarray(2), "be");
  // The native strict decoder accepts valid UTF-8 fast; only a file it refuses is scanned for the offset.
  try {
    return { text: STRICT_UTF8.decode(bytes) };
  } catch {
    const text = new TextDecoder("utf-8").decode(bytes);
    const offset = firstInvalidUtf8(bytes) ?? 0;
    return { text, notText: describeOffset(bytes, offset, `byte 0x${hex(bytes[offset]!)} is not UTF-8`) };
  }
}

function decodeUtf16(bytes: Uint8Array, order: "le" | "be"): Omit<SourceText, "file"> {
  const swapped = order === "le" ? bytes : swapPairs(bytes);
  try {
    return { text: new TextDecoder("utf-16le", { fatal: true }).decode(swapped) };
  } catch {
    const text = new TextDecoder("utf-16le").decode(swapped);
    const at = text.indexOf("\uFFFD");
    return {
      text,
      notText: {
        offset: 2 + Math.max(at, 0) * 2,
        line: text.slice(0, Math.max(at, 0)).split("\n").length,
        column: Math.max(at, 0) - text.lastIndexOf("\n", Math.max(at, 0) - 1),
        message: `the UTF-16 text has a broken surrogate pair at byte offset ${2 + Math.max(at, 0) * 2}`,
      },
    };
  }
}

function swapPairs(bytes: Uint8Array): Uint8Array {
  const swapped = new Uint8Array(bytes.length - (bytes.length % 2));
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    swapped[i] = bytes[i + 1]!;
    swapped[i + 1] = bytes[i]!;
  }
  return swapped;
}

/** Offset of the first byte that does not belong to a well-formed UTF-8 sequence (RFC 3629). */
export function firstInvalidUtf8(bytes: Uint8Array): number | undefined {
  for (let i = 0; i < bytes.length;) {
    const lead = bytes[i]!;
    if (lead < 0x80) {
      i++;
      continue;
    }
    const [length, low, high] =
      lead >= 0xc2 && lead <= 0xdf
        ? [2, 0x80, 0xbf]
        : lead === 0xe0
          ? [3, 0xa0, 0xbf]
          : lead === 0xed
            ? [3, 0x80, 0x9f]
            : lead >= 0xe1 && lead <= 0xef
              ? [3, 0x80, 0xbf]
              : lead === 0xf0
                ? [4, 0x90, 0xbf]
                : lead === 0xf4
                  ? [4, 0x80, 0x8f]
                  : lead >= 0xf1 && lead <= 0xf3
                    ? [4, 0x80, 0xbf]
                    : [0, 0, 0];
    if (length === 0) return i;
    for (let k = 1; k < length; k++) {
      const byte = bytes[i + k];
      const [min, max] = k === 1 ? [low, high] : [0x80, 0xbf];
      if (byte === undefined || byte < min || byte > max) return i;
    }
    i += length;
  }
  return undefined;
}

function describeOffset(bytes: Uint8Array, offset: number, what: string): NonNullable<SourceText["notText"]> {
  let lineStart = 0;
  let line = 1;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  const column = new TextDecoder("utf-8").decode(bytes.subarray(lineStart, offset)).length + 1;
  return { offset, line, column, message: `${what} (byte offset ${offset})` };
}

function hex(byte: number): string {
  return byte.toString(16).toUpperCase().padStart(2, "0");
}

function toDisplayPath(path: string): string {
  return path.split(sep).join("/").replace(/^\.\//, "");
}
