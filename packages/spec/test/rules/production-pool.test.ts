// Rules of a production pool (rules/production-pool.ts): every case of production-pool-rule-cases.ts, and what a table row cannot say.
import { describeRuleCases } from "./rule-case.ts";
import { PRODUCTION_POOL_RULE_CASES } from "./production-pool-rule-cases.ts";

describeRuleCases(PRODUCTION_POOL_RULE_CASES);
