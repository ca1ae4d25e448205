// Rules of log delivery (rules/log-delivery.ts): every case of log-delivery-rule-cases.ts.
import { describeRuleCases } from "./rule-case.ts";
import { LOG_DELIVERY_RULE_CASES } from "./log-delivery-rule-cases.ts";

describeRuleCases(LOG_DELIVERY_RULE_CASES);
