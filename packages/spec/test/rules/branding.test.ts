// Rules of the sign-in pages' looks (rules/branding.ts): every case of branding-rule-cases.ts.
import { describeRuleCases } from "./rule-case.ts";
import { BRANDING_RULE_CASES } from "./branding-rule-cases.ts";

describeRuleCases(BRANDING_RULE_CASES);
