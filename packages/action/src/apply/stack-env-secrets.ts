// Values the manifests take from the run's environment ({valueFromEnv: NAME}, a GitHub secret passed as env:):
// read once per stack, and masked in the log and in everything the action writes before the engine sees them.
import { resolveEnvValues } from "@cognito-action/provisioner";
import type { EnvValuesResolution } from "@cognito-action/provisioner";
import type { Manifest } from "@cognito-action/spec";
import type { SecretRegistry } from "../run/secrets.ts";

/** The manifest's environment values, each registered as a secret; or the variables that are missing. */
export function secretEnvValues(
  manifest: Manifest,
  env: Readonly<Record<string, string | undefined>>,
  secrets: SecretRegistry,
): EnvValuesResolution {
  const resolution = resolveEnvValues(manifest, env);
  if (resolution.ok) for (const value of Object.values(resolution.value)) secrets.register(value);
  return resolution;
}
