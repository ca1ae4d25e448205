// The one place that turns an error into the action's failure: a clear message, the failure-reason output,
// and a stack trace only in the debug log (a user's mistake never shows one).
import { ActionFailure, ContextError, InputsError } from "./errors.ts";

/** The runner calls fail() needs. */
export interface FailureSink {
  setFailed(message: string): void;
  setOutput(name: string, value: string): void;
  debug(message: string): void;
}

/** Reports `error` as the run's failure. */
export function fail(error: unknown, sink: FailureSink): void {
  if (error instanceof ActionFailure) {
    if (error.reason === "internal" && error.cause instanceof Error && error.cause.stack)
      sink.debug(error.cause.stack);
    sink.setOutput("failure-reason", error.reason);
    sink.setFailed(error.message);
    return;
  }
  if (error instanceof InputsError || error instanceof ContextError) {
    sink.setFailed(error.message);
    return;
  }
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof Error && error.stack) sink.debug(error.stack);
  sink.setOutput("failure-reason", "internal");
  sink.setFailed(`cognito-action failed unexpectedly: ${message}`);
}
