// Which files changed between two commits, as git or the GitHub API reports it. Parsing is pure; reading git
// is a small adapter at the edge.
import { execFile } from "node:child_process";
import { promisify } from "node:util";

/** A file that changed, with its previous path for a rename. */
export interface ChangedFile {
  status: "added" | "modified" | "deleted" | "renamed";
  path: string;
  previousPath?: string | undefined;
}

/** Parses `git diff --name-status -z -M` output (NUL-separated, so any file name is safe). */
export function parseNameStatus(output: string): ChangedFile[] {
  const fields = output.split("\0").filter((field) => field !== "");
  const files: ChangedFile[] = [];
  for (let i = 0; i < fields.length;) {
    const code = fields[i++]!;
    const kind = code[0];
    if (kind === "R" || kind === "C") {
      const previousPath = fields[i++]!;
      const path = fields[i++]!;
      files.push(kind === "R" ? { status: "renamed", path, previousPath } : { status: "added", path });
    } else {
      const path = fields[i++]!;
      files.push({ status: kind === "A" ? "added" : kind === "D" ? "deleted" : "modified", path });
    }
  }
  return files;
}

/** Runs git in `cwd` and returns its stdout (no shell; arguments are passed as they are). */
export type Git = (args: readonly string[]) => Promise<string>;

/** The real git, in `cwd`. */
export function gitIn(cwd: string): Git {
  const run = promisify(execFile);
  return async (args) => {
    const { stdout } = await run("git", [...args], { cwd, maxBuffer: 256 * 1024 * 1024, encoding: "utf8" });
    return stdout;
  };
}

/** Files changed from `base` to `head` (a commit), or to the working tree with untracked files when `head` is omitted. */
export async function changedFilesBetween(git: Git, base: string, head?: string): Promise<ChangedFile[]> {
  // --relative: paths relative to the working directory, as every other path the caller handles.
  const diff = await git([
    "diff",
    "--name-status",
    "-z",
    "-M",
    "--relative",
    "--no-color",
    base,
    ...(head ? [head] : []),
    "--",
  ]);
  const files = parseNameStatus(diff);
  if (head === undefined) {
    const untracked = await git(["ls-files", "-z", "--others", "--exclude-standard"]);
    for (const path of untracked.split("\0").filter((entry) => entry !== ""))
      files.push({ status: "added", path });
  }
  return files;
}

/** The text of `path` at commit `ref`, or undefined when it does not exist there. */
export async function readFileAtRef(git: Git, ref: string, path: string): Promise<string | undefined> {
  try {
    return await git(["show", `${ref}:./${path}`]);
  } catch (error) {
    // Only "no such path at that commit" means absent; a bad ref or a broken repository must surface.
    const stderr = (error as { stderr?: unknown }).stderr;
    if (typeof stderr === "string" && /does not exist in|exists on disk, but not in/.test(stderr))
      return undefined;
    throw error;
  }
}

/**
 * The changes of manifest files, each side of a rename judged on its own: a file renamed out of the manifests
 * (`git mv auth.yaml auth.yaml.bak`, or into a folder that is not searched) is the deletion of its old path,
 * so a manifest leaving them is never dropped from a plan unseen. A rename into them stays a rename: the
 * plan pairs its two versions by stack identity. `isManifestAtHead`: whether a path is a manifest file now;
 * `wasManifest`: whether a path that may no longer exist would have been one (matched by name only).
 */
export function manifestFileChanges(
  changed: readonly ChangedFile[],
  isManifestAtHead: (path: string) => boolean,
  wasManifest: (path: string) => boolean,
): ChangedFile[] {
  return changed.flatMap((file): ChangedFile[] => {
    if (file.status === "deleted") return wasManifest(file.path) ? [file] : [];
    if (isManifestAtHead(file.path)) return [file];
    return file.status === "renamed" && file.previousPath !== undefined && wasManifest(file.previousPath)
      ? [{ status: "deleted", path: file.previousPath }]
      : [];
  });
}
