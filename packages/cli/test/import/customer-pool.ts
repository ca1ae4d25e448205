// A realistic production pool as Cognito's API describes it: made in the console years ago, two app clients
// (a public SPA and a confidential server with a secret), a prefix domain, custom attributes, 48,213 users,
// a resource server, groups, a Google identity provider (with its client secret, as AWS returns it), templates,
// email MFA, threat protection in audit mode with a risk configuration, device tracking, password history
// and tags of its own.
import type { StandInPool } from "./cognito-stand-in.ts";

export const REGION = "us-east-1";
export const POOL_ID = "us-east-1_Xq7Rm2KpL";
export const POOL_ARN = `arn:aws:cognito-idp:${REGION}:123456789012:userpool/${POOL_ID}`;
export const WEB_CLIENT_ID = "5f2kq8n1v7c3m9x0b4h6j2l8pd";
export const API_CLIENT_ID = "1r9t3y5u7i2o4p6a8s0d2f4gh1";
/** The confidential client's secret: it must appear nowhere import writes. */
export const API_CLIENT_SECRET = "q9w8e7r6t5y4u3i2o1p0a9s8d7f6g5h4j3k2l1z0x9c8v7b6n5m4";
export const SES_ARN = "arn:aws:ses:us-east-1:123456789012:identity/accounts@acme-shop.example";
/** The Google identity provider's client secret: it must appear nowhere import writes either. */
export const GOOGLE_CLIENT_SECRET = "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";
export const PRE_SIGN_UP_ARN = "arn:aws:lambda:us-east-1:123456789012:function:acme-pre-sign-up";

const created = 1_591_712_400.123; // 2020-06-09, as epoch seconds
const modified = 1_761_820_800.5;

const stringAttribute = (name: string, required: boolean, mutable = true) => ({
  Name: name,
  AttributeDataType: "String",
  DeveloperOnlyAttribute: false,
  Mutable: mutable,
  Required: required,
  StringAttributeConstraints: { MinLength: "0", MaxLength: "2048" },
});

