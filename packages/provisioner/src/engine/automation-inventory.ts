// The engine inventory over the Pulumi CLI: `stack ls --all --tag name=value --json` to find the stacks a
// repository deployed (with their last update times, in one call), `stack tag ls --json` for what one
// recorded, the index stack's tags (read and written in a project folder of its own), and `destroy` +
// `stack rm` for a stack whose manifest is gone (run on an empty inline program: destroy needs only the state,
// which holds the provider's configuration).
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { CommandError, LocalWorkspace, StackNotFoundError } from "@pulumi/pulumi/automation/index.js";
import type { PulumiCommand, StackSummary } from "@pulumi/pulumi/automation/index.js";
import { engineStackName } from "./stack-name.ts";
import type { DiyLayout } from "./stack-name.ts";
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
  /** The CLI, checked against the backend once (shared with the engine). */
  cli: () => Promise<PulumiCommand>;
  /** The layout of a self-managed bucket, shared with the engine: whichever learns it first. */
  layout: { current: DiyLayout };
}

/**
 * A self-managed backend's answer to every `stack tag` command before CLI 3.211: "the current backend (<host>)
 * does not support stack tags" (pkg/cmd/pulumi/stack/stack_tag.go checks SupportsTags() first).
 */
export function tagsUnsupported(stderr: string): boolean {
  return /does not support stack tags/i.test(stderr);
}

/** The CLI's answer to a project-scoped name on a legacy bucket (tokens.ParseStackName). */
export function rejectsProjectNames(stderr: string): boolean {
  return /a stack name may only contain alphanumeric/.test(stderr);
}

/** No such stack: backenderr.StackNotFoundError ("no stack named '<name>' found"), also after Cloud's 404. */
function stackNotFound(stderr: string): boolean {
  return /no stack named/i.test(stderr);
}

/** An EngineInventory running the Pulumi CLI. */
export function automationInventory(options: AutomationInventoryOptions): EngineInventory {
  const { cli } = options;
  const run = async (args: string[]): Promise<string> => {
    const command = (await cli()).command;
    const workDir = await mkdtemp(join(tmpdir(), "cognito-action-ls-"));
    try {
      const { stdout } = await promisify(execFile)(command, args, {
        cwd: workDir,
        env: options.env,
        encoding: "utf8",
        maxBuffer: 64 * 1024 * 1024,
      });
      return stdout;
    } catch (error) {
      const stderr = (error as { stderr?: string }).stderr ?? "";
      if (tagsUnsupported(stderr)) throw new StackTagsUnsupportedError(stderr.trim(), { cause: error });
      throw new EngineOperationError(args.slice(0, 2).join(" "), "list", stderr.trim() || String(error), {
        cause: error,
      });
    } finally {
      await rm(workDir, { recursive: true, force: true });
    }
  };
  // The index stack is named as the manifests' stacks are on a self-managed backend: fully qualified
  // (organization/<project>/<stack>), or plain on a legacy bucket. On Pulumi Cloud its name is the plain stack
  // name, always used inside a project folder of the index project: the CLI then completes it with that project
  // and the token's default organization, for reads and writes alike (pkg/backend/httpstate/backend.go
  // ParseStackReference; outside a project it refuses: "no current project found, pass the fully qualified
  // stack name").
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
      options.layout.current,
    );
  /** Runs `work` in a temporary project folder of the index project, with the name its backend takes. */
  const inIndexProject = async <T>(
    index: IndexStack,
    work: (workspace: LocalWorkspace, name: string, workDir: string) => Promise<T>,
  ): Promise<T> => {
    const attempt = async () => {
      const workDir = await mkdtemp(join(tmpdir(), "cognito-action-index-"));
      const name = indexName(index);
      try {
        const workspace = await LocalWorkspace.create({
          workDir,
          pulumiCommand: await cli(),
          projectSettings: {
            name: index.project,
            runtime: "nodejs",
            ...(options.backendUrl ? { backend: { url: options.backendUrl } } : {}),
          },
          ...(options.secretsProvider ? { secretsProvider: options.secretsProvider } : {}),
          envVars: options.env,
        });
        return await work(workspace, name, workDir);
      } finally {
        await rm(workDir, { recursive: true, force: true });
      }
    };
    try {
      return await attempt();
    } catch (error) {
      // A legacy bucket learnt here (the index is read before any stack is opened): plain names from now on.
      if (options.layout.current === "legacy" || !rejectsProjectNames(commandStderr(error))) throw error;
      options.layout.current = "legacy";
      return attempt();
    }
  };
  /** The CLI's failures of an index operation as the inventory's typed errors. */
  const indexErrors = async <T>(index: IndexStack, work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof CommandError)) throw error;
      const stderr = commandStderr(error);
      if (tagsUnsupported(stderr)) throw new StackTagsUnsupportedError(stderr.trim(), { cause: error });
      throw new EngineOperationError(indexName(index), "tag", stderr.trim(), { cause: error });
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
    readIndex(index) {
      return indexErrors(index, () =>
        inIndexProject(index, async (workspace, name) => {
          try {
            return await workspace.listTags(name);
          } catch (error) {
            // Not created yet: the first converging run creates it.
            if (error instanceof CommandError && stackNotFound(commandStderr(error))) return {};
            throw error;
          }
        }),
      );
    },
    writeIndex(index, tags) {
      return indexErrors(index, () =>
        inIndexProject(index, async (workspace, name) => {
          await workspace.selectStack(name).catch(async (error: unknown) => {
            if (!(error instanceof StackNotFoundError)) throw error;
            await workspace.createStack(name);
          });
          for (const [key, value] of Object.entries(tags)) await workspace.setTag(name, key, value);
        }),
      );
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
