// The looks of the hosted sign-in pages (beyond OpenMCF): a managed login branding style per app client
// (pulumi-aws cognito.ManagedLoginBranding) and the classic hosted UI's CSS and logo, for the pool and per client
// (pulumi-aws cognito.UserPoolUICustomization). Declared by cognitoProgram after the clients and the domain they
// need; nothing here runs outside a Pulumi context.
import * as pulumi from "@pulumi/pulumi";
import { ManagedLoginBranding, UserPoolUICustomization } from "@pulumi/aws/cognito/index.js";
import type { ManagedLoginBrandingSpec, Manifest, UiCustomizationSpec } from "@cognito-action/spec";
import { managedLoginBrandingResourceName, uiCustomizationResourceName } from "../naming.ts";
import type { DeclaredClient } from "./clients.ts";
import type { PoolContext } from "./program-context.ts";

/** The stack output of the branding style IDs, by client name. */
export const MANAGED_LOGIN_BRANDING_IDS_OUTPUT = "managed_login_branding_ids";

/** SetUICustomization's client ID for the pool-wide customization (terraform user_pool_ui_customization.go default). */
export const ALL_CLIENTS = "ALL";

/**
 * Pulumi import IDs of the looks an adopted pool already has: a style by `<pool id>,<style id>` (terraform
 * managed_login_branding.go ImportState), a UI customization by `<pool id>,<client id or ALL>`
 * (user_pool_ui_customization.go reads the ID so).
 */
export interface BrandingAdoptionIds {
  brandings: Record<string, string>;
  uiCustomizations: Record<string, string>;
}

/** What `spec.adopt` asks to import of the branding and UI customizations the manifest declares. */
export function brandingAdoptionIds(manifest: Manifest): BrandingAdoptionIds {
  const { adopt, clients, uiCustomization } = manifest.spec;
  const ids: BrandingAdoptionIds = { brandings: {}, uiCustomizations: {} };
  if (adopt?.userPoolId === undefined) return ids;
  if (uiCustomization) ids.uiCustomizations[ALL_CLIENTS] = `${adopt.userPoolId},${ALL_CLIENTS}`;
  for (const client of clients) {
    const styleId = adopt.managedLoginBrandings[client.name];
    if (client.managedLoginBranding && styleId !== undefined)
      ids.brandings[client.name] = `${adopt.userPoolId},${styleId}`;
    const clientId = adopt.clientIds[client.name];
    if (client.uiCustomization && clientId !== undefined)
      ids.uiCustomizations[client.name] = `${adopt.userPoolId},${clientId}`;
  }
  return ids;
}

/** Removes the line breaks a wrapped Base64 text may carry: the API takes it in one piece. */
function compactBase64(text: string): string {
  return text.replace(/\s+/g, "");
}

/**
 * A style as pulumi-aws's ManagedLoginBranding takes it. The settings go as a JSON string (a document at the API);
 * useCognitoProvidedValues only when true, since the provider takes it or settings, never both (ExactlyOneOf).
 */
export function managedLoginBrandingArgs(branding: ManagedLoginBrandingSpec): {
  settings?: string;
  useCognitoProvidedValues?: boolean;
  assets?: { category: string; colorMode: string; extension: string; bytes: string; resourceId?: string }[];
} {
  const settings =
    branding.settings === undefined
      ? undefined
      : JSON.stringify(
          typeof branding.settings === "string" ? JSON.parse(branding.settings) : branding.settings,
        );
  return {
    ...(branding.useCognitoProvidedValues === true ? { useCognitoProvidedValues: true } : {}),
    ...(settings !== undefined && branding.useCognitoProvidedValues !== true ? { settings } : {}),
    ...(branding.assets.length > 0
      ? {
          assets: branding.assets.map((asset) => ({
            category: asset.category,
            colorMode: asset.colorMode,
            extension: asset.extension,
            bytes: compactBase64(asset.bytes),
            ...(asset.resourceId !== undefined ? { resourceId: asset.resourceId } : {}),
          })),
        }
      : {}),
  };
}

/** A classic UI customization as pulumi-aws's UserPoolUICustomization takes it (the logo in Base64). */
export function uiCustomizationArgs(ui: UiCustomizationSpec): { css?: string; imageFile?: string } {
  return {
    ...(ui.css !== undefined ? { css: ui.css } : {}),
    ...(ui.imageFile !== undefined ? { imageFile: compactBase64(ui.imageFile) } : {}),
  };
}

/** Declares each client's branding style and the classic UI customizations; returns the stack outputs they add. */
export function declareBranding(
  { manifest, pool, provider }: PoolContext,
  clients: readonly DeclaredClient[],
  domain: pulumi.Resource | undefined,
): Record<string, pulumi.Output<unknown>> {
  const poolId = pool.id;
  const adoption = brandingAdoptionIds(manifest);
  const adopted = (id: string | undefined) => (id === undefined ? {} : { import: id });
  // The provider cannot read a logo back (GetUICustomization gives its URL only; terraform
  // user_pool_ui_customization.go keeps image_file from the configuration), and an import whose inputs differ
  // from what was read fails: an adopted customization keeps the logo it has until the marker is removed.
  const adoptedUi = (id: string | undefined, ui: UiCustomizationSpec) =>
    id === undefined
      ? {}
      : { import: id, ...(ui.imageFile !== undefined ? { ignoreChanges: ["imageFile"] } : {}) };
  // AWS customizes and brands only a pool with a domain (DG hosted-ui-classic-branding): after the domain.
  const afterDomain = domain ? { dependsOn: [domain] } : {};
  const styles: [string, pulumi.Output<string>][] = [];
  for (const [client, resource] of clients) {
    if (client.managedLoginBranding) {
      const style = new ManagedLoginBranding(
        managedLoginBrandingResourceName(manifest, client),
        {
          userPoolId: poolId,
          clientId: resource.id,
          ...managedLoginBrandingArgs(client.managedLoginBranding),
        },
        { provider, ...afterDomain, ...adopted(adoption.brandings[client.name]) },
      );
      styles.push([client.name, style.managedLoginBrandingId]);
    }
    if (client.uiCustomization)
      new UserPoolUICustomization(
        uiCustomizationResourceName(manifest, client.name),
        { userPoolId: poolId, clientId: resource.id, ...uiCustomizationArgs(client.uiCustomization) },
        {
          provider,
          ...afterDomain,
          ...adoptedUi(adoption.uiCustomizations[client.name], client.uiCustomization),
        },
      );
  }
  if (manifest.spec.uiCustomization)
    new UserPoolUICustomization(
      uiCustomizationResourceName(manifest),
      { userPoolId: poolId, ...uiCustomizationArgs(manifest.spec.uiCustomization) },
      {
        provider,
        ...afterDomain,
        ...adoptedUi(adoption.uiCustomizations[ALL_CLIENTS], manifest.spec.uiCustomization),
      },
    );
  return styles.length > 0
    ? { [MANAGED_LOGIN_BRANDING_IDS_OUTPUT]: pulumi.output(Object.fromEntries(styles)) }
    : {};
}
