// Rules of references and stacks (rules/references.ts): every case of references-rule-cases.ts, and what a table row cannot say.
import { describeRuleCases } from "./rule-case.ts";
import { REFERENCES_RULE_CASES } from "./references-rule-cases.ts";

describeRuleCases(REFERENCES_RULE_CASES);
