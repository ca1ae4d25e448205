// The pool's domain: a prefix on amazoncognito.com or a custom domain with its certificate.
import * as pulumi from "@pulumi/pulumi";
import { UserPoolDomain } from "@pulumi/aws/cognito/index.js";
import { isCustomDomain } from "@cognito-action/spec";
import type { Manifest } from "@cognito-action/spec";
import { domainResourceName } from "../naming.ts";
import { importOption } from "./arguments.ts";
import type { PoolContext } from "./program-context.ts";

/** Declares the manifest's domain, if it has one. */
export function declareDomain({
  manifest,
  pool,
  provider,
  resolve,
  adoption,
}: PoolContext): UserPoolDomain | undefined {
  const { domain } = manifest.spec;
  if (!domain) return undefined;
  return new UserPoolDomain(
    domainResourceName(manifest),
    {
      domain: domain.domain,
      userPoolId: pool.id,
      // Beyond OpenMCF.
      ...(domain.managedLoginVersion !== undefined
        ? { managedLoginVersion: domain.managedLoginVersion }
        : {}),
      // Only custom domains take a certificate; a prefix domain with one is a different kind of domain.
      ...(isCustomDomain(domain.domain) && domain.certificateArn
        ? { certificateArn: resolve(domain.certificateArn, ["spec", "domain", "certificateArn"]) }
        : {}),
    },
    // A pool has one domain and a prefix is unique per region, so a new domain cannot exist beside the
    // old one ("User pool already has a domain configured", aws-cdk#10062): the old one goes first. This
    // also holds when the pool is replaced, which replaces its domain.
    { provider, deleteBeforeReplace: true, ...importOption(adoption.domain) },
  );
}

/** The domain outputs: the hosted UI's URL, and the CloudFront distribution a custom domain is served by. */
export function domainOutputs(manifest: Manifest, domain: UserPoolDomain | undefined) {
  const { spec } = manifest;
  const customDomain = spec.domain !== undefined && isCustomDomain(spec.domain.domain);
  return {
    user_pool_domain: spec.domain
      ? pulumi.output(hostedUiUrl(spec.domain.domain, spec.region))
      : pulumi.output(""),
    // The CloudFront hostname is the Route 53 alias target of a custom domain; prefix domains have none.
    cloudfront_distribution_arn: domain && customDomain ? domain.cloudfrontDistribution : pulumi.output(""),
  };
}

/** The hosted UI's base URL: `https://<prefix>.auth.<region>.amazoncognito.com`, or the custom domain. */
export function hostedUiUrl(domain: string, region: string): string {
  return isCustomDomain(domain) ? `https://${domain}` : `https://${domain}.auth.${region}.amazoncognito.com`;
}
