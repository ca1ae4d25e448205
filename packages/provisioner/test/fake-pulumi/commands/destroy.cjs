// `pulumi destroy --yes --skip-preview --event-log …`: the stack keeps existing, with nothing in it.
"use strict";
const { open, run } = require("../shared/operation.cjs");
const state = require("../shared/state.cjs");

module.exports.run = async (ctx) => {
  const { dir, checkpoint } = open(ctx, { lock: true });
  await run(ctx, ctx.script.destroyEvents ?? [], { isPreview: false });
  checkpoint.outputs = {};
  checkpoint.secretOutputs = [];
  checkpoint.resources = [];
  checkpoint.lastUpdate = new Date().toISOString();
  state.writeStack(dir, checkpoint);
  process.stdout.write("Destroying\n");
};
