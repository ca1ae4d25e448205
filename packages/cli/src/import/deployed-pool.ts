// What `cognito-action import` reads of a deployed pool: the API's own shapes (Cognito's JSON API, as the
// SDK returns them), trimmed of every client secret. Plain data, so the conversion to a manifest is pure.
import type {
  GetUserPoolMfaConfigResponse,
  GroupType,
  IdentityProviderType,
  ManagedLoginBrandingType,
  LogConfigurationType,
  ResourceServerType,
  RiskConfigurationType,
  UserPoolClientType,
  UserPoolType,
} from "@aws-sdk/client-cognito-identity-provider";

/** An app client as DescribeUserPoolClient returns it, without its secret (kept only as "has one"). */
export type DeployedClient = Omit<UserPoolClientType, "ClientSecret"> & { HasSecret: boolean };

/**
 * An identity provider as DescribeIdentityProvider returns it, with every secret-bearing providerDetails value
 * (client_secret, Apple's private_key) dropped: only its key is kept, in SecretDetails.
 */
export type DeployedIdentityProvider = Omit<IdentityProviderType, "ProviderDetails"> & {
  ProviderDetails: Record<string, string>;
  SecretDetails: string[];
};

/**
 * A classic hosted UI customization as GetUICustomization returns it, and its logo: the API gives only the logo's
 * URL, so the reader downloads it (Base64 in ImageFile) or says why it could not (ImageUnread).
 */
export interface DeployedUiCustomization {
  CSS?: string | undefined;
  ImageUrl?: string | undefined;
  ImageFile?: string | undefined;
  ImageUnread?: string | undefined;
}

/** A list the reader could not read, and why (an optional permission missing, say). */
export interface UnreadPart {
  what: string;
  reason: string;
}

/** Everything the importer read of one pool. */
export interface DeployedPool {
  region: string;
  pool: UserPoolType;
  mfa: GetUserPoolMfaConfigResponse;
  clients: DeployedClient[];
  /** The domain's CustomDomainConfig and ManagedLoginVersion, from DescribeUserPoolDomain. */
  domain?: { Domain: string; CertificateArn?: string | undefined; ManagedLoginVersion?: number | undefined };
  resourceServers?: ResourceServerType[];
  identityProviders?: DeployedIdentityProvider[];
  groups?: GroupType[];
  /** The pool-wide risk configuration, from DescribeRiskConfiguration. */
  riskConfiguration?: RiskConfigurationType;
  /**
   * By client ID, the risk configurations clients have of their own (DescribeRiskConfiguration with ClientId
   * answers with the client's, ClientId set, or else the pool's, which applies to it).
   */
  clientRiskConfigurations?: Record<string, RiskConfigurationType>;
  /** Each client's managed login branding style (only what it customizes), by client ID. */
  brandings?: Record<string, ManagedLoginBrandingType>;
  /** The classic hosted UI's customizations, the pool's (`ALL`) and each client's own, by client ID. */
  uiCustomizations?: Record<string, DeployedUiCustomization>;
  /** The pool's log delivery, from GetLogDeliveryConfiguration (empty: none). */
  logConfigurations?: LogConfigurationType[];
  /** The ARN of the AWS WAF web ACL associated with the pool, from wafv2 GetWebACLForResource. */
  webAclArn?: string;
  unread: UnreadPart[];
}
