// The action's one job, from inputs to exit status: read what the run is asked (request.ts), say so in the
// first log line, then load everything else (execute.ts). Everything it touches outside its own values comes
// in through ActionDeps, so tests drive it with fakes and the entry point wires the real runner.
import type { ActionDeps } from "./types.ts";
import { fail as reportFailure } from "./fail.ts";
import { coreFailureSink, realDeps } from "../adapters/actions-runner.ts";
import { readRunRequest } from "./request.ts";

/** Runs the action (on this runner, unless tests pass their fakes). Throws ActionFailure (with its failure reason) when the result is a failure. */
export async function run(deps: ActionDeps = realDeps()): Promise<void> {
  const { runner } = deps;
  const request = readRunRequest((name) => runner.getInput(name), deps.env, deps.readEventPayload());
  const { command, context } = request;
  runner.info(
    `cognito-action: ${command} (${context.eventName}) in ${context.owner}/${context.repo} at ${context.sha.slice(0, 7)}`,
  );
  // Everything else (the manifests' rules, Pulumi, octokit) loads after that first line.
  const { execute } = await import("./execute.ts");
  await execute(deps, request);
}

/** Reports any error as the action's failure on this runner: the one place that fails the step. */
export function fail(error: unknown): void {
  reportFailure(error, coreFailureSink);
}
