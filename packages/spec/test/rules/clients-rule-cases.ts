// The rule cases of app clients (rules/clients.ts): each rule with a manifest that breaks it (`# <-` marks the finding's
// line) and a close variant that does not. Gathered in rule-cases.ts.
import { manifest } from "../manifest-text.ts";
import { machineClient, oauthClient, unmarked } from "./manifest-fragments.ts";
import type { RuleCase } from "./rule-case.ts";

export const CLIENTS_RULE_CASES: RuleCase[] = [
  {
    rule: "client-name-format",
    failing: manifest(`
      clients:
        - name: web/app # <-
    `),
    path: "spec.clients[0].name",
    passing: manifest(`
      clients:
        - name: web app@acme
    `),
  },
  {
    rule: "client-name-unique",
    failing: manifest(`
      clients:
        - name: web-app
        - name: mobile
        - name: web-app # <-
    `),
    path: "spec.clients[2].name",
    passing: manifest(`
      clients:
        - name: web-app
        - name: mobile
        - name: web-app-2
    `),
  },
  {
    rule: "oauth-disabled-settings",
    failing: manifest(`
      clients:
        - name: web-app
          callbackUrls: # <-
            - https://app.example.com/callback
    `),
    path: "spec.clients[0].callbackUrls",
    passing: manifest(oauthClient()),
  },
  {
    rule: "oauth-flows-and-scopes-required",
    failing: manifest(`
      clients:
        - name: web-app
          allowedOauthFlowsUserPoolClient: true # <-
          allowedOauthFlows: [code]
          callbackUrls: [https://app.example.com/callback]
    `),
    path: "spec.clients[0].allowedOauthFlowsUserPoolClient",
    passing: manifest(`
      clients:
        - name: web-app
          allowedOauthFlowsUserPoolClient: true
          allowedOauthFlows: [code]
          allowedOauthScopes: [openid]
          callbackUrls: [https://app.example.com/callback]
    `),
  },
  {
    rule: "callback-url-required",
    failing: manifest(`
      clients:
        - name: web-app
          allowedOauthFlowsUserPoolClient: true
          allowedOauthFlows: [code] # <-
          allowedOauthScopes: [openid]
    `),
    path: "spec.clients[0].allowedOauthFlows",
    passing: manifest(`
      clients:
        - name: web-app
          allowedOauthFlowsUserPoolClient: true
          allowedOauthFlows: [code]
          allowedOauthScopes: [openid]
          callbackUrls: [myapp://callback]
    `),
  },
  {
    rule: "client-credentials-exclusive",
    failing: manifest(machineClient({ flows: "[client_credentials, code]" })),
    path: "spec.clients[0].allowedOauthFlows",
    passing: manifest(unmarked(machineClient())),
  },
  {
    rule: "client-credentials-needs-secret",
    failing: manifest(machineClient({ secret: false })),
    path: "spec.clients[0].allowedOauthFlows",
    passing: manifest(unmarked(machineClient({ secret: true }))),
  },
  {
    rule: "client-credentials-custom-scopes",
    failing: manifest(`
      clients:
        - name: api-server
          generateSecret: true
          allowedOauthFlowsUserPoolClient: true
          allowedOauthFlows: [client_credentials]
          allowedOauthScopes: [api/read, openid] # <-
    `),
    path: "spec.clients[0].allowedOauthScopes[1]",
    passing: manifest(unmarked(machineClient({ scopes: "[api/read, api/openid]" }))),
  },
  {
    rule: "scope-format",
    failing: manifest(oauthClient({ scopes: '[openid, "api/read write"] # <-' })),
    path: "spec.clients[0].allowedOauthScopes[1]",
    passing: manifest(oauthClient({ scopes: "[openid, api/read.write]" })),
  },
  {
    rule: "scope-unknown",
    failing: manifest(oauthClient({ scopes: "[openid, emails] # <-" })),
    path: "spec.clients[0].allowedOauthScopes[1]",
    passing: manifest(oauthClient({ scopes: "[openid, email]" })),
  },
  {
    rule: "scope-needs-openid",
    failing: manifest(oauthClient({ scopes: "[email, profile] # <-" })),
    path: "spec.clients[0].allowedOauthScopes[0]",
    passing: manifest(oauthClient({ scopes: "[openid, email, profile]" })),
  },
  {
    rule: "scope-resource-server-undeclared",
    failing: manifest(oauthClient({ scopes: "[openid, api/read, api/write] # <-" })),
    path: "spec.clients[0].allowedOauthScopes[1]",
    passing: manifest(oauthClient({ scopes: "[openid, aws.cognito.signin.user.admin]" })),
  },
  {
    rule: "redirect-url-format",
    failing: manifest(`
      clients:
        - name: web-app
          allowedOauthFlowsUserPoolClient: true
          allowedOauthFlows: [code]
          allowedOauthScopes: [openid]
          callbackUrls: [https://app.example.com/callback]
          logoutUrls:
            - https://app.example.com/logout
            - http://app.example.com/logout # <-
    `),
    path: "spec.clients[0].logoutUrls[1]",
    // Plain http is allowed for loopback hosts.
    passing: manifest(`
      clients:
        - name: web-app
          allowedOauthFlowsUserPoolClient: true
          allowedOauthFlows: [code]
          allowedOauthScopes: [openid]
          callbackUrls: [https://app.example.com/callback]
          logoutUrls:
            - https://app.example.com/logout
            - http://localhost:3000/logout
    `),
  },
  {
    rule: "redirect-url-format",
    failing: manifest(`
      clients:
        - name: web-app
          allowedOauthFlowsUserPoolClient: true
          allowedOauthFlows: [code]
          allowedOauthScopes: [openid]
          callbackUrls:
            - https://app.example.com/callback#done # <-
    `),
    path: "spec.clients[0].callbackUrls[0]",
    passing: manifest(`
      clients:
        - name: web-app
          allowedOauthFlowsUserPoolClient: true
          allowedOauthFlows: [code]
          allowedOauthScopes: [openid]
          callbackUrls:
            - https://app.example.com/callback?done
    `),
  },
  {
    rule: "default-redirect-uri",
    failing: manifest(
      oauthClient({ extra: "        defaultRedirectUri: https://app.example.com/home # <-\n" }),
    ),
    path: "spec.clients[0].defaultRedirectUri",
    passing: manifest(
      oauthClient({ extra: "        defaultRedirectUri: https://app.example.com/callback\n" }),
    ),
  },
  {
    rule: "identity-provider-format",
    failing: manifest(`
      clients:
        - name: web-app
          supportedIdentityProviders:
            - COGNITO
            - CorporateActiveDirectoryFederation # <-
    `),
    path: "spec.clients[0].supportedIdentityProviders[1]",
    passing: manifest(`
      clients:
        - name: web-app
          supportedIdentityProviders:
            - COGNITO
            - CorporateActiveDirectory
    `),
  },
  {
    rule: "identity-provider-undeclared",
    failing: manifest(`
      clients:
        - name: web-app
          supportedIdentityProviders: [COGNITO, Google] # <-
    `),
    path: "spec.clients[0].supportedIdentityProviders[1]",
    passing: manifest(`
      clients:
        - name: web-app
          supportedIdentityProviders: [COGNITO]
    `),
  },
  {
    rule: "refresh-token-auth-required",
    failing: manifest(`
      clients:
        - name: web-app
          explicitAuthFlows: [ALLOW_USER_SRP_AUTH] # <-
    `),
    path: "spec.clients[0].explicitAuthFlows",
    passing: manifest(`
      clients:
        - name: web-app
          explicitAuthFlows: [ALLOW_USER_SRP_AUTH, ALLOW_REFRESH_TOKEN_AUTH]
    `),
  },
  {
    rule: "implicit-grant-discouraged",
    failing: manifest(oauthClient({ flows: "[code, implicit] # <-" })),
    path: "spec.clients[0].allowedOauthFlows[1]",
    passing: manifest(oauthClient({ flows: "[code]" })),
  },
  {
    rule: "user-password-auth-discouraged",
    failing: manifest(`
      clients:
        - name: web-app
          explicitAuthFlows:
            - ALLOW_USER_PASSWORD_AUTH # <-
            - ALLOW_REFRESH_TOKEN_AUTH
    `),
    path: "spec.clients[0].explicitAuthFlows[0]",
    passing: manifest(`
      clients:
        - name: web-app
          explicitAuthFlows:
            - ALLOW_ADMIN_USER_PASSWORD_AUTH
            - ALLOW_REFRESH_TOKEN_AUTH
    `),
  },
];
