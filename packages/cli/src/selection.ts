// One meaning for the paths every command is given: each is resolved against the repository root, however
// it is spelled (relative, `./`, `../`, absolute, a glob), so the same files are chosen and named the same
// way from anywhere in the repository, and a glob picks a deleted file at the base as it picks a file on disk.
import { existsSync, realpathSync } from "node:fs";
import { dirname, isAbsolute, join, posix, relative, resolve, sep } from "node:path";
import picomatch from "picomatch";
import { IGNORED_DIRECTORIES } from "@cognito-action/spec";

/** The user's paths, each as given and as a path or pattern relative to the repository root. */
export interface Selection {
  /** The repository root (a real path): every file the commands name is relative to it. */
  root: string;
  entries: SelectionEntry[];
}

/** One argument: `rooted` is `.` for the root itself, or an absolute path for a place outside the root. */
export interface SelectionEntry {
  given: string;
  rooted: string;
  glob: boolean;
}

/**
 * The repository around `cwd`: the nearest directory up that holds `.git` (a directory, or a file in a
 * worktree), else `cwd` itself, so outside Git a command's paths are relative to where it runs. Found without
 * running git, so `validate` starts fast.
 */
export function repositoryRoot(cwd: string): string {
  const start = realDirectory(cwd);
  for (let directory = start; ; directory = dirname(directory)) {
    if (existsSync(join(directory, ".git"))) return directory;
    if (dirname(directory) === directory) return start;
  }
}

/** The user's arguments (none means the current directory) resolved against `root`. */
export function selectionOf(args: readonly string[], cwd: string, root: string): Selection {
  const given = args.length > 0 ? args : ["."];
  // An absolute argument may be spelled through a symbolic link to the working directory (`$PWD` in a
  // linked checkout): the root as reached from `cwd` lets it be read as the same place.
  const realCwd = realDirectory(cwd);
  const logicalRoot = resolve(cwd, relative(realCwd, root));
  return {
    root,
    entries: given.map((arg) => {
      const glob = picomatch.scan(arg).isGlob;
      const absolute = isAbsolute(arg) ? resolve(arg) : resolve(realCwd, arg);
      const inside = [root, logicalRoot]
        .map((base) => relative(base, absolute))
        .find((rest) => !rest.startsWith("..") && !isAbsolute(rest));
      const rooted = inside === undefined ? absolute : inside === "" ? "." : inside.split(sep).join("/");
      return { given: arg, rooted, glob };
    }),
  };
}

/**
 * Whether a path relative to the root is chosen by the selection: under a chosen directory, the chosen file,
 * or matched by a chosen glob. Used for files that exist only at a base commit, where nothing is on disk.
 */
export function selects(entry: SelectionEntry, path: string): boolean {
  if (entry.glob) return picomatch(entry.rooted, { ignore: IGNORED_DIRECTORIES, dot: false })(path);
  if (isAbsolute(entry.rooted)) return false;
  const prefix = posix.normalize(entry.rooted).replace(/\/+$/, "");
  return prefix === "." || path === prefix || path.startsWith(`${prefix}/`);
}

/** Whether any entry of the selection chooses `path` (relative to the root). */
export function selectsAny(selection: Selection, path: string): boolean {
  return selection.entries.some((entry) => selects(entry, path));
}

function realDirectory(path: string): string {
  try {
    return realpathSync.native(path);
  } catch {
    return resolve(path);
  }
}
