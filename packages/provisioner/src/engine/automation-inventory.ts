// The engine inventory over the Pulumi CLI: `stack ls --all --tag name=value --json` to find the stacks a
// repository deployed, `stack tag ls --json` for what each recorded, and `destroy` + `stack rm` for a stack
// whose manifest is gone (run on an empty inline program: destroy needs only the state, which holds the
// provider's configuration).
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { CommandError, LocalWorkspace, PulumiCommand } from "@pulumi/pulumi/automation/index.js";
import type { StackSummary } from "@pulumi/pulumi/automation/index.js";
import { mapWithConcurrency } from "../concurrency.ts";
import { EngineOperationError } from "./errors.ts";
import { StackTagsUnsupportedError } from "./inventory.ts";
import type { DeployedStack, EngineInventory } from "./inventory.ts";

/** What the inventory needs: the CLI, the backend and the environment the stacks' engine runs with. */
export interface AutomationInventoryOptions {
  pulumiRoot?: string | undefined;
  backendUrl: string | undefined;
  env: Record<string, string>;
  /** Installs the resource plugin a destroy needs, once per engine. */
  installPlugin: (workspace: LocalWorkspace) => Promise<void>;
  /** How many stacks' tags are read at once. */
  parallel?: number;
}

/** The self-managed backend's answer before CLI 3.211 (pkg/backend/diy). */
const TAGS_UNSUPPORTED = /stack tags not supported/i;

/** An EngineInventory running the Pulumi CLI. */
export function automationInventory(options: AutomationInventoryOptions): EngineInventory {
  let command: Promise<PulumiCommand> | undefined;
  const cli = () =>
    (command ??= options.pulumiRoot ? PulumiCommand.get({ root: options.pulumiRoot }) : PulumiCommand.get());
  const run = async (args: string[]): Promise<string> => {
    const workDir = await mkdtemp(join(tmpdir(), "cognito-action-ls-"));
    try {
      const { stdout } = await promisify(execFile)((await cli()).command, args, {
        cwd: workDir,
        env: options.env,
        encoding: "utf8",
        maxBuffer: 64 * 1024 * 1024,
      });
      return stdout;
    } catch (error) {
      const stderr = (error as { stderr?: string }).stderr ?? "";
      if (TAGS_UNSUPPORTED.test(stderr)) throw new StackTagsUnsupportedError(stderr.trim(), { cause: error });
      throw new EngineOperationError(args.slice(0, 2).join(" "), "list", stderr.trim() || String(error), {
        cause: error,
      });
    } finally {
      await rm(workDir, { recursive: true, force: true });
    }
  };
  return {
    async stacksTagged(name, value) {
      const listed = JSON.parse(
        await run(["stack", "ls", "--all", "--tag", `${name}=${value}`, "--json"]),
      ) as StackSummary[];
      return mapWithConcurrency(listed, options.parallel ?? 8, async (stack): Promise<DeployedStack> => {
        const tags = JSON.parse(await run(["stack", "tag", "ls", "--json", "--stack", stack.name])) as Record<
          string,
          string
        >;
        return { name: stack.name, tags };
      });
    },
    async destroyAndRemove(name, project) {
      const workDir = await mkdtemp(join(tmpdir(), "cognito-action-rm-"));
      try {
        const stack = await LocalWorkspace.selectStack(
          { stackName: name, projectName: project, program: () => Promise.resolve() },
          {
            workDir,
            pulumiCommand: await cli(),
            projectSettings: {
              name: project,
              runtime: "nodejs",
              ...(options.backendUrl ? { backend: { url: options.backendUrl } } : {}),
            },
            envVars: options.env,
          },
        );
        await options.installPlugin(stack.workspace as LocalWorkspace);
        await stack.destroy();
        await stack.workspace.removeStack(name);
      } catch (error) {
        if (!(error instanceof CommandError)) throw error;
        throw new EngineOperationError(name, "destroy", commandStderr(error).trim(), { cause: error });
      } finally {
        await rm(workDir, { recursive: true, force: true });
      }
    },
  };
}

function commandStderr(error: unknown): string {
  const result = (error as { commandResult?: { stderr?: string } }).commandResult;
  return result?.stderr ?? (error instanceof Error ? error.message : String(error));
}
