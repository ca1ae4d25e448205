// Which backend the invocation talks to, and the stack names it accepts there.
//   - Pulumi Cloud (an http(s):// backend URL), each shape checked against pulumi/pulumi v3.252.0:
//     - A name splits on "/" into 1-3 parts, more is "could not parse stack name '<name>'"
//       (pkg/backend/httpstate/backend.go parseStackName).
//     - `stack` and `owner/stack` take the current project (the Pulumi.yaml of the working directory); outside
//       a project they are refused with "no current project found, pass the fully qualified stack name
//       (org/project/stack)"; a missing owner is the default organization, else the current user
//       (backend.go ParseStackReference). Here the default organization is FAKE_PULUMI_CLOUD_ORG.
//     - A stack that does not exist: GetStack turns the service's 404 into no stack (backend.go GetStack), and
//       the command fails with "no stack named '<name as given>' found" (pkg/cmd/pulumi/stack/io.go,
//       pkg/backend/backenderr/backenderr.go StackNotFoundError).
//     - Stacks are listed under their fully qualified names outside a project (pkg/backend/httpstate/stack.go
//       cloudBackendReference.String; inside the current project it elides the project and default owner:
//       not modelled, the adapter lists from an empty folder).
//     - Another update in progress is the service's 409, "[409] Conflict: Another update is currently in
//       progress." with no holder (shared/cli.cjs failLocked); tag validation is in commands/stack-tags.cjs.
//   - Self-managed (DIY): names are kept as given; a legacy bucket refuses project-scoped ones.
// Not modelled: the service's HTTP API itself (the stand-in answers as the CLI would after it), and the name's
// own validation (tokens.ParseStackName).
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
