// Federated identity providers (beyond OpenMCF). Sources: botocore CreateIdentityProviderRequest (ProviderNameTypeV2,
// IdentityProviderTypeType, the ProviderDetails doc listing each type's keys), the SupportedIdentityProviders doc,
// and terraform identity_provider.go.
import { defineRule, duplicates } from "./rule.ts";
import type { RuleHit } from "./rule.ts";
import type { IdentityProviderSpec, Manifest } from "../schema.ts";

/** Social providers: their provider name is their type (botocore SupportedIdentityProviders doc). */
const SOCIAL_TYPES = new Set(["Google", "Facebook", "LoginWithAmazon", "SignInWithApple"]);

/** providerDetails keys each type needs (botocore CreateIdentityProviderRequest.ProviderDetails doc). */
const REQUIRED_DETAILS: Record<IdentityProviderSpec["providerType"], readonly string[]> = {
  Google: ["client_id", "client_secret", "authorize_scopes"],
  Facebook: ["client_id", "client_secret", "authorize_scopes"],
  LoginWithAmazon: ["client_id", "client_secret", "authorize_scopes"],
  SignInWithApple: ["client_id", "team_id", "key_id", "private_key", "authorize_scopes"],
  OIDC: ["client_id", "client_secret", "attributes_request_method", "oidc_issuer", "authorize_scopes"],
  SAML: [],
};

/** providerDetails keys that hold secrets: never written in Git. */
export const SECRET_PROVIDER_DETAILS = new Set(["client_secret", "private_key"]);

// botocore ProviderNameTypeV2: 1-32 characters, no underscore or whitespace at either end.
const PROVIDER_NAME = /^[^_\p{Z}][\p{L}\p{M}\p{S}\p{N}\p{P}]*[^_\p{Z}]$|^[^_\p{Z}]$/u;

function eachProvider(
  manifest: Manifest,
  check: (provider: IdentityProviderSpec, index: number) => RuleHit[],
): RuleHit[] {
  const providers = manifest.spec.identityProviders;
  return providers.length === 0 ? [] : providers.flatMap((provider, index) => check(provider, index));
}

const at = (index: number, ...rest: (string | number)[]) => ["spec", "identityProviders", index, ...rest];

