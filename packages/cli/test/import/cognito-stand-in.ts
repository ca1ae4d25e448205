// A stand-in for Amazon Cognito's user pool API (cognito-idp) on 127.0.0.1, for `cognito-action import`.
//
// Models (from the AWS API reference and the SDK's AwsJson1_1Protocol): the JSON 1.1 protocol — POST / with
// `X-Amz-Target: AWSCognitoIdentityProviderService.<Operation>` and `Content-Type: application/x-amz-json-1.1`;
// answers 200 with a JSON body, timestamps as epoch seconds; errors as HTTP 400 with
// `{"__type": "<ErrorName>", "message": "..."}`, with the messages AWS gives for a missing pool, an IAM denial and
// throttling. The read operations import uses: DescribeUserPool, GetUserPoolMfaConfig, ListUserPoolClients
// (paged by MaxResults/NextToken), DescribeUserPoolClient (secret included, as AWS returns it),
// DescribeUserPoolDomain (an empty DomainDescription for an unknown domain), ListResourceServers,
// ListIdentityProviders (ProviderDescription: name, type and dates only), DescribeIdentityProvider (the whole
// IdentityProviderType, ProviderDetails with client_secret included, as AWS returns it; ResourceNotFoundException
// for an unknown name), ListGroups, DescribeRiskConfiguration (for the pool, or for a client: its own, else the
// pool's), DescribeManagedLoginBrandingByClient (the style as stored, ResourceNotFoundException for a client
// without one), GetUICustomization (a client without its own gets the pool's, ClientId ALL; an ImageUrl that
// starts with "/" is served by the stand-in itself, by GET, as Cognito's CDN serves the logo),
// GetLogDeliveryConfiguration (an empty list for a pool that logs nothing); and, on the same endpoint, AWS WAF's
// GetWebACLForResource (`X-Amz-Target: AWSWAF_20190729.GetWebACLForResource`, by the pool's ARN; no WebACL in
// the answer when none is associated, WAFNonexistentItemException for a resource it does not know).
// Does not model: SigV4 verification (it only reads the credential scope's region and service), IAM policies
// (a denial or throttling is injected per operation), rate limits, or any write: every other operation is
// recorded and answered with an error, so a test sees at once that one was attempted.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export const TARGET_PREFIX = "AWSCognitoIdentityProviderService.";
/** AWS WAF (wafv2)'s target prefix: the stand-in answers its one read the importer makes. */
export const WAF_TARGET_PREFIX = "AWSWAF_20190729.";

/** Operations that only read. Anything else the stand-in receives is a write (or unknown). */
export const READ_OPERATIONS = new Set([
  "DescribeUserPool",
  "GetUserPoolMfaConfig",
  "ListUserPoolClients",
  "DescribeUserPoolClient",
  "DescribeUserPoolDomain",
  "ListResourceServers",
  "ListIdentityProviders",
  "DescribeIdentityProvider",
  "ListGroups",
  "DescribeRiskConfiguration",
  "DescribeManagedLoginBrandingByClient",
  "GetUICustomization",
  "GetLogDeliveryConfiguration",
  "GetWebACLForResource",
]);

/** One request as the stand-in received it. */
export interface RecordedCall {
  operation: string;
  body: Record<string, unknown>;
  contentType: string | undefined;
  /** Region and service of the SigV4 credential scope. */
  scope: { region: string; service: string } | undefined;
}

/** A pool as the API describes it, with its clients, domain and lists. */
export interface StandInPool {
  pool: Record<string, unknown> & { Id: string };
  mfa: Record<string, unknown>;
  clients: (Record<string, unknown> & { ClientId: string; ClientName: string })[];
  domain?: Record<string, unknown> & { Domain: string };
  resourceServers: Record<string, unknown>[];
  identityProviders: Record<string, unknown>[];
  groups: Record<string, unknown>[];
  /** The pool-wide risk configuration's sections, when it has one. */
  riskConfiguration?: Record<string, unknown>;
  /** By client ID, the sections of the risk configurations clients have of their own. */
  clientRiskConfigurations?: Record<string, Record<string, unknown>>;
  /** Managed login branding styles (ManagedLoginBrandingType, Bytes in Base64 as the JSON protocol has them), by client ID. */
  brandings?: Record<string, Record<string, unknown>>;
  /** Classic UI customizations (UICustomizationType), by client ID or ALL for the pool's. */
  uiCustomizations?: Record<string, Record<string, unknown>>;
  /** Images the stand-in serves by GET at their path (Base64), such as a UI customization's logo. */
  images?: Record<string, string>;
  /** The pool's log delivery (LogConfigurationType entries); none: it logs nothing. */
  logConfigurations?: Record<string, unknown>[];
  /** The AWS WAF web ACL associated with the pool (wafv2 WebACL), when it has one. */
  webAcl?: Record<string, unknown> & { ARN: string };
}

