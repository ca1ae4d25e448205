// `pulumi preview [--refresh] [--save-plan FILE] --event-log …`: the scripted preview steps.
"use strict";
const fs = require("node:fs");
const { open, run } = require("../shared/operation.cjs");

module.exports.run = async (ctx) => {
  open(ctx);
  const steps = ctx.script.previewEvents ?? [];
  const planFile = ctx.option("--save-plan");
  if (planFile) fs.writeFileSync(planFile, JSON.stringify(planOf(steps), null, 2));
  if (ctx.script.previewOutput) process.stdout.write(ctx.script.previewOutput);
  await run(ctx, steps, { isPreview: true, failure: ctx.script.failPreview });
  process.stdout.write("Previewing update\n");
};

/** The plan file: each resource's expected steps (apitype.DeploymentPlanV1's resourcePlans, simplified). */
function planOf(steps) {
  const resourcePlans = {};
  for (const event of steps) {
    const step = event.resourcePreEvent && event.resourcePreEvent.metadata;
    if (!step || step.op === "refresh") continue;
    const plan = (resourcePlans[step.urn] ??= { steps: [] });
    if (!plan.steps.includes(step.op)) plan.steps.push(step.op);
  }
  return { manifest: { version: "stand-in" }, resourcePlans };
}
