// The engine inventory over the Pulumi CLI: `stack ls --all --tag name=value --json` to find the stacks a
// repository deployed (with their last update times, in one call), `stack tag ls --json` for what one
// recorded, the index stack's tags (in a project folder of its own), and `destroy` + `stack rm` for a stack
// whose manifest is gone (run on an empty inline program: destroy needs only the state, which holds the
// provider's configuration).
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { CommandError, LocalWorkspace, PulumiCommand } from "@pulumi/pulumi/automation/index.js";
import type { Stack, StackSummary } from "@pulumi/pulumi/automation/index.js";
import { engineStackName } from "./automation.ts";
import { EngineOperationError } from "./errors.ts";
import { StackTagsUnsupportedError } from "./inventory.ts";
import type { EngineInventory, IndexStack, ListedStack } from "./inventory.ts";

/** What the inventory needs: the CLI, the backend and the environment the stacks' engine runs with. */
export interface AutomationInventoryOptions {
  pulumiRoot?: string | undefined;
  backendUrl: string | undefined;
  env: Record<string, string>;
  /** Installs the resource plugin a destroy needs, once per engine. */
  installPlugin: (workspace: LocalWorkspace) => Promise<void>;
  /** Secrets provider for the index stack, as for the manifests' stacks. */
  secretsProvider?: string | undefined;
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
  // The index stack is named as the manifests' stacks are: fully qualified on a self-managed backend
  // (organization/<project>/<stack>), in the project (and the default organization) on Pulumi Cloud.
  const indexName = (index: IndexStack) =>
    engineStackName(
      {
        organization: "organization",
        project: index.project,
        stack: index.stack,
        fullName: index.stack,
        defaulted: [],
      },
      options.backendUrl,
    );
  /** The index stack in a temporary project folder of its own, selected or created. */
  const withIndexStack = async <T>(index: IndexStack, work: (stack: Stack, name: string) => Promise<T>) => {
    const workDir = await mkdtemp(join(tmpdir(), "cognito-action-index-"));
    const name = indexName(index);
    try {
      const stack = await LocalWorkspace.createOrSelectStack(
        { stackName: name, projectName: index.project, program: () => Promise.resolve() },
        {
          workDir,
          pulumiCommand: await cli(),
          projectSettings: {
            name: index.project,
            runtime: "nodejs",
            ...(options.backendUrl ? { backend: { url: options.backendUrl } } : {}),
          },
          ...(options.secretsProvider ? { secretsProvider: options.secretsProvider } : {}),
          envVars: options.env,
        },
      );
      return await work(stack, name);
    } catch (error) {
      if (!(error instanceof CommandError)) throw error;
      const stderr = commandStderr(error);
      if (TAGS_UNSUPPORTED.test(stderr)) throw new StackTagsUnsupportedError(stderr.trim(), { cause: error });
      throw new EngineOperationError(name, "tag", stderr.trim(), { cause: error });
    } finally {
      await rm(workDir, { recursive: true, force: true });
    }
  };
  return {
    async stacksTagged(name, value) {
      const listed = JSON.parse(
        await run(["stack", "ls", "--all", "--tag", `${name}=${value}`, "--json"]),
      ) as StackSummary[];
      return listed.map((stack): ListedStack => ({ name: stack.name, lastUpdate: stack.lastUpdate }));
    },
    async tagsOf(name) {
      return JSON.parse(await run(["stack", "tag", "ls", "--json", "--stack", name])) as Record<
        string,
        string
      >;
    },
    async readIndex(index) {
      try {
        return JSON.parse(await run(["stack", "tag", "ls", "--json", "--stack", indexName(index)])) as Record<
          string,
          string
        >;
      } catch (error) {
        // Not created yet: the first converging run creates it.
        if (error instanceof EngineOperationError && /no stack named/i.test(error.message)) return {};
        throw error;
      }
    },
    writeIndex(index, tags) {
      return withIndexStack(index, async (stack, name) => {
        for (const [key, value] of Object.entries(tags)) await stack.workspace.setTag(name, key, value);
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
