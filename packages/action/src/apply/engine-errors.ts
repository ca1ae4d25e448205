// Engine failures as plan errors and failure reasons: a locked stack is its own failure, with who holds it.
import {
  EngineConfigurationError,
  EngineOperationError,
  EnginePlanMismatchError,
  EnginePlanViolationError,
  StackLockedError,
} from "@cognito-action/provisioner";
import type { FailureReason } from "../run/errors.ts";

/** A rule id and message for an engine failure, for the report. */
export function describeEngineError(error: unknown): {
  rule: string;
  message: string;
  reason: FailureReason;
} {
  if (error instanceof StackLockedError) return { rule: "locked", message: error.message, reason: "locked" };
  if (error instanceof EngineConfigurationError)
    return { rule: "engine-configuration", message: error.message, reason: "plan-failed" };
  // The update ran and did something its preview did not show: an apply failure to look at, not a plan one.
  if (error instanceof EnginePlanMismatchError)
    return { rule: "engine-up-differs-from-preview", message: error.message, reason: "apply-failed" };
  // The engine stopped an update that left its previewed plan: steps before the check may have run.
  if (error instanceof EnginePlanViolationError)
    return { rule: "engine-plan-violated", message: error.message, reason: "apply-failed" };
  if (error instanceof EngineOperationError)
    return {
      rule: `engine-${error.operation}-failed`,
      message: error.message,
      reason: error.operation === "preview" ? "plan-failed" : "apply-failed",
    };
  return {
    rule: "engine-failed",
    message: error instanceof Error ? error.message : String(error),
    reason: "plan-failed",
  };
}
