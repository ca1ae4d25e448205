// Builds the committed bundles in dist/ from the sources. Deterministic: pinned esbuild, no dates, no
// absolute paths, so CI can rebuild and compare byte for byte (scripts/check-fresh.mjs).
//   node scripts/bundle.mjs [--outdir DIR]
import { build } from "esbuild";
import { chmodSync, mkdirSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({
  options: {
    outdir: { type: "string", default: join(root, "dist") },
    quiet: { type: "boolean", default: false },
  },
});
const outdir = resolve(values.outdir);
mkdirSync(outdir, { recursive: true });

/** Options every bundle shares. CommonJS: Pulumi's dependencies use __dirname, which ESM output lacks. */
const common = {
  absWorkingDir: root,
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  minify: true,
  // import() of the external provisioner bundle becomes require(): loading a CommonJS file through the ESM
  // loader makes Node scan all of it for export names first (about a quarter of a second).
  supported: { "dynamic-import": false },
  legalComments: "eof",
  logLevel: "warning",
  alias: {
    // @pulumi/pulumi's typescript-shim falls back to a vendored TypeScript that does not exist in a bundle;
    // an empty module makes it skip TypeScript support, which an inline program never needs.
    typescript: "./scripts/empty-module.cjs",
    // Needed only to serialize function closures (dynamic providers), which this program never does; it
    // would bring npm's installer (pacote, tar, sigstore) into the bundle: about 1.5 MB.
    "@npmcli/arborist": "./scripts/empty-module.cjs",
  },
  // ESM dependencies read import.meta.url (fdir, for createRequire); CommonJS has __filename instead.
  define: { "import.meta.url": "__import_meta_url" },
  banner: { js: importMetaBanner() },
};

function importMetaBanner(shebang = false) {
  return `${shebang ? "#!/usr/bin/env node\n" : ""}const __import_meta_url = require("node:url").pathToFileURL(__filename).href;`;
}

/** The CLI loads the provisioner (and with it Pulumi) only for synth and plan, so validate starts fast. */
const provisionerExternal = {
  name: "provisioner-external",
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^@cognito-action\/provisioner$/ }, () => ({
      path: "./provisioner.js",
      external: true,
    }));
  },
};

/** `cognito-action import` and the AWS SDK it reads pools with live in their own bundle, loaded only by import. */
const importCommandExternal = {
  name: "import-command-external",
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /\/commands\/import\.ts$/ }, (args) =>
      args.importer.endsWith("main.ts") ? { path: "./cli-import.js", external: true } : undefined,
    );
  },
};

const bundles = [
  {
    entryPoints: ["packages/cli/src/bin.ts"],
    outfile: join(outdir, "cli.js"),
    banner: { js: importMetaBanner(true) },
    plugins: [provisionerExternal, importCommandExternal],
  },
  {
    // Loaded by the CLI only for `import`: the AWS SDK for Cognito, bundled so the CLI needs nothing installed.
    entryPoints: ["packages/cli/src/commands/import.ts"],
    outfile: join(outdir, "cli-import.js"),
  },
  {
    // The action, as action.yml runs it; like the CLI, it loads the provisioner (Pulumi) only once it has
    // said it started, and the two share dist/provisioner.js.
    entryPoints: ["packages/action/src/index.ts"],
    outfile: join(outdir, "index.js"),
    plugins: [provisionerExternal],
  },
  {
    // Loaded by the CLI only for synth and plan, and by the action after its first log line.
    entryPoints: ["packages/provisioner/src/index.ts"],
    outfile: join(outdir, "provisioner.js"),
  },
];

for (const options of bundles) await build({ ...common, ...options });
chmodSync(join(outdir, "cli.js"), 0o755);

if (!values.quiet) {
  for (const { outfile } of bundles) {
    const megabytes = (statSync(outfile).size / 1024 / 1024).toFixed(2);
    console.log(`${outfile.slice(root.length + 1)}  ${megabytes} MB`);
  }
}
