import { adoptRules } from "./adopt.ts";
import { attributeRules } from "./attributes.ts";
import { clientRules } from "./clients.ts";
import { domainRules } from "./domain.ts";
import { emailRules } from "./email.ts";
import { lambdaRules } from "./lambda.ts";
import { poolRules } from "./pool.ts";
import { referenceRules } from "./references.ts";
import type { Rule } from "./rule.ts";

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
];

export type { Rule, RuleHit } from "./rule.ts";
export { defineRule } from "./rule.ts";
export { isCustomDomain } from "./domain.ts";
export { isUserPoolId, userPoolIdRegion } from "./adopt.ts";
export { STANDARD_SCOPES, resourceServerOf } from "./clients.ts";
export { looksLikeProduction } from "./references.ts";
