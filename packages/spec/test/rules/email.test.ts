// Rules of email sending (rules/email.ts): every case of email-rule-cases.ts, and what a table row cannot say.
import { describeRuleCases } from "./rule-case.ts";
import { EMAIL_RULE_CASES } from "./email-rule-cases.ts";

describeRuleCases(EMAIL_RULE_CASES);
