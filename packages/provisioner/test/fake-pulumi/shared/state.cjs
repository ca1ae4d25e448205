// The backend's state folder: one checkpoint per stack, kept between runs (what a DIY bucket holds).
// A checkpoint: { name, secretsProviders: {type, state} | null, outputs, secretOutputs, tags, history,
// resources } — `secretsProviders` mirrors the deployment's `secrets_providers`, written by updates only
// (`stack init` saves an empty deployment, pkg/backend/diy/backend.go CreateStack).
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { fileURLToPath } = require("node:url");

/** The state folder: FAKE_PULUMI_STATE_DIR, else the folder of a file:// backend. */
function stateDir(env) {
  if (env.FAKE_PULUMI_STATE_DIR) return env.FAKE_PULUMI_STATE_DIR;
  const url = env.PULUMI_BACKEND_URL;
  if (url && url.startsWith("file://")) return fileURLToPath(url);
  throw new Error("the stand-in needs FAKE_PULUMI_STATE_DIR or a file:// PULUMI_BACKEND_URL");
}

function checkpointPath(dir, stackName) {
  return path.join(dir, "stacks", `${stackName.split("/").map(encodeURIComponent).join("/")}.json`);
}

/** The stack's checkpoint, or undefined when no such stack exists. */
function readStack(dir, stackName) {
  const file = checkpointPath(dir, stackName);
  return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : undefined;
}

function writeStack(dir, stack) {
  const file = checkpointPath(dir, stack.name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(stack, null, 2));
}

function removeStack(dir, stackName) {
  fs.rmSync(checkpointPath(dir, stackName), { force: true });
}

/**
 * The bucket's layout: "legacy" when `.pulumi/meta.yaml` says version 0 (an old bucket), else "project" (what
 * the CLI writes in a new one).
 */
function layout(dir) {
  const meta = path.join(dir, ".pulumi", "meta.yaml");
  return fs.existsSync(meta) && /^version:\s*0\s*$/m.test(fs.readFileSync(meta, "utf8"))
    ? "legacy"
    : "project";
}

/** A new stack's checkpoint (an empty deployment). */
function newStack(stackName) {
  return {
    name: stackName,
    secretsProviders: null,
    outputs: {},
    secretOutputs: [],
    tags: {},
    history: [],
    resources: [],
  };
}

/** Every stack in the folder, by name. */
function listStacks(dir) {
  const root = path.join(dir, "stacks");
  if (!fs.existsSync(root)) return [];
  const names = [];
  const walk = (folder, prefix) => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      const name = decodeURIComponent(entry.name);
      if (entry.isDirectory()) walk(path.join(folder, entry.name), [...prefix, name]);
      else if (name.endsWith(".json")) names.push([...prefix, name.slice(0, -5)].join("/"));
    }
  };
  walk(root, []);
  return names.sort();
}

module.exports = {
  layout,
  stateDir,
  readStack,
  writeStack,
  removeStack,
  newStack,
  listStacks,
  checkpointPath,
};
