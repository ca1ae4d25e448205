// The rule cases of the feature plan and sign-in (rules/feature-plan.ts): each rule with a manifest that breaks it (`# <-` marks the finding's
// line) and a close variant that does not. Gathered in rule-cases.ts.
import { manifest } from "../manifest-text.ts";
import { withSes } from "./manifest-fragments.ts";
import type { RuleCase } from "./rule-case.ts";

export const FEATURE_PLAN_RULE_CASES: RuleCase[] = [
  {
    rule: "feature-above-tier",
    failing: manifest(`
      userPoolTier: LITE
      clients:
        - name: web-app
          explicitAuthFlows: [ALLOW_USER_AUTH, ALLOW_REFRESH_TOKEN_AUTH] # <-
    `),
    path: "spec.clients[0].explicitAuthFlows[0]",
    passing: manifest(`
      userPoolTier: ESSENTIALS
      clients:
        - name: web-app
          explicitAuthFlows: [ALLOW_USER_AUTH, ALLOW_REFRESH_TOKEN_AUTH]
    `),
  },
  {
    rule: "sign-in-policy-password-required",
    failing: manifest(`
      signInPolicy:
        allowedFirstAuthFactors: [WEB_AUTHN] # <-
      webAuthn: {relyingPartyId: auth.example.com}
      clients:
        - name: web-app
          explicitAuthFlows: [ALLOW_USER_AUTH, ALLOW_REFRESH_TOKEN_AUTH]
    `),
    path: "spec.signInPolicy.allowedFirstAuthFactors",
    passing: manifest(`
      signInPolicy:
        allowedFirstAuthFactors: [PASSWORD, WEB_AUTHN]
      webAuthn: {relyingPartyId: auth.example.com}
      clients:
        - name: web-app
          explicitAuthFlows: [ALLOW_USER_AUTH, ALLOW_REFRESH_TOKEN_AUTH]
    `),
  },
  {
    rule: "email-otp-needs-developer-email",
    failing: manifest(`
      signInPolicy:
        allowedFirstAuthFactors: [PASSWORD, EMAIL_OTP] # <-
      clients:
        - name: web-app
          explicitAuthFlows: [ALLOW_USER_AUTH, ALLOW_REFRESH_TOKEN_AUTH]
    `),
    path: "spec.signInPolicy.allowedFirstAuthFactors[1]",
    passing: manifest(
      withSes(`
      signInPolicy:
        allowedFirstAuthFactors: [PASSWORD, EMAIL_OTP]
      clients:
        - name: web-app
          explicitAuthFlows: [ALLOW_USER_AUTH, ALLOW_REFRESH_TOKEN_AUTH]
    `),
    ),
  },
  {
    rule: "passwordless-needs-user-auth",
    failing: manifest(`
      signInPolicy:
        allowedFirstAuthFactors: [PASSWORD, WEB_AUTHN] # <-
      webAuthn: {relyingPartyId: auth.example.com}
    `),
    path: "spec.signInPolicy.allowedFirstAuthFactors",
    passing: manifest(`
      signInPolicy:
        allowedFirstAuthFactors: [PASSWORD, WEB_AUTHN]
      webAuthn: {relyingPartyId: auth.example.com}
      clients:
        - name: web-app
          explicitAuthFlows: [ALLOW_USER_AUTH, ALLOW_REFRESH_TOKEN_AUTH]
    `),
  },
  {
    rule: "web-authn-without-factor",
    failing: manifest(`
      webAuthn: {relyingPartyId: auth.example.com} # <-
    `),
    path: "spec.webAuthn",
    passing: manifest(`
      signInPolicy:
        allowedFirstAuthFactors: [PASSWORD, WEB_AUTHN]
      webAuthn: {relyingPartyId: auth.example.com}
      clients:
        - name: web-app
          explicitAuthFlows: [ALLOW_USER_AUTH, ALLOW_REFRESH_TOKEN_AUTH]
    `),
  },
  {
    rule: "email-mfa-needs-mfa-and-ses",
    failing: manifest(`
      userPoolTier: ESSENTIALS
      mfaConfiguration: OPTIONAL
      emailMfa: {subject: Your code} # <-
    `),
    path: "spec.emailMfa",
    passing: manifest(
      withSes(`
        userPoolTier: ESSENTIALS
        mfaConfiguration: OPTIONAL
        emailMfa: {subject: Your code}
      `),
    ),
  },
  {
    rule: "email-mfa-message",
    failing: manifest(
      withSes(`
        mfaConfiguration: OPTIONAL
        emailMfa:
          message: Your sign-in code is {###} # <-
      `),
    ),
    path: "spec.emailMfa.message",
    passing: manifest(
      withSes(`
        mfaConfiguration: OPTIONAL
        emailMfa:
          message: Your sign-in code is {####}
      `),
    ),
  },
  {
    rule: "refresh-token-rotation-auth-flow",
    failing: manifest(`
      clients:
        - name: web-app
          refreshTokenRotation: {feature: ENABLED, retryGracePeriodSeconds: 10}
          explicitAuthFlows: [ALLOW_USER_SRP_AUTH, ALLOW_REFRESH_TOKEN_AUTH] # <-
    `),
    path: "spec.clients[0].explicitAuthFlows[1]",
    passing: manifest(`
      clients:
        - name: web-app
          refreshTokenRotation: {feature: ENABLED, retryGracePeriodSeconds: 10}
          explicitAuthFlows: [ALLOW_USER_SRP_AUTH]
    `),
  },
];
