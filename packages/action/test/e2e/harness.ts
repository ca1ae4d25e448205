// Runs the bundled action exactly as a runner does: INPUT_* variables (hyphens kept), the event payload in a
// file, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, a workspace that is a real git repository, and the API
// at a stand-in on 127.0.0.1.
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

export const REPOSITORY_ROOT = join(import.meta.dirname, "../../../..");
export const BUNDLED_ACTION = join(REPOSITORY_ROOT, "dist/index.js");

/** A temporary git repository to serve as GITHUB_WORKSPACE. */
export class TestRepository {
  readonly path = mkdtempSync(join(tmpdir(), "cognito-action-workspace-"));

  constructor() {
    this.git("init", "-q", "-b", "main");
    this.git("config", "user.name", "Test");
    this.git("config", "user.email", "test@example.com");
    this.git("config", "commit.gpgsign", "false");
  }

  git(...args: string[]): string {
    return execFileSync("git", args, { cwd: this.path, encoding: "utf8" }).trim();
  }

  /** Writes files (undefined deletes one) and commits; returns the commit's SHA. */
  commit(files: Record<string, string | undefined>, message = "change"): string {
    for (const [path, text] of Object.entries(files)) {
      const full = join(this.path, path);
      if (text === undefined) {
        rmSync(full, { force: true });
      } else {
        mkdirSync(dirname(full), { recursive: true });
        writeFileSync(full, text);
      }
    }
    this.git("add", "-A");
    this.git("commit", "-q", "--allow-empty", "-m", message);
    return this.git("rev-parse", "HEAD");
  }

  remove(): void {
    rmSync(this.path, { recursive: true, force: true });
  }
}

export interface ActionRun {
  code: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
}

export interface RunOptions {
  workspace: string;
  eventName: string;
  payload: unknown;
  sha: string;
  inputs: Record<string, string>;
  apiUrl: string;
  env?: Record<string, string>;
  /** Sees stdout as it comes, for a test that acts while the action runs. */
  onStdout?: (soFar: string) => void;
}

/** Runs dist/index.js as a child process, the way the runner starts a node24 action. */
export async function runBundledAction(options: RunOptions): Promise<ActionRun> {
  const scratch = mkdtempSync(join(tmpdir(), "cognito-action-run-"));
  const eventPath = join(scratch, "event.json");
  const outputPath = join(scratch, "output");
  const summaryPath = join(scratch, "summary.md");
  writeFileSync(eventPath, JSON.stringify(options.payload));
  writeFileSync(outputPath, "");
  writeFileSync(summaryPath, "");
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? scratch,
    GITHUB_ACTIONS: "true",
    GITHUB_EVENT_NAME: options.eventName,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_OUTPUT: outputPath,
    GITHUB_STEP_SUMMARY: summaryPath,
    GITHUB_WORKSPACE: options.workspace,
    GITHUB_REPOSITORY: "acme/identity",
    GITHUB_SHA: options.sha,
    GITHUB_API_URL: options.apiUrl,
    GITHUB_GRAPHQL_URL: `${options.apiUrl}/graphql`,
    GITHUB_SERVER_URL: "https://github.com",
    GITHUB_RUN_ID: "4242",
    GITHUB_RUN_ATTEMPT: "1",
    GITHUB_WORKFLOW: "cognito",
    GITHUB_JOB: "plan",
    RUNNER_TEMP: join(scratch, "runner-temp"),
    RUNNER_TOOL_CACHE: join(scratch, "tool-cache"),
    ...Object.fromEntries(
      Object.entries(options.inputs).map(([name, value]) => [`INPUT_${name.toUpperCase()}`, value]),
    ),
    ...options.env,
  };
  const child = spawn(process.execPath, [BUNDLED_ACTION], { cwd: options.workspace, env });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString("utf8");
    options.onStdout?.(stdout);
  });
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  const code = await new Promise<number>((resolve) => child.on("close", (status) => resolve(status ?? -1)));
  const result = {
    code,
    stdout,
    stderr,
    outputs: parseOutputFile(readFileSync(outputPath, "utf8")),
    summary: readFileSync(summaryPath, "utf8"),
  };
  rmSync(scratch, { recursive: true, force: true });
  return result;
}

/** Parses GITHUB_OUTPUT: `name<<DELIMITER` … `DELIMITER` blocks, as @actions/core writes them. */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const match = /^([^<=]+)<<(.+)$/.exec(lines[i]!);
    if (!match) continue;
    const [, name, delimiter] = match;
    const value: string[] = [];
    while (++i < lines.length && lines[i] !== delimiter) value.push(lines[i]!);
    outputs[name!] = value.join("\n");
  }
  return outputs;
}

/** A pull_request event payload, as GitHub sends it (the fields the action reads, and a few around them). */
export function pullRequestPayload(
  number: number,
  baseSha: string,
  headSha: string,
  options: { fork?: boolean } = {},
) {
  return {
    action: "synchronize",
    number,
    pull_request: {
      number,
      state: "open",
      base: { ref: "main", sha: baseSha, repo: { full_name: "acme/identity" } },
      head: {
        ref: "change",
        sha: headSha,
        repo: { full_name: options.fork ? "someone/identity" : "acme/identity" },
      },
    },
    repository: { full_name: "acme/identity", default_branch: "main" },
  };
}
