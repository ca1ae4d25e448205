// The action's one job, from inputs to exit status. Everything it touches outside its own values comes in
// through ActionDeps, so tests drive it with fakes and the entry point wires the real runner.
import type { EngineFactory, Git } from "@cognito-action/provisioner";
import { readRunContext, resolveCommand } from "./context.ts";
import type { RunContext } from "./context.ts";
import type { GitHubApi } from "./github-api.ts";
import { parseInputs } from "./inputs.ts";
import type { Inputs } from "./inputs.ts";
import type { Runner } from "./runner.ts";
import type { SecretRegistry } from "./secrets.ts";

/** What the action needs from the world. */
export interface ActionDeps {
  runner: Runner;
  env: Readonly<Record<string, string | undefined>>;
  /** The event payload (GITHUB_EVENT_PATH, parsed). */
  readEventPayload(): unknown;
  createGitHubApi(token: string, context: RunContext): GitHubApi | Promise<GitHubApi>;
  git(workspace: string): Git;
  /** Prepares the Pulumi engine (installing the CLI if needed); called only when the engine is used. */
  createEngine(inputs: Inputs, secrets: SecretRegistry): Promise<EngineFactory>;
}

/** Runs the action. Throws ActionFailure (with its failure reason) when the result is a failure. */
export async function run(deps: ActionDeps): Promise<void> {
  const { runner } = deps;
  const inputs = parseInputs((name) => runner.getInput(name));
  const context = readRunContext(deps.env, deps.readEventPayload());
  const command = resolveCommand(inputs.command, context);
  runner.info(
    `cognito-action: ${command} (${context.eventName}) in ${context.owner}/${context.repo} at ${context.sha.slice(0, 7)}`,
  );
  // Everything else (the manifests' rules, Pulumi, octokit) loads after that first line.
  const { execute } = await import("./execute.ts");
  await execute(deps, inputs, context, command);
}
