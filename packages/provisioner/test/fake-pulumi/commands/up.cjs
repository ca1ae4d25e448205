// `pulumi up --yes --skip-preview [--refresh] [--plan FILE] --event-log …`: the scripted update steps,
// held to the plan when one is given; a successful update records outputs and its secrets manager.
// As the engine checks a plan (pkg/resource/deploy): step by step (step_generator.go validateSteps), so the
// steps before the first one the plan refuses have run ("<op> is not allowed by the plan: …", naming no
// resource: the diagnostic's URN does, as the real CLI showed in test/engine's plan-violation scenario); and after the
// last step, every planned resource must have been seen (deployment_executor.go: "expected resource
// operations for <urn> but none were seen"), by when every step has run. Either way the update fails with
// the error in its diagnostics.
"use strict";
const fs = require("node:fs");
const { hold, open, run } = require("../shared/operation.cjs");
const state = require("../shared/state.cjs");

module.exports.run = async (ctx) => {
  const { dir, checkpoint, manager } = open(ctx, { lock: true });
  // An update does what its preview showed unless the scenario scripts something else.
  const steps = ctx.script.upEvents ?? ctx.script.previewEvents ?? [];
  const planFile = ctx.option("--plan");
  const violation = planFile
    ? planViolation(JSON.parse(fs.readFileSync(planFile, "utf8")), steps)
    : undefined;
  if (violation) {
    await run(ctx, [...violation.ran, violation.diagnostic], { isPreview: false, failure: "update failed" });
    return;
  }
  await run(ctx, steps, { isPreview: false, failure: ctx.script.failUp });
  // A slow update: the lock stays held meanwhile, so a concurrent update meets it.
  await hold(ctx.script.upDelayMs);
  checkpoint.outputs = ctx.script.outputs ?? {};
  checkpoint.secretOutputs = ctx.script.secretOutputs ?? [];
  checkpoint.secretsProviders = manager;
  checkpoint.history = [
    {
      version: (checkpoint.history?.length ?? 0) + 1,
      kind: "update",
      startTime: "2026-11-26T09:00:00Z",
      endTime: "2026-11-26T09:00:01Z",
      message: "",
      environment: {},
      config: {},
      result: "succeeded",
      resourceChanges: {},
    },
    ...(checkpoint.history ?? []),
  ];
  // What `stack ls` reports as the last update (the checkpoint's time, to the millisecond).
  checkpoint.lastUpdate = new Date().toISOString();
  state.writeStack(dir, checkpoint);
  process.stdout.write("Updating\n");
};

/** The first step the plan does not allow, or a planned resource no step touched, with the steps that ran. */
function planViolation(plan, steps) {
  const seen = new Set();
  for (const [index, event] of steps.entries()) {
    const step = event.resourcePreEvent && event.resourcePreEvent.metadata;
    if (!step || step.op === "refresh") continue;
    seen.add(step.urn);
    if (step.op === "same") continue;
    const allowed = plan.resourcePlans[step.urn]?.steps ?? [];
    if (allowed.includes(step.op)) continue;
    const why =
      allowed.length === 0
        ? `${step.op} is not allowed by the plan: no steps were expected for this resource`
        : `${step.op} is not allowed by the plan: this resource is constrained to ${allowed.join(", ")}`;
    return {
      ran: steps.slice(0, index),
      diagnostic: errorDiagnostic(step.urn, why),
    };
  }
  const unseen = Object.keys(plan.resourcePlans).find(
    (urn) => !seen.has(urn) && plan.resourcePlans[urn].steps.some((op) => op !== "same"),
  );
  return unseen
    ? {
        ran: steps,
        diagnostic: errorDiagnostic(unseen, `expected resource operations for ${unseen} but none were seen`),
      }
    : undefined;
}

function errorDiagnostic(urn, message) {
  return {
    diagnosticEvent: { urn, prefix: "error: ", message: `${message}\n`, color: "raw", severity: "error" },
  };
}
