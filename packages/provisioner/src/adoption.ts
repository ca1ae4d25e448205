// What `spec.adopt` asks the program to import, as the import IDs of each resource: read by the pool's
// program and by the resources beyond it alike, so it lives apart from both.
import type { Manifest } from "@cognito-action/spec";

/** Import IDs of the resources `spec.adopt` takes over, in the formats the AWS provider's importers read. */
export interface AdoptionIds {
  /** The user pool's ID. */
  pool?: string | undefined;
  /** `<pool id>/<client id>` by client name (terraform user_pool_client.go ImportState splits on the slash). */
  clients: Record<string, string>;
  /** The domain's own name (terraform user_pool_domain.go imports by domain). */
  domain?: string | undefined;
  /** `<pool id>|<identifier>` by identifier (pulumi-aws ResourceServer import). */
  resourceServers: Record<string, string>;
  /** `<pool id>/<name>` by group name (pulumi-aws UserGroup import). */
  groups: Record<string, string>;
  /** `<pool id>:<provider name>` by provider name (pulumi-aws IdentityProvider import). */
  identityProviders: Record<string, string>;
  /**
   * The pool's ID, for its risk configuration (pulumi-aws RiskConfiguration imports `<pool id>`). Every pool
   * describes one (DescribeRiskConfiguration), so an adopted pool's is adopted with it, never created anew.
   */
  riskConfiguration?: string | undefined;
  /**
   * `<pool id>:<client id>` by client name, for the adopted clients with a risk configuration of their own
   * (terraform risk_configuration.go reads a client's by that ID).
   */
  clientRiskConfigurations: Record<string, string>;
}

/** What `spec.adopt` asks the program to import; nothing without the marker. */
export function adoptionIds(manifest: Manifest): AdoptionIds {
  const { adopt, clients, domain } = manifest.spec;
  // Without a pool ID (a marker that only takes over the stack), no resource is imported.
  if (adopt?.userPoolId === undefined)
    return {
      clients: {},
      resourceServers: {},
      groups: {},
      identityProviders: {},
      clientRiskConfigurations: {},
    };
  const ids = (names: readonly string[], separator: string) =>
    Object.fromEntries(names.map((name) => [name, `${adopt.userPoolId}${separator}${name}`]));
  const names = new Set(clients.map((client) => client.name));
  return {
    pool: adopt.userPoolId,
    clients: Object.fromEntries(
      Object.entries(adopt.clientIds)
        .filter(([name]) => names.has(name))
        .map(([name, id]) => [name, `${adopt.userPoolId}/${id}`]),
    ),
    domain: domain?.domain,
    resourceServers: ids(adopt.resourceServers, "|"),
    groups: ids(adopt.groups, "/"),
    identityProviders: ids(adopt.identityProviders, ":"),
    riskConfiguration: manifest.spec.riskConfiguration ? adopt.userPoolId : undefined,
    clientRiskConfigurations: Object.fromEntries(
      clients.flatMap((client) => {
        const clientId = adopt.clientIds[client.name];
        return client.riskConfiguration && clientId !== undefined
          ? [[client.name, `${adopt.userPoolId}:${clientId}`]]
          : [];
      }),
    ),
  };
}
