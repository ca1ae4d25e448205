// Reads a deployed user pool through Cognito's API. Only Describe*, List* and Get* operations: the importer
// never writes. Client secrets are dropped the moment they arrive, so nothing later can print one.
import { SECRET_PROVIDER_DETAILS } from "@cognito-action/spec";
import {
  DescribeIdentityProviderCommand,
  DescribeRiskConfigurationCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  DescribeUserPoolDomainCommand,
  GetLogDeliveryConfigurationCommand,
  GetUserPoolMfaConfigCommand,
  ListGroupsCommand,
  ListIdentityProvidersCommand,
  ListResourceServersCommand,
  ListUserPoolClientsCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import type {
  CognitoIdentityProviderClient,
  IdentityProviderType,
  UserPoolClientType,
} from "@aws-sdk/client-cognito-identity-provider";
import { GetWebACLForResourceCommand } from "@aws-sdk/client-wafv2";
import type { WAFV2Client } from "@aws-sdk/client-wafv2";
import { AwsCallError } from "./aws-errors.ts";
import type { DeployedClient, DeployedIdentityProvider, DeployedPool, UnreadPart } from "./deployed-pool.ts";

/** Errors that only mean "this optional part may not be read": the import goes on without it. */
const OPTIONAL_READ_REFUSALS = new Set(["AccessDeniedException", "NotAuthorizedException"]);

/** Runs one API call; a failure names its operation, so the line printed says which call AWS refused. */
async function call<T>(operation: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw new AwsCallError(operation, { cause: error });
  }
}

/**
 * Reads the pool, its MFA settings, clients, domain, and (when allowed) resource servers, IdPs, groups, risk
 * configuration, log delivery and, through `waf`, the web ACL associated with it.
 */
