// Reads a deployed user pool through Cognito's API. Only Describe*, List* and Get* operations: the importer
// never writes. Client secrets are dropped the moment they arrive, so nothing later can print one.
import { SECRET_PROVIDER_DETAILS } from "@cognito-action/spec";
import {
  DescribeIdentityProviderCommand,
  DescribeManagedLoginBrandingByClientCommand,
  GetUICustomizationCommand,
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
  RiskConfigurationType,
  ManagedLoginBrandingType,
  UserPoolClientType,
} from "@aws-sdk/client-cognito-identity-provider";
import { GetWebACLForResourceCommand } from "@aws-sdk/client-wafv2";
import type { WAFV2Client } from "@aws-sdk/client-wafv2";
import { AwsCallError } from "./aws-errors.ts";
import type {
  DeployedClient,
  DeployedIdentityProvider,
  DeployedPool,
  DeployedUiCustomization,
  UnreadPart,
} from "./deployed-pool.ts";

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

/** Where the reads beyond Cognito go: the web ACL through `waf` (none: not read), a logo through `readImage`. */
export interface DeployedPoolSources {
  waf?: WAFV2Client;
  readImage?: (url: string) => Promise<Uint8Array>;
}

/**
 * Reads the pool, its MFA settings, clients, domain, and (when allowed) resource servers, IdPs, groups, risk
 * configuration, log delivery and, through `waf`, the web ACL associated with it.
 */
export async function readDeployedPool(
  cognito: CognitoIdentityProviderClient,
  region: string,
  userPoolId: string,
  { waf, readImage = downloadImage }: DeployedPoolSources = {},
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
  // A client's own: AWS answers for a client without one with the pool's, which names no client.
  const clientRisks = await optional("client risk configurations", async () => {
    const own: [string, RiskConfigurationType][] = [];
    for (const { ClientId } of clients) {
      const answer = await call("DescribeRiskConfiguration", () =>
        cognito.send(new DescribeRiskConfigurationCommand({ UserPoolId, ClientId })),
      );
      if (ClientId && answer.RiskConfiguration?.ClientId === ClientId)
        own.push([ClientId, answer.RiskConfiguration]);
    }
    return own;
  });
  // Beyond OpenMCF: the looks of the sign-in pages, each client's branding style and the classic UI's CSS and
  // logo. A client without a style answers ResourceNotFoundException (terraform managed_login_branding.go
  // reads it so); without a domain, nothing can be customized (DG hosted-ui-classic-branding).
  const brandings = await optional("managed login branding", async () => {
    const styles: [string, ManagedLoginBrandingType][] = [];
    for (const client of clients) {
      const ClientId = client.ClientId;
      try {
        const { ManagedLoginBranding: style } = await call("DescribeManagedLoginBrandingByClient", () =>
          cognito.send(new DescribeManagedLoginBrandingByClientCommand({ UserPoolId, ClientId })),
        );
        if (style && ClientId) styles.push([ClientId, style]);
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
    }
    return styles;
  });
  const uiCustomizations = domain
    ? await optional("UI customization", async () => {
        const found: [string, DeployedUiCustomization][] = [];
        // Asked for a client without its own, GetUICustomization answers the pool's (ClientId ALL).
        for (const ClientId of [undefined, ...clients.map((client) => client.ClientId)]) {
          const { UICustomization: ui } = await call("GetUICustomization", () =>
            cognito.send(new GetUICustomizationCommand({ UserPoolId, ClientId })),
          );
          const owner = ClientId ?? "ALL";
          if (ui && (ui.ClientId ?? "ALL") === owner && (ui.CSS || ui.ImageUrl))
            found.push([owner, await withLogo(ui.CSS, ui.ImageUrl, readImage)]);
        }
        return found;
      })
    : undefined;
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
    ...(clientRisks?.length ? { clientRiskConfigurations: Object.fromEntries(clientRisks) } : {}),
    ...(brandings && brandings.length > 0 ? { brandings: Object.fromEntries(brandings) } : {}),
    ...(uiCustomizations && uiCustomizations.length > 0
      ? { uiCustomizations: Object.fromEntries(uiCustomizations) }
      : {}),
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

/** The logo at `url` (on Cognito's CDN): GetUICustomization gives only its URL, never its bytes. */
export async function downloadImage(url: string, timeoutMs = 30_000): Promise<Uint8Array> {
  // Bounded like each AWS request: a CDN that accepts and never answers must not hold the import open.
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

/** A UI customization with its logo read back in Base64, or why the logo could not be read. */
async function withLogo(
  css: string | undefined,
  imageUrl: string | undefined,
  readImage: (url: string) => Promise<Uint8Array>,
): Promise<DeployedUiCustomization> {
  const ui: DeployedUiCustomization = { ...(css ? { CSS: css } : {}) };
  if (!imageUrl) return ui;
  ui.ImageUrl = imageUrl;
  try {
    ui.ImageFile = Buffer.from(await readImage(imageUrl)).toString("base64");
  } catch (error) {
    ui.ImageUnread = error instanceof Error ? error.message : String(error);
  }
  return ui;
}

function isNotFound(error: unknown): boolean {
  return (
    error instanceof AwsCallError &&
    error.cause instanceof Error &&
    error.cause.name === "ResourceNotFoundException"
  );
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
