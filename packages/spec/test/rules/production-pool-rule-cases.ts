// The rule cases of a production pool's settings (rules/production-pool.ts): each rule with a manifest that
// breaks it (`# <-` marks the finding's line) and a close variant that does not. Gathered in rule-cases.ts.
import { manifest } from "../manifest-text.ts";
import type { RuleCase } from "./rule-case.ts";

const SMS =
  "smsConfiguration: {snsCallerArn: arn:aws:iam::123456789012:role/cognito-sms, externalId: acme-sms}";
const FUNCTION = "arn:aws:lambda:us-east-1:123456789012:function";
const KMS_KEY = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

export const PRODUCTION_POOL_RULE_CASES: RuleCase[] = [
  {
    rule: "feature-needs-plus",
    failing: manifest(`
      threatProtection:
        standardAuthMode: ENFORCED # <-
    `),
    path: "spec.threatProtection.standardAuthMode",
    passing: manifest(`
      userPoolTier: PLUS
      threatProtection:
        standardAuthMode: ENFORCED
    `),
  },
  {
    rule: "production-feature-above-tier",
    failing: manifest(`
      userPoolTier: LITE
      passwordPolicy:
        passwordHistorySize: 5 # <-
    `),
    path: "spec.passwordPolicy.passwordHistorySize",
    passing: manifest(`
      userPoolTier: ESSENTIALS
      passwordPolicy:
        passwordHistorySize: 5
    `),
  },
  {
    rule: "custom-sender-needs-kms-key",
    failing: manifest(`
      lambdaConfig:
        customEmailSender: ${FUNCTION}:email-sender # <-
    `),
    path: "spec.lambdaConfig.customEmailSender",
    passing: manifest(`
      lambdaConfig:
        customEmailSender: ${FUNCTION}:email-sender
        kmsKeyId: ${KMS_KEY}
    `),
  },
  {
    rule: "kms-key-arn-format",
    failing: manifest(`
      lambdaConfig:
        customSmsSender: ${FUNCTION}:sms-sender
        kmsKeyId: alias/cognito # <-
    `),
    path: "spec.lambdaConfig.kmsKeyId",
    passing: manifest(`
      lambdaConfig:
        customSmsSender: ${FUNCTION}:sms-sender
        kmsKeyId: ${KMS_KEY}
    `),
  },
  {
    rule: "pre-token-version-needs-trigger",
    failing: manifest(`
      lambdaConfig:
        preTokenGenerationVersion: V2_0 # <-
    `),
    path: "spec.lambdaConfig.preTokenGenerationVersion",
    passing: manifest(`
      lambdaConfig:
        preTokenGeneration: ${FUNCTION}:pre-token
        preTokenGenerationVersion: V2_0
    `),
  },
  {
    rule: "sms-role-arn-format",
    failing: manifest(`
      smsConfiguration:
        snsCallerArn: arn:aws:sns:us-east-1:123456789012:topic # <-
        externalId: acme-sms
    `),
    path: "spec.smsConfiguration.snsCallerArn",
    passing: manifest(SMS),
  },
  {
    rule: "sms-authentication-message",
    failing: manifest(`
      ${SMS}
      smsAuthenticationMessage: Your code # <-
    `),
    path: "spec.smsAuthenticationMessage",
    passing: manifest(`
      ${SMS}
      smsAuthenticationMessage: Your code is {####}
    `),
  },
  {
    rule: "sms-otp-needs-sms",
    failing: manifest(`
      signInPolicy:
        allowedFirstAuthFactors:
          - PASSWORD
          - SMS_OTP # <-
      clients:
        - name: web-app
          explicitAuthFlows: [ALLOW_USER_AUTH, ALLOW_REFRESH_TOKEN_AUTH]
    `),
    path: "spec.signInPolicy.allowedFirstAuthFactors[1]",
    passing: manifest(`
      ${SMS}
      signInPolicy:
        allowedFirstAuthFactors: [PASSWORD, SMS_OTP]
      clients:
        - name: web-app
          explicitAuthFlows: [ALLOW_USER_AUTH, ALLOW_REFRESH_TOKEN_AUTH]
    `),
  },
  {
    rule: "keep-original-needs-auto-verify",
    failing: manifest(`
      autoVerifiedAttributes: [email]
      keepOriginalAttributeUntilVerified:
        - phone_number # <-
    `),
    path: "spec.keepOriginalAttributeUntilVerified[0]",
    passing: manifest(`
      autoVerifiedAttributes: [email]
      keepOriginalAttributeUntilVerified: [email]
    `),
  },
  {
    rule: "pool-tags",
    failing: manifest(`
      tags:
        team: identity
        managed-by: terraform # <-
    `),
    path: "spec.tags.managed-by",
    passing: manifest(`
      tags:
        team: identity
        owner: platform
    `),
  },

  {
    rule: "client-attribute-unknown",
    failing: manifest(`
      customAttributes: [{name: plan, attributeDataType: String}]
      clients:
        - name: web-app
          readAttributes:
            - email
            - custom:tier # <-
    `),
    path: "spec.clients[0].readAttributes[1]",
    passing: manifest(`
      customAttributes: [{name: plan, attributeDataType: String}]
      clients:
        - name: web-app
          readAttributes: [email, custom:plan]
    `),
  },
  {
    rule: "context-data-needs-secret",
    failing: manifest(`
      clients:
        - name: web-app
          enablePropagateAdditionalUserContextData: true # <-
    `),
    path: "spec.clients[0].enablePropagateAdditionalUserContextData",
    passing: manifest(`
      clients:
        - name: web-app
          generateSecret: true
          enablePropagateAdditionalUserContextData: true
    `),
  },
  {
    rule: "client-analytics-target",
    failing: manifest(`
      clients:
        - name: web-app
          analytics: {applicationId: 0123456789abcdef} # <-
    `),
    path: "spec.clients[0].analytics",
    passing: manifest(`
      clients:
        - name: web-app
          analytics: {applicationArn: "arn:aws:mobiletargeting:us-east-1:123456789012:apps/0123456789abcdef"}
    `),
  },

  {
    rule: "risk-configuration-empty",
    failing: manifest(`
      userPoolTier: PLUS
      riskConfiguration: {} # <-
    `),
    path: "spec.riskConfiguration",
    passing: manifest(`
      userPoolTier: PLUS
      riskConfiguration: {compromisedCredentials: {eventAction: BLOCK}}
    `),
  },
  {
    rule: "risk-notify-needs-configuration",
    failing: manifest(`
      userPoolTier: PLUS
      riskConfiguration:
        accountTakeover:
          highAction: {eventAction: BLOCK, notify: true} # <-
    `),
    path: "spec.riskConfiguration.accountTakeover.highAction.notify",
    passing: manifest(`
      userPoolTier: PLUS
      riskConfiguration:
        accountTakeover:
          highAction: {eventAction: BLOCK, notify: false}
    `),
  },
  {
    rule: "risk-ip-range-format",
    failing: manifest(`
      userPoolTier: PLUS
      riskConfiguration:
        riskExceptions:
          blockedIpRanges:
            - 203.0.113.0/24
            - 203.0.113.7 # <-
    `),
    path: "spec.riskConfiguration.riskExceptions.blockedIpRanges[1]",
    passing: manifest(`
      userPoolTier: PLUS
      riskConfiguration:
        riskExceptions: {blockedIpRanges: [203.0.113.0/24, "2001:db8::/32"]}
    `),
  },

  {
    rule: "confirm-with-link-needs-domain",
    failing: manifest(`
      verificationMessageTemplate:
        defaultEmailOption: CONFIRM_WITH_LINK # <-
    `),
    path: "spec.verificationMessageTemplate.defaultEmailOption",
    passing: manifest(`
      verificationMessageTemplate:
        defaultEmailOption: CONFIRM_WITH_LINK
      domain: {domain: acme-login}
    `),
  },
  {
    rule: "email-mfa-recovery",
    failing: manifest(`
      mfaConfiguration: OPTIONAL
      emailConfiguration: {emailSendingAccount: DEVELOPER, sourceArn: "arn:aws:ses:us-east-1:123456789012:identity/noreply@example.com"}
      emailMfa: {subject: Your code}
      accountRecoveryMechanisms:
        - name: verified_email # <-
          priority: 1
    `),
    path: "spec.accountRecoveryMechanisms[0].name",
    passing: manifest(`
      mfaConfiguration: OPTIONAL
      emailConfiguration: {emailSendingAccount: DEVELOPER, sourceArn: "arn:aws:ses:us-east-1:123456789012:identity/noreply@example.com"}
      emailMfa: {subject: Your code}
      accountRecoveryMechanisms: [{name: admin_only, priority: 1}]
    `),
  },
  {
    rule: "relying-party-matches-domain",
    failing: manifest(`
      webAuthn:
        relyingPartyId: example.com # <-
      domain: {domain: auth.example.com, certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d", managedLoginVersion: 2}
    `),
    path: "spec.webAuthn.relyingPartyId",
    passing: manifest(`
      webAuthn:
        relyingPartyId: auth.example.com
      domain: {domain: auth.example.com, certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d", managedLoginVersion: 2}
    `),
  },
  {
    rule: "refresh-token-rotation-auth-flow",
    failing: manifest(`
      clients:
        - name: web-app
          refreshTokenRotation:
            feature: ENABLED # <-
    `),
    path: "spec.clients[0].refreshTokenRotation.feature",
    passing: manifest(`
      clients:
        - name: web-app
          explicitAuthFlows: [ALLOW_USER_SRP_AUTH]
          refreshTokenRotation: {feature: ENABLED}
    `),
  },

  {
    rule: "message-template-needs-developer-email",
    failing: manifest(`
      verificationMessageTemplate:
        emailSubjectByLink: Confirm your email # <-
    `),
    path: "spec.verificationMessageTemplate.emailSubjectByLink",
    passing: manifest(`
      verificationMessageTemplate:
        smsMessage: Your code is {####}
    `),
  },

  {
    rule: "standard-attribute-developer-only",
    failing: manifest(`
      customAttributes:
        - name: email
          attributeDataType: String
          developerOnly: true # <-
    `),
    path: "spec.customAttributes[0].developerOnly",
    passing: manifest(`
      customAttributes:
        - name: internal_score
          attributeDataType: Number
          developerOnly: true
    `),
  },
];
