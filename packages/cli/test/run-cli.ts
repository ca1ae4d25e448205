// The CLI in process: main() with its output captured, as both test files drive it.
import { join } from "node:path";
import { main } from "../src/index.ts";

export const REPOSITORY = join(import.meta.dirname, "../../..");

/** Runs `cognito-action <args>` in `cwd` with `env`; returns the exit status and everything written. */
export async function runCli(args: string[], cwd = REPOSITORY, env: Record<string, string> = {}) {
  let stdout = "";
  let stderr = "";
  const code = await main(args, {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    cwd,
    env,
    stdoutIsTty: false,
  });
  return { code, stdout, stderr };
}
