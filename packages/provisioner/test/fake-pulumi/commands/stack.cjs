// `pulumi stack <sub>`: one handler per subcommand (init, select, output, export, history); more are added here.
"use strict";
const { fail } = require("../shared/cli.cjs");
const { readSettings, writeSettings, newManager, editSettings } = require("../shared/settings.cjs");
const state = require("../shared/state.cjs");
const { checkName, resolveStackName } = require("../shared/backend.cjs");
const stackTags = require("./stack-tags.cjs");

const SUBCOMMANDS = {
  init(ctx) {
    const name =
      ctx.args[2] && !ctx.args[2].startsWith("-") ? resolveStackName(ctx, ctx.args[2]) : ctx.stackName;
    const dir = state.stateDir(ctx.env);
    checkName(dir, name);
    if (state.readStack(dir, name)) fail(`stack '${name}' already exists`);
    // The new stack's secrets manager goes into its settings file; the checkpoint is an empty deployment.
    const scoped = { ...ctx, stackName: name };
    const settings = readSettings(scoped);
    editSettings(settings, newManager(ctx.env, ctx.option("--secrets-provider")));
    writeSettings(scoped, settings);
    state.writeStack(dir, state.newStack(name));
  },
  select(ctx) {
    const name = ctx.stackName ?? resolveStackName(ctx, ctx.args[2]);
    checkName(state.stateDir(ctx.env), name);
    if (!state.readStack(state.stateDir(ctx.env), name))
      fail(`no stack named '${ctx.givenStackName ?? ctx.args[2]}' found`);
  },
  output(ctx) {
    const stack = existing(ctx);
    const outputs = stack.outputs ?? {};
    const shown = ctx.flag("--show-secrets")
      ? outputs
      : Object.fromEntries(
          Object.entries(outputs).map(([key, value]) => [
            key,
            (stack.secretOutputs ?? []).includes(key) ? "[secret]" : value,
          ]),
        );
    process.stdout.write(JSON.stringify(shown));
  },
  // `stack export [--show-secrets]`: the deployment (apitype.UntypedDeployment, version 3) with the
  // checkpoint's resources; secrets are kept in plain text here, so --show-secrets changes nothing.
  export(ctx) {
    const stack = existing(ctx);
    process.stdout.write(
      JSON.stringify({
        version: 3,
        deployment: {
          manifest: { time: stack.lastUpdate ?? "2026-11-26T09:00:00Z", magic: "", version: ctx.version },
          secrets_providers: stack.secretsProviders ?? undefined,
          resources: stack.resources ?? [],
        },
      }),
    );
  },
  history(ctx) {
    process.stdout.write(JSON.stringify(existing(ctx).history ?? []));
  },
  ls: stackTags.ls,
  tag: stackTags.tag,
  rm: stackTags.rm,
};

function existing(ctx) {
  const stack = state.readStack(state.stateDir(ctx.env), ctx.stackName);
  if (!stack) fail(`no stack named '${ctx.givenStackName}' found`);
  return stack;
}

module.exports = { SUBCOMMANDS, existing };
module.exports.run = (ctx) => {
  const handler = SUBCOMMANDS[ctx.sub];
  if (!handler) fail(`unknown command "${ctx.sub}" for "pulumi stack"`);
  handler(ctx);
};
