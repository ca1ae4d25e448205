// An app client's token settings as pulumi-aws's UserPoolClient takes them: each lifetime with its unit, and
// refresh token rotation as the provider can apply it. Pure: called by userPoolClientArgs (program.ts).
import type { ClientSpec } from "@cognito-action/spec";

/**
 * Each token's lifetime and its unit: the OpenMCF fields in minutes, minutes and days, unless the client's
 * tokenValidity (beyond OpenMCF) gives a token a unit of its own (botocore TokenValidityUnitsType).
 */
export function tokenValidityArgs(client: ClientSpec) {
  const own = client.tokenValidity ?? {};
  return {
    accessTokenValidity: own.accessToken?.value ?? client.accessTokenValidityMinutes,
    idTokenValidity: own.idToken?.value ?? client.idTokenValidityMinutes,
    refreshTokenValidity: own.refreshToken?.value ?? client.refreshTokenValidityDays,
    // Without explicit units the provider reads access and ID validity as hours: 60 would mean 60 hours.
    tokenValidityUnits: {
      accessToken: own.accessToken?.unit ?? "minutes",
      idToken: own.idToken?.unit ?? "minutes",
      refreshToken: own.refreshToken?.unit ?? "days",
    },
  };
}

/**
 * Refresh token rotation, when the manifest sets it. DISABLED is sent with a grace period of 0, which is what AWS
 * answers with: left out, the provider expects none back and fails the apply ("retry_grace_period_seconds: was
 * null, but now cty.NumberIntVal(0)", terraform-provider-aws#45646). Left out altogether, nothing is sent and AWS
 * keeps the deployed rotation (terraform-provider-aws#47196; see kept-when-omitted.ts).
 */
export function refreshTokenRotationArgs(client: ClientSpec) {
  const rotation = client.refreshTokenRotation;
  if (!rotation) return {};
  return {
    refreshTokenRotation:
      rotation.feature === "DISABLED" ? { feature: "DISABLED", retryGracePeriodSeconds: 0 } : { ...rotation },
  };
}
