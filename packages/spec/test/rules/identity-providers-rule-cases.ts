// The rule cases of identity providers (rules/identity-providers.ts): each rule with a manifest that breaks it (`# <-` marks the finding's
// line) and a close variant that does not. Gathered in rule-cases.ts.
import { manifest } from "../manifest-text.ts";
import { federatedClient, googleProvider } from "./manifest-fragments.ts";
import type { RuleCase } from "./rule-case.ts";

export const IDENTITY_PROVIDERS_RULE_CASES: RuleCase[] = [
  {
    rule: "identity-provider-name-format",
    failing: manifest(`
      identityProviders:
        - providerName: _corp # <-
          providerType: SAML
          providerDetails: {MetadataURL: https://idp.example.com/metadata}
      ${federatedClient("[COGNITO, _corp]").trim()}
    `),
    path: "spec.identityProviders[0].providerName",
    passing: manifest(`
      identityProviders:
        - providerName: corp-sso
          providerType: SAML
          providerDetails: {MetadataURL: https://idp.example.com/metadata}
      ${federatedClient("[COGNITO, corp-sso]").trim()}
    `),
  },
  {
    rule: "identity-provider-social-name",
    failing: manifest(
      `${googleProvider({ name: "google-login # <-" })}${federatedClient("[COGNITO, google-login]")}`,
    ),
    path: "spec.identityProviders[0].providerName",
    passing: manifest(`${googleProvider()}${federatedClient()}`),
  },
  {
    rule: "identity-provider-name-unique",
    failing: manifest(`
      identityProviders:
        - providerName: corp
          providerType: SAML
          providerDetails: {MetadataURL: https://idp.example.com/metadata}
        - providerName: corp # <-
          providerType: OIDC
          providerDetails:
            client_id: abc
            client_secret: {valueFromEnv: CORP_SECRET}
            attributes_request_method: GET
            oidc_issuer: https://corp.example.com
            authorize_scopes: openid
      ${federatedClient("[COGNITO, corp]").trim()}
    `),
    path: "spec.identityProviders[1].providerName",
    passing: manifest(`
      identityProviders:
        - providerName: corp
          providerType: SAML
          providerDetails: {MetadataURL: https://idp.example.com/metadata}
        - providerName: corp-oidc
          providerType: OIDC
          providerDetails:
            client_id: abc
            client_secret: {valueFromEnv: CORP_SECRET}
            attributes_request_method: GET
            oidc_issuer: https://corp.example.com
            authorize_scopes: openid
      ${federatedClient("[COGNITO, corp, corp-oidc]").trim()}
    `),
  },
  {
    rule: "identity-provider-details-required",
    failing: manifest(`
      identityProviders:
        - providerName: SignInWithApple
          providerType: SignInWithApple
          providerDetails: # <-
            client_id: com.example.web
            team_id: ABCDE12345
            authorize_scopes: email name
      ${federatedClient("[COGNITO, SignInWithApple]").trim()}
    `),
    path: "spec.identityProviders[0].providerDetails",
    passing: manifest(`
      identityProviders:
        - providerName: SignInWithApple
          providerType: SignInWithApple
          providerDetails:
            client_id: com.example.web
            team_id: ABCDE12345
            key_id: KEY1234567
            private_key: {valueFromEnv: APPLE_PRIVATE_KEY}
            authorize_scopes: email name
      ${federatedClient("[COGNITO, SignInWithApple]").trim()}
    `),
  },
  {
    rule: "identity-provider-secret-plaintext",
    failing: manifest(`${googleProvider({ secret: "GOCSPX-abcdefghijkl # <-" })}${federatedClient()}`),
    path: "spec.identityProviders[0].providerDetails.client_secret",
    passing: manifest(`${googleProvider()}${federatedClient()}`),
  },
  {
    rule: "identity-provider-unknown",
    failing: manifest(`${googleProvider()}${federatedClient("[COGNITO, Google, Okta] # <-")}`),
    path: "spec.clients[0].supportedIdentityProviders[2]",
    passing: manifest(`${googleProvider()}${federatedClient("[COGNITO, Google]")}`),
  },
  {
    rule: "identity-provider-unused",
    failing: manifest(`
      identityProviders:
        - providerName: Google # <-
          providerType: Google
          providerDetails:
            client_id: 1234-abc.apps.googleusercontent.com
            client_secret: {valueFromEnv: GOOGLE_CLIENT_SECRET}
            authorize_scopes: openid email profile
      ${federatedClient("[COGNITO]").trim()}
    `),
    path: "spec.identityProviders[0].providerName",
    passing: manifest(`${googleProvider()}${federatedClient()}`),
  },
  {
    rule: "identity-provider-identifier-format",
    failing: manifest(`
      identityProviders:
        - providerName: corp
          providerType: SAML
          providerDetails: {MetadataURL: https://idp.example.com/metadata}
          idpIdentifiers: [example.com, "example/com"] # <-
      ${federatedClient("[COGNITO, corp]").trim()}
    `),
    path: "spec.identityProviders[0].idpIdentifiers[1]",
    passing: manifest(`
      identityProviders:
        - providerName: corp
          providerType: SAML
          providerDetails: {MetadataURL: https://idp.example.com/metadata}
          idpIdentifiers: [example.com, example.org]
      ${federatedClient("[COGNITO, corp]").trim()}
    `),
  },
];
