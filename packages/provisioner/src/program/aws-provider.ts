// The explicit AWS provider every resource of the program is created with: the manifest's region, and an
// endpoint override for AWS stand-ins (LocalStack, moto).
import { Provider } from "@pulumi/aws/provider.js";
import type { Manifest } from "@cognito-action/spec";
import { PROVIDER_NAME } from "../naming.ts";

/** Declares the program's AWS provider for the manifest's region. */
export function declareAwsProvider(manifest: Manifest, awsEndpointUrl: string | undefined): Provider {
  return new Provider(PROVIDER_NAME, {
    region: manifest.spec.region,
    ...(awsEndpointUrl ? { endpoints: providerEndpoints(awsEndpointUrl) } : {}),
  });
}

/**
 * The provider's `endpoints` (pulumi-aws ProviderEndpoint) pointing every service it calls for this program
 * at one endpoint: cognitoidp (the pool and its parts, its log delivery), lambda (trigger permissions), wafv2
 * (the web ACL association), and sts and iam (what terraform-provider-aws asks about its credentials and
 * account). A service left out would be called at AWS itself.
 */
export function providerEndpoints(
  url: string,
): { cognitoidp: string; iam: string; lambda: string; sts: string; wafv2: string }[] {
  return [{ cognitoidp: url, iam: url, lambda: url, sts: url, wafv2: url }];
}
