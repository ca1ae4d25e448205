// Rules of an app client's production settings (rules/client-security.ts): every case of client-security-rule-cases.ts.
import { describeRuleCases } from "./rule-case.ts";
import { CLIENT_SECURITY_RULE_CASES } from "./client-security-rule-cases.ts";

describeRuleCases(CLIENT_SECURITY_RULE_CASES);