export const identityProviderRules = [
  // botocore ProviderNameTypeV2: 1-32 characters without leading or trailing underscores or spaces; COGNITO is the
  // pool's own directory and cannot be a provider's name.
  defineRule("identity-provider-name-format", "error", (manifest) =>
    eachProvider(manifest, ({ providerName }, index) =>
      providerName.length <= 32 && PROVIDER_NAME.test(providerName) && providerName !== "COGNITO"
        ? []
        : [
            {
              path: at(index, "providerName"),
              message: `providerName ${JSON.stringify(providerName)} must be 1-32 characters, not start or end with an underscore or space, and not be COGNITO`,
            },
          ],
    ),
  ),

  // botocore SupportedIdentityProviders doc: social providers are named Facebook, Google, SignInWithApple and
  // LoginWithAmazon; CreateIdentityProvider refuses another name for them.
  defineRule("identity-provider-social-name", "error", (manifest) =>
    eachProvider(manifest, ({ providerName, providerType }, index) =>
      SOCIAL_TYPES.has(providerType) && providerName !== providerType
        ? [
            {
              path: at(index, "providerName"),
              message: `a ${providerType} provider must be named ${providerType}, not ${JSON.stringify(providerName)}`,
            },
          ]
        : [],
    ),
  ),

  // botocore IdpIdentifierType: 1-40 characters of [\w\s+=.@-] (terraform identity_provider.go validates the same);
  // an identifier routes users to one provider, so it is unique across the pool's providers.
  defineRule("identity-provider-identifier-format", "error", (manifest) => {
    const seen = new Set<string>();
    return eachProvider(manifest, ({ idpIdentifiers }, index) =>
      idpIdentifiers.flatMap((identifier, identifierIndex) => {
        const repeated = seen.has(identifier);
        seen.add(identifier);
        if (/^[\w\s+=.@-]{1,40}$/.test(identifier) && !repeated) return [];
        return [
          {
            path: at(index, "idpIdentifiers", identifierIndex),
            message: repeated
              ? `idpIdentifier ${JSON.stringify(identifier)} is listed twice; an identifier routes users to one provider`
              : `idpIdentifier ${JSON.stringify(identifier)} may use only letters, digits, spaces and + = . @ - _`,
          },
        ];
      }),
    );
  }),

  // A provider name is unique in a pool (AWS DuplicateProviderException).
  defineRule("identity-provider-name-unique", "error", ({ spec }) =>
    duplicates(
      spec.identityProviders.map((provider) => provider.providerName),
      ["spec", "identityProviders"],
      "identity provider",
    ).map((hit) => ({ ...hit, path: [...hit.path, "providerName"] })),
  ),

  // botocore CreateIdentityProviderRequest.ProviderDetails doc: the keys each provider type needs; SAML takes
  // MetadataFile or MetadataURL (one of them).
  defineRule("identity-provider-details-required", "error", (manifest) =>
    eachProvider(manifest, ({ providerType, providerDetails }, index) => {
      if (providerType === "SAML") {
        const file = "MetadataFile" in providerDetails;
        const url = "MetadataURL" in providerDetails;
        return file !== url
          ? []
          : [
              {
                path: at(index, "providerDetails"),
                message: file
                  ? "a SAML provider takes MetadataFile or MetadataURL, not both"
                  : "a SAML provider needs providerDetails.MetadataURL (or MetadataFile with the metadata XML)",
              },
            ];
      }
      const missing = REQUIRED_DETAILS[providerType].filter((key) => !(key in providerDetails));
      return missing.length === 0
        ? []
        : [
            {
              path: at(index, "providerDetails"),
              message: `${/^[AEIOU]/.test(providerType) ? "an" : "a"} ${providerType} provider needs providerDetails ${missing.join(", ")}`,
            },
          ];
    }),
  ),

  // Secrets never live in Git: client_secret and Apple's private_key come from the environment of the run
  // ({valueFromEnv: NAME}, a GitHub secret passed as env:), so they reach Pulumi only as secrets.
  defineRule("identity-provider-secret-plaintext", "error", (manifest) =>
    eachProvider(manifest, ({ providerDetails }, index) =>
      Object.entries(providerDetails).flatMap(([key, value]) =>
        SECRET_PROVIDER_DETAILS.has(key) && "value" in value
          ? [
              {
                path: at(index, "providerDetails", key),
                message: `providerDetails.${key} is a secret and must not be written in the manifest: use {valueFromEnv: ${suggestedVariable(manifest.spec.identityProviders[index]!.providerName, key)}} and pass the variable from a GitHub secret (env:)`,
              },
            ]
          : [],
      ),
    ),
  ),

  // botocore SupportedIdentityProviders: every provider but COGNITO must exist on the pool. When the manifest
  // declares the pool's providers, the list is known.
  defineRule("identity-provider-unknown", "error", (manifest) => {
    const declared = manifest.spec.identityProviders;
    if (declared.length === 0) return [];
    const names = new Set(["COGNITO", ...declared.map((provider) => provider.providerName)]);
    return manifest.spec.clients.flatMap((client, clientIndex) =>
      client.supportedIdentityProviders.flatMap((provider, index) =>
        names.has(provider)
          ? []
          : [
              {
                path: ["spec", "clients", clientIndex, "supportedIdentityProviders", index],
                message: `client ${JSON.stringify(client.name)} names identity provider ${JSON.stringify(provider)}, which is neither COGNITO nor declared in spec.identityProviders (${[...names].join(", ")})`,
              },
            ],
      ),
    );
  }),

  // A provider no client lists is configured but unreachable: nobody can sign in with it.
  defineRule("identity-provider-unused", "warning", (manifest) => {
    if (manifest.spec.identityProviders.length === 0) return [];
    const used = new Set(manifest.spec.clients.flatMap((client) => client.supportedIdentityProviders));
    return eachProvider(manifest, ({ providerName }, index) =>
      used.has(providerName)
        ? []
        : [
            {
              path: at(index, "providerName"),
              message: `identity provider ${JSON.stringify(providerName)} is listed in no client's supportedIdentityProviders, so nobody can sign in with it`,
            },
          ],
    );
  }),
];

function suggestedVariable(providerName: string, key: string): string {
  return `${providerName}_${key}`.toUpperCase().replace(/[^A-Z0-9_]/g, "_");
}
