// Logical names of the program's resources: stable across changes, so the engine updates in place.
import type { ClientSpec, Manifest } from "@cognito-action/spec";

/** The explicit AWS provider: one per stack, so a constant name. */
export const PROVIDER_NAME = "aws";

/** The user pool is named after the manifest (and named so at AWS). */
export function poolResourceName(manifest: Manifest): string {
  return manifest.metadata.name;
}

/** `<pool>-<client>`. */
export function clientResourceName(manifest: Manifest, client: ClientSpec): string {
  return `${manifest.metadata.name}-${client.name}`;
}

/** `<pool>-domain`. */
export function domainResourceName(manifest: Manifest): string {
  return `${manifest.metadata.name}-domain`;
}
