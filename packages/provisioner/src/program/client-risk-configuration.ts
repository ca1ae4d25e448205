// A client's own risk configuration (beyond OpenMCF): pulumi-aws RiskConfiguration with clientId, which
// SetRiskConfiguration applies to that client instead of the pool's (botocore RiskConfigurationType.ClientId doc:
// the pool's applies to every client without one of its own). Declared by cognitoProgram once the clients exist.
import { RiskConfiguration } from "@pulumi/aws/cognito/index.js";
import type { ClientSpec, Manifest } from "@cognito-action/spec";
import { clientResourceName } from "../naming.ts";
import { importOption } from "./arguments.ts";
import type { DeclaredClient } from "./clients.ts";
import type { PoolContext } from "./program-context.ts";
import { riskConfigurationArgs } from "./risk-configuration.ts";

/** `<pool>-<client>-risk`: the risk configuration of one client. */
export function clientRiskConfigurationResourceName(manifest: Manifest, client: ClientSpec): string {
  return `${clientResourceName(manifest, client)}-risk`;
}

/** Declares a RiskConfiguration for each client that has one, on the pool and that client. */
export function declareClientRiskConfigurations(
  { manifest, pool, provider, adoption }: PoolContext,
  clients: readonly DeclaredClient[],
): void {
  for (const [client, resource] of clients) {
    if (!client.riskConfiguration) continue;
    new RiskConfiguration(
      clientRiskConfigurationResourceName(manifest, client),
      { userPoolId: pool.id, clientId: resource.id, ...riskConfigurationArgs(client.riskConfiguration) },
      { provider, ...importOption(adoption.clientRiskConfigurations[client.name]) },
    );
  }
}
