// What validating every manifest found, as each command reads it: the findings, their counts, and the
// failure an invalid repository ends in.
import type { Finding } from "@cognito-action/spec";
import { ActionFailure } from "../run/errors.ts";

export interface Validation {
  findings: Finding[];
  errors: number;
  warnings: number;
  /** No errors, and no warnings under fail-on: warning. */
  valid: boolean;
}

/** The run's failure for manifests that are not valid. */
export function invalidManifestsFailure(validation: Validation, failOn: "error" | "warning"): ActionFailure {
  const { errors, warnings } = validation;
  return new ActionFailure(
    "validation-failed",
    `${errors} validation errors${failOn === "warning" && warnings > 0 ? ` and ${warnings} warnings (fail-on: warning)` : ""} in the manifests; see the annotations`,
  );
}
