// Values a manifest takes from the environment of the run ({valueFromEnv: NAME}): which variables a deploy
// needs, and whether the run has them. Pure: the caller passes the environment in.
import { envVariableRefusal, formatPath, manifestEnvValues } from "@cognito-action/spec";
import type { Manifest } from "@cognito-action/spec";

/** The variables' values, or one message per missing variable naming it and the field that needs it. */
export type EnvValuesResolution =
  { ok: true; value: Record<string, string> } | { ok: false; errors: string[] };

/**
 * Reads the manifest's `{valueFromEnv}` variables from `env`; an unset or empty variable is an error, and so is
 * one no manifest may read (the job's credentials), which is never read at all.
 */
export function resolveEnvValues(
  manifest: Manifest,
  env: Readonly<Record<string, string | undefined>>,
): EnvValuesResolution {
  const value: Record<string, string> = {};
  const errors: string[] = [];
  const missing = new Set<string>();
  for (const { path, variable } of manifestEnvValues(manifest)) {
    const refusal = envVariableRefusal(variable, undefined);
    if (refusal) {
      errors.push(`${formatPath(path)}: ${refusal.message}`);
      continue;
    }
    const found = env[variable];
    if (found !== undefined && found !== "") value[variable] = found;
    else if (!missing.has(variable)) {
      // One message per variable, naming the first field that reads it.
      missing.add(variable);
      errors.push(
        `environment variable ${variable} is not set; ${formatPath(path)} reads it: pass it to the step from a secret (env: ${variable}: \${{ secrets.${variable} }})`,
      );
    }
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value };
}
