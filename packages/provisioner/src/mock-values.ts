// The values AWS would compute, derived deterministically from what the program declares, in AWS's real
// formats. Synth uses them so its output is reproducible byte for byte and reads like the real thing.
import { createHash } from "node:crypto";
import { partitionOf } from "@cognito-action/spec";

/** The account placeholder in every synthesized ARN. */
export const PLACEHOLDER_ACCOUNT = "123456789012";
/** CloudFront's hosted zone, the same for every distribution (terraform user_pool_domain tests). */
export const CLOUDFRONT_ZONE_ID = "Z2FDTNDATAQYW2";

const ALPHANUMERIC = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const LOWER_ALPHANUMERIC = "0123456789abcdefghijklmnopqrstuvwxyz";

/** `length` characters of `alphabet`, derived from `seed`. */
function derived(seed: string, length: number, alphabet: string): string {
  const digest = createHash("sha256").update(seed).digest();
  let out = "";
  for (let i = 0; i < length; i++) out += alphabet[digest[i % digest.length]! % alphabet.length];
  return out;
}

/** A user pool id: `<region>_` and 9 characters (botocore UserPoolIdType). */
export function mockUserPoolId(region: string, poolName: string): string {
  return `${region}_${derived(`pool:${region}:${poolName}`, 9, ALPHANUMERIC)}`;
}

/** An app client id: 26 lowercase letters and digits. */
export function mockClientId(userPoolId: string, clientName: string): string {
  return derived(`client:${userPoolId}:${clientName}`, 26, LOWER_ALPHANUMERIC);
}

/** A client secret; never shown (secrets render as placeholders), but shaped like one. */
export function mockClientSecret(clientId: string): string {
  return derived(`secret:${clientId}`, 51, LOWER_ALPHANUMERIC);
}

/** AWS's DNS suffix for a region's partition. */
export function dnsSuffix(region: string): string {
  return partitionOf(region) === "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com";
}

/** `arn:<partition>:cognito-idp:<region>:<account>:userpool/<id>`. */
export function mockUserPoolArn(region: string, userPoolId: string): string {
  return `arn:${partitionOf(region)}:cognito-idp:${region}:${PLACEHOLDER_ACCOUNT}:userpool/${userPoolId}`;
}

/** The pool's endpoint attribute: `cognito-idp.<region>.<dnsSuffix>/<id>`, without a scheme (as AWS has it). */
export function mockUserPoolEndpoint(region: string, userPoolId: string): string {
  return `cognito-idp.${region}.${dnsSuffix(region)}/${userPoolId}`;
}

/** A CloudFront distribution hostname, as Cognito reports for a custom domain. */
export function mockCloudfrontHostname(domain: string): string {
  return `d${derived(`cloudfront:${domain}`, 13, LOWER_ALPHANUMERIC)}.cloudfront.net`;
}

/** A managed login branding style ID: a version 4 UUID (botocore ManagedLoginBrandingIdType). */
export function mockManagedLoginBrandingId(userPoolId: string, clientId: string): string {
  const hex = derived(`branding:${userPoolId}:${clientId}`, 32, "0123456789abcdef");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20)}`;
}
