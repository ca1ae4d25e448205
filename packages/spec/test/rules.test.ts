// Every rule id, each with a manifest that breaks it (the finding's line is marked `# <-`) and a close variant
// that does not. A rule added to MANIFEST_RULES without a case here fails the coverage test at the bottom.
import { describe, expect, it } from "vitest";
import { MANIFEST_RULES, validateSources } from "../src/index.ts";
import type { Finding } from "../src/index.ts";
import { dedent, manifest, markedLine, sourcesOf } from "./manifest-text.ts";
import { PRODUCTION_POOL_CASES } from "./production-pool-rule-cases.ts";
import { LOG_DELIVERY_CASES } from "./log-delivery-rule-cases.ts";
import { WEB_ACL_ASSOCIATION_CASES } from "./web-acl-association-rule-cases.ts";

/** Findings about the YAML itself and the manifest's structure, reported outside MANIFEST_RULES. */
const STRUCTURAL_RULES = [
  "yaml-syntax",
  "yaml-duplicate-key",
  "yaml-merge-key",
  "yaml-alias-limit",
  "yaml-too-deep",
  "empty-file",
  "empty-document",
  "document-not-mapping",
  "unknown-kind",
  "unknown-key",
  "required",
  "invalid-type",
  "invalid-value",
  "out-of-range",
];
/** Findings that need every document at once. */
const CROSS_DOCUMENT_RULES = ["value-from-unresolved", "value-from-ambiguous", "stack-collision"];

interface RuleCase {
  rule: string;
  /** Triggers the rule. Several texts are several files; the finding is expected in the first. */
  failing: string | readonly string[];
  /** JSON path of the finding, expected on the line of the failing text marked `# <-`. */
  path: string;
  /** A close variant of `failing` that must not trigger the rule at all. */
  passing: string | readonly string[];
}

const VALID_LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:pre-sign-up";
const VALID_SES = "arn:aws:ses:us-east-1:123456789012:identity/noreply@example.com";
const VALID_CERTIFICATE =
  "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d";

/** An OAuth code-flow client that breaks no rule, for cases that change one of its fields. */
function oauthClient(overrides: { flows?: string; scopes?: string; extra?: string } = {}): string {
  return `
    clients:
      - name: web-app
        allowedOauthFlowsUserPoolClient: true
        allowedOauthFlows: ${overrides.flows ?? "[code]"}
        allowedOauthScopes: ${overrides.scopes ?? "[openid, email]"}
        callbackUrls: [https://app.example.com/callback]
        explicitAuthFlows: [ALLOW_USER_SRP_AUTH, ALLOW_REFRESH_TOKEN_AUTH]
${overrides.extra ?? ""}`;
}

/** A machine-to-machine client: client_credentials with a secret and resource-server scopes. */
function machineClient(overrides: { flows?: string; scopes?: string; secret?: boolean } = {}): string {
  return `
    clients:
      - name: api-server
        generateSecret: ${overrides.secret ?? true}
        allowedOauthFlowsUserPoolClient: true
        allowedOauthFlows: ${overrides.flows ?? "[client_credentials]"} # <-
        allowedOauthScopes: ${overrides.scopes ?? "[api/read, api/write]"}
  `;
}

/** Metadata whose stack name says production. */
function productionMetadata(stackName = "prod.AwsCognitoUserPool.my-auth"): string {
  return `
    name: my-auth
    labels:
      pulumi.openmcf.org/organization: acme
      pulumi.openmcf.org/project: identity
      pulumi.openmcf.org/stack.name: ${stackName}
  `;
}

