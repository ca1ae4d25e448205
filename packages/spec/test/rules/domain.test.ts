// Rules of the domain (rules/domain.ts): every case of domain-rule-cases.ts, and what a table row cannot say.
import { describeRuleCases } from "./rule-case.ts";
import { DOMAIN_RULE_CASES } from "./domain-rule-cases.ts";

describeRuleCases(DOMAIN_RULE_CASES);
