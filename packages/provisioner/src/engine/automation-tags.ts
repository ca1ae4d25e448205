// Stack tags through the Automation API (`stack tag ls --json`, `stack tag set`), with the self-managed
// backends' "not supported" answer (CLI < 3.211) turned into a typed error the action can warn about.
import { CommandError } from "@pulumi/pulumi/automation/index.js";
import type { Stack } from "@pulumi/pulumi/automation/index.js";
import { EngineOperationError } from "./errors.ts";
import { StackTagsUnsupportedError } from "./inventory.ts";

/** The tags of `stack`. */
export async function readStackTags(stack: Stack, name: string): Promise<Record<string, string>> {
  return withTagErrors(name, () => stack.workspace.listTags(name));
}

/** Sets `tags` on `stack`, one `stack tag set` each (the CLI has no batch form). */
export async function writeStackTags(
  stack: Stack,
  name: string,
  tags: Readonly<Record<string, string>>,
): Promise<void> {
  await withTagErrors(name, async () => {
    for (const [key, value] of Object.entries(tags)) await stack.workspace.setTag(name, key, value);
  });
}

async function withTagErrors<T>(name: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof CommandError)) throw error;
    const stderr =
      (error as unknown as { commandResult?: { stderr?: string } }).commandResult?.stderr ?? error.message;
    if (/stack tags not supported/i.test(stderr))
      throw new StackTagsUnsupportedError(stderr.trim(), { cause: error });
    throw new EngineOperationError(name, "tag", stderr.trim(), { cause: error });
  }
}
