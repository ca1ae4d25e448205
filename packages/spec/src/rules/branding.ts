// Managed login branding (a style per app client) and the classic hosted UI's customization (beyond OpenMCF).
// Sources: the botocore cognito-idp model (CreateManagedLoginBranding, AssetType, SetUICustomization,
// CreateUserPoolClient and CreateUserPoolDomain docs), terraform-provider-aws managed_login_branding.go and
// user_pool_ui_customization.go (pulumi-aws is generated from them) and the Developer Guide's branding pages.
import { effectiveTier } from "./production-pool.ts";
import { defineRule } from "./rule.ts";
import type { Rule, RuleHit } from "./rule.ts";
import type { PathSegment } from "../finding.ts";
import type { ClientSpec, Manifest, UiCustomizationSpec } from "../schema.ts";

/** botocore AssetBytesType: at most 1,000,000 bytes per image. */
export const MAX_ASSET_BYTES = 1_000_000;
/** DG hosted-ui-classic-branding: the classic hosted UI's logo is at most 100 KB, its CSS at most 3 KB. */
export const MAX_LOGO_BYTES = 100 * 1024;
export const MAX_CSS_BYTES = 3 * 1024;

/**
 * The classes the classic hosted UI's CSS may style (DG hosted-ui-classic-branding, "CSS classes"); SetUICustomization
 * refuses others.
 */
export const UI_CUSTOMIZATION_CLASSES = new Set([
  ".background-customizable",
  ".banner-customizable",
  ".errorMessage-customizable",
  ".idpButton-customizable",
  ".idpButton-customizable:hover",
  ".idpDescription-customizable",
  ".inputField-customizable",
  ".inputField-customizable:focus",
  ".label-customizable",
  ".legalText-customizable",
  ".logo-customizable",
  ".submitButton-customizable",
  ".submitButton-customizable:hover",
  ".textDescription-customizable",
]);

/** botocore ManagedLoginBrandingIdType: a version 4 UUID. */
const STYLE_ID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-4[0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$/;

/** How PNG (\x89PNG\r\n\x1a\n) and JPEG (\xff\xd8\xff) files begin, in Base64. */
const PNG_BASE64 = "iVBORw0KGgo";
const JPEG_BASE64 = "/9j/";

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Bytes a Base64 text decodes to, or undefined when it is not Base64 (line breaks allowed, as base64 wraps). */
export function base64Size(text: string): number | undefined {
  const compact = text.replace(/\s+/g, "");
  if (compact.length % 4 !== 0 || !BASE64.test(compact)) return undefined;
  const padding = compact.endsWith("==") ? 2 : compact.endsWith("=") ? 1 : 0;
  return (compact.length / 4) * 3 - padding;
}

function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length;
}

/** Whether the manifest sets anything these rules look at; most do not, and skip them after one check. */
function usesBranding({ spec }: Manifest): boolean {
  return (
    spec.uiCustomization !== undefined ||
    spec.domain?.managedLoginVersion !== undefined ||
    (spec.adopt !== undefined && Object.keys(spec.adopt.managedLoginBrandings).length > 0) ||
    spec.clients.some(
      (client) => client.managedLoginBranding !== undefined || client.uiCustomization !== undefined,
    )
  );
}

let lastManifest: Manifest | undefined;
let lastAnswer = false;

function withBranding(rules: readonly Rule[]): Rule[] {
  const applies = (manifest: Manifest) => {
    if (manifest !== lastManifest) {
      lastManifest = manifest;
      lastAnswer = usesBranding(manifest);
    }
    return lastAnswer;
  };
  return rules.map((rule) => ({
    ...rule,
    check: (manifest) => (applies(manifest) ? rule.check(manifest) : []),
  }));
}

/** Each classic UI customization of the manifest (the pool's, then each client's), with its path. */
function uiCustomizations({
  spec,
}: Manifest): { path: PathSegment[]; ui: UiCustomizationSpec; owner: string }[] {
  const found: { path: PathSegment[]; ui: UiCustomizationSpec; owner: string }[] = [];
  if (spec.uiCustomization)
    found.push({ path: ["spec", "uiCustomization"], ui: spec.uiCustomization, owner: "the pool" });
  spec.clients.forEach((client, index) => {
    if (client.uiCustomization)
      found.push({
        path: ["spec", "clients", index, "uiCustomization"],
        ui: client.uiCustomization,
        owner: `client ${JSON.stringify(client.name)}`,
      });
  });
  return found;
}

/** Each client with a branding style, with its index. */
function brandedClients({ spec }: Manifest): [ClientSpec, number][] {
  return spec.clients.flatMap((client, index): [ClientSpec, number][] =>
    client.managedLoginBranding ? [[client, index]] : [],
  );
}

