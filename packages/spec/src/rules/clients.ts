// App clients: OAuth flows and scopes, redirect URLs, auth flows. Sources: botocore CreateUserPoolClientRequest
// member docs and shapes, terraform user_pool_client.go and validate.go, the Developer Guide's app client
// pages, and AWS error messages reported in public issue threads (cited per rule).
import { redirectUrlProblem } from "../aws-formats.ts";
import { defineRule, duplicates } from "./rule.ts";
import type { RuleHit } from "./rule.ts";
import type { ClientSpec, Manifest } from "../schema.ts";
import type { PathSegment } from "../finding.ts";

/** Scopes every user pool has without a resource server. */
export const STANDARD_SCOPES = new Set([
  "openid",
  "email",
  "phone",
  "profile",
  "aws.cognito.signin.user.admin",
]);
/** Providers that need no identity-provider resource: the pool's own directory. */
const BUILT_IN_PROVIDERS = new Set(["COGNITO"]);

/** A `<resource-server>/<scope>` scope: the server identifier is everything before the last slash. */
export function resourceServerOf(scope: string): string | undefined {
  const slash = scope.lastIndexOf("/");
  return slash > 0 && slash < scope.length - 1 ? scope.slice(0, slash) : undefined;
}

function eachClient(check: (client: ClientSpec, path: PathSegment[]) => RuleHit[]) {
  return (manifest: Manifest) =>
    manifest.spec.clients.flatMap((client, index) => check(client, ["spec", "clients", index]));
}

/** One warning per client and resource server named in its scopes. */
const scopesOfUndeclaredServers = eachClient((client, path) => {
  const seen = new Set<string>();
  return client.allowedOauthScopes.flatMap((scope, i) => {
    const server = resourceServerOf(scope);
    if (server === undefined || seen.has(server)) return [];
    seen.add(server);
    return [
      {
        path: [...path, "allowedOauthScopes", i],
        message: `scope ${scope} needs a resource server ${JSON.stringify(server)} on this pool, which this manifest does not declare; AWS refuses the client unless it exists`,
      },
    ];
  });
});

/** One warning per provider a client names that is not COGNITO. */
const providersOutsideManifest = eachClient((client, path) =>
  client.supportedIdentityProviders.flatMap((provider, i) =>
    BUILT_IN_PROVIDERS.has(provider)
      ? []
      : [
          {
            path: [...path, "supportedIdentityProviders", i],
            message: `identity provider ${JSON.stringify(provider)} must be configured on the pool outside this manifest, or AWS refuses the client`,
          },
        ],
  ),
);

const label = (client: ClientSpec) => `client ${JSON.stringify(client.name)}`;

