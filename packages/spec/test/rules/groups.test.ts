// Rules of groups (rules/groups.ts): every case of groups-rule-cases.ts, and what a table row cannot say.
import { describeRuleCases } from "./rule-case.ts";
import { GROUPS_RULE_CASES } from "./groups-rule-cases.ts";

describeRuleCases(GROUPS_RULE_CASES);