/** An error the stand-in returns for an operation, instead of its answer. */
export interface InjectedError {
  type: string;
  message: string;
}

export interface CognitoStandIn {
  endpoint: string;
  calls: RecordedCall[];
  /** Makes `operation` fail with `error` from now on. */
  failing(operation: string, error: InjectedError): void;
  close(): Promise<void>;
}

/** Starts the stand-in serving `pools` (by ID). */
export async function startCognitoStandIn(pools: readonly StandInPool[]): Promise<CognitoStandIn> {
  const calls: RecordedCall[] = [];
  const failures = new Map<string, InjectedError>();
  const byId = new Map(pools.map((entry) => [entry.pool.Id, entry]));
  // Known once listening: image URLs the stand-in serves itself point at it.
  const self = { endpoint: "" };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const target = String(request.headers["x-amz-target"] ?? "");
      const operation = target.startsWith(TARGET_PREFIX)
        ? target.slice(TARGET_PREFIX.length)
        : target.startsWith(WAF_TARGET_PREFIX)
          ? target.slice(WAF_TARGET_PREFIX.length)
          : target;
      const text = Buffer.concat(chunks).toString("utf8");
      const body = (text === "" ? {} : JSON.parse(text)) as Record<string, unknown>;
      const scope = /Credential=[^/]+\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(
        String(request.headers.authorization ?? ""),
      );
      calls.push({
        operation,
        body,
        contentType: request.headers["content-type"],
        scope: scope ? { region: scope[1]!, service: scope[2]! } : undefined,
      });
      const send = (status: number, payload: unknown) => {
        response.writeHead(status, {
          "content-type": "application/x-amz-json-1.1",
          "x-amzn-requestid": `stand-in-${calls.length}`,
        });
        response.end(JSON.stringify(payload));
      };
      const error = (type: string, message: string) => send(400, { __type: type, message });
      if (request.method === "GET") {
        const image = pools.map((entry) => entry.images?.[request.url ?? ""]).find(Boolean);
        response.writeHead(image ? 200 : 404, { "content-type": "image/png" });
        return void response.end(image ? Buffer.from(image, "base64") : "");
      }
      if (request.method !== "POST" || request.url !== "/")
        return error("UnknownOperationException", "only POST / is served");
      const injected = failures.get(operation);
      if (injected) return error(injected.type, injected.message);
      if (!READ_OPERATIONS.has(operation))
        return error("UnknownOperationException", `the stand-in serves reads only, not ${operation}`);
      if (operation === "DescribeUserPoolDomain") {
        const owner = pools.find((entry) => entry.domain?.Domain === body.Domain);
        return send(200, { DomainDescription: owner?.domain ?? {} });
      }
      if (operation === "GetWebACLForResource") {
        const owner = pools.find((candidate) => candidate.pool.Arn === body.ResourceArn);
        if (!owner)
          return error(
            "WAFNonexistentItemException",
            "AWS WAF couldn’t perform the operation because your resource doesn’t exist.",
          );
        return send(200, owner.webAcl ? { WebACL: owner.webAcl } : {});
      }
      const entry = byId.get(String(body.UserPoolId));
      if (!entry)
        return error("ResourceNotFoundException", `User pool ${String(body.UserPoolId)} does not exist.`);
      switch (operation) {
        case "DescribeUserPool":
          return send(200, { UserPool: entry.pool });
        case "GetUserPoolMfaConfig":
          return send(200, entry.mfa);
        case "ListUserPoolClients": {
          const page = paged(entry.clients, body.MaxResults, body.NextToken);
          return send(200, {
            UserPoolClients: page.items.map(({ ClientId, ClientName }) => ({
              ClientId,
              ClientName,
              UserPoolId: entry.pool.Id,
            })),
            ...(page.next ? { NextToken: page.next } : {}),
          });
        }
        case "DescribeUserPoolClient": {
          const client = entry.clients.find((candidate) => candidate.ClientId === body.ClientId);
          return client
            ? send(200, { UserPoolClient: client })
            : error("ResourceNotFoundException", `User pool client ${String(body.ClientId)} does not exist.`);
        }
        case "ListResourceServers":
          return send(200, { ResourceServers: entry.resourceServers });
        case "ListIdentityProviders":
          return send(200, {
            Providers: entry.identityProviders.map(
              ({ ProviderName, ProviderType, LastModifiedDate, CreationDate }) => ({
                ProviderName,
                ProviderType,
                LastModifiedDate,
                CreationDate,
              }),
            ),
          });
        case "DescribeIdentityProvider": {
          const provider = entry.identityProviders.find(
            (candidate) => candidate.ProviderName === body.ProviderName,
          );
          return provider
            ? send(200, { IdentityProvider: provider })
            : error(
                "ResourceNotFoundException",
                `Identity provider ${String(body.ProviderName)} does not exist.`,
              );
        }
        case "ListGroups":
          return send(200, { Groups: entry.groups });
        // A pool without a risk configuration answers with its ID alone. Asked for a client, AWS answers with
        // the client's own (ClientId set) or else the pool's, which applies to every client without one.
        case "DescribeRiskConfiguration": {
          const clientId = typeof body.ClientId === "string" ? body.ClientId : undefined;
          const own = clientId === undefined ? undefined : entry.clientRiskConfigurations?.[clientId];
          return send(200, {
            RiskConfiguration: own
              ? { UserPoolId: entry.pool.Id, ClientId: clientId, ...own }
              : { UserPoolId: entry.pool.Id, ...entry.riskConfiguration },
          });
        }
        case "DescribeManagedLoginBrandingByClient": {
          const style = entry.brandings?.[String(body.ClientId)];
          return style
            ? send(200, { ManagedLoginBranding: { UserPoolId: entry.pool.Id, ...style } })
            : error("ResourceNotFoundException", "Managed login branding not found for the app client.");
        }
        case "GetUICustomization": {
          const asked = typeof body.ClientId === "string" ? body.ClientId : "ALL";
          const own = entry.uiCustomizations?.[asked];
          const ui = own ?? entry.uiCustomizations?.ALL;
          if (!ui) return send(200, { UICustomization: {} });
          const clientId = own ? asked : "ALL";
          const imageUrl =
            typeof ui.ImageUrl === "string" && ui.ImageUrl.startsWith("/")
              ? `${self.endpoint}${ui.ImageUrl}`
              : ui.ImageUrl;
          return send(200, {
            UICustomization: {
              UserPoolId: entry.pool.Id,
              ...ui,
              ClientId: clientId,
              ...(imageUrl ? { ImageUrl: imageUrl } : {}),
            },
          });
        }
        case "GetLogDeliveryConfiguration":
          return send(200, {
            LogDeliveryConfiguration: {
              UserPoolId: entry.pool.Id,
              LogConfigurations: entry.logConfigurations ?? [],
            },
          });
        default:
          return error("UnknownOperationException", operation);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  self.endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    failing: (operation, injected) => void failures.set(operation, injected),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** One page of `items`: NextToken is the index to go on from, opaque to the client as AWS's are. */
function paged<T>(items: readonly T[], maxResults: unknown, token: unknown): { items: T[]; next?: string } {
  const size = typeof maxResults === "number" && maxResults > 0 ? maxResults : 60;
  const start = typeof token === "string" ? Number(Buffer.from(token, "base64").toString("utf8")) : 0;
  const end = start + size;
  return {
    items: items.slice(start, end),
    ...(end < items.length ? { next: Buffer.from(String(end)).toString("base64") } : {}),
  };
}

/** The message AWS gives when IAM denies an operation. */
export function accessDenied(operation: string, poolArn: string): InjectedError {
  return {
    type: "AccessDeniedException",
    message: `User: arn:aws:iam::123456789012:user/ci-reader is not authorized to perform: cognito-idp:${operation} on resource: ${poolArn} because no identity-based policy allows the cognito-idp:${operation} action`,
  };
}

/** Cognito's throttling answer. */
export const TOO_MANY_REQUESTS: InjectedError = {
  type: "TooManyRequestsException",
  message: "Too many requests",
};
