// `pulumi config set <key> <value> --stack <stack>`: written to the settings file, as the real CLI does.
"use strict";
const { readSettings, writeSettings } = require("../shared/settings.cjs");

module.exports.run = (ctx) => {
  if (ctx.sub !== "set") return;
  const positional = ctx.args.slice(2).filter((arg, index, all) => {
    if (arg.startsWith("--")) return false;
    const previous = all[index - 1];
    return !(previous === "--stack" || previous === "-s");
  });
  const [key, value] = positional;
  const settings = readSettings(ctx);
  settings.config[key] = value;
  writeSettings(ctx, settings);
};
