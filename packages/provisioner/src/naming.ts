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

/** `<pool>-branding-<client>`: the managed login branding style of one client (beyond OpenMCF). */
export function managedLoginBrandingResourceName(manifest: Manifest, client: ClientSpec): string {
  return `${manifest.metadata.name}-branding-${client.name}`;
}

/** `<pool>-ui` (every client without its own) or `<pool>-ui-<client>`: a classic UI customization (beyond OpenMCF). */
export function uiCustomizationResourceName(manifest: Manifest, clientName?: string): string {
  return clientName === undefined
    ? `${manifest.metadata.name}-ui`
    : `${manifest.metadata.name}-ui-${clientName}`;
}
