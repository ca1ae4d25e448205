// A client's own risk configuration (beyond OpenMCF): pulumi-aws RiskConfiguration with clientId, which
// SetRiskConfiguration applies to that client instead of the pool's (botocore RiskConfigurationType.ClientId doc:
// the pool's applies to every client without one of its own). Declared by cognitoProgram once the clients exist.
import type * as pulumi from "@pulumi/pulumi";
import { RiskConfiguration } from "@pulumi/aws/cognito/index.js";
import type { UserPoolClient } from "@pulumi/aws/cognito/index.js";
import type { Provider } from "@pulumi/aws/provider.js";
import type { ClientSpec, Manifest } from "@cognito-action/spec";
import { clientResourceName } from "../naming.ts";
import { riskConfigurationArgs } from "../program-extensions.ts";

/** `<pool>-<client>-risk`: the risk configuration of one client. */
export function clientRiskConfigurationResourceName(manifest: Manifest, client: ClientSpec): string {
  return `${clientResourceName(manifest, client)}-risk`;
}

/** Declares a RiskConfiguration for each client that has one, on the pool and that client. */
export function declareClientRiskConfigurations(
  manifest: Manifest,
  clients: readonly (readonly [ClientSpec, UserPoolClient])[],
  userPoolId: pulumi.Output<string>,
  provider: Provider,
  adopted: Readonly<Record<string, string>>,
): void {
  for (const [client, resource] of clients) {
    if (!client.riskConfiguration) continue;
    const importId = adopted[client.name];
    new RiskConfiguration(
      clientRiskConfigurationResourceName(manifest, client),
      { userPoolId, clientId: resource.id, ...riskConfigurationArgs(client.riskConfiguration) },
      { provider, ...(importId === undefined ? {} : { import: importId }) },
    );
  }
}