export async function readDeployedPool(
  cognito: CognitoIdentityProviderClient,
  region: string,
  userPoolId: string,
  waf?: WAFV2Client,
): Promise<DeployedPool> {
  const UserPoolId = userPoolId;
  const described = await call("DescribeUserPool", () =>
    cognito.send(new DescribeUserPoolCommand({ UserPoolId })),
  );
  const pool = described.UserPool;
  if (!pool) throw new AwsCallError("DescribeUserPool", { cause: new Error("the answer held no pool") });
  const mfa = await call("GetUserPoolMfaConfig", () =>
    cognito.send(new GetUserPoolMfaConfigCommand({ UserPoolId })),
  );
  const summaries = await listAll(async (NextToken) => {
    const page = await call("ListUserPoolClients", () =>
      cognito.send(new ListUserPoolClientsCommand({ UserPoolId, MaxResults: 60, NextToken })),
    );
    return [page.UserPoolClients ?? [], page.NextToken];
  });
  const clients: DeployedClient[] = [];
  for (const summary of summaries) {
    const response = await call("DescribeUserPoolClient", () =>
      cognito.send(new DescribeUserPoolClientCommand({ UserPoolId, ClientId: summary.ClientId })),
    );
    if (response.UserPoolClient) clients.push(withoutSecret(response.UserPoolClient));
  }
  clients.sort((a, b) => ((a.ClientName ?? "") < (b.ClientName ?? "") ? -1 : 1));
  const domainName = pool.CustomDomain ?? pool.Domain;
  let domain: DeployedPool["domain"];
  if (domainName) {
    const { DomainDescription: description } = await call("DescribeUserPoolDomain", () =>
      cognito.send(new DescribeUserPoolDomainCommand({ Domain: domainName })),
    );
    domain = {
      Domain: domainName,
      CertificateArn: description?.CustomDomainConfig?.CertificateArn,
      ManagedLoginVersion: description?.ManagedLoginVersion,
    };
  }
  const unread: UnreadPart[] = [];
  const optional = async <T>(what: string, read: () => Promise<T[]>): Promise<T[] | undefined> => {
    try {
      return await read();
    } catch (error) {
      const cause = error instanceof AwsCallError ? error.cause : undefined;
      const name = cause instanceof Error ? cause.name : "";
      if (!OPTIONAL_READ_REFUSALS.has(name)) throw error;
      unread.push({ what, reason: `${name} on ${(error as AwsCallError).operation}` });
      return undefined;
    }
  };
  const resourceServers = await optional("resource servers", () =>
    listAll(async (NextToken) => {
      const page = await call("ListResourceServers", () =>
        cognito.send(new ListResourceServersCommand({ UserPoolId, MaxResults: 50, NextToken })),
      );
      return [page.ResourceServers ?? [], page.NextToken];
    }),
  );
  // The list gives names and types only; DescribeIdentityProvider gives details, mapping and identifiers.
  const identityProviders = await optional("identity providers", async () => {
    const summaries = await listAll(async (NextToken) => {
      const page = await call("ListIdentityProviders", () =>
        cognito.send(new ListIdentityProvidersCommand({ UserPoolId, MaxResults: 60, NextToken })),
      );
      return [page.Providers ?? [], page.NextToken];
    });
    const providers: DeployedIdentityProvider[] = [];
    for (const { ProviderName } of summaries) {
      const { IdentityProvider: provider } = await call("DescribeIdentityProvider", () =>
        cognito.send(new DescribeIdentityProviderCommand({ UserPoolId, ProviderName })),
      );
      if (provider) providers.push(withoutProviderSecrets(provider));
    }
    return providers;
  });
  const groups = await optional("groups", () =>
    listAll(async (NextToken) => {
      const page = await call("ListGroups", () =>
        cognito.send(new ListGroupsCommand({ UserPoolId, Limit: 60, NextToken })),
      );
      return [page.Groups ?? [], page.NextToken];
    }),
  );
  // Beyond OpenMCF: the pool-wide risk configuration (threat protection's responses).
  const risk = await optional("risk configuration", async () => {
    const answer = await call("DescribeRiskConfiguration", () =>
      cognito.send(new DescribeRiskConfigurationCommand({ UserPoolId })),
    );
    return answer.RiskConfiguration ? [answer.RiskConfiguration] : [];
  });
  // Beyond OpenMCF: where the pool sends its logs (an empty list: nowhere).
  const logConfigurations = await optional("log delivery", async () => {
    const answer = await call("GetLogDeliveryConfiguration", () =>
      cognito.send(new GetLogDeliveryConfigurationCommand({ UserPoolId })),
    );
    return answer.LogDeliveryConfiguration?.LogConfigurations ?? [];
  });
  // Beyond OpenMCF: the pool's AWS WAF web ACL. AWS answers without a WebACL when none is associated.
  const webAcl =
    waf && pool.Arn
      ? await optional("web ACL", async () => {
          const answer = await call("GetWebACLForResource", () =>
            waf.send(new GetWebACLForResourceCommand({ ResourceArn: pool.Arn })),
          );
          return answer.WebACL?.ARN ? [answer.WebACL.ARN] : [];
        })
      : undefined;
  return {
    region,
    pool,
    mfa,
    ...(risk?.[0] ? { riskConfiguration: risk[0] } : {}),
    ...(logConfigurations ? { logConfigurations } : {}),
    ...(webAcl?.[0] ? { webAclArn: webAcl[0] } : {}),
    clients,
    ...(domain ? { domain } : {}),
    ...(resourceServers ? { resourceServers } : {}),
    ...(identityProviders ? { identityProviders } : {}),
    ...(groups ? { groups } : {}),
    unread,
  };
}

/** Follows NextToken until the last page. */
async function listAll<T>(
  page: (nextToken: string | undefined) => Promise<[T[], string | undefined]>,
): Promise<T[]> {
  const items: T[] = [];
  let token: string | undefined;
  do {
    const [batch, next] = await page(token);
    items.push(...batch);
    token = next;
  } while (token);
  return items;
}

function withoutSecret(client: UserPoolClientType): DeployedClient {
  const { ClientSecret, ...rest } = client;
  return { ...rest, HasSecret: ClientSecret !== undefined && ClientSecret !== "" };
}

function withoutProviderSecrets(provider: IdentityProviderType): DeployedIdentityProvider {
  const { ProviderDetails, ...rest } = provider;
  const details: Record<string, string> = {};
  const secrets: string[] = [];
  for (const [key, value] of Object.entries(ProviderDetails ?? {})) {
    if (SECRET_PROVIDER_DETAILS.has(key)) secrets.push(key);
    else details[key] = value;
  }
  return { ...rest, ProviderDetails: details, SecretDetails: secrets };
}
