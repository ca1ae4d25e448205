// Rules of the web ACL association (rules/web-acl-association.ts): every case of web-acl-association-rule-cases.ts.
import { describeRuleCases } from "./rule-case.ts";
import { WEB_ACL_ASSOCIATION_RULE_CASES } from "./web-acl-association-rule-cases.ts";

describeRuleCases(WEB_ACL_ASSOCIATION_RULE_CASES);
