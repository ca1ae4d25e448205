// The pool's feature plan (userPoolTier) and the choice-based sign-in it gates (beyond OpenMCF). Sources: botocore
// UserPoolTierType, SignInPolicyType, WebAuthnConfigurationType and the ExplicitAuthFlows doc, and the Developer
// Guide's feature plans and passwordless pages.
import { defineRule } from "./rule.ts";
import type { RuleHit } from "./rule.ts";
import type { Manifest } from "../schema.ts";

/** What a pool uses that its plan may not include, with where each sits. */
function essentialsFeatures(manifest: Manifest): RuleHit[] {
  const { spec } = manifest;
  const hits: RuleHit[] = [];
  const factors = spec.signInPolicy?.allowedFirstAuthFactors ?? [];
  factors.forEach((factor, index) => {
    if (factor !== "PASSWORD")
      hits.push({
        path: ["spec", "signInPolicy", "allowedFirstAuthFactors", index],
        message: `passwordless sign-in (${factor})`,
      });
  });
  if (spec.webAuthn) hits.push({ path: ["spec", "webAuthn"], message: "passkeys (webAuthn)" });
  if (spec.emailMfa) hits.push({ path: ["spec", "emailMfa"], message: "email MFA (emailMfa)" });
  // botocore CreateUserPoolDomainRequest.ManagedLoginVersion: version 2 is managed login, above LITE.
  if (spec.domain?.managedLoginVersion === 2)
    hits.push({
      path: ["spec", "domain", "managedLoginVersion"],
      message: "managed login (managedLoginVersion 2)",
    });
  spec.clients.forEach((client, clientIndex) => {
    const index = client.explicitAuthFlows.indexOf("ALLOW_USER_AUTH");
    if (index >= 0)
      hits.push({
        path: ["spec", "clients", clientIndex, "explicitAuthFlows", index],
        message: `choice-based sign-in (ALLOW_USER_AUTH on client ${JSON.stringify(client.name)})`,
      });
  });
  return hits;
}

