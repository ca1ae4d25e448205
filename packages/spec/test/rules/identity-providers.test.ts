// Rules of identity providers (rules/identity-providers.ts): every case of identity-providers-rule-cases.ts, and what a table row cannot say.
import { describeRuleCases } from "./rule-case.ts";
import { IDENTITY_PROVIDERS_RULE_CASES } from "./identity-providers-rule-cases.ts";

describeRuleCases(IDENTITY_PROVIDERS_RULE_CASES);
