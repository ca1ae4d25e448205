// The rule cases of the web ACL association (rules/web-acl-association.ts), gathered in rule-cases.ts:
// each rule with a manifest that breaks it (`# <-` marks the finding's line) and a close variant that does not.
import { manifest } from "../manifest-text.ts";
import type { RuleCase } from "./rule-case.ts";

const ID = "a1b2c3d4-5678-90ab-cdef-0123456789ab";

export const WEB_ACL_ASSOCIATION_RULE_CASES: RuleCase[] = [
  {
    rule: "web-acl-arn-format",
    failing: manifest(`
      webAclAssociation:
        webAclArn: arn:aws:waf::123456789012:webacl/${ID} # <-
    `),
    path: "spec.webAclAssociation.webAclArn",
    passing: manifest(`
      webAclAssociation:
        webAclArn: arn:aws:wafv2:us-east-1:123456789012:regional/webacl/cognito/${ID}
    `),
  },
  {
    rule: "web-acl-regional-in-pool-region",
    failing: manifest(`
      webAclAssociation:
        webAclArn: arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/cognito/${ID} # <-
    `),
    path: "spec.webAclAssociation.webAclArn",
    passing: manifest(`
      region: eu-west-1
      webAclAssociation:
        webAclArn: arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/cognito/${ID}
    `),
  },
  {
    // A CloudFront (global) web ACL: the ARN is well formed, but a user pool takes a regional one.
    rule: "web-acl-regional-in-pool-region",
    failing: manifest(`
      webAclAssociation:
        webAclArn: arn:aws:wafv2:us-east-1:123456789012:global/webacl/cognito/${ID} # <-
    `),
    path: "spec.webAclAssociation.webAclArn",
    passing: manifest(`
      webAclAssociation:
        webAclArn: arn:aws:wafv2:us-east-1:123456789012:regional/webacl/cognito/${ID}
    `),
  },
];
