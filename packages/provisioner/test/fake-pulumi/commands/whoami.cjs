// `pulumi whoami`: a self-managed backend's user.
"use strict";
module.exports.run = (ctx) => {
  process.stdout.write(ctx.flag("--json") ? JSON.stringify({ user: "ci", organizations: [] }) : "ci\n");
};
