// Rules of resource servers (rules/resource-servers.ts): every case of resource-servers-rule-cases.ts, and what a table row cannot say.
import { describeRuleCases } from "./rule-case.ts";
import { RESOURCE_SERVERS_RULE_CASES } from "./resource-servers-rule-cases.ts";

describeRuleCases(RESOURCE_SERVERS_RULE_CASES);
