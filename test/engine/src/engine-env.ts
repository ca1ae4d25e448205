// The environment of a run against the real engine: the real CLI of one version and the `aws` provider plugin
// first on PATH, moto as AWS (AWS_ENDPOINT_URL, which the AWS SDKs of the CLI, the provider and the action
// honour), and its credentials.
//
//   pnpm --silent engine:env 3.252.0 [moto endpoint]
//
// prints `export` lines for a shell (building the CLI first if the cache lacks it).
import { existsSync, mkdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildPulumi, engineCacheDir, pulumiBinDir } from "../pulumi-cli/build.mjs";
import { pluginVersion } from "./aws-provider/version.ts";
import { EMULATOR_CREDENTIALS } from "./moto.ts";
import { bundleProvider } from "./provider-bundle.ts";

/** The folder holding `pulumi-resource-aws`. */
export const PROVIDER_BIN_DIR = join(import.meta.dirname, "../bin");

/**
 * Puts the provider plugin in PULUMI_HOME's plugin cache as `aws` at the version the program asks for: the
 * action runs `pulumi plugin install resource aws v<version>`, which finds it installed there (and would
 * otherwise download the real one), and the engine loads it from there.
 */
export function installProviderPlugin(pulumiHome: string): void {
  const dir = join(pulumiHome, "plugins", `resource-aws-v${pluginVersion()}`);
  const target = join(dir, "pulumi-resource-aws");
  if (existsSync(target)) return;
  mkdirSync(dir, { recursive: true });
  symlinkSync(join(PROVIDER_BIN_DIR, "pulumi-resource-aws"), target);
}

export interface EngineEnvOptions {
  version: string;
  /** moto's endpoint, http://127.0.0.1:<port>. */
  endpoint: string;
  /** PATH to extend; the caller's own by default. */
  path?: string | undefined;
  /** The provider plugin's bundle (provider-bundle.ts); without it the plugin runs from source. */
  providerBundle?: string | undefined;
}

export function engineEnv(options: EngineEnvOptions): Record<string, string> {
  return {
    PATH: [pulumiBinDir(options.version), PROVIDER_BIN_DIR, options.path ?? process.env.PATH ?? ""].join(":"),
    ...EMULATOR_CREDENTIALS,
    AWS_ENDPOINT_URL: options.endpoint,
    // No update check, no plugin downloads: nothing leaves the machine.
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    // Some CLIs (3.182) ask the Pulumi Registry to resolve `plugin install resource aws` before they look in
    // the plugin cache (sdk/go/common/env: DISABLE_REGISTRY_RESOLVE).
    PULUMI_DISABLE_REGISTRY_RESOLVE: "true",
    ...(options.providerBundle ? { ENGINE_PROVIDER_BUNDLE: options.providerBundle } : {}),
  };
}

const shellQuote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [version, endpoint = "http://127.0.0.1:5000"] = process.argv.slice(2);
  if (!version) {
    process.stderr.write("usage: pnpm --silent engine:env <pulumi version> [moto endpoint]\n");
    process.exit(2);
  }
  buildPulumi(version);
  const providerBundle = await bundleProvider();
  // A PULUMI_HOME of its own, with the provider plugin in its plugin cache, leaves ~/.pulumi alone.
  const home = join(engineCacheDir(), "pulumi-home");
  installProviderPlugin(home);
  const env = { ...engineEnv({ version, endpoint, path: "$PATH", providerBundle }), PULUMI_HOME: home };
  for (const [name, value] of Object.entries(env))
    process.stdout.write(`export ${name}=${name === "PATH" ? `"${value}"` : shellQuote(value)}\n`);
  process.stdout.write(
    `# AWS is moto at ${endpoint}: start it in another shell with \`pnpm --silent engine:moto\`\n`,
  );
}
