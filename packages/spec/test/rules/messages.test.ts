// Rules of messages (rules/messages.ts): every case of messages-rule-cases.ts, and what a table row cannot say.
import { describeRuleCases } from "./rule-case.ts";
import { MESSAGES_RULE_CASES } from "./messages-rule-cases.ts";

describeRuleCases(MESSAGES_RULE_CASES);
