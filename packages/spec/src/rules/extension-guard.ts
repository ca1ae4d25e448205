// The rules of the fields beyond OpenMCF look only at those fields, so a manifest that uses none of them (most
// manifests, every OpenMCF one) skips them all after one check, made once per manifest.
import type { Manifest } from "../schema.ts";
import type { Rule } from "./rule.ts";

/** Whether the manifest sets any field beyond the OpenMCF component. */
export function usesExtensions({ spec }: Manifest): boolean {
  return (
    spec.resourceServers.length > 0 ||
    spec.identityProviders.length > 0 ||
    spec.groups.length > 0 ||
    spec.userPoolTier !== undefined ||
    spec.verificationMessageTemplate !== undefined ||
    spec.inviteMessageTemplate !== undefined ||
    spec.signInPolicy !== undefined ||
    spec.webAuthn !== undefined ||
    spec.emailMfa !== undefined ||
    spec.domain?.managedLoginVersion !== undefined ||
    spec.threatProtection !== undefined ||
    spec.riskConfiguration !== undefined ||
    spec.logDelivery !== undefined ||
    spec.webAclAssociation !== undefined ||
    spec.smsConfiguration !== undefined ||
    spec.smsAuthenticationMessage !== undefined ||
    spec.deviceTracking !== undefined ||
    spec.keepOriginalAttributeUntilVerified.length > 0 ||
    Object.keys(spec.tags).length > 0 ||
    spec.passwordPolicy?.passwordHistorySize !== undefined ||
    (spec.lambdaConfig !== undefined &&
      (spec.lambdaConfig.customEmailSender !== undefined ||
        spec.lambdaConfig.customSmsSender !== undefined ||
        spec.lambdaConfig.kmsKeyId !== undefined ||
        spec.lambdaConfig.preTokenGenerationVersion !== undefined)) ||
    spec.clients.some(
      (client) =>
        client.refreshTokenRotation !== undefined ||
        client.explicitAuthFlows.includes("ALLOW_USER_AUTH") ||
        client.readAttributes.length > 0 ||
        client.writeAttributes.length > 0 ||
        client.enablePropagateAdditionalUserContextData !== undefined ||
        client.analytics !== undefined ||
        client.tokenValidity !== undefined ||
        client.riskConfiguration !== undefined,
    )
  );
}

let lastManifest: Manifest | undefined;
let lastAnswer = false;

/** `usesExtensions`, remembered for the manifest the rules are running on (they run one manifest at a time). */
function usesExtensionsOnce(manifest: Manifest): boolean {
  if (manifest !== lastManifest) {
    lastManifest = manifest;
    lastAnswer = usesExtensions(manifest);
  }
  return lastAnswer;
}

/** The rules, each skipped for a manifest that uses no field beyond OpenMCF. */
export function forExtendedManifests(rules: readonly Rule[]): Rule[] {
  return rules.map((rule) => ({
    ...rule,
    check: (manifest) => (usesExtensionsOnce(manifest) ? rule.check(manifest) : []),
  }));
}