export const clientRules = [
  // botocore ClientNameType: whole-string [\w\s+=,.@-]+ (length 1-128 is checked by the schema).
  defineRule(
    "client-name-format",
    "error",
    eachClient((client, path) =>
      /^[\w\s+=,.@-]+$/.test(client.name)
        ? []
        : [
            {
              path: [...path, "name"],
              message: `client name ${JSON.stringify(client.name)} may use only letters, digits, spaces and + = , . @ - _`,
            },
          ],
    ),
  ),

  // Names key the client_ids and client_secrets outputs, so they must be unique.
  defineRule("client-name-unique", "error", ({ spec }) =>
    duplicates(
      spec.clients.map((c) => c.name),
      ["spec", "clients"],
      "client name",
    ).map((hit) => ({ ...hit, path: [...hit.path, "name"] })),
  ),

  // botocore AllowedOAuthFlowsUserPoolClient: "must have a value of true before you can configure" flows, scopes,
  // callback and logout URLs.
  defineRule(
    "oauth-disabled-settings",
    "error",
    eachClient((client, path) => {
      if (client.allowedOauthFlowsUserPoolClient) return [];
      const field = (["allowedOauthFlows", "allowedOauthScopes", "callbackUrls", "logoutUrls"] as const).find(
        (name) => client[name].length > 0,
      );
      return field
        ? [
            {
              path: [...path, field],
              message: `${label(client)} sets ${field} but OAuth is off: add allowedOauthFlowsUserPoolClient: true`,
            },
          ]
        : [];
    }),
  ),

  // AWS: "AllowedOAuthFlows and AllowedOAuthScopes are required if user pool client is allowed to use OAuth flows."
  defineRule(
    "oauth-flows-and-scopes-required",
    "error",
    eachClient((client, path) => {
      if (!client.allowedOauthFlowsUserPoolClient) return [];
      const missing = [
        client.allowedOauthFlows.length === 0 && "allowedOauthFlows",
        client.allowedOauthScopes.length === 0 && "allowedOauthScopes",
      ].filter((name): name is string => typeof name === "string");
      return missing.length === 0
        ? []
        : [
            {
              path: [...path, "allowedOauthFlowsUserPoolClient"],
              message: `${label(client)} enables OAuth but lists no ${missing.join(" and no ")}; AWS needs at least one of each`,
            },
          ];
    }),
  ),

  // AWS: "CallbackUrls can not be empty when code flow or implicit flow is selected." (cisagov/crossfeed#440)
  defineRule(
    "callback-url-required",
    "error",
    eachClient((client, path) =>
      client.callbackUrls.length === 0 &&
      client.allowedOauthFlows.some((flow) => flow === "code" || flow === "implicit")
        ? [
            {
              path: [...path, "allowedOauthFlows"],
              message: `${label(client)} uses the code or implicit flow and needs at least one callbackUrls entry`,
            },
          ]
        : [],
    ),
  ),

  // AWS: "client_credentials flow can not be selected along with code flow or implicit flow."
  defineRule(
    "client-credentials-exclusive",
    "error",
    eachClient((client, path) => {
      const flows = client.allowedOauthFlows;
      return flows.includes("client_credentials") && flows.length > 1
        ? [
            {
              path: [...path, "allowedOauthFlows"],
              message: `${label(client)}: client_credentials must be the only OAuth flow; use a separate client for code or implicit`,
            },
          ]
        : [];
    }),
  ),

  // AWS: "client_credentials flow can not be selected if client does not have a client secret."
  defineRule(
    "client-credentials-needs-secret",
    "error",
    eachClient((client, path) =>
      client.allowedOauthFlows.includes("client_credentials") && !client.generateSecret
        ? [
            {
              path: [...path, "allowedOauthFlows"],
              message: `${label(client)}: client_credentials needs generateSecret: true`,
            },
          ]
        : [],
    ),
  ),

  // AWS: "openid is not supported with client_credentials flow" (hashicorp/terraform-provider-aws#4984): machine
  // clients get only resource-server scopes.
  defineRule(
    "client-credentials-custom-scopes",
    "error",
    eachClient((client, path) => {
      if (!client.allowedOauthFlows.includes("client_credentials")) return [];
      return client.allowedOauthScopes.flatMap((scope, i) =>
        STANDARD_SCOPES.has(scope)
          ? [
              {
                path: [...path, "allowedOauthScopes", i],
                message: `${label(client)}: scope ${scope} is not allowed with client_credentials; use resource-server scopes such as api/read`,
              },
            ]
          : [],
      );
    }),
  ),

  // botocore ScopeType: 1-256 characters, whole-string [\x21\x23-\x5B\x5D-\x7E]+ (no space, quote or backslash).
  defineRule(
    "scope-format",
    "error",
    eachClient((client, path) =>
      client.allowedOauthScopes.flatMap((scope, i) =>
        /^[\x21\x23-\x5B\x5D-\x7E]{1,256}$/.test(scope)
          ? []
          : [
              {
                path: [...path, "allowedOauthScopes", i],
                message: `scope ${JSON.stringify(scope)} must be 1-256 printable characters without spaces, quotes or backslashes`,
              },
            ],
      ),
    ),
  ),

  // AWS ScopeDoesNotExistException "Invalid scope requested": a scope is standard or <resource-server>/<scope>.
  defineRule(
    "scope-unknown",
    "error",
    eachClient((client, path) =>
      client.allowedOauthScopes.flatMap((scope, i) =>
        STANDARD_SCOPES.has(scope) ||
        resourceServerOf(scope) !== undefined ||
        !/^[\x21\x23-\x5B\x5D-\x7E]{1,256}$/.test(scope)
          ? []
          : [
              {
                path: [...path, "allowedOauthScopes", i],
                message: `scope ${JSON.stringify(scope)} is neither a standard scope (openid, email, phone, profile, aws.cognito.signin.user.admin) nor a resource-server scope like api/read`,
              },
            ],
      ),
    ),
  ),

  // DG app-idp-settings: email, phone and profile "can only be requested with the openid scope". A limit on
  // requests at sign-in, not on the client: CreateUserPoolClient accepts these scopes alone, so a warning.
  defineRule(
    "scope-needs-openid",
    "warning",
    eachClient((client, path) => {
      const scopes = client.allowedOauthScopes;
      if (scopes.includes("openid")) return [];
      const index = scopes.findIndex(
        (scope) => scope === "email" || scope === "phone" || scope === "profile",
      );
      return index < 0
        ? []
        : [
            {
              path: [...path, "allowedOauthScopes", index],
              message: `${label(client)}: scope ${scopes[index]} only works together with openid; add openid`,
            },
          ];
    }),
  ),

  // AWS accepts <server>/<scope> only when that resource server exists on the pool; this manifest declares none,
  // so it must come from elsewhere (a manifest that declares servers gets scope-resource-server-missing instead).
  // One warning per client and server.
  defineRule("scope-resource-server-undeclared", "warning", (manifest) =>
    manifest.spec.resourceServers.length > 0 ? [] : scopesOfUndeclaredServers(manifest),
  ),

  // botocore RedirectUrlType and the CallbackURLs doc: absolute, no fragment, https except loopback, app schemes.
  defineRule(
    "redirect-url-format",
    "error",
    eachClient((client, path) =>
      (["callbackUrls", "logoutUrls"] as const).flatMap((field) =>
        client[field].flatMap((url, i) => {
          const problem = redirectUrlProblem(url);
          return problem
            ? [{ path: [...path, field, i], message: `${field} entry ${JSON.stringify(url)} ${problem}` }]
            : [];
        }),
      ),
    ),
  ),

  // botocore DefaultRedirectURI: "Must be in the CallbackURLs list".
  defineRule(
    "default-redirect-uri",
    "error",
    eachClient((client, path) => {
      const uri = client.defaultRedirectUri;
      if (uri === undefined || client.callbackUrls.includes(uri)) return [];
      return [
        {
          path: [...path, "defaultRedirectUri"],
          message: `defaultRedirectUri ${JSON.stringify(uri)} must be one of the client's callbackUrls`,
        },
      ];
    }),
  ),

  // botocore ProviderNameType: 1-32 characters of letters, marks, symbols, numbers, punctuation and spaces.
  defineRule(
    "identity-provider-format",
    "error",
    eachClient((client, path) =>
      client.supportedIdentityProviders.flatMap((provider, i) =>
        /^[\p{L}\p{M}\p{S}\p{N}\p{P}\p{Z}]{1,32}$/u.test(provider)
          ? []
          : [
              {
                path: [...path, "supportedIdentityProviders", i],
                message: `identity provider ${JSON.stringify(provider)} must be 1-32 characters`,
              },
            ],
      ),
    ),
  ),

  // botocore SupportedIdentityProviders: any provider but COGNITO must already be configured on the pool; this
  // manifest declares none, so it must come from elsewhere (with declared providers, identity-provider-unknown).
  defineRule("identity-provider-undeclared", "warning", (manifest) =>
    manifest.spec.identityProviders.length > 0 ? [] : providersOutsideManifest(manifest),
  ),

  // AWS: "REFRESH_TOKEN_AUTH should always be allowed." (aws/aws-cdk#7625) Not with refresh token rotation, which
  // refreshes through GetTokensFromRefreshToken instead (refresh-token-rotation-auth-flow).
  defineRule(
    "refresh-token-auth-required",
    "error",
    eachClient((client, path) =>
      client.explicitAuthFlows.length > 0 &&
      client.refreshTokenRotation?.feature !== "ENABLED" &&
      !client.explicitAuthFlows.includes("ALLOW_REFRESH_TOKEN_AUTH")
        ? [
            {
              path: [...path, "explicitAuthFlows"],
              message: `${label(client)}: explicitAuthFlows must include ALLOW_REFRESH_TOKEN_AUTH`,
            },
          ]
        : [],
    ),
  ),

  // OAuth 2.0 Security Best Current Practice (RFC 9700): the implicit grant leaks tokens through URLs.
  defineRule(
    "implicit-grant-discouraged",
    "warning",
    eachClient((client, path) => {
      const index = client.allowedOauthFlows.indexOf("implicit");
      return index < 0
        ? []
        : [
            {
              path: [...path, "allowedOauthFlows", index],
              message: `${label(client)} uses the implicit grant, which exposes tokens in URLs; prefer code (with PKCE)`,
            },
          ];
    }),
  ),

  // DG: USER_PASSWORD_AUTH sends the password itself to Cognito; SRP proves it without sending it.
  defineRule(
    "user-password-auth-discouraged",
    "warning",
    eachClient((client, path) => {
      const index = client.explicitAuthFlows.indexOf("ALLOW_USER_PASSWORD_AUTH");
      return index < 0
        ? []
        : [
            {
              path: [...path, "explicitAuthFlows", index],
              message: `${label(client)} allows ALLOW_USER_PASSWORD_AUTH, which sends passwords in the request; prefer ALLOW_USER_SRP_AUTH`,
            },
          ];
    }),
  ),
];
