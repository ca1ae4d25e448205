// `pulumi plugin install …`: nothing to fetch here; the invocation log records it.
"use strict";
module.exports.run = () => {};
