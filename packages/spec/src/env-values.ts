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
