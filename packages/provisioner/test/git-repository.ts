// A throwaway Git repository for tests that read changed files from real git.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

export interface GitRepository {
  root: string;
  /** Runs git in the repository and returns its stdout. */
  git(...args: string[]): string;
  /** Writes a file (creating its directory), relative to the root. */
  write(path: string, text: string): void;
  /** `git mv`, creating the destination's directory first. */
  move(from: string, to: string): void;
  /** Stages everything and commits. */
  commit(message: string): void;
  remove(): void;
}

/** An empty repository in a new temporary directory, with a local identity so commits work anywhere. */
export function temporaryGitRepository(prefix = "cognito-action-git-"): GitRepository {
  const root = mkdtempSync(join(tmpdir(), prefix));
  const git = (...args: string[]) => execFileSync("git", args, { cwd: root, encoding: "utf8" });
  git("init", "--quiet", "--initial-branch=main");
  git("config", "user.name", "Test Author");
  git("config", "user.email", "test@example.com");
  git("config", "commit.gpgsign", "false");
  return {
    root,
    git,
    write(path, text) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    },
    move(from, to) {
      mkdirSync(dirname(join(root, to)), { recursive: true });
      git("mv", from, to);
    },
    commit(message) {
      git("add", "--all");
      git("commit", "--quiet", "--message", message);
    },
    remove() {
      rmSync(root, { recursive: true, force: true });
    },
  };
}
