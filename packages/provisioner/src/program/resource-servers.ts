// The resource servers (beyond OpenMCF): the custom scopes clients ask for.
import * as pulumi from "@pulumi/pulumi";
import { ResourceServer } from "@pulumi/aws/cognito/index.js";
import type { Manifest } from "@cognito-action/spec";
import { resourceServerResourceName } from "../naming.ts";
import { importOption } from "./arguments.ts";
import type { PoolContext } from "./program-context.ts";

/** Declares the manifest's resource servers, by identifier (clients depend on the servers of their scopes). */
export function declareResourceServers({
  manifest,
  pool,
  provider,
  adoption,
}: PoolContext): ReadonlyMap<string, ResourceServer> {
  return new Map(
    manifest.spec.resourceServers.map((server) => [
      server.identifier,
      new ResourceServer(
        resourceServerResourceName(manifest, server.identifier),
        {
          userPoolId: pool.id,
          identifier: server.identifier,
          name: server.name,
          ...(server.scopes.length > 0
            ? {
                scopes: server.scopes.map((scope) => ({
                  scopeName: scope.name,
                  scopeDescription: scope.description,
                })),
              }
            : {}),
        },
        { provider, ...importOption(adoption.resourceServers[server.identifier]) },
      ),
    ]),
  );
}

/**
 * The scopes clients and API authorizers ask for, identifier → [<identifier>/<scope>, …]; only when the
 * manifest declares servers (so an OpenMCF manifest's outputs stay exactly the component's).
 */
export function resourceServerOutputs(manifest: Manifest): Record<string, pulumi.Output<unknown>> {
  const { resourceServers } = manifest.spec;
  if (resourceServers.length === 0) return {};
  return {
    resource_server_scope_identifiers: pulumi.output(
      Object.fromEntries(
        resourceServers.map((server) => [
          server.identifier,
          server.scopes.map((scope) => `${server.identifier}/${scope.name}`),
        ]),
      ),
    ),
  };
}
