// Which input changes make the engine replace a resource instead of updating it in place. pulumi-aws is
// generated from terraform-provider-aws, so each entry is a ForceNew / RequiresReplace there.

/** An input whose change forces replacement, optionally only for some changes. */
export interface ReplacementRule {
  /** Input property (and everything under it). */
  property: string;
  /** Where the provider says so. */
  source: string;
  /** When set, only changes for which this returns true force replacement. */
  forcesWhen?: (before: unknown, after: unknown) => boolean;
}

/** The replacement rules, by Pulumi type token. */
export const REPLACEMENT_RULES: Readonly<Record<string, readonly ReplacementRule[]>> = {
  "aws:cognito/userPool:UserPool": [
    // AWS could rename a pool (UpdateUserPool PoolName), but the provider replaces it: a new pool, no users.
    { property: "name", source: "terraform user_pool.go: name ForceNew" },
    {
      property: "usernameAttributes",
      source: "terraform user_pool.go: username_attributes ForceNew (create-only in the AWS API)",
    },
    {
      property: "aliasAttributes",
      source: "terraform user_pool.go: alias_attributes ForceNew (create-only in the AWS API)",
    },
    {
      property: "usernameConfiguration",
      source: "terraform user_pool.go: username_configuration ForceNew (AWS: immutable after it is set)",
    },
  ],
  "aws:cognito/userPoolClient:UserPoolClient": [
    { property: "userPoolId", source: "terraform user_pool_client.go: user_pool_id RequiresReplace" },
    {
      property: "generateSecret",
      source: "terraform user_pool_client.go: generate_secret RequiresReplace (create-only in the AWS API)",
    },
  ],
  "aws:cognito/userPoolDomain:UserPoolDomain": [
    { property: "domain", source: "terraform user_pool_domain.go: domain ForceNew" },
    { property: "userPoolId", source: "terraform user_pool_domain.go: user_pool_id ForceNew" },
    {
      property: "certificateArn",
      source:
        "terraform user_pool_domain.go: ForceNewIfChange(certificate_arn) between empty and set (prefix ↔ custom domain)",
      forcesWhen: (before, after) => isSet(before) !== isSet(after),
    },
  ],
  // Beyond OpenMCF. None of these reaches the pool: the pool depends on none of them.
  "aws:cognito/resourceServer:ResourceServer": [
    { property: "identifier", source: "terraform resource_server.go: identifier ForceNew" },
    { property: "name", source: "terraform resource_server.go: name ForceNew" },
    { property: "userPoolId", source: "terraform resource_server.go: user_pool_id ForceNew" },
  ],
  "aws:cognito/identityProvider:IdentityProvider": [
    { property: "providerName", source: "terraform identity_provider.go: provider_name ForceNew" },
    { property: "providerType", source: "terraform identity_provider.go: provider_type ForceNew" },
    { property: "userPoolId", source: "terraform identity_provider.go: user_pool_id ForceNew" },
  ],
  "aws:cognito/userGroup:UserGroup": [
    { property: "name", source: "terraform user_group.go: name ForceNew" },
    { property: "userPoolId", source: "terraform user_group.go: user_pool_id ForceNew" },
  ],
  "aws:cognito/riskConfiguration:RiskConfiguration": [
    { property: "userPoolId", source: "terraform risk_configuration.go: user_pool_id ForceNew" },
    // Beyond OpenMCF: a client's own risk configuration belongs to that client.
    { property: "clientId", source: "terraform risk_configuration.go: client_id ForceNew" },
  ],
  // terraform managed_login_branding.go: client_id and user_pool_id RequiresReplace, and so is the asset set
  // (AWS adds an asset of a new category and color mode instead of replacing the old one, so the provider
  // replaces the style to keep it declarative). Settings change in place.
  "aws:cognito/managedLoginBranding:ManagedLoginBranding": [
    { property: "clientId", source: "terraform managed_login_branding.go: client_id RequiresReplace" },
    { property: "userPoolId", source: "terraform managed_login_branding.go: user_pool_id RequiresReplace" },
    { property: "assets", source: "terraform managed_login_branding.go: asset RequiresReplace" },
  ],
  "aws:cognito/logDeliveryConfiguration:LogDeliveryConfiguration": [
    {
      property: "userPoolId",
      source: "terraform log_delivery_configuration.go: user_pool_id RequiresReplace",
    },
  ],
  // An association has no update (AssociateWebACL / DisassociateWebACL): a new web ACL is a new association.
  "aws:wafv2/webAclAssociation:WebAclAssociation": [
    { property: "resourceArn", source: "terraform wafv2 web_acl_association.go: resource_arn ForceNew" },
    { property: "webAclArn", source: "terraform wafv2 web_acl_association.go: web_acl_arn ForceNew" },
  ],
  // A Lambda permission is a statement of the function's policy: AddPermission has no update, so terraform's
  // lambda permission.go marks every argument ForceNew. (The program's action and principal are constants.)
  "aws:lambda/permission:Permission": [
    { property: "function", source: "terraform lambda permission.go: function_name ForceNew" },
    { property: "qualifier", source: "terraform lambda permission.go: qualifier ForceNew" },
    { property: "sourceArn", source: "terraform lambda permission.go: source_arn ForceNew" },
  ],
  // A provider for another region is another provider: everything it manages is replaced with it.
  "pulumi:providers:aws": [
    { property: "region", source: "pulumi-aws provider: region change replaces the provider" },
  ],
};

function isSet(value: unknown): boolean {
  return value !== undefined && value !== null && value !== "";
}

/** The rule that makes a change of `path` (e.g. `usernameConfiguration.caseSensitive`) force replacement. */
export function replacementRuleFor(
  type: string,
  path: string,
  before: unknown,
  after: unknown,
): ReplacementRule | undefined {
  return (REPLACEMENT_RULES[type] ?? []).find(
    (rule) =>
      (path === rule.property ||
        path.startsWith(`${rule.property}.`) ||
        path.startsWith(`${rule.property}[`)) &&
      (rule.forcesWhen === undefined || rule.forcesWhen(before, after)),
  );
}
