// The customer pool with every setting cognito-action can express switched on: SMS with SMS MFA, threat
// protection for standard and custom authentication, the V2 pre-token trigger, custom email and SMS senders
// with their KMS key, a developer-only attribute, client analytics, user context data and a longer sign-in
// session, log delivery of both event sources and an AWS WAF web ACL. What a lossless
// adoption must carry over, all at once.
import { customerPool, REGION } from "./customer-pool.ts";
import type { StandInPool } from "./cognito-stand-in.ts";

const FUNCTION = `arn:aws:lambda:${REGION}:123456789012:function`;
export const SMS_ROLE = "arn:aws:iam::123456789012:role/acme-cognito-sms";
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
  Object.assign(api, { EnablePropagateAdditionalUserContextData: true, AuthSessionValidity: 10 });
  const web = pool.clients.find((client) => client.ClientName === "web-spa")!;
  web.AnalyticsConfiguration = {
    ApplicationArn: `arn:aws:mobiletargeting:${REGION}:123456789012:apps/0123456789abcdef0123456789abcdef`,
    UserDataShared: true,
  };
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
