// `pulumi version`: the version, with the `v` the real CLI prints.
"use strict";
module.exports.run = (ctx) => {
  process.stdout.write(`v${ctx.version}\n`);
};
