// The hosted UI domain. Sources: botocore DomainType and CreateUserPoolDomainRequest/CustomDomainConfigType,
// terraform user_pool_domain.go, the Developer Guide's domain pages, and AWS messages from public threads.
import { parseArn } from "../aws-formats.ts";
import { literalValue } from "../references.ts";
import { defineRule } from "./rule.ts";
import type { DomainSpec, Manifest } from "../schema.ts";
import type { RuleHit } from "./rule.ts";

const DOMAIN = ["spec", "domain", "domain"];
const CERTIFICATE = ["spec", "domain", "certificateArn"];
const HOST_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i;
/** Prefixes so common that another account has almost certainly taken them in every region. */
const GENERIC_PREFIXES = new Set([
  "auth",
  "login",
  "signin",
  "sign-in",
  "sso",
  "id",
  "account",
  "accounts",
  "app",
  "dev",
  "development",
  "test",
  "staging",
  "prod",
  "production",
  "demo",
]);

/** A domain with a dot is a custom domain (needs a certificate); without one it is a Cognito prefix. */
export function isCustomDomain(domain: string): boolean {
  return domain.includes(".");
}

function withDomain(check: (domain: DomainSpec, manifest: Manifest) => RuleHit[]) {
  return (manifest: Manifest) => (manifest.spec.domain ? check(manifest.spec.domain, manifest) : []);
}

export const domainRules = [
  // botocore DomainType for prefixes: whole-string ^[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?$. AWS: "Domain names can
  // only contain lower-case letters, numbers, and hyphens".
  defineRule(
    "domain-prefix-format",
    "error",
    withDomain(({ domain }) =>
      isCustomDomain(domain) || /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(domain)
        ? []
        : [
            {
              path: DOMAIN,
              message: `domain prefix ${JSON.stringify(domain)} must be 1-63 lowercase letters, digits and hyphens, not starting or ending with a hyphen`,
            },
          ],
    ),
  ),

  // AWS: "Domain cannot contain reserved word: cognito" (aws-amplify/amplify-cli#3854); a substring match.
  defineRule(
    "domain-reserved-word",
    "error",
    withDomain(({ domain }) => {
      const word = /aws|amazon|cognito/i.exec(domain)?.[0];
      return isCustomDomain(domain) || word === undefined
        ? []
        : [
            {
              path: DOMAIN,
              message: `domain prefix ${JSON.stringify(domain)} contains the reserved word "${word.toLowerCase()}"; AWS refuses prefixes containing aws, amazon or cognito`,
            },
          ];
    }),
  ),

  // AWS: "Domain already associated with another user pool." Prefixes are unique per region across all accounts.
  defineRule(
    "domain-prefix-generic",
    "warning",
    withDomain(({ domain }) =>
      !isCustomDomain(domain) && GENERIC_PREFIXES.has(domain)
        ? [
            {
              path: DOMAIN,
              message: `domain prefix ${JSON.stringify(domain)} is almost certainly taken in this region by another account; add your organization's name`,
            },
          ]
        : [],
    ),
  ),

  // botocore DomainType (at most 63 characters, dots included) and the Developer Guide: the parent domain must
  // resolve, so an apex domain (parent is a top-level domain) cannot be used.
  defineRule(
    "custom-domain-format",
    "error",
    withDomain(({ domain }) => {
      if (!isCustomDomain(domain)) return [];
      const labels = domain.split(".");
      if (domain.length > 63)
        return [
          {
            path: DOMAIN,
            message: `custom domain ${JSON.stringify(domain)} is ${domain.length} characters; AWS allows at most 63`,
          },
        ];
      if (!labels.every((part) => HOST_LABEL.test(part)))
        return [
          { path: DOMAIN, message: `custom domain ${JSON.stringify(domain)} is not a valid host name` },
        ];
      if (labels.length < 3)
        return [
          {
            path: DOMAIN,
            message: `custom domain ${JSON.stringify(domain)} must be a subdomain such as auth.${domain}: Cognito needs its parent domain to resolve`,
          },
        ];
      return [];
    }),
  ),

  // botocore CreateUserPoolDomainRequest: the certificate decides the kind of domain; a custom domain needs one.
  defineRule(
    "custom-domain-needs-certificate",
    "error",
    withDomain(({ domain, certificateArn }) =>
      isCustomDomain(domain) && !certificateArn
        ? [
            {
              path: DOMAIN,
              message: `custom domain ${JSON.stringify(domain)} needs certificateArn: an ACM certificate in us-east-1 covering it`,
            },
          ]
        : [],
    ),
  ),

  // botocore CreateUserPoolDomainRequest: a Cognito prefix domain takes no certificate.
  defineRule(
    "prefix-domain-certificate",
    "error",
    withDomain(({ domain, certificateArn }) =>
      !isCustomDomain(domain) && certificateArn
        ? [
            {
              path: CERTIFICATE,
              message: `domain ${JSON.stringify(domain)} is a Cognito prefix and takes no certificate; remove certificateArn or use a full domain name`,
            },
          ]
        : [],
    ),
  ),

  // botocore CustomDomainConfigType.CertificateArn: an ACM certificate ARN.
  defineRule(
    "certificate-arn-format",
    "error",
    withDomain(({ certificateArn }) => {
      const arnText = literalValue(certificateArn);
      if (arnText === undefined) return [];
      const arn = parseArn(arnText);
      if (
        arn?.service === "acm" &&
        arn.account.length === 12 &&
        /^certificate\/[0-9a-f-]{36}$/.test(arn.resource)
      )
        return [];
      return [
        {
          path: CERTIFICATE,
          message: `certificateArn must be an ACM certificate ARN like arn:aws:acm:us-east-1:123456789012:certificate/<uuid>, not ${JSON.stringify(arnText)}`,
        },
      ];
    }),
  ),

  // CreateUserPoolDomain: "SSL certificate in the US East (N. Virginia) Region", whatever the pool's region
  // (Cognito serves custom domains through CloudFront).
  defineRule(
    "certificate-region",
    "error",
    withDomain(({ certificateArn }) => {
      const arnText = literalValue(certificateArn);
      const arn = arnText === undefined ? undefined : parseArn(arnText);
      return !arn || arn.service !== "acm" || arn.region === "us-east-1"
        ? []
        : [
            {
              path: CERTIFICATE,
              message: `certificateArn is in ${arn.region || "no region"}; custom domains need a certificate in us-east-1, whatever the pool's region`,
            },
          ];
    }),
  ),
];