/** The pool, its clients, domain and lists. */
export function customerPool(): StandInPool {
  return {
    pool: {
      Id: POOL_ID,
      Name: "acme-customers",
      Arn: POOL_ARN,
      Policies: {
        PasswordPolicy: {
          MinimumLength: 10,
          RequireUppercase: true,
          RequireLowercase: true,
          RequireNumbers: true,
          RequireSymbols: false,
          PasswordHistorySize: 5,
          TemporaryPasswordValidityDays: 3,
        },
        SignInPolicy: { AllowedFirstAuthFactors: ["PASSWORD", "EMAIL_OTP"] },
      },
      DeletionProtection: "ACTIVE",
      LambdaConfig: { PreSignUp: PRE_SIGN_UP_ARN },
      LastModifiedDate: modified,
      CreationDate: created,
      SchemaAttributes: [
        {
          ...stringAttribute("sub", true, false),
          StringAttributeConstraints: { MinLength: "1", MaxLength: "2048" },
        },
        stringAttribute("name", false),
        stringAttribute("given_name", false),
        stringAttribute("family_name", false),
        stringAttribute("email", true),
        {
          Name: "email_verified",
          AttributeDataType: "Boolean",
          DeveloperOnlyAttribute: false,
          Mutable: true,
          Required: false,
        },
        stringAttribute("phone_number", false),
        {
          Name: "updated_at",
          AttributeDataType: "Number",
          DeveloperOnlyAttribute: false,
          Mutable: true,
          Required: false,
          NumberAttributeConstraints: { MinValue: "0" },
        },
        {
          Name: "custom:tenant_id",
          AttributeDataType: "String",
          DeveloperOnlyAttribute: false,
          Mutable: false,
          Required: false,
          StringAttributeConstraints: { MinLength: "1", MaxLength: "64" },
        },
        {
          Name: "custom:plan",
          AttributeDataType: "String",
          DeveloperOnlyAttribute: false,
          Mutable: true,
          Required: false,
          StringAttributeConstraints: { MinLength: "0", MaxLength: "32" },
        },
        {
          Name: "custom:loyalty_points",
          AttributeDataType: "Number",
          DeveloperOnlyAttribute: false,
          Mutable: true,
          Required: false,
          NumberAttributeConstraints: { MinValue: "0", MaxValue: "1000000" },
        },
      ],
      AutoVerifiedAttributes: ["email"],
      UsernameAttributes: ["email"],
      VerificationMessageTemplate: {
        EmailMessage: "Your Acme verification code is {####}",
        EmailSubject: "Your Acme verification code",
        DefaultEmailOption: "CONFIRM_WITH_CODE",
      },
      UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: ["email"] },
      MfaConfiguration: "OPTIONAL",
      DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true },
      EstimatedNumberOfUsers: 48_213,
      EmailConfiguration: {
        SourceArn: SES_ARN,
        EmailSendingAccount: "DEVELOPER",
        From: "Acme Shop <accounts@acme-shop.example>",
        ReplyToEmailAddress: "support@acme-shop.example",
      },
      UserPoolTags: { team: "identity", "cost-center": "cc-4711" },
      Domain: "acme-customers-login",
      AdminCreateUserConfig: {
        AllowAdminCreateUserOnly: false,
        UnusedAccountValidityDays: 3,
        InviteMessageTemplate: {
          EmailSubject: "Welcome to Acme",
          EmailMessage: "Your username is {username} and temporary password is {####}.",
        },
      },
      UserPoolAddOns: { AdvancedSecurityMode: "AUDIT" },
      UsernameConfiguration: { CaseSensitive: false },
      AccountRecoverySetting: { RecoveryMechanisms: [{ Priority: 1, Name: "verified_email" }] },
      UserPoolTier: "PLUS",
    },
    mfa: {
      SoftwareTokenMfaConfiguration: { Enabled: true },
      EmailMfaConfiguration: {
        Subject: "Your Acme sign-in code",
        Message: "Your Acme sign-in code is {####}",
      },
      WebAuthnConfiguration: { UserVerification: "preferred" },
      MfaConfiguration: "OPTIONAL",
    },
    clients: [
      {
        UserPoolId: POOL_ID,
        ClientName: "web-spa",
        ClientId: WEB_CLIENT_ID,
        LastModifiedDate: modified,
        CreationDate: created,
        RefreshTokenValidity: 30,
        AccessTokenValidity: 60,
        IdTokenValidity: 1,
        TokenValidityUnits: { AccessToken: "minutes", IdToken: "hours", RefreshToken: "days" },
        ReadAttributes: ["custom:plan", "email", "email_verified", "name"],
        WriteAttributes: ["email", "name"],
        ExplicitAuthFlows: ["ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_AUTH", "ALLOW_USER_SRP_AUTH"],
        SupportedIdentityProviders: ["COGNITO", "Google"],
        CallbackURLs: ["https://shop.acme.example/auth/callback", "http://localhost:3000/auth/callback"],
        LogoutURLs: ["https://shop.acme.example/"],
        DefaultRedirectURI: "https://shop.acme.example/auth/callback",
        AllowedOAuthFlows: ["code"],
        AllowedOAuthScopes: ["email", "openid", "profile"],
        AllowedOAuthFlowsUserPoolClient: true,
        PreventUserExistenceErrors: "ENABLED",
        EnableTokenRevocation: true,
        EnablePropagateAdditionalUserContextData: false,
        AuthSessionValidity: 3,
      },
      {
        UserPoolId: POOL_ID,
        ClientName: "api-server",
        ClientId: API_CLIENT_ID,
        ClientSecret: API_CLIENT_SECRET,
        LastModifiedDate: modified,
        CreationDate: created,
        RefreshTokenValidity: 30,
        AccessTokenValidity: 30,
        IdTokenValidity: 60,
        TokenValidityUnits: { AccessToken: "minutes", IdToken: "minutes", RefreshToken: "days" },
        SupportedIdentityProviders: ["COGNITO"],
        AllowedOAuthFlows: ["client_credentials"],
        AllowedOAuthScopes: ["orders/read", "orders/write"],
        AllowedOAuthFlowsUserPoolClient: true,
        PreventUserExistenceErrors: "ENABLED",
        EnableTokenRevocation: true,
        EnablePropagateAdditionalUserContextData: false,
        AuthSessionValidity: 3,
      },
    ],
    domain: {
      UserPoolId: POOL_ID,
      AWSAccountId: "123456789012",
      Domain: "acme-customers-login",
      S3Bucket: "aws-cognito-prod-iad-assets",
      CloudFrontDistribution: "d3oia8etllorh5.cloudfront.net",
      Version: "20200609120000",
      Status: "ACTIVE",
      ManagedLoginVersion: 1,
    },
    resourceServers: [
      {
        UserPoolId: POOL_ID,
        Identifier: "orders",
        Name: "Orders API",
        Scopes: [
          { ScopeName: "read", ScopeDescription: "Read orders" },
          { ScopeName: "write", ScopeDescription: "Create and change orders" },
        ],
      },
    ],
    identityProviders: [
      {
        UserPoolId: POOL_ID,
        ProviderName: "Google",
        ProviderType: "Google",
        ProviderDetails: {
          client_id: "480112233445-acme0shop1login.apps.googleusercontent.com",
          client_secret: GOOGLE_CLIENT_SECRET,
          authorize_scopes: "openid email profile",
          // Cognito fills in Google's endpoints itself and returns them with the keys given.
          attributes_url: "https://people.googleapis.com/v1/people/me?personFields=",
          attributes_url_add_attributes: "true",
          authorize_url: "https://accounts.google.com/o/oauth2/v2/auth",
          oidc_issuer: "https://accounts.google.com",
          token_request_method: "POST",
          token_url: "https://www.googleapis.com/oauth2/v4/token",
        },
        AttributeMapping: { email: "email", username: "sub", given_name: "given_name" },
        IdpIdentifiers: [],
        LastModifiedDate: modified,
        CreationDate: created,
      },
    ],
    riskConfiguration: {
      CompromisedCredentialsRiskConfiguration: {
        EventFilter: ["SIGN_IN", "PASSWORD_CHANGE"],
        Actions: { EventAction: "BLOCK" },
      },
      AccountTakeoverRiskConfiguration: {
        NotifyConfiguration: {
          SourceArn: SES_ARN,
          From: "Acme Shop <accounts@acme-shop.example>",
          BlockEmail: {
            Subject: "We blocked a sign-in to your Acme account",
            HtmlBody: "<p>We blocked a sign-in attempt from {ip-address}.</p>",
            TextBody: "We blocked a sign-in attempt from {ip-address}.",
          },
        },
        Actions: {
          HighAction: { Notify: true, EventAction: "BLOCK" },
          MediumAction: { Notify: false, EventAction: "MFA_IF_CONFIGURED" },
        },
      },
      RiskExceptionConfiguration: { SkippedIPRangeList: ["198.51.100.0/24"] },
    },
    groups: [
      {
        GroupName: "admins",
        UserPoolId: POOL_ID,
        Description: "Shop administrators",
        Precedence: 1,
        RoleArn: "arn:aws:iam::123456789012:role/acme-shop-admins",
        LastModifiedDate: modified,
        CreationDate: created,
      },
      {
        GroupName: "support-agents",
        UserPoolId: POOL_ID,
        Description: "Customer support",
        Precedence: 10,
        LastModifiedDate: modified,
        CreationDate: created,
      },
    ],
  };
}
