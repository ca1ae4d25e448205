// What preview, up, refresh and destroy share: the stack, its lock, its secrets manager, its events.
"use strict";
const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");
const { fail, failLocked } = require("./cli.cjs");
const { secretsManager } = require("./settings.cjs");
const state = require("./state.cjs");
const { emit, frame } = require("./events.cjs");

/**
 * Opens the stack for an engine operation: it must exist, and have a secrets manager. Updates, refreshes and
 * destroys take the stack's lock (pkg/backend/diy/backend.go Update/Refresh/Destroy call b.Lock; Preview
 * does not): a lock file another process holds fails them, and theirs is released when the process ends.
 */
function open(ctx, { lock = false } = {}) {
  if (ctx.script.locked) failLocked(ctx);
  const dir = state.stateDir(ctx.env);
  const checkpoint = state.readStack(dir, ctx.stackName);
  if (!checkpoint) fail(`no stack named '${ctx.stackName}' found`);
  if (lock) acquireLock(ctx, dir);
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

/**
 * The lock file `.pulumi/locks/<stack>/<id>.json` (pkg/backend/diy/lock.go): any file there means another
 * process holds the stack, and the CLI fails at once rather than wait.
 */
function acquireLock(ctx, dir) {
  const folder = path.join(dir, ".pulumi", "locks", ...ctx.stackName.split("/"));
  const held = fs.existsSync(folder) ? fs.readdirSync(folder) : [];
  if (held.length > 0) {
    const holder = JSON.parse(fs.readFileSync(path.join(folder, held[0]), "utf8"));
    failLocked({
      ...ctx,
      script: { ...ctx.script, lockHolder: `${holder.username}@${holder.hostname} (pid ${holder.pid})` },
    });
  }
  fs.mkdirSync(folder, { recursive: true });
  const file = path.join(folder, `${crypto.randomUUID()}.json`);
  fs.writeFileSync(
    file,
    JSON.stringify({
      pid: process.pid,
      username: "runner",
      hostname: "stand-in",
      timestamp: new Date().toISOString(),
    }),
  );
  // Released however the process ends (a scripted failure exits from deep inside).
  process.on("exit", () => fs.rmSync(file, { force: true }));
}

/** Waits while holding the lock, for a scenario's slow update (`upDelayMs`). */
function hold(ms) {
  return ms ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}

module.exports = { open, run, hold };
