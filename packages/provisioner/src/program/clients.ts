// The app clients: their arguments, and their declaration after the resource servers and identity providers
// they use.
import * as pulumi from "@pulumi/pulumi";
import { UserPoolClient } from "@pulumi/aws/cognito/index.js";
import { resourceServerOf } from "@cognito-action/spec";
import type { ClientSpec } from "@cognito-action/spec";
import { clientResourceName } from "../naming.ts";
import { defined, importOption, nonEmpty } from "./arguments.ts";
import type { PoolContext } from "./program-context.ts";
import { refreshTokenRotationArgs, tokenValidityArgs } from "./client-tokens.ts";

type UserPoolClientArgs = ConstructorParameters<typeof UserPoolClient>[1];

/** A declared client beside the manifest entry it came from. */
export type DeclaredClient = readonly [ClientSpec, UserPoolClient];

/** What a client may depend on, by the names clients use for them. */
export interface ClientPrerequisites {
  /** Resource servers by identifier. */
  servers: ReadonlyMap<string, pulumi.Resource>;
  /** Identity providers by provider name. */
  providers: ReadonlyMap<string, pulumi.Resource>;
}

/** Declares every client of the manifest, each after the servers and providers it uses. */
export function declareClients(
  { manifest, pool, provider, adoption }: PoolContext,
  prerequisites: ClientPrerequisites,
): DeclaredClient[] {
  return manifest.spec.clients.map((client) => {
    const dependsOn = clientDependencies(client, prerequisites);
    const adoptedId = adoption.clients[client.name];
    return [
      client,
      new UserPoolClient(clientResourceName(manifest, client), userPoolClientArgs(client, pool.id), {
        provider,
        ...importOption(adoptedId),
        // The provider cannot read a client's generate_secret back (DescribeUserPoolClient has no such field;
        // terraform-provider-aws internal/service/cognitoidp user_pool_client.go keeps it from the
        // configuration only), and it forces replacement: against an imported state without it, the manifest's
        // value would replace the adopted client. Whether it has a secret is AWS's to say (client-secrets
        // outputs it either way); a new setting needs a new client.
        ...(adoptedId !== undefined ? { ignoreChanges: ["generateSecret"] } : {}),
        ...(dependsOn.length > 0 ? { dependsOn } : {}),
      }),
    ] as const;
  });
}

/** The servers and providers a client uses: AWS refuses the client until they exist. */
export function clientDependencies(client: ClientSpec, declared: ClientPrerequisites): pulumi.Resource[] {
  const resources = new Set<pulumi.Resource>();
  for (const scope of client.allowedOauthScopes) {
    const server = resourceServerOf(scope);
    const resource = server === undefined ? undefined : declared.servers.get(server);
    if (resource) resources.add(resource);
  }
  for (const name of client.supportedIdentityProviders) {
    const resource = declared.providers.get(name);
    if (resource) resources.add(resource);
  }
  return [...resources];
}

/** The UserPoolClient arguments for a client of the manifest. */
export function userPoolClientArgs(client: ClientSpec, userPoolId: pulumi.Input<string>): UserPoolClientArgs {
  return {
    name: client.name,
    userPoolId,
    generateSecret: client.generateSecret,
    allowedOauthFlowsUserPoolClient: client.allowedOauthFlowsUserPoolClient,
    ...nonEmpty("allowedOauthFlows", client.allowedOauthFlows),
    ...nonEmpty("allowedOauthScopes", client.allowedOauthScopes),
    ...nonEmpty("callbackUrls", client.callbackUrls),
    ...nonEmpty("logoutUrls", client.logoutUrls),
    // An OAuth client without providers gets a hosted UI nobody can sign in to (terraform-provider-aws#23374):
    // unless the manifest says otherwise, it signs in with the pool's own directory.
    ...nonEmpty(
      "supportedIdentityProviders",
      client.supportedIdentityProviders.length === 0 && client.allowedOauthFlowsUserPoolClient
        ? ["COGNITO"]
        : client.supportedIdentityProviders,
    ),
    ...nonEmpty("explicitAuthFlows", client.explicitAuthFlows),
    ...defined({
      defaultRedirectUri: client.defaultRedirectUri,
      enableTokenRevocation: client.enableTokenRevocation,
      preventUserExistenceErrors: client.preventUserExistenceErrors,
    }),
    // Beyond OpenMCF.
    ...refreshTokenRotationArgs(client),
    ...nonEmpty("readAttributes", client.readAttributes),
    ...nonEmpty("writeAttributes", client.writeAttributes),
    ...defined({
      authSessionValidity: client.authSessionValidityMinutes,
      enablePropagateAdditionalUserContextData: client.enablePropagateAdditionalUserContextData,
    }),
    ...(client.analytics ? { analyticsConfiguration: defined({ ...client.analytics }) } : {}),
    ...tokenValidityArgs(client),
  };
}

/** The client outputs: every client's ID, and the secrets of those that have one (a secret output). */
export function clientOutputs(clients: readonly DeclaredClient[]) {
  return {
    client_ids: pulumi.output(
      Object.fromEntries(clients.map(([client, resource]) => [client.name, resource.id])),
    ),
    client_secrets: pulumi.secret(
      Object.fromEntries(
        clients
          .filter(([client]) => client.generateSecret)
          .map(([client, resource]) => [client.name, resource.clientSecret]),
      ),
    ),
  };
}
