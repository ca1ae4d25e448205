// Rules of custom and standard attributes (rules/attributes.ts): every case of attributes-rule-cases.ts, and what a table row cannot say.
import { describeRuleCases } from "./rule-case.ts";
import { ATTRIBUTES_RULE_CASES } from "./attributes-rule-cases.ts";

describeRuleCases(ATTRIBUTES_RULE_CASES);