/** Any marker comment removed: for passing variants built from a failing text. */
function unmarked(text: string): string {
  return text.replace(/ # <-$/gm, "");
}

/** A resource server `api` with read and write scopes, as a spec body fragment. */
const API_SERVER = `
    resourceServers:
      - identifier: api
        name: Acme API
        scopes:
          - {name: read, description: Read access}
          - {name: write, description: Write access}
`;

/** A Google provider whose secret comes from the environment; `extra` lines go into its providerDetails. */
function googleProvider(overrides: { name?: string; secret?: string; details?: string } = {}): string {
  return `
    identityProviders:
      - providerName: ${overrides.name ?? "Google"}
        providerType: Google
        providerDetails:
          client_id: 1234-abc.apps.googleusercontent.com
          client_secret: ${overrides.secret ?? "{valueFromEnv: GOOGLE_CLIENT_SECRET}"}
          authorize_scopes: openid email profile
${overrides.details ?? ""}`;
}

/** A hosted-UI client that signs in with COGNITO and the given providers. */
function federatedClient(providers = "[COGNITO, Google]"): string {
  return oauthClient({ extra: `        supportedIdentityProviders: ${providers}` });
}

/** An SES sender, for features that need emailSendingAccount DEVELOPER. */
const SES_EMAIL = `emailConfiguration:\n  emailSendingAccount: DEVELOPER\n  sourceArn: ${VALID_SES}\n`;

/** `body` (indented YAML) after the SES sender. */
function withSes(body: string): string {
  return SES_EMAIL + dedent(body);
}

const cases: RuleCase[] = [
  // --- Pool -------------------------------------------------------------------------------------------
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

  // --- Email ------------------------------------------------------------------------------------------
  {
    rule: "email-developer-needs-source-arn",
    failing: manifest(`
      emailConfiguration:
        emailSendingAccount: DEVELOPER # <-
    `),
    path: "spec.emailConfiguration.emailSendingAccount",
    passing: manifest(`
      emailConfiguration:
        emailSendingAccount: DEVELOPER
        sourceArn: ${VALID_SES}
    `),
  },
  {
    rule: "email-from-needs-developer",
    failing: manifest(`
      emailConfiguration:
        fromEmailAddress: noreply@example.com # <-
    `),
    path: "spec.emailConfiguration.fromEmailAddress",
    passing: manifest(`
      emailConfiguration:
        emailSendingAccount: DEVELOPER
        sourceArn: ${VALID_SES}
        fromEmailAddress: noreply@example.com
    `),
  },
  {
    rule: "email-from-format",
    failing: manifest(`
      emailConfiguration:
        emailSendingAccount: DEVELOPER
        sourceArn: ${VALID_SES}
        fromEmailAddress: noreply at example.com # <-
    `),
    path: "spec.emailConfiguration.fromEmailAddress",
    passing: manifest(`
      emailConfiguration:
        emailSendingAccount: DEVELOPER
        sourceArn: ${VALID_SES}
        fromEmailAddress: "Acme <noreply@example.com>"
    `),
  },
  {
    rule: "email-reply-to-format",
    failing: manifest(`
      emailConfiguration:
        replyToEmailAddress: help desk@example.com # <-
    `),
    path: "spec.emailConfiguration.replyToEmailAddress",
    passing: manifest(`
      emailConfiguration:
        replyToEmailAddress: help-desk@example.com
    `),
  },
  {
    rule: "email-configuration-set-format",
    failing: manifest(`
      emailConfiguration:
        emailSendingAccount: DEVELOPER
        sourceArn: ${VALID_SES}
        configurationSet: sign up metrics # <-
    `),
    path: "spec.emailConfiguration.configurationSet",
    passing: manifest(`
      emailConfiguration:
        emailSendingAccount: DEVELOPER
        sourceArn: ${VALID_SES}
        configurationSet: sign_up-metrics
    `),
  },
  {
    rule: "email-configuration-set-needs-developer",
    failing: manifest(`
      emailConfiguration:
        configurationSet: sign-up-metrics # <-
    `),
    path: "spec.emailConfiguration.configurationSet",
    passing: manifest(`
      emailConfiguration:
        emailSendingAccount: DEVELOPER
        sourceArn: ${VALID_SES}
        configurationSet: sign-up-metrics
    `),
  },
  {
    rule: "email-source-arn-format",
    failing: manifest(`
      emailConfiguration:
        emailSendingAccount: DEVELOPER
        sourceArn: arn:aws:ses:us-east-1:123456789012:configuration-set/metrics # <-
    `),
    path: "spec.emailConfiguration.sourceArn",
    passing: manifest(`
      emailConfiguration:
        emailSendingAccount: DEVELOPER
        sourceArn: arn:aws:ses:us-east-1:123456789012:identity/example.com
    `),
  },
  {
    rule: "email-ses-region",
    failing: manifest(`
      region: eu-central-1
      emailConfiguration:
        emailSendingAccount: DEVELOPER
        sourceArn: arn:aws:ses:ap-southeast-2:123456789012:identity/noreply@example.com # <-
    `),
    path: "spec.emailConfiguration.sourceArn",
    // Pools outside the own-region-only list may use one of the shared SES regions.
    passing: manifest(`
      region: eu-central-1
      emailConfiguration:
        emailSendingAccount: DEVELOPER
        sourceArn: arn:aws:ses:eu-west-1:123456789012:identity/noreply@example.com
    `),
  },
  {
    rule: "email-ses-region",
    // us-west-1 must send from its own region, even though us-east-1 is a shared SES region.
    failing: manifest(`
      region: us-west-1
      emailConfiguration:
        emailSendingAccount: DEVELOPER
        sourceArn: ${VALID_SES} # <-
    `),
    path: "spec.emailConfiguration.sourceArn",
    passing: manifest(`
      region: us-west-1
      emailConfiguration:
        emailSendingAccount: DEVELOPER
        sourceArn: arn:aws:ses:us-west-1:123456789012:identity/noreply@example.com
    `),
  },
  {
    rule: "email-ses-region",
    // Same region name shape, other partition: a GovCloud pool cannot use a commercial identity.
    failing: manifest(`
      region: us-gov-west-1
      emailConfiguration:
        emailSendingAccount: DEVELOPER
        sourceArn: arn:aws:ses:us-gov-west-1:123456789012:identity/noreply@example.com # <-
    `),
    path: "spec.emailConfiguration.sourceArn",
    passing: manifest(`
      region: us-gov-west-1
      emailConfiguration:
        emailSendingAccount: DEVELOPER
        sourceArn: arn:aws-us-gov:ses:us-gov-west-1:123456789012:identity/noreply@example.com
    `),
  },

  // --- Custom attributes ------------------------------------------------------------------------------
  {
    rule: "custom-attribute-name-format",
    failing: manifest(`
      customAttributes:
        - name: custom:tier # <-
          attributeDataType: String
    `),
    path: "spec.customAttributes[0].name",
    passing: manifest(`
      customAttributes:
        - name: tier
          attributeDataType: String
    `),
  },
  {
    rule: "custom-attribute-name-format",
    failing: manifest(`
      customAttributes:
        - name: subscription_tier_name # <-
          attributeDataType: String
    `),
    path: "spec.customAttributes[0].name",
    passing: manifest(`
      customAttributes:
        - name: subscription_tier_nm
          attributeDataType: String
    `),
  },
  {
    rule: "custom-attribute-unique",
    failing: manifest(`
      customAttributes:
        - name: tier
          attributeDataType: String
        - name: tier # <-
          attributeDataType: Number
    `),
    path: "spec.customAttributes[1].name",
    passing: manifest(`
      customAttributes:
        - name: tier
          attributeDataType: String
        - name: tier_level
          attributeDataType: Number
    `),
  },
  {
    rule: "custom-attribute-required",
    failing: manifest(`
      customAttributes:
        - name: tier
          attributeDataType: String
          required: true # <-
    `),
    path: "spec.customAttributes[0].required",
    // An overridden standard attribute may be required.
    passing: manifest(`
      customAttributes:
        - name: given_name
          attributeDataType: String
          required: true
    `),
  },
  {
    rule: "standard-attribute-type",
    failing: manifest(`
      customAttributes:
        - name: email_verified
          attributeDataType: String # <-
    `),
    path: "spec.customAttributes[0].attributeDataType",
    passing: manifest(`
      customAttributes:
        - name: email_verified
          attributeDataType: Boolean
    `),
  },
  {
    rule: "constraints-type-mismatch",
    failing: manifest(`
      customAttributes:
        - name: score
          attributeDataType: Number
          stringMaxLength: 10 # <-
    `),
    path: "spec.customAttributes[0].stringMaxLength",
    passing: manifest(`
      customAttributes:
        - name: score
          attributeDataType: Number
          numberMaxValue: 10
    `),
  },
  {
    rule: "string-constraints",
    failing: manifest(`
      customAttributes:
        - name: bio
          attributeDataType: String
          stringMaxLength: 4096 # <-
    `),
    path: "spec.customAttributes[0].stringMaxLength",
    passing: manifest(`
      customAttributes:
        - name: bio
          attributeDataType: String
          stringMaxLength: 2048
    `),
  },
  {
    rule: "string-constraints",
    failing: manifest(`
      customAttributes:
        - name: bio
          attributeDataType: String
          stringMinLength: "20" # <-
          stringMaxLength: "10"
    `),
    path: "spec.customAttributes[0].stringMinLength",
    passing: manifest(`
      customAttributes:
        - name: bio
          attributeDataType: String
          stringMinLength: "10"
          stringMaxLength: "10"
    `),
  },
  {
    rule: "number-constraints",
    failing: manifest(`
      customAttributes:
        - name: score
          attributeDataType: Number
          numberMinValue: 100 # <-
          numberMaxValue: -100
    `),
    path: "spec.customAttributes[0].numberMinValue",
    passing: manifest(`
      customAttributes:
        - name: score
          attributeDataType: Number
          numberMinValue: -100
          numberMaxValue: 100
    `),
  },
  {
    rule: "number-constraints",
    failing: manifest(`
      customAttributes:
        - name: score
          attributeDataType: Number
          numberMaxValue: 2.5 # <-
    `),
    path: "spec.customAttributes[0].numberMaxValue",
    passing: manifest(`
      customAttributes:
        - name: score
          attributeDataType: Number
          numberMaxValue: 25
    `),
  },

  // --- Lambda triggers --------------------------------------------------------------------------------
  {
    rule: "lambda-arn-format",
    failing: manifest(`
      lambdaConfig:
        preSignUp: arn:aws:lambda:us-east-1:123456789012:layer:pre-sign-up # <-
    `),
    path: "spec.lambdaConfig.preSignUp",
    passing: manifest(`
      lambdaConfig:
        preSignUp: ${VALID_LAMBDA}:live
    `),
  },
  {
    rule: "lambda-region",
    failing: manifest(`
      lambdaConfig:
        postConfirmation: # <-
          value: arn:aws:lambda:us-west-2:123456789012:function:welcome
    `),
    path: "spec.lambdaConfig.postConfirmation",
    passing: manifest(`
      lambdaConfig:
        postConfirmation:
          value: arn:aws:lambda:us-east-1:123456789012:function:welcome
    `),
  },
  {
    rule: "lambda-partition",
    failing: manifest(`
      lambdaConfig:
        postConfirmation: # <-
          value: arn:aws-cn:lambda:cn-north-1:123456789012:function:welcome
    `),
    path: "spec.lambdaConfig.postConfirmation",
    passing: manifest(`
      lambdaConfig:
        postConfirmation:
          value: arn:aws:lambda:eu-west-1:123456789012:function:welcome
    `),
  },

  // --- Clients ----------------------------------------------------------------------------------------
  {
    rule: "client-name-format",
    failing: manifest(`
      clients:
        - name: web/app # <-
    `),
    path: "spec.clients[0].name",
    passing: manifest(`
      clients:
        - name: web app@acme
    `),
  },
  {
    rule: "client-name-unique",
    failing: manifest(`
      clients:
        - name: web-app
        - name: mobile
        - name: web-app # <-
    `),
    path: "spec.clients[2].name",
    passing: manifest(`
      clients:
        - name: web-app
        - name: mobile
        - name: web-app-2
    `),
  },
  {
    rule: "oauth-disabled-settings",
    failing: manifest(`
      clients:
        - name: web-app
          callbackUrls: # <-
            - https://app.example.com/callback
    `),
    path: "spec.clients[0].callbackUrls",
    passing: manifest(oauthClient()),
  },
  {
    rule: "oauth-flows-and-scopes-required",
    failing: manifest(`
      clients:
        - name: web-app
          allowedOauthFlowsUserPoolClient: true # <-
          allowedOauthFlows: [code]
          callbackUrls: [https://app.example.com/callback]
    `),
    path: "spec.clients[0].allowedOauthFlowsUserPoolClient",
    passing: manifest(`
      clients:
        - name: web-app
          allowedOauthFlowsUserPoolClient: true
          allowedOauthFlows: [code]
          allowedOauthScopes: [openid]
          callbackUrls: [https://app.example.com/callback]
    `),
  },
  {
    rule: "callback-url-required",
    failing: manifest(`
      clients:
        - name: web-app
          allowedOauthFlowsUserPoolClient: true
          allowedOauthFlows: [code] # <-
          allowedOauthScopes: [openid]
    `),
    path: "spec.clients[0].allowedOauthFlows",
    passing: manifest(`
      clients:
        - name: web-app
          allowedOauthFlowsUserPoolClient: true
          allowedOauthFlows: [code]
          allowedOauthScopes: [openid]
          callbackUrls: [myapp://callback]
    `),
  },
  {
    rule: "client-credentials-exclusive",
    failing: manifest(machineClient({ flows: "[client_credentials, code]" })),
    path: "spec.clients[0].allowedOauthFlows",
    passing: manifest(unmarked(machineClient())),
  },
  {
    rule: "client-credentials-needs-secret",
    failing: manifest(machineClient({ secret: false })),
    path: "spec.clients[0].allowedOauthFlows",
    passing: manifest(unmarked(machineClient({ secret: true }))),
  },
  {
    rule: "client-credentials-custom-scopes",
    failing: manifest(`
      clients:
        - name: api-server
          generateSecret: true
          allowedOauthFlowsUserPoolClient: true
          allowedOauthFlows: [client_credentials]
          allowedOauthScopes: [api/read, openid] # <-
    `),
    path: "spec.clients[0].allowedOauthScopes[1]",
    passing: manifest(unmarked(machineClient({ scopes: "[api/read, api/openid]" }))),
  },
  {
    rule: "scope-format",
    failing: manifest(oauthClient({ scopes: '[openid, "api/read write"] # <-' })),
    path: "spec.clients[0].allowedOauthScopes[1]",
    passing: manifest(oauthClient({ scopes: "[openid, api/read.write]" })),
  },
  {
    rule: "scope-unknown",
    failing: manifest(oauthClient({ scopes: "[openid, emails] # <-" })),
    path: "spec.clients[0].allowedOauthScopes[1]",
    passing: manifest(oauthClient({ scopes: "[openid, email]" })),
  },
  {
    rule: "scope-needs-openid",
    failing: manifest(oauthClient({ scopes: "[email, profile] # <-" })),
    path: "spec.clients[0].allowedOauthScopes[0]",
    passing: manifest(oauthClient({ scopes: "[openid, email, profile]" })),
  },
  {
    rule: "scope-resource-server-undeclared",
    failing: manifest(oauthClient({ scopes: "[openid, api/read, api/write] # <-" })),
    path: "spec.clients[0].allowedOauthScopes[1]",
    passing: manifest(oauthClient({ scopes: "[openid, aws.cognito.signin.user.admin]" })),
  },
  {
    rule: "redirect-url-format",
    failing: manifest(`
      clients:
        - name: web-app
          allowedOauthFlowsUserPoolClient: true
          allowedOauthFlows: [code]
          allowedOauthScopes: [openid]
          callbackUrls: [https://app.example.com/callback]
          logoutUrls:
            - https://app.example.com/logout
            - http://app.example.com/logout # <-
    `),
    path: "spec.clients[0].logoutUrls[1]",
    // Plain http is allowed for loopback hosts.
    passing: manifest(`
      clients:
        - name: web-app
          allowedOauthFlowsUserPoolClient: true
          allowedOauthFlows: [code]
          allowedOauthScopes: [openid]
          callbackUrls: [https://app.example.com/callback]
          logoutUrls:
            - https://app.example.com/logout
            - http://localhost:3000/logout
    `),
  },
  {
    rule: "redirect-url-format",
    failing: manifest(`
      clients:
        - name: web-app
          allowedOauthFlowsUserPoolClient: true
          allowedOauthFlows: [code]
          allowedOauthScopes: [openid]
          callbackUrls:
            - https://app.example.com/callback#done # <-
    `),
    path: "spec.clients[0].callbackUrls[0]",
    passing: manifest(`
      clients:
        - name: web-app
          allowedOauthFlowsUserPoolClient: true
          allowedOauthFlows: [code]
          allowedOauthScopes: [openid]
          callbackUrls:
            - https://app.example.com/callback?done
    `),
  },
  {
    rule: "default-redirect-uri",
    failing: manifest(
      oauthClient({ extra: "        defaultRedirectUri: https://app.example.com/home # <-\n" }),
    ),
    path: "spec.clients[0].defaultRedirectUri",
    passing: manifest(
      oauthClient({ extra: "        defaultRedirectUri: https://app.example.com/callback\n" }),
    ),
  },
  {
    rule: "identity-provider-format",
    failing: manifest(`
      clients:
        - name: web-app
          supportedIdentityProviders:
            - COGNITO
            - CorporateActiveDirectoryFederation # <-
    `),
    path: "spec.clients[0].supportedIdentityProviders[1]",
    passing: manifest(`
      clients:
        - name: web-app
          supportedIdentityProviders:
            - COGNITO
            - CorporateActiveDirectory
    `),
  },
  {
    rule: "identity-provider-undeclared",
    failing: manifest(`
      clients:
        - name: web-app
          supportedIdentityProviders: [COGNITO, Google] # <-
    `),
    path: "spec.clients[0].supportedIdentityProviders[1]",
    passing: manifest(`
      clients:
        - name: web-app
          supportedIdentityProviders: [COGNITO]
    `),
  },
  {
    rule: "refresh-token-auth-required",
    failing: manifest(`
      clients:
        - name: web-app
          explicitAuthFlows: [ALLOW_USER_SRP_AUTH] # <-
    `),
    path: "spec.clients[0].explicitAuthFlows",
    passing: manifest(`
      clients:
        - name: web-app
          explicitAuthFlows: [ALLOW_USER_SRP_AUTH, ALLOW_REFRESH_TOKEN_AUTH]
    `),
  },
  {
    rule: "implicit-grant-discouraged",
    failing: manifest(oauthClient({ flows: "[code, implicit] # <-" })),
    path: "spec.clients[0].allowedOauthFlows[1]",
    passing: manifest(oauthClient({ flows: "[code]" })),
  },
  {
    rule: "user-password-auth-discouraged",
    failing: manifest(`
      clients:
        - name: web-app
          explicitAuthFlows:
            - ALLOW_USER_PASSWORD_AUTH # <-
            - ALLOW_REFRESH_TOKEN_AUTH
    `),
    path: "spec.clients[0].explicitAuthFlows[0]",
    passing: manifest(`
      clients:
        - name: web-app
          explicitAuthFlows:
            - ALLOW_ADMIN_USER_PASSWORD_AUTH
            - ALLOW_REFRESH_TOKEN_AUTH
    `),
  },

  // --- Domain -----------------------------------------------------------------------------------------
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

  // --- References and stacks --------------------------------------------------------------------------
  {
    rule: "value-from-field-path",
    failing: manifest(`
      lambdaConfig:
        preSignUp:
          valueFrom:
            name: pre-sign-up
            fieldPath: outputs.function_arn # <-
    `),
    path: "spec.lambdaConfig.preSignUp.valueFrom.fieldPath",
    passing: manifest(`
      lambdaConfig:
        preSignUp:
          valueFrom:
            name: pre-sign-up
            fieldPath: status.outputs.function_arn
    `),
  },
  {
    rule: "stack-label-format",
    failing: manifest("", {
      metadata: `
        name: my-auth
        labels:
          pulumi.openmcf.org/organization: acme
          pulumi.openmcf.org/project: identity platform # <-
          pulumi.openmcf.org/stack.name: dev.AwsCognitoUserPool.my-auth
      `,
    }),
    path: 'metadata.labels["pulumi.openmcf.org/project"]',
    passing: manifest("", {
      metadata: `
        name: my-auth
        labels:
          pulumi.openmcf.org/organization: acme
          pulumi.openmcf.org/project: identity_platform
          pulumi.openmcf.org/stack.name: dev.AwsCognitoUserPool.my-auth
      `,
    }),
  },
  {
    rule: "stack-labels-missing",
    failing: manifest("", {
      metadata: `
        name: my-auth
        labels: # <-
          pulumi.openmcf.org/organization: acme
          pulumi.openmcf.org/project: identity
      `,
    }),
    path: "metadata.labels",
    passing: manifest(""),
  },
  {
    rule: "stack-labels-missing",
    // No labels at all: the finding points at the nearest key that exists.
    failing: manifest("", { metadata: "name: my-auth" }).replace("metadata:", "metadata: # <-"),
    path: "metadata.labels",
    passing: manifest(""),
  },
  {
    rule: "prod-deletion-protection",
    failing: manifest(
      `
      deletionProtection: false # <-
      emailConfiguration:
        emailSendingAccount: DEVELOPER
        sourceArn: ${VALID_SES}
    `,
      { metadata: productionMetadata() },
    ),
    path: "spec.deletionProtection",
    // "product" is not a production word.
    passing: manifest("deletionProtection: false", {
      metadata: productionMetadata("product.AwsCognitoUserPool.my-auth"),
    }),
  },
  {
    rule: "prod-deletion-protection",
    failing: manifest("deletionProtection: false # <-", { metadata: productionMetadata("acme-prd") }),
    path: "spec.deletionProtection",
    passing: manifest("deletionProtection: true", { metadata: productionMetadata("acme-prd") }),
  },
  {
    rule: "prod-cognito-default-email",
    failing: manifest(
      `
      deletionProtection: true
      emailConfiguration:
        emailSendingAccount: COGNITO_DEFAULT # <-
    `,
      { metadata: productionMetadata() },
    ),
    path: "spec.emailConfiguration.emailSendingAccount",
    passing: manifest(
      `
      deletionProtection: true
      emailConfiguration:
        emailSendingAccount: DEVELOPER
        sourceArn: ${VALID_SES}
    `,
      { metadata: productionMetadata() },
    ),
  },
  {
    rule: "prod-cognito-default-email",
    // Without emailConfiguration the default sender is used; the finding points at spec.
    failing: manifest("deletionProtection: true", { metadata: productionMetadata() }).replace(
      "spec:",
      "spec: # <-",
    ),
    path: "spec",
    passing: manifest("deletionProtection: true", { metadata: productionMetadata("staging-eu") }),
  },

  // --- The YAML itself --------------------------------------------------------------------------------
  {
    rule: "yaml-syntax",
    failing: manifest("region: us-east-1: us-west-2 # <-"),
    path: "",
    passing: manifest('region: "us-east-1"'),
  },
  {
    rule: "yaml-syntax",
    failing: manifest("region: us-east-1")
      .replace("  region:", "\tregion:")
      .replace(/^\tregion.*$/m, "$& # <-"),
    path: "",
    passing: manifest("region: us-east-1"),
  },
  {
    rule: "yaml-merge-key",
    // A client built from a shared block by a merge key: refused by name, not as an unknown field "<<".
    failing: manifest(`
      clients:
        - &base
          name: web-app
          explicitAuthFlows: [ALLOW_USER_SRP_AUTH, ALLOW_REFRESH_TOKEN_AUTH]
        - <<: *base # <-
          name: mobile-app
    `),
    path: 'spec.clients[1]["<<"]',
    passing: manifest(`
      clients:
        - name: web-app
          explicitAuthFlows: &flows [ALLOW_USER_SRP_AUTH, ALLOW_REFRESH_TOKEN_AUTH]
        - name: mobile-app
          explicitAuthFlows: *flows
    `),
  },
  {
    rule: "yaml-duplicate-key",
    failing: manifest(`
      region: us-east-1
      mfaConfiguration: OFF
      region: eu-west-1 # <-
    `),
    path: "",
    passing: manifest(`
      region: eu-west-1
      mfaConfiguration: OFF
    `),
  },
  {
    rule: "yaml-alias-limit",
    // Each level repeats the one before ten times: 10^4 strings from a few lines ("billion laughs").
    failing: `apiVersion: aws.openmcf.org/v1 # <-
kind: AwsCognitoUserPool
x1: &x1 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]
x2: &x2 [*x1, *x1, *x1, *x1, *x1, *x1, *x1, *x1, *x1, *x1]
x3: &x3 [*x2, *x2, *x2, *x2, *x2, *x2, *x2, *x2, *x2, *x2]
x4: [*x3, *x3, *x3, *x3, *x3, *x3, *x3, *x3, *x3, *x3]
`,
    path: "",
    // A few aliases for repeated values are ordinary YAML.
    passing: manifest(`
      clients:
        - name: web-app
          allowedOauthFlowsUserPoolClient: true
          allowedOauthFlows: [code]
          allowedOauthScopes: &scopes [openid, email]
          callbackUrls: &urls [https://app.example.com/callback]
          logoutUrls: *urls
        - name: mobile
          allowedOauthFlowsUserPoolClient: true
          allowedOauthFlows: [code]
          allowedOauthScopes: *scopes
          callbackUrls: [myapp://callback]
    `),
  },
  {
    rule: "yaml-too-deep",
    failing: manifest(`region: ${"[".repeat(2000)}${"]".repeat(2000)} # <-`),
    path: "",
    passing: manifest(`
      customAttributes: [[[[[[[[[[]]]]]]]]]]
    `),
  },
  {
    rule: "empty-file",
    failing: "# <-\n# Nothing here yet: the manifest is still being written.\n",
    path: "",
    passing: "--- # a document with one key\nname: placeholder\n",
  },
  {
    rule: "empty-document",
    failing: `--- # <-\n---\n${manifest("")}`,
    path: "",
    passing: `---\n${manifest("")}`,
  },
  {
    rule: "document-not-mapping",
    failing: manifest("")
      .replace(/^/gm, "  ")
      .replace(/^ {2}apiVersion.*$/m, "- apiVersion: aws.openmcf.org/v1 # <-"),
    path: "",
    passing: manifest(""),
  },
  {
    rule: "document-not-mapping",
    failing: "AwsCognitoUserPool # <-\n",
    path: "",
    passing: "kind: AwsCognitoUserPool\napiVersion: v1\n",
  },

  // --- Structure: the schema --------------------------------------------------------------------------
  {
    rule: "unknown-kind",
    failing: manifest("").replace("kind: AwsCognitoUserPool", "kind: AwsCognitoUserpool # <-"),
    path: "kind",
    passing: manifest("").replace("kind: AwsCognitoUserPool", "kind: AwsLambda"),
  },
  {
    rule: "unknown-key",
    failing: manifest("mfaConfig: OFF # <-"),
    path: "spec.mfaConfig",
    passing: manifest("mfaConfiguration: OFF"),
  },
  {
    rule: "unknown-key",
    failing: manifest(`
      clients:
        - name: web-app
          callback_urls: [https://app.example.com/callback] # <-
    `),
    path: "spec.clients[0].callback_urls",
    passing: manifest(oauthClient()),
  },
  {
    rule: "required",
    failing: manifest(`
      clients:
        - explicitAuthFlows: [ALLOW_USER_SRP_AUTH, ALLOW_REFRESH_TOKEN_AUTH] # <-
    `),
    path: "spec.clients[0].name",
    passing: manifest(`
      clients:
        - explicitAuthFlows: [ALLOW_USER_SRP_AUTH, ALLOW_REFRESH_TOKEN_AUTH]
          name: web-app
    `),
  },
  {
    rule: "required",
    // A missing field is reported at its parent's key.
    failing: manifest("").replace("  region: us-east-1\n", "").replace("spec:", "spec: # <-"),
    path: "spec.region",
    passing: manifest(""),
  },
  {
    rule: "invalid-type",
    failing: manifest(`
      clients:
        - name: web-app
          accessTokenValidityMinutes: "60" # <-
    `),
    path: "spec.clients[0].accessTokenValidityMinutes",
    passing: manifest(`
      clients:
        - name: web-app
          accessTokenValidityMinutes: 60
    `),
  },
  {
    rule: "invalid-type",
    failing: manifest(`
      lambdaConfig:
        preSignUp: 42 # <-
    `),
    path: "spec.lambdaConfig.preSignUp",
    passing: manifest(`
      lambdaConfig:
        preSignUp: "${VALID_LAMBDA}"
    `),
  },
  {
    rule: "invalid-value",
    failing: manifest(`
      mfaConfiguration: REQUIRED # <-
      softwareTokenMfaEnabled: true
    `),
    path: "spec.mfaConfiguration",
    passing: manifest(`
      mfaConfiguration: ON
      softwareTokenMfaEnabled: true
    `),
  },
  {
    rule: "out-of-range",
    failing: manifest(`
      clients:
        - name: web-app
          refreshTokenValidityDays: 0 # <-
    `),
    path: "spec.clients[0].refreshTokenValidityDays",
    passing: manifest(`
      clients:
        - name: web-app
          refreshTokenValidityDays: 1
    `),
  },
  {
    rule: "out-of-range",
    failing: manifest(`
      passwordPolicy:
        minimumLength: 100 # <-
    `),
    path: "spec.passwordPolicy.minimumLength",
    passing: manifest(`
      passwordPolicy:
        minimumLength: 99
    `),
  },

  // --- Across documents -------------------------------------------------------------------------------
  {
    rule: "value-from-unresolved",
    failing: [
      manifest(`
        lambdaConfig:
          preSignUp: # <-
            valueFrom:
              name: pre-sign-up
      `),
      lambdaManifest("post-confirmation"),
    ],
    path: "spec.lambdaConfig.preSignUp",
    passing: [
      manifest(`
        lambdaConfig:
          preSignUp:
            valueFrom:
              name: pre-sign-up
      `),
      lambdaManifest("pre-sign-up"),
    ],
  },
  {
    rule: "value-from-unresolved",
    // A reference that names an env must find a manifest with that env.
    failing: [
      manifest(`
        domain:
          domain: auth.example.com
          certificateArn: # <-
            valueFrom:
              name: auth-certificate
              env: prod
      `),
      certificateManifest("auth-certificate", "staging"),
    ],
    path: "spec.domain.certificateArn",
    passing: [
      manifest(`
        domain:
          domain: auth.example.com
          certificateArn:
            valueFrom:
              name: auth-certificate
              env: prod
      `),
      certificateManifest("auth-certificate", "prod"),
    ],
  },
  {
    rule: "value-from-ambiguous",
    // Two AwsLambda post-confirm manifests on different stacks: without env the reference cannot choose.
    failing: [
      manifest(`
        lambdaConfig:
          postConfirmation: # <-
            valueFrom:
              name: post-confirm
      `),
      lambdaManifest("post-confirm", "dev"),
      lambdaManifest("post-confirm", "prod"),
    ],
    path: "spec.lambdaConfig.postConfirmation",
    passing: [
      manifest(`
        lambdaConfig:
          postConfirmation:
            valueFrom:
              name: post-confirm
              env: prod
      `),
      lambdaManifest("post-confirm", "dev"),
      lambdaManifest("post-confirm", "prod"),
    ],
  },
  {
    rule: "stack-collision",
    failing: [
      manifest("", {
        metadata: `
          name: my-auth # <-
          labels:
            pulumi.openmcf.org/organization: acme
            pulumi.openmcf.org/project: identity
            pulumi.openmcf.org/stack.name: dev
        `,
      }),
      manifest("", {
        metadata: `
          name: other-auth
          labels:
            pulumi.openmcf.org/organization: acme
            pulumi.openmcf.org/project: identity
            pulumi.openmcf.org/stack.name: dev
        `,
      }),
    ],
    path: "metadata.name",
    passing: [
      manifest("", {
        metadata: `
          name: my-auth
          labels:
            pulumi.openmcf.org/organization: acme
            pulumi.openmcf.org/project: identity
            pulumi.openmcf.org/stack.name: dev
        `,
      }),
      manifest("", {
        metadata: `
          name: other-auth
          labels:
            pulumi.openmcf.org/organization: acme
            pulumi.openmcf.org/project: identity
            pulumi.openmcf.org/stack.name: dev-other
        `,
      }),
    ],
  },
  {
    rule: "stack-collision",
    // Without labels both fall back to organization/cognito/<metadata.name>.
    failing: [manifest("", { metadata: "name: my-auth # <-" }), manifest("", { metadata: "name: my-auth" })],
    path: "metadata.name",
    passing: [manifest("", { metadata: "name: my-auth" }), manifest("", { metadata: "name: your-auth" })],
  },
  // --- Adoption ---------------------------------------------------------------------------------------
  {
    rule: "adopt-user-pool-id-format",
    failing: adopted({ poolId: "AbCdEf123 # <-" }),
    path: "spec.adopt.userPoolId",
    passing: adopted(),
  },
  {
    rule: "adopt-user-pool-id-required",
    // Taking over a stack alone needs no pool ID; adopting deployed clients does (their import IDs start with it).
    failing: manifest(`
      clients: [{name: web-app}]
      adopt:
        stack: true
        clientIds: # <-
          web-app: 3n4b5c6d7e8f9g0h1i2j3k4l5m
    `),
    path: "spec.adopt.clientIds",
    passing: manifest(`
      clients: [{name: web-app}]
      adopt:
        stack: true
    `),
  },
  {
    rule: "adopt-user-pool-region",
    failing: adopted({ poolId: "eu-west-1_AbCdEf123 # <-" }),
    path: "spec.adopt.userPoolId",
    passing: adopted({ poolId: "us-east-1_AbCdEf123" }),
  },
  {
    rule: "adopt-client-id-format",
    failing: adopted({ clientIds: "web-app: 3n4b-5c6d # <-" }),
    path: "spec.adopt.clientIds.web-app",
    passing: adopted({ clientIds: "web-app: 3n4b5c6d7e8f9g0h1i2j3k4l5m" }),
  },
  {
    rule: "adopt-client-unknown",
    failing: adopted({ clientIds: "web-ap: 3n4b5c6d7e8f9g0h1i2j3k4l5m # <-" }),
    path: "spec.adopt.clientIds.web-ap",
    passing: adopted({ clientIds: "web-app: 3n4b5c6d7e8f9g0h1i2j3k4l5m" }),
  },
  {
    rule: "adopt-part-unknown",
    failing: adopted({
      clientIds:
        "web-app: 3n4b5c6d7e8f9g0h1i2j3k4l5m\n      groups: [admins]\n      resourceServers:\n        - order # <-",
      extra: "resourceServers: [{identifier: orders, name: Orders}]\n    groups: [{name: admins}]",
    }),
    path: "spec.adopt.resourceServers[0]",
    passing: adopted({
      clientIds:
        "web-app: 3n4b5c6d7e8f9g0h1i2j3k4l5m\n      groups: [admins]\n      resourceServers: [orders]",
      extra: "resourceServers: [{identifier: orders, name: Orders}]\n    groups: [{name: admins}]",
    }),
  },
  {
    rule: "adopt-part-not-listed",
    failing: adopted({ extra: "groups:\n      - name: admins # <-" }),
    path: "spec.groups[0].name",
    passing: adopted({
      clientIds: "web-app: 3n4b5c6d7e8f9g0h1i2j3k4l5m\n      groups: [admins]",
      extra: "groups:\n      - name: admins",
    }),
  },
  {
    rule: "adopt-client-id-duplicate",
    failing: adopted({
      clients: "[{name: web-app}, {name: mobile-app}]",
      clientIds: "web-app: 3n4b5c6d7e8f9g0h1i2j3k4l5m\n        mobile-app: 3n4b5c6d7e8f9g0h1i2j3k4l5m # <-",
    }),
    path: "spec.adopt.clientIds.mobile-app",
    passing: adopted({
      clients: "[{name: web-app}, {name: mobile-app}]",
      clientIds: "web-app: 3n4b5c6d7e8f9g0h1i2j3k4l5m\n        mobile-app: 7p8q9r0s1t2u3v4w5x6y7z8a9b",
    }),
  },
  {
    rule: "adopt-client-not-listed",
    failing: adopted({ clients: "\n      - name: web-app # <-", clientIds: "{}" }),
    path: "spec.clients[0].name",
    passing: adopted({ clients: "\n      - name: web-app" }),
  },
  {
    rule: "adopt-marker-one-time",
    failing: adopted({ marker: "adopt: # <-" }),
    path: "spec.adopt",
    passing: manifest(""),
  },
  // --- Beyond OpenMCF: resource servers ---------------------------------------------------------------
  {
    rule: "resource-server-identifier-format",
    failing: manifest(`
      resourceServers:
        - identifier: my api # <-
          name: Acme API
    `),
    path: "spec.resourceServers[0].identifier",
    passing: manifest(`
      resourceServers:
        - identifier: https://api.example.com
          name: Acme API
    `),
  },
  {
    rule: "resource-server-name-format",
    failing: manifest(`
      resourceServers:
        - identifier: api
          name: Acme/API # <-
    `),
    path: "spec.resourceServers[0].name",
    passing: manifest(`
      resourceServers:
        - identifier: api
          name: Acme API v2.0
    `),
  },
  {
    rule: "resource-server-scope-format",
    failing: manifest(`
      resourceServers:
        - identifier: api
          name: Acme API
          scopes:
            - name: read/all # <-
              description: Read everything
    `),
    path: "spec.resourceServers[0].scopes[0].name",
    passing: manifest(`
      resourceServers:
        - identifier: api
          name: Acme API
          scopes:
            - name: read.all
              description: Read everything
    `),
  },
  {
    rule: "resource-server-identifier-unique",
    failing: manifest(`
      resourceServers:
        - identifier: api
          name: Acme API
        - identifier: api # <-
          name: Acme API again
    `),
    path: "spec.resourceServers[1].identifier",
    passing: manifest(`
      resourceServers:
        - identifier: api
          name: Acme API
        - identifier: billing
          name: Billing API
    `),
  },
  {
    rule: "resource-server-scope-unique",
    failing: manifest(`
      resourceServers:
        - identifier: api
          name: Acme API
          scopes:
            - {name: read, description: Read}
            - {name: read, description: Read again} # <-
    `),
    path: "spec.resourceServers[0].scopes[1].name",
    passing: manifest(`
      resourceServers:
        - identifier: api
          name: Acme API
          scopes:
            - {name: read, description: Read}
            - {name: write, description: Write}
    `),
  },
  {
    rule: "scope-resource-server-missing",
    failing: manifest(
      `${API_SERVER}${machineClient({ scopes: "[api/read, api/delete]", flows: "[client_credentials]" }).replace("api/delete]", "api/delete] # <-").replace("[client_credentials] # <-", "[client_credentials]")}`,
    ),
    path: "spec.clients[0].allowedOauthScopes[1]",
    passing: manifest(`${API_SERVER}${unmarked(machineClient())}`),
  },
  // --- Beyond OpenMCF: identity providers -------------------------------------------------------------
  {
    rule: "identity-provider-name-format",
    failing: manifest(`
      identityProviders:
        - providerName: _corp # <-
          providerType: SAML
          providerDetails: {MetadataURL: https://idp.example.com/metadata}
      ${federatedClient("[COGNITO, _corp]").trim()}
    `),
    path: "spec.identityProviders[0].providerName",
    passing: manifest(`
      identityProviders:
        - providerName: corp-sso
          providerType: SAML
          providerDetails: {MetadataURL: https://idp.example.com/metadata}
      ${federatedClient("[COGNITO, corp-sso]").trim()}
    `),
  },
  {
    rule: "identity-provider-social-name",
    failing: manifest(
      `${googleProvider({ name: "google-login # <-" })}${federatedClient("[COGNITO, google-login]")}`,
    ),
    path: "spec.identityProviders[0].providerName",
    passing: manifest(`${googleProvider()}${federatedClient()}`),
  },
  {
    rule: "identity-provider-name-unique",
    failing: manifest(`
      identityProviders:
        - providerName: corp
          providerType: SAML
          providerDetails: {MetadataURL: https://idp.example.com/metadata}
        - providerName: corp # <-
          providerType: OIDC
          providerDetails:
            client_id: abc
            client_secret: {valueFromEnv: CORP_SECRET}
            attributes_request_method: GET
            oidc_issuer: https://corp.example.com
            authorize_scopes: openid
      ${federatedClient("[COGNITO, corp]").trim()}
    `),
    path: "spec.identityProviders[1].providerName",
    passing: manifest(`
      identityProviders:
        - providerName: corp
          providerType: SAML
          providerDetails: {MetadataURL: https://idp.example.com/metadata}
        - providerName: corp-oidc
          providerType: OIDC
          providerDetails:
            client_id: abc
            client_secret: {valueFromEnv: CORP_SECRET}
            attributes_request_method: GET
            oidc_issuer: https://corp.example.com
            authorize_scopes: openid
      ${federatedClient("[COGNITO, corp, corp-oidc]").trim()}
    `),
  },
  {
    rule: "identity-provider-details-required",
    failing: manifest(`
      identityProviders:
        - providerName: SignInWithApple
          providerType: SignInWithApple
          providerDetails: # <-
            client_id: com.example.web
            team_id: ABCDE12345
            authorize_scopes: email name
      ${federatedClient("[COGNITO, SignInWithApple]").trim()}
    `),
    path: "spec.identityProviders[0].providerDetails",
    passing: manifest(`
      identityProviders:
        - providerName: SignInWithApple
          providerType: SignInWithApple
          providerDetails:
            client_id: com.example.web
            team_id: ABCDE12345
            key_id: KEY1234567
            private_key: {valueFromEnv: APPLE_PRIVATE_KEY}
            authorize_scopes: email name
      ${federatedClient("[COGNITO, SignInWithApple]").trim()}
    `),
  },
  {
    rule: "identity-provider-secret-plaintext",
    failing: manifest(`${googleProvider({ secret: "GOCSPX-abcdefghijkl # <-" })}${federatedClient()}`),
    path: "spec.identityProviders[0].providerDetails.client_secret",
    passing: manifest(`${googleProvider()}${federatedClient()}`),
  },
  {
    rule: "identity-provider-unknown",
    failing: manifest(`${googleProvider()}${federatedClient("[COGNITO, Google, Okta] # <-")}`),
    path: "spec.clients[0].supportedIdentityProviders[2]",
    passing: manifest(`${googleProvider()}${federatedClient("[COGNITO, Google]")}`),
  },
  {
    rule: "identity-provider-unused",
    failing: manifest(`
      identityProviders:
        - providerName: Google # <-
          providerType: Google
          providerDetails:
            client_id: 1234-abc.apps.googleusercontent.com
            client_secret: {valueFromEnv: GOOGLE_CLIENT_SECRET}
            authorize_scopes: openid email profile
      ${federatedClient("[COGNITO]").trim()}
    `),
    path: "spec.identityProviders[0].providerName",
    passing: manifest(`${googleProvider()}${federatedClient()}`),
  },
  // --- Beyond OpenMCF: groups -------------------------------------------------------------------------
  {
    rule: "group-name-format",
    failing: manifest(`
      groups:
        - name: site admins # <-
    `),
    path: "spec.groups[0].name",
    passing: manifest(`
      groups:
        - name: site-admins
    `),
  },
  {
    rule: "group-name-unique",
    failing: manifest(`
      groups:
        - name: admins
        - name: admins # <-
    `),
    path: "spec.groups[1].name",
    passing: manifest(`
      groups:
        - name: admins
        - name: readers
    `),
  },
  {
    rule: "group-role-arn-format",
    failing: manifest(`
      groups:
        - name: admins
          roleArn: arn:aws:iam::123456789012:user/admin # <-
    `),
    path: "spec.groups[0].roleArn",
    passing: manifest(`
      groups:
        - name: admins
          roleArn: {value: "arn:aws:iam::123456789012:role/admins"}
    `),
  },
  // --- Beyond OpenMCF: messages -----------------------------------------------------------------------
  {
    rule: "verification-message-placeholder",
    failing: manifest(
      withSes(`
      verificationMessageTemplate:
        emailMessage: Your verification code is {###} # <-
    `),
    ),
    path: "spec.verificationMessageTemplate.emailMessage",
    passing: manifest(
      withSes(`
      verificationMessageTemplate:
        emailMessage: Your verification code is {####}
    `),
    ),
  },
  {
    rule: "invite-message-placeholder",
    failing: manifest(
      withSes(`
      inviteMessageTemplate:
        emailMessage: Your temporary password is {####} # <-
    `),
    ),
    path: "spec.inviteMessageTemplate.emailMessage",
    passing: manifest(
      withSes(`
      inviteMessageTemplate:
        emailMessage: Hello {username}, your temporary password is {####}
    `),
    ),
  },
  {
    rule: "message-template-length",
    failing: manifest(`
      verificationMessageTemplate:
        smsMessage: "${"Your code is {####}. ".repeat(8)}" # <-
    `),
    path: "spec.verificationMessageTemplate.smsMessage",
    passing: manifest(`
      verificationMessageTemplate:
        smsMessage: "Your code is {####}."
    `),
  },
  {
    rule: "message-template-needs-developer-email",
    failing: manifest(`
      verificationMessageTemplate:
        emailMessage: Your verification code is {####} # <-
    `),
    path: "spec.verificationMessageTemplate.emailMessage",
    passing: manifest(
      withSes(`
      verificationMessageTemplate:
        emailMessage: Your verification code is {####}
    `),
    ),
  },
  // --- Beyond OpenMCF: feature plan and sign-in ---------------------------------------------------------
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
  {
    rule: "identity-provider-identifier-format",
    failing: manifest(`
      identityProviders:
        - providerName: corp
          providerType: SAML
          providerDetails: {MetadataURL: https://idp.example.com/metadata}
          idpIdentifiers: [example.com, "example/com"] # <-
      ${federatedClient("[COGNITO, corp]").trim()}
    `),
    path: "spec.identityProviders[0].idpIdentifiers[1]",
    passing: manifest(`
      identityProviders:
        - providerName: corp
          providerType: SAML
          providerDetails: {MetadataURL: https://idp.example.com/metadata}
          idpIdentifiers: [example.com, example.org]
      ${federatedClient("[COGNITO, corp]").trim()}
    `),
  },
  ...PRODUCTION_POOL_CASES,
  ...LOG_DELIVERY_CASES,
  ...WEB_ACL_ASSOCIATION_CASES,
];

/** An AwsLambda manifest; with `env`, on a stack of that environment. */
function lambdaManifest(name: string, env?: string): string {
  const metadata =
    env === undefined
      ? `  name: ${name}\n`
      : `  name: ${name}\n  env: ${env}\n  labels:\n    pulumi.openmcf.org/stack.name: ${env}.AwsLambda.${name}\n`;
  return `apiVersion: aws.openmcf.org/v1\nkind: AwsLambda\nmetadata:\n${metadata}spec: {}\n`;
}

function certificateManifest(name: string, env: string): string {
  return `apiVersion: aws.openmcf.org/v1\nkind: AwsCertManagerCert\nmetadata:\n  name: ${name}\n  env: ${env}\nspec: {}\n`;
}

/** A manifest with an adoption marker; each option replaces one line of it. */
function adopted(
  options: { poolId?: string; clientIds?: string; clients?: string; marker?: string; extra?: string } = {},
): string {
  return manifest(`
    clients: ${options.clients ?? "[{name: web-app}]"}
    ${options.extra ?? ""}
    ${options.marker ?? "adopt:"}
      userPoolId: ${options.poolId ?? "us-east-1_AbCdEf123"}
      clientIds:
        ${options.clientIds ?? "web-app: 3n4b5c6d7e8f9g0h1i2j3k4l5m"}
  `);
}

/** Findings of the first document of the first file, validated together with the other files. */
function firstDocumentFindings(texts: string | readonly string[]): Finding[] {
  return validateSources(sourcesOf(texts)).documents[0]!.findings;
}

function firstText(texts: string | readonly string[]): string {
  return typeof texts === "string" ? texts : texts[0]!;
}

describe("each rule", () => {
  it.each(cases)("$rule fires at $path on the marked line", ({ rule, failing, path }) => {
    const findings = firstDocumentFindings(failing);
    expect(findings).toContainEqual(
      expect.objectContaining({ rule, path, line: markedLine(firstText(failing)) }),
    );
  });

  it.each(cases)("$rule stays quiet on a close variant of $path", ({ rule, passing }) => {
    const report = validateSources(sourcesOf(passing));
    const rules = report.documents.flatMap((document) => document.findings.map((finding) => finding.rule));
    expect(rules).not.toContain(rule);
    // A variant the schema refused would pass vacuously: rules never see it.
    if (MANIFEST_RULES.some((candidate) => candidate.id === rule)) {
      expect(report.documents[0]!.status).toBe("valid");
    }
  });

  it("reports each manifest rule with the rule's own severity", () => {
    for (const { rule, failing, path } of cases) {
      const declared = MANIFEST_RULES.find((candidate) => candidate.id === rule);
      if (!declared) continue;
      const finding = firstDocumentFindings(failing).find(
        (candidate) => candidate.rule === rule && candidate.path === path,
      );
      expect(finding?.severity, rule).toBe(declared.severity);
    }
  });
});

describe("the table of rule cases", () => {
  it("has a failing and a passing case for every rule id", () => {
    const covered = new Set(cases.map((ruleCase) => ruleCase.rule));
    const everyRule = [
      ...MANIFEST_RULES.map((rule) => rule.id),
      ...STRUCTURAL_RULES,
      ...CROSS_DOCUMENT_RULES,
    ];
    expect(everyRule.filter((id) => !covered.has(id))).toEqual([]);
  });

  it("names no rule that does not exist", () => {
    const known = new Set([
      ...MANIFEST_RULES.map((rule) => rule.id),
      ...STRUCTURAL_RULES,
      ...CROSS_DOCUMENT_RULES,
    ]);
    expect(cases.map((ruleCase) => ruleCase.rule).filter((id) => !known.has(id))).toEqual([]);
  });

  it("has rule ids that are unique", () => {
    const ids = MANIFEST_RULES.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe("suggestions for unknown keys", () => {
  it.each([
    ["mfaConfig: OFF", "spec.mfaConfig", "mfaConfiguration"],
    ["softwareTokenMFAEnabled: false", "spec.softwareTokenMFAEnabled", "softwareTokenMfaEnabled"],
    [
      "clients:\n  - name: web-app\n    callback_urls: [https://app.example.com/callback]",
      "spec.clients[0].callback_urls",
      "callbackUrls",
    ],
    [
      "clients:\n  - name: web-app\n    allowedOAuthScopes: [openid]",
      "spec.clients[0].allowedOAuthScopes",
      "allowedOauthScopes",
    ],
  ])("%s suggests the real field", (spec, path, suggestion) => {
    const finding = firstDocumentFindings(manifest(spec)).find((candidate) => candidate.path === path);
    expect(finding?.rule).toBe("unknown-key");
    expect(finding?.message).toContain(`did you mean ${JSON.stringify(suggestion)}?`);
  });

  it("lists the fields when nothing is close", () => {
    const finding = firstDocumentFindings(manifest("zzzzzz: 1")).find(
      (candidate) => candidate.rule === "unknown-key",
    );
    expect(finding?.message).toMatch(/remove it; the fields here are region, usernameAttributes, /);
  });

  it("suggests the value meant for a near-miss enum", () => {
    const finding = firstDocumentFindings(
      manifest("mfaConfiguration: optional\nsoftwareTokenMfaEnabled: true"),
    ).find((candidate) => candidate.rule === "invalid-value");
    expect(finding?.message).toContain('did you mean "OPTIONAL"?');
  });
});

describe("reporting", () => {
  it("reports a typo and a broken rule elsewhere in one pass", () => {
    const text = manifest(`
      mfaConfig: ON # <-
      clients:
        - name: web-app
          explicitAuthFlows: [ALLOW_USER_SRP_AUTH]
    `);
    const findings = firstDocumentFindings(text);
    expect(findings.map((finding) => [finding.rule, finding.path])).toEqual([
      ["unknown-key", "spec.mfaConfig"],
      ["refresh-token-auth-required", "spec.clients[0].explicitAuthFlows"],
    ]);
    expect(findings[0]!.line).toBe(markedLine(text));
  });

  it("reports a wrong value and a broken rule elsewhere in one pass", () => {
    const findings = firstDocumentFindings(
      manifest(`
        passwordPolicy:
          minimumLength: 4
        domain:
          domain: cognito-auth
      `),
    );
    expect(findings.map((finding) => finding.rule)).toEqual(["out-of-range", "domain-reserved-word"]);
  });

  it("does not judge rules by a default that replaced a wrong value", () => {
    // REQUIRED is not a valid mode; with it set aside the default OFF would make totp-needs-mfa fire falsely.
    const findings = firstDocumentFindings(
      manifest(`
        mfaConfiguration: REQUIRED
        softwareTokenMfaEnabled: true
      `),
    );
    expect(findings.map((finding) => finding.rule)).toEqual(["invalid-value"]);
  });

  it("does not judge client rules by a default that replaced a wrong flow list", () => {
    const findings = firstDocumentFindings(
      manifest(`
        clients:
          - name: api-server
            generateSecret: true
            allowedOauthFlowsUserPoolClient: true
            allowedOauthFlows: client_credentials
            allowedOauthScopes: [api/read]
      `),
    );
    expect(findings.map((finding) => finding.rule)).toEqual([
      "invalid-type",
      "scope-resource-server-undeclared",
    ]);
  });

  it.each([
    [
      "clients: [{name: web-app, allowedOauthFlows: client_credentials}]",
      "spec.clients[0].allowedOauthFlows",
    ],
    ["clients: [{name: []}]", "spec.clients[0].name"],
  ])("gives a value of the wrong type one finding, not also a length complaint: %s", (spec, path) => {
    const findings = firstDocumentFindings(manifest(spec)).filter((finding) => finding.path === path);
    expect(findings.map((finding) => finding.rule)).toEqual(["invalid-type"]);
  });

  it("orders findings top to bottom", () => {
    const findings = firstDocumentFindings(
      manifest(`
        region: us-east
        clients:
          - name: web-app
            explicitAuthFlows: [ALLOW_USER_SRP_AUTH]
        domain:
          domain: Auth
      `),
    );
    const lines = findings.map((finding) => finding.line);
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
    expect(findings.map((finding) => finding.rule)).toEqual([
      "region-format",
      "refresh-token-auth-required",
      "domain-prefix-format",
    ]);
  });

  it("makes a document with only warnings valid, and one with an error invalid", () => {
    const warned = validateSources(sourcesOf(manifest("autoVerifiedAttributes: []")));
    expect(warned.valid).toBe(true);
    expect(warned.documents[0]).toMatchObject({ status: "valid", findings: [{ severity: "warning" }] });
    expect(warned.documents[0]!.manifest?.metadata.name).toBe("my-auth");

    const failed = validateSources(sourcesOf(manifest("region: us-east")));
    expect(failed.valid).toBe(false);
    expect(failed.documents[0]).toMatchObject({ status: "invalid", findings: [{ severity: "error" }] });
    expect(failed.documents[0]!.manifest).toBeUndefined();
  });
});

describe("token validity", () => {
  it.each(["accessTokenValidityMinutes", "idTokenValidityMinutes", "refreshTokenValidityDays"])(
    "refuses an explicit 0 for %s rather than letting AWS substitute its default",
    (field) => {
      const findings = firstDocumentFindings(
        manifest(`
          clients:
            - name: web-app
              ${field}: 0
        `),
      );
      expect(findings.map((finding) => [finding.severity, finding.rule, finding.path])).toEqual([
        ["error", "out-of-range", `spec.clients[0].${field}`],
      ]);
      expect(findings[0]!.message).toMatch(/must be between \d+ and \d+ (minutes|days), not 0; leave it out/);
    },
  );
});

describe("rules that only the console enforces", () => {
  it("accepts a trigger in another Region of the partition with a warning, as the API does", () => {
    const report = validateSources(
      sourcesOf(
        manifest(`
          lambdaConfig:
            postConfirmation:
              value: arn:aws:lambda:us-west-2:123456789012:function:welcome
        `),
      ),
    );
    expect(report.valid).toBe(true);
    expect(report.documents[0]!.findings.map((finding) => [finding.severity, finding.rule])).toEqual([
      ["warning", "lambda-region"],
    ]);
  });

  it.each([
    ["scope-needs-openid", oauthClient({ scopes: "[email, profile]" })],
    ["duplicate-entry", "usernameAttributes: [email, email]\n"],
    [
      "constraints-type-mismatch",
      "customAttributes:\n  - name: age\n    attributeDataType: Number\n    stringMaxLength: '3'\n",
    ],
  ])("keeps a manifest valid that only breaks %s, which nothing in AWS refuses", (rule, spec) => {
    const report = validateSources(sourcesOf(manifest(spec)));
    const findings = report.documents[0]!.findings;
    expect(findings.map((finding) => [finding.severity, finding.rule])).toEqual([["warning", rule]]);
    expect(report.valid).toBe(true);
  });
});

describe("stack collisions", () => {
  it("gives every colliding manifest the finding, naming the others", () => {
    const same = (name: string) =>
      manifest("", {
        metadata: `
          name: ${name}
          labels:
            pulumi.openmcf.org/organization: acme
            pulumi.openmcf.org/project: identity
            pulumi.openmcf.org/stack.name: shared
        `,
      });
    const report = validateSources(sourcesOf([same("first"), same("second"), same("third")]));
    expect(report.valid).toBe(false);
    for (const document of report.documents) {
      expect(document.status).toBe("invalid");
      expect(document.manifest).toBeUndefined();
      const collision = document.findings.find((finding) => finding.rule === "stack-collision");
      expect(collision?.message).toContain("acme/identity/shared");
    }
    const firstCollision = report.documents[0]!.findings.find(
      (finding) => finding.rule === "stack-collision",
    );
    expect(firstCollision?.message).toContain("b.yaml (second), c.yaml (third)");
  });

  it("counts documents of one file", () => {
    const text = `${manifest("", { metadata: "name: twin" })}---\n${manifest("", { metadata: "name: twin" })}`;
    const report = validateSources([{ file: "twins.yaml", text }]);
    expect(
      report.documents.map((document) => document.findings.some((f) => f.rule === "stack-collision")),
    ).toEqual([true, true]);
  });
});

describe("stack collisions by the backend's naming", () => {
  const labelled = (name: string, organization: string, project = "identity") =>
    manifest("", {
      metadata: `
        name: ${name}
        labels:
          pulumi.openmcf.org/organization: ${organization}
          pulumi.openmcf.org/project: ${project}
          pulumi.openmcf.org/stack.name: prod
      `,
    });
  const collisions = (
    texts: string[],
    stackNaming?: "organization/project/stack" | "project/stack" | "stack",
  ) =>
    validateSources(sourcesOf(texts), stackNaming ? { stackNaming } : {}).documents.map(
      (document) => document.findings.find((finding) => finding.rule === "stack-collision")?.message,
    );

  it("keeps two organizations apart on Pulumi Cloud, where the organization is part of the name", () => {
    expect(collisions([labelled("a-auth", "acme"), labelled("b-auth", "globex")])).toEqual([
      undefined,
      undefined,
    ]);
  });

  it("finds two organizations on one stack of a self-managed backend, which ignores the organization", () => {
    const [first, second] = collisions(
      [labelled("a-auth", "acme"), labelled("b-auth", "globex")],
      "project/stack",
    );
    expect(first).toContain("b.yaml (b-auth)");
    expect(first).toContain("organization/identity/prod");
    expect(first).toContain("self-managed backend");
    expect(second).toContain("a.yaml (a-auth)");
  });

  it("keeps two projects apart on a self-managed backend, and finds them on a legacy bucket", () => {
    const texts = [labelled("a-auth", "acme", "identity"), labelled("b-auth", "acme", "payments")];
    expect(collisions(texts, "project/stack")).toEqual([undefined, undefined]);
    const [first] = collisions(texts, "stack");
    expect(first).toContain("b.yaml (b-auth)");
    expect(first).toContain("legacy");
  });
});

describe("valueFrom references", () => {
  it("resolves a reference against any kind in the validated files, which are skipped themselves", () => {
    const report = validateSources(
      sourcesOf([
        manifest(`
          lambdaConfig:
            preSignUp:
              valueFrom:
                name: pre-sign-up
        `),
        lambdaManifest("pre-sign-up"),
      ]),
    );
    expect(report.documents.map((document) => document.status)).toEqual(["valid", "skipped"]);
    expect(report.documents[0]!.findings).toEqual([]);
  });

  it("names every candidate of an ambiguous reference, with its file and env, and asks for env", () => {
    const report = validateSources([
      {
        file: "prod/pool.yaml",
        text: manifest(`
          lambdaConfig:
            postConfirmation:
              valueFrom:
                name: post-confirm
        `),
      },
      { file: "dev/fn.yaml", text: lambdaManifest("post-confirm", "dev") },
      { file: "prod/fn.yaml", text: lambdaManifest("post-confirm", "prod") },
    ]);
    expect(report.valid).toBe(false);
    expect(report.documents[0]!.manifest).toBeUndefined();
    const finding = report.documents[0]!.findings.find((f) => f.rule === "value-from-ambiguous");
    expect(finding?.message).toBe(
      'spec.lambdaConfig.postConfirmation refers to AwsLambda/post-confirm status.outputs.function_arn, which 2 manifests on different stacks answer: dev/fn.yaml (env dev, stack organization/cognito/dev.AwsLambda.post-confirm), prod/fn.yaml (env prod, stack organization/cognito/prod.AwsLambda.post-confirm); add env ("dev" or "prod") to the valueFrom to say which',
    );
  });

  it("reports an unresolved reference of a manifest that another reference already makes invalid", () => {
    const report = validateSources(
      sourcesOf(
        manifest(`
          lambdaConfig:
            preSignUp:
              valueFrom:
                name: pre-sign-up
                fieldPath: outputs.arn
            postConfirmation:
              valueFrom:
                name: post-confirm
        `),
      ),
    );
    expect(report.documents[0]!.findings.map((finding) => [finding.rule, finding.path])).toEqual([
      ["value-from-unresolved", "spec.lambdaConfig.preSignUp"],
      ["value-from-field-path", "spec.lambdaConfig.preSignUp.valueFrom.fieldPath"],
      ["value-from-unresolved", "spec.lambdaConfig.postConfirmation"],
    ]);
  });

  it("warns, but keeps the manifest valid, when the target is not among the files", () => {
    const report = validateSources(
      sourcesOf(
        manifest(`
          lambdaConfig:
            preSignUp:
              valueFrom:
                kind: AwsLambda
                name: pre-sign-up
        `),
      ),
    );
    expect(report.valid).toBe(true);
    const findings = report.documents[0]!.findings;
    expect(findings.map((finding) => [finding.severity, finding.rule])).toEqual([
      ["warning", "value-from-unresolved"],
    ]);
    expect(findings[0]!.message).toContain("AwsLambda/pre-sign-up status.outputs.function_arn");
  });
});

describe("refresh token rotation", () => {
  it("lets a rotating client leave out ALLOW_REFRESH_TOKEN_AUTH", () => {
    const findings = firstDocumentFindings(
      manifest(`
        clients:
          - name: web-app
            refreshTokenRotation: {feature: ENABLED}
            explicitAuthFlows: [ALLOW_USER_SRP_AUTH]
      `),
    );
    expect(findings.map((finding) => finding.rule)).not.toContain("refresh-token-auth-required");
  });

  it("still needs ALLOW_REFRESH_TOKEN_AUTH when rotation is disabled", () => {
    const findings = firstDocumentFindings(
      manifest(`
        clients:
          - name: web-app
            refreshTokenRotation: {feature: DISABLED}
            explicitAuthFlows: [ALLOW_USER_SRP_AUTH]
      `),
    );
    expect(findings.map((finding) => finding.rule)).toContain("refresh-token-auth-required");
  });
});

describe("email MFA", () => {
  it("counts as the factor MFA needs", () => {
    const findings = firstDocumentFindings(
      manifest(
        withSes(`
          mfaConfiguration: ON
          emailMfa: {subject: Your code}
        `),
      ),
    );
    expect(findings.map((finding) => finding.rule)).not.toContain("mfa-needs-factor");
  });

  it("is above a LITE plan", () => {
    const findings = firstDocumentFindings(
      manifest(
        withSes(`
          userPoolTier: LITE
          mfaConfiguration: OPTIONAL
          emailMfa: {subject: Your code}
        `),
      ),
    );
    expect(findings).toContainEqual(
      expect.objectContaining({ rule: "feature-above-tier", path: "spec.emailMfa" }),
    );
  });
});

describe("managed login", () => {
  it("version 2 is above a LITE plan", () => {
    const findings = firstDocumentFindings(
      manifest(`
        userPoolTier: LITE
        domain: {domain: acme-login, managedLoginVersion: 2}
      `),
    );
    expect(findings).toContainEqual(
      expect.objectContaining({ rule: "feature-above-tier", path: "spec.domain.managedLoginVersion" }),
    );
  });

  it("version 1 is on every plan", () => {
    const findings = firstDocumentFindings(
      manifest(`
        userPoolTier: LITE
        domain: {domain: acme-login, managedLoginVersion: 1}
      `),
    );
    expect(findings.map((finding) => finding.rule)).not.toContain("feature-above-tier");
  });
});

describe("adopt-marker-one-time and adopted clients", () => {
  const messageOf = (text: string) =>
    firstDocumentFindings(text).find((finding) => finding.rule === "adopt-marker-one-time")?.message;

  it("asks to keep clientIds: they keep an adopted client's secret setting out of the engine's diff", () => {
    expect(messageOf(adopted())).toMatch(
      /keep clientIds .*generateSecret cannot be read back from AWS.*without it the next plan replaces them/,
    );
  });

  it("asks to remove the marker when it adopts no client", () => {
    expect(messageOf(adopted({ clientIds: "{}" }))).toMatch(
      /after that apply has succeeded it does nothing more, so remove it in a later change$/,
    );
  });
});
