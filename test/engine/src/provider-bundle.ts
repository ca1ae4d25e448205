// The provider plugin bundled into one file in the engine cache: the engine starts a plugin for every
// preview, update and refresh, and a bundle starts in a fraction of the time tsx needs to compile the source.
import { join } from "node:path";
import { build } from "esbuild";
import { engineCacheDir } from "../pulumi-cli/build.mjs";
import { pluginVersion } from "./aws-provider/version.ts";

export async function bundleProvider(): Promise<string> {
  const outfile = join(engineCacheDir(), "aws-provider", "main.mjs");
  await build({
    entryPoints: [join(import.meta.dirname, "aws-provider/main.ts")],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    logLevel: "warning",
    define: { "process.env.ENGINE_PLUGIN_VERSION": JSON.stringify(pluginVersion()) },
    // CommonJS dependencies call require; an ES module bundle has none of its own.
    banner: {
      js: 'import { createRequire as __cr } from "node:module"; const require = __cr(import.meta.url);',
    },
  });
  return outfile;
}
