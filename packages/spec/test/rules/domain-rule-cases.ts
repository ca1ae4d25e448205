// The rule cases of the domain (rules/domain.ts): each rule with a manifest that breaks it (`# <-` marks the finding's
// line) and a close variant that does not. Gathered in rule-cases.ts.
import { manifest } from "../manifest-text.ts";
import { VALID_CERTIFICATE } from "./manifest-fragments.ts";
import type { RuleCase } from "./rule-case.ts";

export const DOMAIN_RULE_CASES: RuleCase[] = [
  {
    rule: "domain-prefix-format",
    failing: manifest(`
      domain:
        domain: Acme-Auth # <-
    `),
    path: "spec.domain.domain",
    passing: manifest(`
      domain:
        domain: acme-auth
    `),
  },
  {
    rule: "domain-reserved-word",
    failing: manifest(`
      domain:
        domain: acme-cognito-login # <-
    `),
    path: "spec.domain.domain",
    passing: manifest(`
      domain:
        domain: acme-identity-login
    `),
  },
  {
    rule: "domain-prefix-generic",
    failing: manifest(`
      domain:
        domain: login # <-
    `),
    path: "spec.domain.domain",
    passing: manifest(`
      domain:
        domain: acme-login
    `),
  },
  {
    rule: "custom-domain-format",
    failing: manifest(`
      domain:
        domain: example.com # <-
        certificateArn: ${VALID_CERTIFICATE}
    `),
    path: "spec.domain.domain",
    passing: manifest(`
      domain:
        domain: auth.example.com
        certificateArn: ${VALID_CERTIFICATE}
    `),
  },
  {
    rule: "custom-domain-needs-certificate",
    failing: manifest(`
      domain:
        domain: auth.example.com # <-
    `),
    path: "spec.domain.domain",
    passing: manifest(`
      domain:
        domain: auth.example.com
        certificateArn:
          valueFrom:
            name: auth-certificate
    `),
  },
  {
    rule: "prefix-domain-certificate",
    failing: manifest(`
      domain:
        domain: acme-auth
        certificateArn: ${VALID_CERTIFICATE} # <-
    `),
    path: "spec.domain.certificateArn",
    passing: manifest(`
      domain:
        domain: acme-auth
    `),
  },
  {
    rule: "certificate-arn-format",
    failing: manifest(`
      domain:
        domain: auth.example.com
        certificateArn: arn:aws:acm:us-east-1:123456789012:certificate/my-certificate # <-
    `),
    path: "spec.domain.certificateArn",
    passing: manifest(`
      domain:
        domain: auth.example.com
        certificateArn: ${VALID_CERTIFICATE}
    `),
  },
  {
    rule: "certificate-region",
    failing: manifest(`
      region: eu-west-1
      domain:
        domain: auth.example.com
        certificateArn: arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d # <-
    `),
    path: "spec.domain.certificateArn",
    passing: manifest(`
      region: eu-west-1
      domain:
        domain: auth.example.com
        certificateArn: ${VALID_CERTIFICATE}
    `),
  },
];
