// A throwaway git repository to serve as GITHUB_WORKSPACE for in-process runs, seeded with the repository's
// example manifests. Commit dates are fixed, so the same files give the same commit ids on every run and
// the rendered reports (which name the commit) can be snapshotted.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

export const REPOSITORY_ROOT = join(import.meta.dirname, "../../..");

/** The text of examples/<name>.yaml in this repository. */
export function example(
  name: "quick-start" | "hosted-ui" | "hosted-ui-google" | "production" | "api-gateway",
): string {
  return readFileSync(join(REPOSITORY_ROOT, "examples", `${name}.yaml`), "utf8");
}

/** `text` with `from` replaced by `to`; throws when `from` is not in it, so a changed example fails loudly. */
export function edit(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`${JSON.stringify(from)} is not in the text`);
  return text.replace(from, to);
}

const FIXED_DATE = "2025-01-01T12:00:00Z";

export class GitWorkspace {
  readonly root = mkdtempSync(join(tmpdir(), "cognito-action-test-"));
  #commits = 0;

  constructor() {
    this.git("init", "--quiet", "--initial-branch=main");
    this.git("config", "user.name", "Test Author");
    this.git("config", "user.email", "test@example.com");
    this.git("config", "commit.gpgsign", "false");
  }

  git(...args: string[]): string {
    // A fixed date per commit (one minute apart): the same history always has the same commit ids.
    const date = new Date(Date.parse(FIXED_DATE) + this.#commits * 60_000).toISOString();
    return execFileSync("git", args, {
      cwd: this.root,
      encoding: "utf8",
      env: { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
    }).trim();
  }

  /** Writes files (undefined deletes one), commits them and returns the commit id. */
  commit(files: Record<string, string | undefined>, message = "change"): string {
    for (const [path, text] of Object.entries(files)) {
      const full = join(this.root, path);
      if (text === undefined) {
        rmSync(full, { force: true });
      } else {
        mkdirSync(dirname(full), { recursive: true });
        writeFileSync(full, text);
      }
    }
    this.git("add", "--all");
    this.git("commit", "--quiet", "--allow-empty", "--message", message);
    this.#commits++;
    return this.git("rev-parse", "HEAD");
  }

  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

/** The examples as a base commit holds them. */
export function exampleFiles(): Record<string, string> {
  return {
    "examples/quick-start.yaml": example("quick-start"),
    "examples/hosted-ui.yaml": example("hosted-ui"),
    "examples/production.yaml": example("production"),
    "examples/api-gateway.yaml": example("api-gateway"),
  };
}