/** The selectors of a style sheet's rules: the text before each `{`, split at commas, comments removed. */
export function cssSelectors(css: string): string[] {
  const withoutComments = css.replace(/\/\*[\s\S]*?\*\//g, "");
  const selectors: string[] = [];
  for (const match of withoutComments.matchAll(/([^{}]*)\{[^}]*\}/g))
    for (const selector of match[1]!.split(",")) {
      const trimmed = selector.trim();
      if (trimmed !== "") selectors.push(trimmed);
    }
  return selectors;
}

export const brandingRules = withBranding([
  // botocore CreateUserPoolClient doc: a client created through the API has no branding style, and with
  // ManagedLoginVersion 2 its managed login pages show an error until a style is assigned to it (DG
  // managed-login-branding, "Assign a style to an app client"). The clients that show those pages are the OAuth
  // clients with a browser flow (code or implicit); client_credentials signs no user in.
  defineRule("managed-login-needs-branding", "error", ({ spec }) =>
    spec.domain?.managedLoginVersion === 2
      ? spec.clients.flatMap((client, index) =>
          client.allowedOauthFlowsUserPoolClient &&
          client.allowedOauthFlows.some((flow) => flow !== "client_credentials") &&
          !client.managedLoginBranding
            ? [
                {
                  path: ["spec", "clients", index, "allowedOauthFlowsUserPoolClient"],
                  message: `client ${JSON.stringify(client.name)} signs in through managed login (managedLoginVersion 2) but has no branding style, so its sign-in pages show an error: add managedLoginBranding: {useCognitoProvidedValues: true} or a style of your own`,
                },
              ]
            : [],
        )
      : [],
  ),

  // DG managed-login-branding: the branding editor's styles are shown by managed login only; the classic hosted UI
  // (managedLoginVersion 1) shows the CSS and logo of SetUICustomization instead, and the reverse.
  defineRule("branding-needs-matching-login-version", "warning", (manifest) => {
    const domain = manifest.spec.domain;
    const hits: RuleHit[] = [];
    if (domain?.managedLoginVersion !== 2)
      for (const [client, index] of brandedClients(manifest))
        hits.push({
          path: ["spec", "clients", index, "managedLoginBranding"],
          message: `client ${JSON.stringify(client.name)}'s branding style is shown only by managed login: ${domain ? "set domain.managedLoginVersion: 2" : "add a domain with managedLoginVersion: 2"}, or remove the style`,
        });
    if (domain?.managedLoginVersion === 2)
      for (const { path, owner } of uiCustomizations(manifest))
        hits.push({
          path,
          message: `the uiCustomization of ${owner} is shown only by the classic hosted UI, not by managed login (managedLoginVersion 2): style managed login with managedLoginBranding, or remove it`,
        });
    return hits;
  }),

  // DG feature plans: managed login branding (the branding editor) is an Essentials and Plus feature; AWS refuses
  // it on Lite (FeatureUnavailableInTierException). A pool created without userPoolTier is on ESSENTIALS.
  defineRule("branding-above-tier", "error", (manifest) =>
    effectiveTier(manifest) === "LITE"
      ? brandedClients(manifest).map(([client, index]) => ({
          path: ["spec", "clients", index, "managedLoginBranding"],
          message: `client ${JSON.stringify(client.name)}'s managed login branding needs userPoolTier ESSENTIALS or PLUS; this pool is on LITE`,
        }))
      : [],
  ),

  // terraform managed_login_branding.go: use_cognito_provided_values is ExactlyOneOf with settings (Cognito's
  // defaults, or settings of your own: not both, not neither).
  defineRule("branding-style-source", "error", (manifest) =>
    brandedClients(manifest).flatMap(([client, index]) => {
      const branding = client.managedLoginBranding!;
      const defaults = branding.useCognitoProvidedValues === true;
      if (defaults === (branding.settings !== undefined))
        return [
          {
            path: ["spec", "clients", index, "managedLoginBranding", ...(defaults ? ["settings"] : [])],
            message: defaults
              ? `client ${JSON.stringify(client.name)}'s style uses Cognito's values and its own settings; keep one of them`
              : `client ${JSON.stringify(client.name)}'s style needs settings, or useCognitoProvidedValues: true for Cognito's default style`,
          },
        ];
      return [];
    }),
  ),

  // botocore CreateManagedLoginBrandingRequest.Settings: a JSON document whose top level is an object (the
  // branding designer's export); a string must parse as one.
  defineRule("branding-settings-json-object", "error", (manifest) =>
    brandedClients(manifest).flatMap(([client, index]) => {
      const settings = client.managedLoginBranding!.settings;
      if (typeof settings !== "string") return [];
      let parsed: unknown;
      try {
        parsed = JSON.parse(settings);
      } catch (error) {
        parsed = error;
      }
      return parsed !== null &&
        typeof parsed === "object" &&
        !Array.isArray(parsed) &&
        !(parsed instanceof Error)
        ? []
        : [
            {
              path: ["spec", "clients", index, "managedLoginBranding", "settings"],
              message: `client ${JSON.stringify(client.name)}'s branding settings must be a JSON object ({"components": …}), as the branding designer exports it; write it as YAML or as a JSON string`,
            },
          ];
    }),
  ),

  // botocore AssetType: Bytes is AssetBytesType (at most 1,000,000 bytes); terraform managed_login_branding.go
  // notes that AWS keeps one asset per category and color mode (a repeat is added, not replaced).
  defineRule("branding-asset", "error", (manifest) =>
    brandedClients(manifest).flatMap(([client, clientIndex]) => {
      const hits: RuleHit[] = [];
      const seen = new Set<string>();
      client.managedLoginBranding!.assets.forEach((asset, index) => {
        const path = ["spec", "clients", clientIndex, "managedLoginBranding", "assets", index];
        const key = `${asset.category}/${asset.colorMode}`;
        if (seen.has(key))
          hits.push({
            path: [...path, "colorMode"],
            message: `client ${JSON.stringify(client.name)} has two ${asset.category} images for colorMode ${asset.colorMode}; keep one`,
          });
        seen.add(key);
        const size = base64Size(asset.bytes);
        if (size === undefined || size > MAX_ASSET_BYTES)
          hits.push({
            path: [...path, "bytes"],
            message:
              size === undefined
                ? "bytes must be the image in Base64 (base64 -w0 <file>)"
                : `the image is ${size} bytes; AWS takes at most ${MAX_ASSET_BYTES}`,
          });
      });
      return hits;
    }),
  ),

  // DG hosted-ui-classic-branding: SetUICustomization needs a domain on the pool ("There has to be an existing
  // domain associated with this user pool or app client"); terraform user_pool_ui_customization.go: css and
  // image_file are AtLeastOneOf; the logo is a PNG or JPEG of at most 100 KB; the CSS may style only the listed
  // -customizable classes.
  defineRule("ui-customization", "error", (manifest) =>
    uiCustomizations(manifest).flatMap(({ path, ui, owner }) => {
      const hits: RuleHit[] = [];
      if (!manifest.spec.domain)
        hits.push({
          path,
          message: `the uiCustomization of ${owner} needs a domain: AWS customizes only a pool with a hosted UI domain; add spec.domain`,
        });
      if (ui.css === undefined && ui.imageFile === undefined)
        hits.push({ path, message: `the uiCustomization of ${owner} needs css, imageFile or both` });
      if (ui.imageFile !== undefined) {
        const size = base64Size(ui.imageFile);
        const compact = ui.imageFile.trimStart();
        if (size === undefined || size > MAX_LOGO_BYTES)
          hits.push({
            path: [...path, "imageFile"],
            message:
              size === undefined
                ? "imageFile must be the logo in Base64 (base64 -w0 logo.png)"
                : `the logo is ${size} bytes; the classic hosted UI takes at most ${MAX_LOGO_BYTES} (100 KB)`,
          });
        else if (!compact.startsWith(PNG_BASE64) && !compact.startsWith(JPEG_BASE64))
          hits.push({
            path: [...path, "imageFile"],
            message:
              "the classic hosted UI's logo must be a PNG or JPEG image; convert it and encode it again",
          });
      }
      if (ui.css !== undefined && utf8Length(ui.css) > MAX_CSS_BYTES)
        hits.push({
          path: [...path, "css"],
          message: `the CSS is ${utf8Length(ui.css)} bytes; SetUICustomization takes at most ${MAX_CSS_BYTES} (3 KB) beside the logo`,
        });
      if (ui.css !== undefined) {
        const unknown = cssSelectors(ui.css).filter((selector) => !UI_CUSTOMIZATION_CLASSES.has(selector));
        if (unknown.length > 0)
          hits.push({
            path: [...path, "css"],
            message: `the classic hosted UI styles only its -customizable classes (such as .submitButton-customizable); AWS refuses ${unknown.map((selector) => JSON.stringify(selector)).join(", ")}`,
          });
      }
      return hits;
    }),
  ),

  // pulumi-aws imports a style by `<pool id>,<style id>` (terraform managed_login_branding.go ImportState): each
  // entry names a client of spec.clients that declares a style, by a style ID (botocore ManagedLoginBrandingIdType).
  defineRule("adopt-branding-unknown", "error", ({ spec }) =>
    Object.entries(spec.adopt?.managedLoginBrandings ?? {}).flatMap(([name, id]): RuleHit[] => {
      const path = ["spec", "adopt", "managedLoginBrandings", name];
      const client = spec.clients.find((candidate) => candidate.name === name);
      if (!client?.managedLoginBranding)
        return [
          {
            path,
            message: `adopt.managedLoginBrandings names ${JSON.stringify(name)}, which is not a client with a managedLoginBranding; remove it or add the style to that client`,
          },
        ];
      return STYLE_ID.test(id)
        ? []
        : [
            {
              path,
              message: `${JSON.stringify(id)} is not a branding style ID (a UUID such as 4f1c2b3a-5d6e-4f70-8a91-b2c3d4e5f607, from DescribeManagedLoginBrandingByClient)`,
            },
          ];
    }),
  ),
]);
