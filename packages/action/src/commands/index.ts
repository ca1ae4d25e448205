// Each command, by name: what run/execute.ts hands the session and the validation to.
import type { Command } from "../run/context.ts";
import type { Session } from "../run/session.ts";
import { apply, destroy, planApply, refuseInvalidApply } from "./apply.ts";
import { previewCommand } from "./preview.ts";
import { validate } from "./validate.ts";
import { invalidManifestsFailure } from "./validation.ts";
import type { Validation } from "./validation.ts";

export type { Validation } from "./validation.ts";

type CommandStep = (session: Session, validation: Validation) => Promise<void>;

/** Nothing is applied, destroyed or planned from a repository with invalid manifests: fix them first. */
function refusingInvalid(step: (session: Session) => Promise<void>): CommandStep {
  return async (session, validation) => {
    if (validation.errors > 0) {
      const failure = invalidManifestsFailure(validation, session.inputs["fail-on"]);
      await refuseInvalidApply(session, failure.message);
      throw failure;
    }
    await step(session);
  };
}

export const COMMANDS: Readonly<Record<Command, CommandStep>> = {
  validate,
  preview: previewCommand,
  plan: refusingInvalid(planApply),
  apply: refusingInvalid(apply),
  destroy: refusingInvalid(destroy),
};
