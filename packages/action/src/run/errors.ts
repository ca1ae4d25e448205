/** Why a run failed, as the `failure-reason` output says it. */
export type FailureReason =
  | "validation-failed"
  | "plan-failed"
  | "replacement-blocked"
  | "locked"
  | "apply-failed"
  | "drift"
  | "plan-changed"
  | "stack-not-owned"
  /** Something the action did not expect (a bug, an outage): the summary and the log say what. */
  | "internal";

/** One or more inputs are wrong; every problem is listed at once. */
export class InputsError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid inputs:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
    this.name = "InputsError";
  }
}

/** The run did its work and the result is a failure (invalid manifests, a failed plan, a blocked apply). */
export class ActionFailure extends Error {
  constructor(
    readonly reason: FailureReason,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = "ActionFailure";
  }
}

/** The event or workspace is not one the action can work with (no event payload, no workspace). */
export class ContextError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "ContextError";
  }
}
