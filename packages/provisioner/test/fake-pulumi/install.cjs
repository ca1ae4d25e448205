// For tests: puts the stand-in where a layout expects `pulumi`, and seeds a stack's checkpoint.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const state = require("./shared/state.cjs");

const ENTRY = path.join(__dirname, "pulumi.cjs");

/**
 * Links `<folder>/pulumi` to the stand-in (node follows the link, so its modules resolve here), reporting
 * `version` when given.
 */
function installStandIn(folder, version) {
  fs.mkdirSync(folder, { recursive: true });
  const binary = path.join(folder, "pulumi");
  fs.symlinkSync(ENTRY, binary);
  if (version) fs.writeFileSync(path.join(folder, ".pulumi-version"), `${version}\n`);
  return binary;
}

/** Writes a stack as if earlier runs had created and updated it. */
function seedStack(stateDir, name, fields) {
  state.writeStack(stateDir, { ...state.newStack(name), ...fields });
}

/** The stack's checkpoint as the state folder holds it, or undefined. */
function readStack(stateDir, name) {
  return state.readStack(stateDir, name);
}

module.exports = { installStandIn, seedStack, readStack, ENTRY };
