// The rule cases of the pool itself (rules/pool.ts): each rule with a manifest that breaks it (`# <-` marks the finding's
// line) and a close variant that does not. Gathered in rule-cases.ts.
import { manifest } from "../manifest-text.ts";
import type { RuleCase } from "./rule-case.ts";

export const POOL_RULE_CASES: RuleCase[] = [
  {
    rule: "pool-name-format",
    failing: manifest("", {
      metadata: `
        name: my auth! # <-
        labels:
          pulumi.openmcf.org/organization: acme
          pulumi.openmcf.org/project: identity
          pulumi.openmcf.org/stack.name: dev.AwsCognitoUserPool.my-auth
      `,
    }),
    path: "metadata.name",
    passing: manifest("", {
      metadata: `
        name: my auth+dev@acme.example
        labels:
          pulumi.openmcf.org/organization: acme
          pulumi.openmcf.org/project: identity
          pulumi.openmcf.org/stack.name: dev.AwsCognitoUserPool.my-auth
      `,
    }),
  },
  {
    rule: "region-format",
    failing: manifest("region: us-east # <-"),
    path: "spec.region",
    passing: manifest("region: us-gov-west-1"),
  },
  {
    rule: "username-alias-exclusive",
    failing: manifest(`
      usernameAttributes: [email] # <-
      aliasAttributes: [preferred_username]
    `),
    path: "spec.usernameAttributes",
    passing: manifest("aliasAttributes: [email, preferred_username]"),
  },
  {
    rule: "preferred-username-alias-or-required",
    failing: manifest(`
      aliasAttributes: [preferred_username]
      customAttributes:
        - name: preferred_username
          attributeDataType: String
          required: true # <-
    `),
    path: "spec.customAttributes[0].required",
    passing: manifest(`
      aliasAttributes: [email]
      customAttributes:
        - name: preferred_username
          attributeDataType: String
          required: true
    `),
  },
  {
    rule: "mfa-needs-factor",
    failing: manifest("mfaConfiguration: OPTIONAL # <-"),
    path: "spec.mfaConfiguration",
    passing: manifest(`
      mfaConfiguration: OPTIONAL
      softwareTokenMfaEnabled: true
    `),
  },
  {
    rule: "totp-needs-mfa",
    failing: manifest("softwareTokenMfaEnabled: true # <-"),
    path: "spec.softwareTokenMfaEnabled",
    passing: manifest(`
      mfaConfiguration: ON
      softwareTokenMfaEnabled: true
    `),
  },
  {
    rule: "auto-verify-phone-needs-sms",
    failing: manifest(`
      autoVerifiedAttributes:
        - email
        - phone_number # <-
    `),
    path: "spec.autoVerifiedAttributes[1]",
    passing: manifest(`
      usernameAttributes: [phone_number]
      autoVerifiedAttributes: [email]
    `),
  },
  {
    rule: "recovery-unique",
    failing: manifest(`
      accountRecoveryMechanisms:
        - name: verified_email
          priority: 1
        - name: verified_email # <-
          priority: 2
    `),
    path: "spec.accountRecoveryMechanisms[1].name",
    passing: manifest(`
      accountRecoveryMechanisms:
        - name: verified_email
          priority: 1
        - name: verified_phone_number
          priority: 2
    `),
  },
  {
    rule: "recovery-unique",
    failing: manifest(`
      accountRecoveryMechanisms:
        - name: verified_email
          priority: 1
        - name: verified_phone_number
          priority: 1 # <-
    `),
    path: "spec.accountRecoveryMechanisms[1].priority",
    passing: manifest(`
      accountRecoveryMechanisms:
        - name: verified_email
          priority: 2
        - name: verified_phone_number
          priority: 1
    `),
  },
  {
    rule: "recovery-admin-only-alone",
    failing: manifest(`
      accountRecoveryMechanisms:
        - name: verified_email
          priority: 1
        - name: admin_only # <-
          priority: 2
    `),
    path: "spec.accountRecoveryMechanisms[1].name",
    passing: manifest(`
      accountRecoveryMechanisms:
        - name: admin_only
          priority: 1
    `),
  },
  {
    rule: "duplicate-entry",
    failing: manifest(`
      clients:
        - name: web-app
          explicitAuthFlows:
            - ALLOW_USER_SRP_AUTH
            - ALLOW_REFRESH_TOKEN_AUTH
            - ALLOW_USER_SRP_AUTH # <-
    `),
    path: "spec.clients[0].explicitAuthFlows[2]",
    passing: manifest(`
      clients:
        - name: web-app
          explicitAuthFlows:
            - ALLOW_USER_SRP_AUTH
            - ALLOW_REFRESH_TOKEN_AUTH
            - ALLOW_CUSTOM_AUTH
    `),
  },
  {
    rule: "duplicate-entry",
    failing: manifest(`
      usernameAttributes:
        - email
        - email # <-
    `),
    path: "spec.usernameAttributes[1]",
    passing: manifest(`
      usernameAttributes:
        - email
        - phone_number
    `),
  },
  {
    rule: "self-signup-unverifiable",
    failing: manifest("autoVerifiedAttributes: [] # <-"),
    path: "spec.autoVerifiedAttributes",
    passing: manifest(`
      autoVerifiedAttributes: []
      allowAdminCreateUserOnly: true
    `),
  },
];
