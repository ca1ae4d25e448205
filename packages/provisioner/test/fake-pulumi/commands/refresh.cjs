// `pulumi refresh --yes --skip-preview --event-log …`: the scripted refresh steps.
"use strict";
const { open, run } = require("../shared/operation.cjs");

module.exports.run = async (ctx) => {
  open(ctx, { lock: true });
  await run(ctx, ctx.script.refreshEvents ?? [], { isPreview: false });
  process.stdout.write("Refreshing\n");
};
