// `pulumi stack ls`, `stack tag …` and `stack rm`, as on a self-managed backend with a CLI that stores
// stack tags (3.211 and later, pkg/backend/diy/stack_tags.go: the tags sit beside the checkpoint; here in the
// checkpoint's `tags` map). Modelled on pulumi/pulumi:
//   - `stack ls --json [--all] [--tag name[=value]]` (pkg/cmd/pulumi/stack/stack_ls.go): a JSON array of
//     { name, current, lastUpdate?, resourceCount? } sorted by name; no tags in it. lastUpdate is the time
//     of the last update or destroy (tag changes do not count: DIY keeps tags beside the checkpoint). Outside a project
//     `--all` is needed; a tag filter without `=` matches every stack having the tag.
//   - `stack tag ls --json` prints the map; `stack tag get` prints the value, or fails when the tag is unset;
//     `stack tag set`/`rm` change one tag.
//   - Before 3.211 every `stack tag` subcommand on a self-managed backend answers "the current backend (<host>)
//     does not support stack tags" (stack_tag.go checks SupportsTags() first), and `stack ls` ignores the tag
//     filter (DIY stacks have no tags to match).
//   - Pulumi Cloud (see shared/backend.cjs for its names) validates tag names and values on `set`
//     (pkg/backend/httpstate/client/client.go UpdateStackTags → pkg/util/validation/stack.go ValidateStackTags):
//     names of 1-40 bytes of [a-zA-Z0-9-_.:], values of at most 256 bytes, each with its own message; DIY
//     does not validate.
//   - `stack rm --yes [--force] <stack>` refuses a stack that still has resources unless forced.
// Not modelled: Pulumi Cloud's HTTP API itself, its built-in tags (pulumi:project, vcs tags), organisation and project filters.
"use strict";
const { fail } = require("../shared/cli.cjs");
const state = require("../shared/state.cjs");
const { checkName, isCloud, resolveStackName } = require("../shared/backend.cjs");

const TAGS_SINCE = [3, 211, 0];

function tagsSupported(version) {
  const parts = version.split(".").map(Number);
  for (let i = 0; i < 3; i++) {
    if ((parts[i] ?? 0) !== TAGS_SINCE[i]) return (parts[i] ?? 0) > TAGS_SINCE[i];
  }
  return true;
}

function existing(ctx, name, given = name) {
  checkName(state.stateDir(ctx.env), name);
  const stack = state.readStack(state.stateDir(ctx.env), name);
  if (!stack) fail(`no stack named '${given}' found`);
  return stack;
}

/**
 * Before 3.211 every `stack tag` subcommand on a self-managed backend checks SupportsTags first
 * (pkg/cmd/pulumi/stack/stack_tag.go), naming the backend by the host's name (diyBackend.Name()).
 */
function checkTagsSupported(ctx) {
  if (!isCloud(ctx.env) && !tagsSupported(ctx.version))
    fail(`the current backend (${require("node:os").hostname() || "diy"}) does not support stack tags`);
}

function ls(ctx) {
  if (!ctx.flag("--all") && !ctx.flag("-a"))
    fail("no Pulumi.yaml found; please run this command in a project directory");
  const dir = state.stateDir(ctx.env);
  const filter = ctx.option("--tag") ?? ctx.option("-t");
  const [tagName, tagValue] = filter === undefined ? [] : splitFilter(filter);
  // Before 3.211 a self-managed backend ignores the filter (it has no tags): every stack is listed.
  const supported = isCloud(ctx.env) || tagsSupported(ctx.version);
  const listed = state
    .listStacks(dir)
    .map((name) => state.readStack(dir, name))
    .filter((stack) => {
      if (filter === undefined || !supported) return true;
      const tags = stack.tags ?? {};
      return tagName in tags && (tagValue === undefined || tags[tagName] === tagValue);
    })
    .map((stack) => ({
      name: stack.name,
      current: false,
      ...(stack.lastUpdate ? { lastUpdate: stack.lastUpdate } : {}),
      resourceCount: Object.keys(stack.outputs ?? {}).length > 0 ? 1 : 0,
    }));
  process.stdout.write(JSON.stringify(listed, null, 4) + "\n");
}

function splitFilter(filter) {
  const index = filter.indexOf("=");
  return index < 0 ? [filter, undefined] : [filter.slice(0, index), filter.slice(index + 1)];
}

function tag(ctx) {
  const action = ctx.args[2];
  const dir = state.stateDir(ctx.env);
  const stack = existing(ctx, ctx.stackName, ctx.givenStackName);
  checkTagsSupported(ctx);
  stack.tags = stack.tags ?? {};
  switch (action) {
    case "ls":
      process.stdout.write(JSON.stringify(stack.tags, null, 4) + "\n");
      return;
    case "get": {
      const name = ctx.args[3];
      if (!(name in stack.tags)) fail(`stack tag '${name}' not found for stack '${ctx.stackName}'`);
      process.stdout.write(`${stack.tags[name]}\n`);
      return;
    }
    case "set":
    case "rm": {
      const name = ctx.args[3];
      if (action === "set") {
        const value = ctx.args[4] ?? "";
        // Pulumi Cloud validates every tag (pkg/util/validation/stack.go ValidateStackTags, called by
        // pkg/backend/httpstate/client): names of 1-40 [a-zA-Z0-9-_.:], values of at most 256 BYTES (Go len);
        // the message says "characters". DIY backends do not validate.
        if (isCloud(ctx.env)) {
          if (name.length === 0) fail(`invalid stack tag ""`);
          if (Buffer.byteLength(name, "utf8") > 40)
            fail(`stack tag "${name}" is too long (max length 40 characters)`);
          if (!/^[a-zA-Z0-9-_.:]{1,40}$/.test(name))
            fail("stack tag names may only contain alphanumerics, hyphens, underscores, periods, or colons");
          if (Buffer.byteLength(value, "utf8") > 256)
            fail(`stack tag "${name}" value is too long (max length 256 characters)`);
        }
        stack.tags[name] = value;
      } else {
        delete stack.tags[name];
      }
      state.writeStack(dir, stack);
      return;
    }
    default:
      fail(`unknown command "${action}" for "pulumi stack tag"`);
  }
}

function rm(ctx) {
  const given = ctx.args.slice(2).find((arg) => !arg.startsWith("-"));
  const name = given === undefined ? ctx.stackName : resolveStackName(ctx, given);
  const stack = existing(ctx, name, given ?? ctx.givenStackName);
  if (Object.keys(stack.outputs ?? {}).length > 0 && !ctx.flag("--force"))
    fail(
      `'${name}' still has resources; removal rejected. Possible actions:\n- Make sure that '${name}' is the stack that you want to destroy\n- Run \`pulumi destroy\` to delete the resources, then run \`pulumi stack rm\`\n- Run \`pulumi stack rm --force\` to override this error`,
    );
  state.removeStack(state.stateDir(ctx.env), name);
  process.stdout.write(`Stack '${name}' has been removed!\n`);
}

module.exports = { ls, tag, rm };
