// The action's one job, from inputs to exit status. Everything it touches outside its own values comes in
// through ActionDeps, so tests drive it with fakes and the entry point wires the real runner.
import type { ActionDeps } from "./action-deps.ts";
import { readRunContext, resolveCommand } from "./context.ts";
import { parseInputs } from "./inputs.ts";

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
