// Modules of the Pulumi SDK the tests run against (its generated gRPC code, grpc-js, js-yaml), so the
// stand-in speaks exactly its protocol and writes its file formats.
"use strict";
const path = require("node:path");

function sdkModule(name) {
  const sdk = path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [__dirname] }));
  return require(require.resolve(name, { paths: [sdk] }));
}

module.exports = { sdkModule };
