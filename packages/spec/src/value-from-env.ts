// Values a manifest takes from the environment of the run ({valueFromEnv: NAME}): secrets that never live in Git.
import type { PathSegment } from "./finding.ts";
import type { Manifest } from "./schema.ts";

/** A `{valueFromEnv: NAME}` field of a manifest, with where it sits. */
export interface EnvValueField {
  path: PathSegment[];
  /** The environment variable's name. */
  variable: string;
}

/** Every `{valueFromEnv}` field of a manifest, in manifest order. */
export function manifestEnvValues(manifest: Manifest): EnvValueField[] {
  const fields: EnvValueField[] = [];
  manifest.spec.identityProviders.forEach((provider, index) => {
    for (const [key, value] of Object.entries(provider.providerDetails)) {
      if ("valueFromEnv" in value)
        fields.push({
          path: ["spec", "identityProviders", index, "providerDetails", key],
          variable: value.valueFromEnv,
        });
    }
  });
  return fields;
}

/** What a value from the environment reads as wherever the value itself must not appear: `(from $NAME)`. */
export function envValuePlaceholder(variable: string): string {
  return `(from $${variable})`;
}

/**
 * Variables of a job that a manifest may never read, whatever the workflow allows: the runner's and GitHub's
 * own (tokens, the OIDC request token, file commands), the action's inputs, the AWS and Pulumi credentials the
 * engine runs with, and what changes how Node runs. A manifest names its identity provider's issuer, so a
 * value read here would be sent to a server the pull request's author chose.
 */
export const ENV_VARIABLES_NEVER_READ = {
  prefixes: ["ACTIONS_", "AWS_", "COGNITO_ACTION_", "GITHUB_", "INPUT_", "PULUMI_", "RUNNER_", "STATE_"],
  names: ["GH_ENTERPRISE_TOKEN", "GH_TOKEN", "HOME", "NODE_AUTH_TOKEN", "NODE_OPTIONS", "NPM_TOKEN", "PATH"],
} as const;

/** Whether `variable` is one the fixed list never lets a manifest read (compared without case, as Windows does). */
export function isEnvVariableNeverRead(variable: string): boolean {
  const upper = variable.toUpperCase();
  return (
    ENV_VARIABLES_NEVER_READ.names.some((name) => name === upper) ||
    ENV_VARIABLES_NEVER_READ.prefixes.some((prefix) => upper.startsWith(prefix))
  );
}

/** Whether the env-secrets list (names and `PREFIX*` entries) names `variable`. */
export function isEnvVariableAllowed(variable: string, allowed: readonly string[]): boolean {
  return allowed.some((pattern) =>
    pattern.endsWith("*") ? variable.startsWith(pattern.slice(0, -1)) : variable === pattern,
  );
}

/** Why a manifest may not read `variable`, with how to fix it; undefined when it may. */
export function envVariableRefusal(
  variable: string,
  allowed: readonly string[] | undefined,
): { rule: "value-from-env-never-read" | "value-from-env-not-allowed"; message: string } | undefined {
  if (isEnvVariableNeverRead(variable))
    return {
      rule: "value-from-env-never-read",
      message: `valueFromEnv ${JSON.stringify(variable)} is a runner, GitHub, AWS or Pulumi variable (or one that changes how Node runs), which a manifest can never read: store the provider's secret under a name of its own (like OKTA_CLIENT_SECRET), pass it to the step from a GitHub secret and list it in the env-secrets input`,
    };
  if (allowed !== undefined && !isEnvVariableAllowed(variable, allowed))
    return {
      rule: "value-from-env-not-allowed",
      message: `valueFromEnv ${JSON.stringify(variable)} is not listed in the env-secrets input: add it (or a prefix it starts with, like OKTA_*) to env-secrets in the workflow to let manifests read it`,
    };
  return undefined;
}
