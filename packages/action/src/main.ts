// The action, wired to the real runner: run() and fail() as index.ts calls them.
import { fail as reportFailure } from "./run/fail.ts";
import { run as runAction } from "./run/run.ts";
import { coreFailureSink, realDeps } from "./adapters/actions-runner.ts";

/** Runs the action on this runner. */
export function run(): Promise<void> {
  return runAction(realDeps());
}

/** Reports any error as the action's failure: the one place that fails the step. */
export function fail(error: unknown): void {
  reportFailure(error, coreFailureSink);
}
