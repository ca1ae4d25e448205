// The invocation: arguments, environment, scenario, and the exits the real CLI makes.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

/** Everything a command needs about this invocation. */
function context(args) {
  const env = process.env;
  if (env.FAKE_PULUMI_LOG) fs.appendFileSync(env.FAKE_PULUMI_LOG, `${JSON.stringify(args)}\n`);
  // `pulumi version` is also run without the test's environment (by PulumiCommand.get).
  const scenario = env.FAKE_PULUMI_SCENARIO
    ? JSON.parse(fs.readFileSync(env.FAKE_PULUMI_SCENARIO, "utf8"))
    : { stacks: {} };
  const option = (name) => {
    const index = args.indexOf(name);
    if (index >= 0) return args[index + 1];
    const inline = args.find((arg) => arg.startsWith(`${name}=`));
    return inline ? inline.slice(name.length + 1) : undefined;
  };
  const flag = (name) => args.includes(name);
  const givenStackName = option("--stack") ?? option("-s");
  const partial = { env, cwd: process.cwd() };
  // Required here, not at the top: backend.cjs itself needs `fail` from this module.
  const stackName = require("./backend.cjs").resolveStackName(partial, givenStackName);
  return {
    args,
    env,
    command: args[0],
    sub: args[1],
    option,
    flag,
    stackName,
    /** The stack name as given, which the CLI's messages repeat. */
    givenStackName,
    scenario,
    /** The scripted behaviour of the selected stack. */
    script: (stackName && scenario.stacks && scenario.stacks[stackName]) || {},
    version: env.FAKE_PULUMI_VERSION || installedVersion() || scenario.version || "3.252.0",
    cwd: process.cwd(),
  };
}

/**
 * The version written beside the link that runs the stand-in: PulumiCommand.get runs `pulumi version` without
 * the workspace's environment, so the version cannot come from the scenario alone.
 */
function installedVersion() {
  const file = path.join(path.dirname(process.argv[1]), ".pulumi-version");
  return fs.existsSync(file) ? fs.readFileSync(file, "utf8").trim() : undefined;
}

/** Exits as the CLI does on an error: `error: <message>` on stderr, status 255. */
function fail(message) {
  process.stderr.write(`error: ${message}\n`);
  process.exit(255);
}

/** A lock failure, as each backend words it. */
function failLocked(ctx) {
  // Pulumi Cloud answers StartUpdate with a 409 (pkg/backend/httpstate/backend.go wraps it in
  // backenderr.ConflictingUpdateError, pkg/backend/backenderr/backenderr.go; "[<code>] <message>" is
  // apitype.ErrorResponse.Error, sdk/go/common/apitype/errors.go; the service's message is the text
  // sdk/nodejs/automation/errors.ts matches): it names no holder.
  if (/^https?:\/\//i.test(ctx.env.PULUMI_BACKEND_URL ?? "")) {
    process.stderr.write(
      "error: [409] Conflict: Another update is currently in progress.\nTo learn more about possible reasons and resolution, visit https://www.pulumi.com/docs/support/troubleshooting/common-issues/update-conflicts/\n",
    );
    process.exit(255);
  }
  // A self-managed backend names the lock file and who wrote it (pkg/backend/diy/lock.go).
  process.stderr.write(
    `error: the stack is currently locked by 1 lock(s). Either wait for the other process(es) to end or delete the lock file with \`pulumi cancel\`.\n  file://state/.pulumi/locks/${ctx.stackName}/1.json: created by ${ctx.script.lockHolder ?? "someone@host (pid 1)"} at 2026-11-26T09:00:00Z\n`,
  );
  process.exit(255);
}

module.exports = { context, fail, failLocked };
