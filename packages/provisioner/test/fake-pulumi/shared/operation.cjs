// What preview, up, refresh and destroy share: the stack, its lock, its secrets manager, its events.
"use strict";
const { fail, failLocked } = require("./cli.cjs");
const { secretsManager } = require("./settings.cjs");
const state = require("./state.cjs");
const { emit, frame } = require("./events.cjs");

/** Opens the stack for an engine operation: it must exist, be unlocked, and have a secrets manager. */
function open(ctx) {
  if (ctx.script.locked) failLocked(ctx);
  const dir = state.stateDir(ctx.env);
  const checkpoint = state.readStack(dir, ctx.stackName);
  if (!checkpoint) fail(`no stack named '${ctx.stackName}' found`);
  let manager;
  try {
    manager = secretsManager(ctx, checkpoint);
  } catch (error) {
    fail(`getting secrets manager: ${error.message}`);
  }
  return { dir, checkpoint, manager };
}

/** Sends the operation's events; a scripted failure exits after them, as the engine does. */
async function run(ctx, steps, { isPreview, failure }) {
  await emit(ctx, frame(ctx, steps, { isPreview, failed: Boolean(failure) }));
  if (failure) fail(failure);
}

module.exports = { open, run };
