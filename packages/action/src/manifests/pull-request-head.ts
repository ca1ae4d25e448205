// The manifests as a pull request's head has them, for pull_request_target, which checks out the base
// branch: the base's files with the pull request's changes laid over them, each changed file read by commit
// (git show, or the contents API). Data only: nothing of the pull request is checked out or run.
import type { SourceText } from "@cognito-action/spec";
import type { ChangeSet } from "../run/types.ts";
import { matchesGlobs } from "./changes.ts";
import { readWorkspaceFiles } from "./workspace.ts";

/** The files and their texts as the pull request's head has them. */
export interface HeadView {
  files: string[];
  sources: SourceText[];
}

/**
 * `workspaceFiles` (the base branch's manifests, checked out) with `changes` applied: deleted and
 * renamed-away files dropped, added and modified ones matching `globs` read at the head commit.
 */
export async function pullRequestHeadView(
  changes: ChangeSet,
  workspaceFiles: readonly string[],
  workspace: string,
  globs: readonly string[],
): Promise<HeadView> {
  const texts = new Map(
    readWorkspaceFiles(workspaceFiles, workspace).map((source) => [source.file, source.text]),
  );
  for (const file of changes.files) {
    texts.delete(file.path);
    if (file.status === "renamed" && file.previousPath !== undefined) texts.delete(file.previousPath);
    if (file.status === "deleted" || !matchesGlobs(file.path, globs)) continue;
    const text = await changes.readHead(file.path);
    if (text !== undefined) texts.set(file.path, text);
  }
  const files = [...texts.keys()].sort();
  return { files, sources: files.map((file) => ({ file, text: texts.get(file)! })) };
}