export const featurePlanRules = [
  // botocore ExplicitAuthFlows doc: ALLOW_USER_AUTH needs Essentials or Plus (FeatureUnavailableInTierException);
  // DG feature plans: passwordless sign-in, passkeys and email MFA are Essentials features.
  defineRule("feature-above-tier", "error", (manifest) =>
    manifest.spec.userPoolTier === "LITE"
      ? essentialsFeatures(manifest).map((hit) => ({
          path: hit.path,
          message: `${hit.message} needs userPoolTier ESSENTIALS or PLUS; this pool is on LITE`,
        }))
      : [],
  ),

  // botocore SignInPolicyType / aws-cdk AllowedFirstAuthFactors ("password … must be true"): password sign-in
  // cannot be turned off; the other factors come in addition to it.
  defineRule("sign-in-policy-password-required", "error", ({ spec }) =>
    spec.signInPolicy && !spec.signInPolicy.allowedFirstAuthFactors.includes("PASSWORD")
      ? [
          {
            path: ["spec", "signInPolicy", "allowedFirstAuthFactors"],
            message: "allowedFirstAuthFactors must include PASSWORD; AWS offers the other factors beside it",
          },
        ]
      : [],
  ),

  // DG passwordless and email MFA pages: email one-time codes are sent through your own SES identity, so the pool
  // needs emailSendingAccount DEVELOPER.
  defineRule("email-otp-needs-developer-email", "error", ({ spec }) => {
    const index = spec.signInPolicy?.allowedFirstAuthFactors.indexOf("EMAIL_OTP") ?? -1;
    return index >= 0 && spec.emailConfiguration?.emailSendingAccount !== "DEVELOPER"
      ? [
          {
            path: ["spec", "signInPolicy", "allowedFirstAuthFactors", index],
            message:
              "EMAIL_OTP sends codes through Amazon SES: set emailConfiguration.emailSendingAccount DEVELOPER with a sourceArn",
          },
        ]
      : [];
  }),

  // DG authentication flows: the first factors of a sign-in policy are offered only through the USER_AUTH flow,
  // so without a client that allows ALLOW_USER_AUTH nobody can use them.
  defineRule("passwordless-needs-user-auth", "warning", ({ spec }) => {
    const factors = spec.signInPolicy?.allowedFirstAuthFactors ?? [];
    if (!factors.some((factor) => factor !== "PASSWORD")) return [];
    if (spec.clients.some((client) => client.explicitAuthFlows.includes("ALLOW_USER_AUTH"))) return [];
    return [
      {
        path: ["spec", "signInPolicy", "allowedFirstAuthFactors"],
        message:
          "no client allows ALLOW_USER_AUTH, the only flow that offers these sign-in factors; add it to a client's explicitAuthFlows",
      },
    ];
  }),

  // botocore WebAuthnConfigurationType: settings for the WEB_AUTHN factor, which does nothing unless the sign-in
  // policy allows it.
  defineRule("web-authn-without-factor", "warning", ({ spec }) =>
    spec.webAuthn && !(spec.signInPolicy?.allowedFirstAuthFactors ?? []).includes("WEB_AUTHN")
      ? [
          {
            path: ["spec", "webAuthn"],
            message:
              "webAuthn is configured but signInPolicy.allowedFirstAuthFactors does not include WEB_AUTHN, so no one can sign in with a passkey",
          },
        ]
      : [],
  ),

  // DG email MFA: codes are sent through your own SES identity (emailSendingAccount DEVELOPER); and AWS refuses a
  // configured factor while MFA is OFF ("can't turn off MFA and configure an MFA together").
  defineRule("email-mfa-needs-mfa-and-ses", "error", ({ spec }) => {
    if (!spec.emailMfa) return [];
    if (spec.mfaConfiguration === "OFF")
      return [
        {
          path: ["spec", "emailMfa"],
          message:
            "emailMfa needs mfaConfiguration OPTIONAL or ON; AWS refuses a configured factor with MFA OFF",
        },
      ];
    return spec.emailConfiguration?.emailSendingAccount === "DEVELOPER"
      ? []
      : [
          {
            path: ["spec", "emailMfa"],
            message:
              "emailMfa sends codes through Amazon SES: set emailConfiguration.emailSendingAccount DEVELOPER with a sourceArn",
          },
        ];
  }),

  // botocore EmailMfaConfigType: Message must contain {####} (6-20000 characters); Subject 1-140 characters.
  defineRule("email-mfa-message", "error", ({ spec }) => {
    const { message, subject } = spec.emailMfa ?? {};
    const hits = [];
    if (
      message !== undefined &&
      (!message.includes("{####}") || message.length < 6 || message.length > 20000)
    )
      hits.push({
        path: ["spec", "emailMfa", "message"],
        message:
          "emailMfa.message must contain {####}, where Cognito puts the code, and be 6-20000 characters",
      });
    if (subject !== undefined && (subject.length < 1 || subject.length > 140))
      hits.push({
        path: ["spec", "emailMfa", "subject"],
        message: "emailMfa.subject must be 1-140 characters",
      });
    return hits;
  }),

  // botocore EmailMfaConfigType / AccountRecoverySettingType docs: a user who signs in with email MFA cannot
  // also recover the account by email (the same factor would do both), so verified_email stops counting for them.
  defineRule("email-mfa-recovery", "warning", ({ spec }) => {
    if (!spec.emailMfa) return [];
    const index = spec.accountRecoveryMechanisms.findIndex(
      (mechanism) => mechanism.name === "verified_email",
    );
    return index < 0
      ? []
      : [
          {
            path: ["spec", "accountRecoveryMechanisms", index, "name"],
            message:
              "with emailMfa, users who use email as their MFA factor cannot recover their account by email; add verified_phone_number (with smsConfiguration) or admin_only recovery for them",
          },
        ];
  }),

  // webAuthn relying party with managed login on a custom domain: passkeys are registered on the sign-in page's
  // domain, so the relying party must be that domain (botocore WebAuthnConfigurationType.RelyingPartyId doc).
  defineRule("relying-party-matches-domain", "error", ({ spec }) => {
    const relyingParty = spec.webAuthn?.relyingPartyId;
    const domain = spec.domain;
    if (relyingParty === undefined || !domain || domain.managedLoginVersion !== 2) return [];
    if (!domain.domain.includes(".") || relyingParty === domain.domain) return [];
    return [
      {
        path: ["spec", "webAuthn", "relyingPartyId"],
        message: `with managed login on the custom domain ${domain.domain}, passkeys are registered there: set webAuthn.relyingPartyId to ${domain.domain}`,
      },
    ];
  }),

  // botocore RefreshTokenRotationType: with rotation enabled, tokens are refreshed through
  // GetTokensFromRefreshToken only, and AWS refuses ALLOW_REFRESH_TOKEN_AUTH on the same client.
  // Left empty, explicitAuthFlows is AWS's default set, which includes ALLOW_REFRESH_TOKEN_AUTH (botocore
  // ExplicitAuthFlows doc: "ALLOW_USER_SRP_AUTH, ALLOW_CUSTOM_AUTH, and ALLOW_REFRESH_TOKEN_AUTH" by default).
  defineRule("refresh-token-rotation-auth-flow", "error", ({ spec }) =>
    spec.clients.every((client) => client.refreshTokenRotation === undefined)
      ? []
      : spec.clients.flatMap((client, clientIndex) => {
          if (client.refreshTokenRotation?.feature === "ENABLED" && client.explicitAuthFlows.length === 0)
            return [
              {
                path: ["spec", "clients", clientIndex, "refreshTokenRotation", "feature"],
                message: `client ${JSON.stringify(client.name)} rotates refresh tokens but leaves explicitAuthFlows to AWS's default, which includes ALLOW_REFRESH_TOKEN_AUTH: list its flows without it (e.g. [ALLOW_USER_SRP_AUTH])`,
              },
            ];
          const index = client.explicitAuthFlows.indexOf("ALLOW_REFRESH_TOKEN_AUTH");
          return client.refreshTokenRotation?.feature === "ENABLED" && index >= 0
            ? [
                {
                  path: ["spec", "clients", clientIndex, "explicitAuthFlows", index],
                  message: `client ${JSON.stringify(client.name)} rotates refresh tokens, which refresh through GetTokensFromRefreshToken: remove ALLOW_REFRESH_TOKEN_AUTH`,
                },
              ]
            : [];
        }),
  ),
];
