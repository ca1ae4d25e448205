// The rule cases of an app client's production settings (rules/client-security.ts), gathered in
// rule-cases.ts: each rule with a manifest that breaks it (`# <-` marks the finding's line) and a close variant
// that does not.
import { manifest } from "../manifest-text.ts";
import type { RuleCase } from "./rule-case.ts";

const RISK = "compromisedCredentials: {eventAction: BLOCK}";
/** A relying party ID of `length` characters (127: two 63-character labels and a dot). */
const relyingParty = (length: number) => `${"a".repeat(63)}.${"b".repeat(length - 64)}`;

export const CLIENT_SECURITY_RULE_CASES: RuleCase[] = [
  {
    rule: "token-validity-range",
    failing: manifest(`
      clients:
        - name: web-app
          explicitAuthFlows: [ALLOW_USER_SRP_AUTH, ALLOW_REFRESH_TOKEN_AUTH]
          tokenValidity:
            accessToken: {value: 2, unit: days} # <-
    `),
    path: "spec.clients[0].tokenValidity.accessToken.value",
    passing: manifest(`
      clients:
        - name: web-app
          explicitAuthFlows: [ALLOW_USER_SRP_AUTH, ALLOW_REFRESH_TOKEN_AUTH]
          tokenValidity:
            accessToken: {value: 1, unit: days}
    `),
  },
  {
    // A refresh token may live less than a day, but not less than an hour.
    rule: "token-validity-range",
    failing: manifest(`
      clients:
        - name: web-app
          explicitAuthFlows: [ALLOW_USER_SRP_AUTH, ALLOW_REFRESH_TOKEN_AUTH]
          tokenValidity:
            refreshToken: {value: 30, unit: minutes} # <-
    `),
    path: "spec.clients[0].tokenValidity.refreshToken.value",
    passing: manifest(`
      clients:
        - name: web-app
          explicitAuthFlows: [ALLOW_USER_SRP_AUTH, ALLOW_REFRESH_TOKEN_AUTH]
          tokenValidity:
            refreshToken: {value: 60, unit: minutes}
    `),
  },
  {
    rule: "token-validity-replaces-field",
    failing: manifest(`
      clients:
        - name: web-app
          explicitAuthFlows: [ALLOW_USER_SRP_AUTH, ALLOW_REFRESH_TOKEN_AUTH]
          refreshTokenValidityDays: 7 # <-
          tokenValidity:
            refreshToken: {value: 12, unit: hours}
    `),
    path: "spec.clients[0].refreshTokenValidityDays",
    passing: manifest(`
      clients:
        - name: web-app
          explicitAuthFlows: [ALLOW_USER_SRP_AUTH, ALLOW_REFRESH_TOKEN_AUTH]
          accessTokenValidityMinutes: 30
          tokenValidity:
            refreshToken: {value: 12, unit: hours}
    `),
  },
  {
    rule: "token-validity-exceeds-refresh",
    failing: manifest(`
      clients:
        - name: web-app
          explicitAuthFlows: [ALLOW_USER_SRP_AUTH, ALLOW_REFRESH_TOKEN_AUTH]
          idTokenValidityMinutes: 120
          tokenValidity:
            refreshToken: {value: 1, unit: hours} # <-
    `),
    path: "spec.clients[0].tokenValidity.refreshToken",
    passing: manifest(`
      clients:
        - name: web-app
          explicitAuthFlows: [ALLOW_USER_SRP_AUTH, ALLOW_REFRESH_TOKEN_AUTH]
          idTokenValidityMinutes: 60
          tokenValidity:
            refreshToken: {value: 1, unit: hours}
    `),
  },
  {
    // Left out, userPoolTier puts a new pool on ESSENTIALS, which has no threat protection.
    rule: "client-risk-configuration-needs-plus",
    failing: manifest(`
      threatProtection: {standardAuthMode: ENFORCED}
      clients:
        - name: web-app
          explicitAuthFlows: [ALLOW_USER_SRP_AUTH, ALLOW_REFRESH_TOKEN_AUTH]
          riskConfiguration: # <-
            ${RISK}
    `),
    path: "spec.clients[0].riskConfiguration",
    passing: manifest(`
      userPoolTier: PLUS
      threatProtection: {standardAuthMode: ENFORCED}
      clients:
        - name: web-app
          explicitAuthFlows: [ALLOW_USER_SRP_AUTH, ALLOW_REFRESH_TOKEN_AUTH]
          riskConfiguration:
            ${RISK}
    `),
  },
  {
    rule: "client-risk-configuration-needs-plus",
    failing: manifest(`
      userPoolTier: ESSENTIALS
      clients:
        - name: web-app
          explicitAuthFlows: [ALLOW_USER_SRP_AUTH, ALLOW_REFRESH_TOKEN_AUTH]
          riskConfiguration: # <-
            ${RISK}
    `),
    path: "spec.clients[0].riskConfiguration",
    passing: manifest(`
      userPoolTier: PLUS
      clients:
        - name: web-app
          explicitAuthFlows: [ALLOW_USER_SRP_AUTH, ALLOW_REFRESH_TOKEN_AUTH]
          riskConfiguration:
            ${RISK}
    `),
  },
  {
    rule: "client-risk-configuration-empty",
    failing: manifest(`
      userPoolTier: PLUS
      threatProtection: {standardAuthMode: ENFORCED}
      clients:
        - name: web-app
          explicitAuthFlows: [ALLOW_USER_SRP_AUTH, ALLOW_REFRESH_TOKEN_AUTH]
          riskConfiguration: {} # <-
    `),
    path: "spec.clients[0].riskConfiguration",
    passing: manifest(`
      userPoolTier: PLUS
      threatProtection: {standardAuthMode: ENFORCED}
      clients:
        - name: web-app
          explicitAuthFlows: [ALLOW_USER_SRP_AUTH, ALLOW_REFRESH_TOKEN_AUTH]
          riskConfiguration: {${RISK}}
    `),
  },
  {
    rule: "client-risk-ip-range-format",
    failing: manifest(`
      userPoolTier: PLUS
      threatProtection: {standardAuthMode: ENFORCED}
      clients:
        - name: web-app
          explicitAuthFlows: [ALLOW_USER_SRP_AUTH, ALLOW_REFRESH_TOKEN_AUTH]
          riskConfiguration:
            riskExceptions:
              skippedIpRanges:
                - 10.0.0.0/33 # <-
    `),
    path: "spec.clients[0].riskConfiguration.riskExceptions.skippedIpRanges[0]",
    passing: manifest(`
      userPoolTier: PLUS
      threatProtection: {standardAuthMode: ENFORCED}
      clients:
        - name: web-app
          explicitAuthFlows: [ALLOW_USER_SRP_AUTH, ALLOW_REFRESH_TOKEN_AUTH]
          riskConfiguration:
            riskExceptions:
              skippedIpRanges: [10.0.0.0/8]
    `),
  },
  {
    rule: "client-risk-notify-needs-configuration",
    failing: manifest(`
      userPoolTier: PLUS
      threatProtection: {standardAuthMode: ENFORCED}
      clients:
        - name: web-app
          explicitAuthFlows: [ALLOW_USER_SRP_AUTH, ALLOW_REFRESH_TOKEN_AUTH]
          riskConfiguration:
            accountTakeover:
              highAction:
                eventAction: BLOCK
                notify: true # <-
    `),
    path: "spec.clients[0].riskConfiguration.accountTakeover.highAction.notify",
    passing: manifest(`
      userPoolTier: PLUS
      threatProtection: {standardAuthMode: ENFORCED}
      clients:
        - name: web-app
          explicitAuthFlows: [ALLOW_USER_SRP_AUTH, ALLOW_REFRESH_TOKEN_AUTH]
          riskConfiguration:
            accountTakeover:
              highAction: {eventAction: BLOCK, notify: false}
    `),
  },
  {
    rule: "client-risk-without-threat-protection",
    failing: manifest(`
      userPoolTier: PLUS
      clients:
        - name: web-app
          explicitAuthFlows: [ALLOW_USER_SRP_AUTH, ALLOW_REFRESH_TOKEN_AUTH]
          riskConfiguration: # <-
            ${RISK}
    `),
    path: "spec.clients[0].riskConfiguration",
    passing: manifest(`
      userPoolTier: PLUS
      threatProtection: {standardAuthMode: AUDIT}
      clients:
        - name: web-app
          explicitAuthFlows: [ALLOW_USER_SRP_AUTH, ALLOW_REFRESH_TOKEN_AUTH]
          riskConfiguration:
            ${RISK}
    `),
  },
  {
    rule: "refresh-token-rotation-disabled-grace-period",
    failing: manifest(`
      clients:
        - name: web-app
          explicitAuthFlows: [ALLOW_USER_SRP_AUTH, ALLOW_REFRESH_TOKEN_AUTH]
          refreshTokenRotation:
            feature: DISABLED
            retryGracePeriodSeconds: 10 # <-
    `),
    path: "spec.clients[0].refreshTokenRotation.retryGracePeriodSeconds",
    passing: manifest(`
      clients:
        - name: web-app
          explicitAuthFlows: [ALLOW_USER_SRP_AUTH, ALLOW_REFRESH_TOKEN_AUTH]
          refreshTokenRotation:
            feature: DISABLED
    `),
  },
  {
    // DISABLED refreshes through REFRESH_TOKEN_AUTH again, which the client must then allow.
    rule: "refresh-token-auth-required",
    failing: manifest(`
      clients:
        - name: web-app
          explicitAuthFlows: [ALLOW_USER_SRP_AUTH] # <-
          refreshTokenRotation: {feature: DISABLED}
    `),
    path: "spec.clients[0].explicitAuthFlows",
    passing: manifest(`
      clients:
        - name: web-app
          explicitAuthFlows: [ALLOW_USER_SRP_AUTH]
          refreshTokenRotation: {feature: ENABLED}
    `),
  },
  {
    // The correctness list of issue 18: botocore RelyingPartyIdType is 1-127 characters.
    rule: "out-of-range",
    failing: manifest(`
      userPoolTier: ESSENTIALS
      signInPolicy: {allowedFirstAuthFactors: [PASSWORD, WEB_AUTHN]}
      webAuthn:
        relyingPartyId: ${relyingParty(128)} # <-
      clients:
        - name: web-app
          explicitAuthFlows: [ALLOW_USER_AUTH, ALLOW_REFRESH_TOKEN_AUTH]
    `),
    path: "spec.webAuthn.relyingPartyId",
    passing: manifest(`
      userPoolTier: ESSENTIALS
      signInPolicy: {allowedFirstAuthFactors: [PASSWORD, WEB_AUTHN]}
      webAuthn:
        relyingPartyId: ${relyingParty(127)}
      clients:
        - name: web-app
          explicitAuthFlows: [ALLOW_USER_AUTH, ALLOW_REFRESH_TOKEN_AUTH]
    `),
  },
];
