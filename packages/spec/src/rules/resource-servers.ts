// Resource servers and the custom scopes clients ask for (beyond OpenMCF). Sources: botocore
// CreateResourceServerRequest shapes (ResourceServerIdentifierType, ResourceServerNameType,
// ResourceServerScopeNameType), the AllowedOAuthScopes doc, and AWS errors quoted in public issue threads.
import { defineRule, duplicates } from "./rule.ts";
import type { RuleHit } from "./rule.ts";
import { resourceServerOf } from "./clients.ts";
import type { Manifest } from "../schema.ts";

// botocore ResourceServerIdentifierType: whole-string [\x21\x23-\x5B\x5D-\x7E]+ (no space, quote or backslash).
const IDENTIFIER = /^[\x21\x23-\x5B\x5D-\x7E]{1,256}$/;
// botocore ResourceServerNameType: whole-string [\w\s+=,.@-]+.
const NAME = /^[\w\s+=,.@-]{1,256}$/;
// botocore ResourceServerScopeNameType: whole-string [\x21\x23-\x2E\x30-\x5B\x5D-\x7E]+ (no slash either).
const SCOPE_NAME = /^[\x21\x23-\x2E\x30-\x5B\x5D-\x7E]{1,256}$/;

function eachServer(manifest: Manifest, check: (index: number) => RuleHit[]): RuleHit[] {
  const servers = manifest.spec.resourceServers;
  if (servers.length === 0) return [];
  return servers.flatMap((_, index) => check(index));
}

/** Every `<identifier>/<scope>` the pool's resource servers define. */
export function declaredScopes(manifest: Manifest): Set<string> {
  const scopes = new Set<string>();
  for (const server of manifest.spec.resourceServers)
    for (const scope of server.scopes) scopes.add(`${server.identifier}/${scope.name}`);
  return scopes;
}

export const resourceServerRules = [
  // botocore ResourceServerIdentifierType: 1-256 printable characters without spaces, quotes or backslashes.
  defineRule("resource-server-identifier-format", "error", (manifest) =>
    eachServer(manifest, (index) => {
      const { identifier } = manifest.spec.resourceServers[index]!;
      return IDENTIFIER.test(identifier)
        ? []
        : [
            {
              path: ["spec", "resourceServers", index, "identifier"],
              message: `resource server identifier ${JSON.stringify(identifier)} must be 1-256 printable characters without spaces, quotes or backslashes, e.g. api or https://api.example.com`,
            },
          ];
    }),
  ),

  // botocore ResourceServerNameType: whole-string [\w\s+=,.@-]+.
  defineRule("resource-server-name-format", "error", (manifest) =>
    eachServer(manifest, (index) => {
      const { name } = manifest.spec.resourceServers[index]!;
      return NAME.test(name)
        ? []
        : [
            {
              path: ["spec", "resourceServers", index, "name"],
              message: `resource server name ${JSON.stringify(name)} may use only letters, digits, spaces and + = , . @ - _`,
            },
          ];
    }),
  ),

  // botocore ResourceServerScopeNameType: no spaces, quotes, backslashes or slashes (the slash separates the
  // server from the scope in <identifier>/<scope>).
  defineRule("resource-server-scope-format", "error", (manifest) =>
    eachServer(manifest, (index) =>
      manifest.spec.resourceServers[index]!.scopes.flatMap((scope, scopeIndex) =>
        SCOPE_NAME.test(scope.name)
          ? []
          : [
              {
                path: ["spec", "resourceServers", index, "scopes", scopeIndex, "name"],
                message: `scope name ${JSON.stringify(scope.name)} must be 1-256 printable characters without spaces, quotes, backslashes or slashes`,
              },
            ],
      ),
    ),
  ),

  // The identifier is a resource server's key in its pool (DescribeResourceServer takes pool and identifier;
  // terraform's id is <pool>|<identifier>): two with one identifier are one server declared twice.
  defineRule("resource-server-identifier-unique", "error", ({ spec }) =>
    duplicates(
      spec.resourceServers.map((server) => server.identifier),
      ["spec", "resourceServers"],
      "resource server identifier",
    ).map((hit) => ({ ...hit, path: [...hit.path, "identifier"] })),
  ),

  // Scopes are keyed by name within a server (terraform resource_server.go keeps them in a set by scope_name).
  defineRule("resource-server-scope-unique", "error", (manifest) =>
    eachServer(manifest, (index) =>
      duplicates(
        manifest.spec.resourceServers[index]!.scopes.map((scope) => scope.name),
        ["spec", "resourceServers", index, "scopes"],
        "scope",
      ).map((hit) => ({ ...hit, path: [...hit.path, "name"] })),
    ),
  ),

  // AWS ScopeDoesNotExistException "Invalid scope requested" (awsdocs/aws-cloudformation-user-guide#564): once the
  // pool declares its resource servers, a client's <identifier>/<scope> must be one of theirs.
  defineRule("scope-resource-server-missing", "error", (manifest) => {
    if (manifest.spec.resourceServers.length === 0) return [];
    const scopes = declaredScopes(manifest);
    const servers = new Set(manifest.spec.resourceServers.map((server) => server.identifier));
    return manifest.spec.clients.flatMap((client, clientIndex) =>
      client.allowedOauthScopes.flatMap((scope, scopeIndex) => {
        const server = resourceServerOf(scope);
        if (server === undefined || scopes.has(scope)) return [];
        return [
          {
            path: ["spec", "clients", clientIndex, "allowedOauthScopes", scopeIndex],
            message: servers.has(server)
              ? `client ${JSON.stringify(client.name)} asks for ${scope}, but resource server ${JSON.stringify(server)} declares no scope ${JSON.stringify(scope.slice(server.length + 1))}; add it to its scopes`
              : `client ${JSON.stringify(client.name)} asks for ${scope}, but no resource server ${JSON.stringify(server)} is declared in spec.resourceServers; add it there`,
          },
        ];
      }),
    );
  }),
];
