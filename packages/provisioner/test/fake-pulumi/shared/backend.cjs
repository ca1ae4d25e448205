// Which backend the invocation talks to, and the stack names it accepts there.
//   - Pulumi Cloud (an http(s):// backend URL): names are resolved as pkg/backend/httpstate/backend.go
//     ParseStackReference does: `stack` and `owner/stack` take the current project (the Pulumi.yaml of the
//     working directory), and outside a project are refused with "no current project found, pass the fully
//     qualified stack name (org/project/stack)"; a missing owner is the default organization
//     (FAKE_PULUMI_CLOUD_ORG here). A stack that does not exist is "no stack named '<name as given>' found"
//     (pkg/backend/backenderr StackNotFoundError, after GetStack's 404). Stacks are kept under their fully
//     qualified names in the state folder, and listed under them outside a project (cloudBackendReference.String).
//   - Self-managed (DIY): names are kept as given; a legacy bucket refuses project-scoped ones.
// Not modelled: the service's HTTP API itself (the stand-in answers as the CLI would after it).
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { fail } = require("./cli.cjs");
const state = require("./state.cjs");

/** True when the backend URL names Pulumi Cloud (or a self-hosted service): not a go-cloud blob scheme. */
function isCloud(env) {
  return /^https?:\/\//i.test(env.PULUMI_BACKEND_URL ?? "");
}

/** The `name:` of the Pulumi.yaml in the working directory, if any. */
function currentProject(cwd) {
  for (const file of ["Pulumi.yaml", "Pulumi.yml"]) {
    const full = path.join(cwd, file);
    if (fs.existsSync(full)) return /^name:\s*["']?([^"'\s]+)/m.exec(fs.readFileSync(full, "utf8"))?.[1];
  }
  return undefined;
}

/** The name a stack is kept under, for a name given on the command line. */
function resolveStackName(ctx, name) {
  if (name === undefined || !isCloud(ctx.env)) return name;
  const parts = name.split("/");
  if (parts.length > 3) fail(`could not parse stack name '${name}'`);
  const stack = parts[parts.length - 1];
  const owner = parts.length > 1 ? parts[0] : ctx.env.FAKE_PULUMI_CLOUD_ORG || "acme";
  const project = parts.length === 3 ? parts[1] : currentProject(ctx.cwd);
  if (!project) fail("no current project found, pass the fully qualified stack name (org/project/stack)");
  return `${owner}/${project}/${stack}`;
}

/** A legacy bucket takes plain stack names only (tokens.ParseStackName on the whole reference). */
function checkName(dir, name) {
  if (name === undefined || isCloud(process.env)) return;
  const slash = name.indexOf("/");
  if (state.layout(dir) === "legacy" && slash >= 0)
    fail(
      `a stack name may only contain alphanumeric, hyphens, underscores, or periods: invalid character '/' at position ${slash}`,
    );
}

module.exports = { isCloud, currentProject, resolveStackName, checkName };
