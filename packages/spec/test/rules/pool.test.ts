// Rules of the pool itself (rules/pool.ts): every case of pool-rule-cases.ts, and what a table row cannot say.
import { describeRuleCases } from "./rule-case.ts";
import { POOL_RULE_CASES } from "./pool-rule-cases.ts";

describeRuleCases(POOL_RULE_CASES);
