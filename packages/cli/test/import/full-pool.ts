// The customer pool with every setting cognito-action can express switched on: SMS with SMS MFA, threat
// protection for standard and custom authentication, the V2 pre-token trigger, custom email and SMS senders
// with their KMS key, a developer-only attribute, and client analytics, user context data, a longer sign-in
// session, token lifetimes in hours and a client's own risk configuration; managed login (version 2) with a
// branding style per client that signs users in, and the classic hosted UI's CSS and logo it kept from before
// (the pool's and a client's own); log delivery of both event sources and an AWS WAF web ACL. What a lossless
// adoption must carry over, all at once.
import { customerPool, REGION, WEB_CLIENT_ID } from "./customer-pool.ts";
import type { StandInPool } from "./cognito-stand-in.ts";

const FUNCTION = `arn:aws:lambda:${REGION}:123456789012:function`;
export const SMS_ROLE = "arn:aws:iam::123456789012:role/acme-cognito-sms";
/** A 1x1 PNG, Base64: the branding style's logo and the classic hosted UI's. */
export const LOGO_PNG =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";
/** The style's ID (botocore ManagedLoginBrandingIdType, a version 4 UUID). */
export const WEB_STYLE_ID = "4f1c2b3a-5d6e-4f70-8a91-b2c3d4e5f607";
export const KMS_KEY = `arn:aws:kms:${REGION}:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
export const LOG_GROUP = `arn:aws:logs:${REGION}:123456789012:log-group:/aws/vendedlogs/cognito/acme-customers`;
export const LOG_STREAM = `arn:aws:firehose:${REGION}:123456789012:deliverystream/acme-customers-auth-events`;
export const WEB_ACL = `arn:aws:wafv2:${REGION}:123456789012:regional/webacl/acme-customers/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b`;

/** The full pool, as Cognito's API describes it. */
export function fullPool(): StandInPool {
  const pool = customerPool();
  const sms = { SnsCallerArn: SMS_ROLE, ExternalId: "acme-customers-sms", SnsRegion: REGION };
  Object.assign(pool.pool, {
    AutoVerifiedAttributes: ["email", "phone_number"],
    SmsConfiguration: sms,
    SmsAuthenticationMessage: "Your Acme sign-in code is {####}",
    UserPoolAddOns: {
      AdvancedSecurityMode: "ENFORCED",
      AdvancedSecurityAdditionalFlows: { CustomAuthMode: "AUDIT" },
    },
    LambdaConfig: {
      PreSignUp: `${FUNCTION}:acme-pre-sign-up`,
      PreTokenGeneration: `${FUNCTION}:acme-pre-token`,
      PreTokenGenerationConfig: { LambdaArn: `${FUNCTION}:acme-pre-token`, LambdaVersion: "V2_0" },
      CustomEmailSender: { LambdaArn: `${FUNCTION}:acme-email-sender`, LambdaVersion: "V1_0" },
      CustomSMSSender: { LambdaArn: `${FUNCTION}:acme-sms-sender`, LambdaVersion: "V1_0" },
      KMSKeyID: KMS_KEY,
    },
  });
  (pool.pool.SchemaAttributes as Record<string, unknown>[]).push({
    Name: "dev:custom:risk_score",
    AttributeDataType: "Number",
    DeveloperOnlyAttribute: true,
    Mutable: true,
    Required: false,
    NumberAttributeConstraints: { MinValue: "0", MaxValue: "100" },
  });
  pool.mfa = {
    ...pool.mfa,
    SmsMfaConfiguration: {
      SmsAuthenticationMessage: "Your Acme sign-in code is {####}",
      SmsConfiguration: sms,
    },
  };
  const api = pool.clients.find((client) => client.ClientName === "api-server")!;
  Object.assign(api, {
    EnablePropagateAdditionalUserContextData: true,
    AuthSessionValidity: 10,
    // Lifetimes the OpenMCF fields cannot hold: a refresh token of 12 hours, an access token of 1 hour.
    AccessTokenValidity: 1,
    RefreshTokenValidity: 12,
    TokenValidityUnits: { AccessToken: "hours", IdToken: "minutes", RefreshToken: "hours" },
  });
  // The server-side client's own threat protection responses, stricter than the pool's.
  pool.clientRiskConfigurations = {
    [api.ClientId]: {
      CompromisedCredentialsRiskConfiguration: {
        EventFilter: ["SIGN_IN", "PASSWORD_CHANGE"],
        Actions: { EventAction: "BLOCK" },
      },
      AccountTakeoverRiskConfiguration: {
        Actions: {
          LowAction: { EventAction: "MFA_IF_CONFIGURED", Notify: false },
          MediumAction: { EventAction: "BLOCK", Notify: false },
          HighAction: { EventAction: "BLOCK", Notify: false },
        },
      },
    },
  };
  const web = pool.clients.find((client) => client.ClientName === "web-spa")!;
  web.AnalyticsConfiguration = {
    ApplicationArn: `arn:aws:mobiletargeting:${REGION}:123456789012:apps/0123456789abcdef0123456789abcdef`,
    UserDataShared: true,
  };
  // Managed login, styled for the client users sign in with (api-server signs in with client_credentials only).
  pool.domain = { ...pool.domain!, ManagedLoginVersion: 2 };
  pool.brandings = {
    [WEB_CLIENT_ID]: {
      ManagedLoginBrandingId: WEB_STYLE_ID,
      UseCognitoProvidedValues: false,
      Settings: {
        components: {
          primaryButton: { lightMode: { defaults: { backgroundColor: "0972d3ff", textColor: "ffffffff" } } },
          pageBackground: { image: { enabled: true } },
        },
        categories: { global: { colorSchemeMode: "LIGHT" } },
      },
      Assets: [
        { Category: "FORM_LOGO", ColorMode: "LIGHT", Extension: "PNG", Bytes: LOGO_PNG },
        { Category: "PAGE_BACKGROUND", ColorMode: "DARK", Extension: "PNG", Bytes: LOGO_PNG },
      ],
    },
  };
  // The classic hosted UI's customization, kept from before managed login: the pool's CSS and logo, and web-spa's CSS.
  pool.uiCustomizations = {
    ALL: {
      CSS: ".banner-customizable {\n  background-color: #0972d3;\n}\n.submitButton-customizable:hover {\n  background-color: #033160;\n}",
      ImageUrl: "/images/acme-logo.png",
      CSSVersion: "20240101000000",
    },
    [WEB_CLIENT_ID]: { CSS: ".logo-customizable {\n  max-width: 60%;\n}", CSSVersion: "20240101000000" },
  };
  pool.images = { "/images/acme-logo.png": LOGO_PNG };
  pool.logConfigurations = [
    {
      EventSource: "userNotification",
      LogLevel: "ERROR",
      CloudWatchLogsConfiguration: { LogGroupArn: LOG_GROUP },
    },
    { EventSource: "userAuthEvents", LogLevel: "INFO", FirehoseConfiguration: { StreamArn: LOG_STREAM } },
  ];
  pool.webAcl = {
    Name: "acme-customers",
    Id: "0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b",
    ARN: WEB_ACL,
    DefaultAction: { Allow: {} },
    Rules: [],
    VisibilityConfig: {
      SampledRequestsEnabled: true,
      CloudWatchMetricsEnabled: true,
      MetricName: "acme-customers",
    },
    Capacity: 0,
  };
  return pool;
}
