import { adoptRules } from "./adopt.ts";
import { attributeRules } from "./attributes.ts";
import { brandingRules } from "./branding.ts";
import { clientRules } from "./clients.ts";
import { clientSecurityRules } from "./client-security.ts";
import { domainRules } from "./domain.ts";
import { emailRules } from "./email.ts";
import { forExtendedManifests } from "./extension-guard.ts";
import { featurePlanRules } from "./feature-plan.ts";
import { groupRules } from "./groups.ts";
import { identityProviderRules } from "./identity-providers.ts";
import { messageRules } from "./messages.ts";
import { resourceServerRules } from "./resource-servers.ts";
import { lambdaRules } from "./lambda.ts";
import { logDeliveryRules } from "./log-delivery.ts";
import { poolRules } from "./pool.ts";
import { productionPoolRules } from "./production-pool.ts";
import { referenceRules } from "./references.ts";
import { webAclAssociationRules } from "./web-acl-association.ts";
import type { Rule } from "./rule.ts";

/** The rules of the fields beyond the OpenMCF component: none of them looks at an OpenMCF-only manifest. */
export const EXTENSION_RULES: readonly Rule[] = forExtendedManifests([
  ...resourceServerRules,
  ...identityProviderRules,
  ...groupRules,
  ...messageRules,
  ...featurePlanRules,
  ...productionPoolRules,
  ...clientSecurityRules,
  ...logDeliveryRules,
  ...webAclAssociationRules,
]);

/** Every rule a single manifest is checked against. */
export const MANIFEST_RULES: readonly Rule[] = [
  ...poolRules,
  ...emailRules,
  ...attributeRules,
  ...lambdaRules,
  ...clientRules,
  ...domainRules,
  ...referenceRules,
  ...adoptRules,
  ...brandingRules,
  ...EXTENSION_RULES,
];

export type { Rule, RuleHit } from "./rule.ts";
export { defineRule } from "./rule.ts";
export { isCustomDomain } from "./domain.ts";
export { isUserPoolId, userPoolIdRegion } from "./adopt.ts";
export { STANDARD_SCOPES, resourceServerOf } from "./clients.ts";
export { looksLikeProduction } from "./references.ts";
export { SECRET_PROVIDER_DETAILS } from "./identity-providers.ts";
