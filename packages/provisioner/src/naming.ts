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

// Beyond OpenMCF. Each name carries the key AWS knows the resource by, so a changed key is a new resource.

/** `<pool>-server-<identifier>`. */
export function resourceServerResourceName(manifest: Manifest, identifier: string): string {
  return `${manifest.metadata.name}-server-${identifier}`;
}

/** `<pool>-idp-<providerName>`. */
export function identityProviderResourceName(manifest: Manifest, providerName: string): string {
  return `${manifest.metadata.name}-idp-${providerName}`;
}

/** `<pool>-group-<name>`. */
export function groupResourceName(manifest: Manifest, name: string): string {
  return `${manifest.metadata.name}-group-${name}`;
}

/** `<pool>-invoke-<trigger>`: the permission for Cognito to invoke one trigger. */
export function lambdaPermissionResourceName(manifest: Manifest, trigger: string): string {
  return `${manifest.metadata.name}-invoke-${trigger}`;
}

/** The pool's risk configuration (beyond OpenMCF): one per pool. */
export function riskConfigurationResourceName(manifest: Manifest): string {
  return `${manifest.metadata.name}-risk`;
}
