// The lossless adoption: a pool with every setting cognito-action can express switched on is imported,
// validated, synthesized and planned against what the provider reads of the deployed pool, and the plan
// changes nothing but adds cognito-action's own tags. `deployedInputs` is the test's oracle: the provider's
// view of the pool (terraform user_pool.go / user_pool_client.go / risk_configuration.go Read, in pulumi-aws
// input names), written from the API's shapes independently of the importer. It models the settings of the
// pool, its clients, its risk configuration, the clients' branding styles and the UI customizations, its log
// delivery (terraform log_delivery_configuration.go) and its web ACL association (terraform wafv2
// web_acl_association.go); custom attributes, resource servers, groups, identity
// providers and the domain are taken from the manifest (their round trips are import.test.ts's).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { planChanges, synth } from "@cognito-action/provisioner";
import type { GraphResource, ResourceGraph } from "@cognito-action/provisioner";
import { validateSources } from "@cognito-action/spec";
import { REPOSITORY, runCli } from "../run-cli.ts";
import { startCognitoStandIn } from "./cognito-stand-in.ts";
import type { CognitoStandIn, StandInPool } from "./cognito-stand-in.ts";
import { POOL_ARN, POOL_ID, REGION } from "./customer-pool.ts";
import { fullPool } from "./full-pool.ts";

vi.setConfig({ testTimeout: 60_000 });

type Json = Record<string, unknown>;
let standIn: CognitoStandIn;
let directory: string;

beforeEach(async () => {
  standIn = await startCognitoStandIn([fullPool()]);
  directory = (await import("node:fs")).mkdtempSync(join((await import("node:os")).tmpdir(), "lossless-"));
});
afterEach(async () => {
  await standIn.close();
  (await import("node:fs")).rmSync(directory, { recursive: true, force: true });
});

async function importFull(): Promise<string> {
  const result = await runCli(
    ["import", "--region", REGION, "--user-pool-id", POOL_ID, "--output", "full.yaml"],
    directory,
    {
      AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE",
      AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
      AWS_ENDPOINT_URL: standIn.endpoint,
      AWS_MAX_ATTEMPTS: "2",
    },
  );
  expect(result.code, result.stderr).toBe(0);
  return readFileSync(join(directory, "full.yaml"), "utf8");
}

/** Only the entries that are set, as the provider's state leaves unset blocks out. */
function set(values: Json): Json {
  return Object.fromEntries(
    Object.entries(values).filter(
      ([, value]) => value !== undefined && !(Array.isArray(value) && value.length === 0),
    ),
  );
}

/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-argument --
   The oracle reads the stand-in's JSON (typed as plain records) field by field, as the provider's Read does. */
/** The provider's view of the deployed pool, its clients and its risk configuration. */
function deployedInputs(deployed: StandInPool): Record<string, Json> {
  const pool = deployed.pool as Json & Record<string, any>;
  const policy = pool.Policies.PasswordPolicy;
  const lambda = pool.LambdaConfig;
  const sender = (value: { LambdaArn: string; LambdaVersion: string } | undefined) =>
    value && { lambdaArn: value.LambdaArn, lambdaVersion: value.LambdaVersion };
  const poolInputs = set({
    name: pool.Name,
    usernameAttributes: pool.UsernameAttributes,
    usernameConfiguration: { caseSensitive: pool.UsernameConfiguration.CaseSensitive },
    passwordPolicy: {
      minimumLength: policy.MinimumLength,
      requireLowercase: policy.RequireLowercase,
      requireUppercase: policy.RequireUppercase,
      requireNumbers: policy.RequireNumbers,
      requireSymbols: policy.RequireSymbols,
      temporaryPasswordValidityDays: policy.TemporaryPasswordValidityDays,
      passwordHistorySize: policy.PasswordHistorySize,
    },
    mfaConfiguration: pool.MfaConfiguration,
    softwareTokenMfaConfiguration: { enabled: true },
    autoVerifiedAttributes: pool.AutoVerifiedAttributes,
    accountRecoverySetting: {
      recoveryMechanisms: pool.AccountRecoverySetting.RecoveryMechanisms.map((m: Json) => ({
        name: m.Name,
        priority: m.Priority,
      })),
    },
    emailConfiguration: {
      emailSendingAccount: pool.EmailConfiguration.EmailSendingAccount,
      sourceArn: pool.EmailConfiguration.SourceArn,
      fromEmailAddress: pool.EmailConfiguration.From,
      replyToEmailAddress: pool.EmailConfiguration.ReplyToEmailAddress,
    },
    adminCreateUserConfig: {
      allowAdminCreateUserOnly: pool.AdminCreateUserConfig.AllowAdminCreateUserOnly,
      inviteMessageTemplate: {
        emailSubject: pool.AdminCreateUserConfig.InviteMessageTemplate.EmailSubject,
        emailMessage: pool.AdminCreateUserConfig.InviteMessageTemplate.EmailMessage,
      },
    },
    deletionProtection: pool.DeletionProtection,
    lambdaConfig: set({
      preSignUp: lambda.PreSignUp,
      preTokenGeneration: lambda.PreTokenGeneration,
      preTokenGenerationConfig: sender(lambda.PreTokenGenerationConfig),
      customEmailSender: sender(lambda.CustomEmailSender),
      customSmsSender: sender(lambda.CustomSMSSender),
      kmsKeyId: lambda.KMSKeyID,
    }),
    tags: pool.UserPoolTags,
    userPoolTier: pool.UserPoolTier,
    verificationMessageTemplate: {
      defaultEmailOption: pool.VerificationMessageTemplate.DefaultEmailOption,
      emailSubject: pool.VerificationMessageTemplate.EmailSubject,
      emailMessage: pool.VerificationMessageTemplate.EmailMessage,
    },
    signInPolicy: { allowedFirstAuthFactors: pool.Policies.SignInPolicy.AllowedFirstAuthFactors },
    emailMfaConfiguration: {
      subject: (deployed.mfa.EmailMfaConfiguration as Json).Subject,
      message: (deployed.mfa.EmailMfaConfiguration as Json).Message,
    },
    userPoolAddOns: {
      advancedSecurityMode: pool.UserPoolAddOns.AdvancedSecurityMode,
      advancedSecurityAdditionalFlows: {
        customAuthMode: pool.UserPoolAddOns.AdvancedSecurityAdditionalFlows.CustomAuthMode,
      },
    },
    smsConfiguration: {
      snsCallerArn: pool.SmsConfiguration.SnsCallerArn,
      externalId: pool.SmsConfiguration.ExternalId,
      snsRegion: pool.SmsConfiguration.SnsRegion,
    },
    smsAuthenticationMessage: pool.SmsAuthenticationMessage,
    deviceConfiguration: {
      challengeRequiredOnNewDevice: pool.DeviceConfiguration.ChallengeRequiredOnNewDevice,
      deviceOnlyRememberedOnUserPrompt: pool.DeviceConfiguration.DeviceOnlyRememberedOnUserPrompt,
    },
    userAttributeUpdateSettings: {
      attributesRequireVerificationBeforeUpdates:
        pool.UserAttributeUpdateSettings.AttributesRequireVerificationBeforeUpdate,
    },
  });
  const clients = Object.fromEntries(
    deployed.clients.map((client) => {
      const c = client as Json & Record<string, any>;
      const units = c.TokenValidityUnits ?? {};
      return [
        `acme-customers-${c.ClientName}`,
        set({
          name: c.ClientName,
          generateSecret: c.ClientSecret !== undefined,
          allowedOauthFlowsUserPoolClient: c.AllowedOAuthFlowsUserPoolClient,
          allowedOauthFlows: c.AllowedOAuthFlows,
          allowedOauthScopes: c.AllowedOAuthScopes,
          callbackUrls: c.CallbackURLs,
          logoutUrls: c.LogoutURLs,
          defaultRedirectUri: c.DefaultRedirectURI,
          supportedIdentityProviders: c.SupportedIdentityProviders,
          explicitAuthFlows: c.ExplicitAuthFlows,
          enableTokenRevocation: c.EnableTokenRevocation,
          preventUserExistenceErrors: c.PreventUserExistenceErrors,
          accessTokenValidity: c.AccessTokenValidity,
          idTokenValidity: c.IdTokenValidity,
          refreshTokenValidity: c.RefreshTokenValidity,
          tokenValidityUnits: {
            accessToken: units.AccessToken,
            idToken: units.IdToken,
            refreshToken: units.RefreshToken,
          },
          readAttributes: c.ReadAttributes,
          writeAttributes: c.WriteAttributes,
          // Optional + computed at AWS's default of 3 minutes: only another value is the client's own.
          authSessionValidity: c.AuthSessionValidity === 3 ? undefined : c.AuthSessionValidity,
          enablePropagateAdditionalUserContextData: c.EnablePropagateAdditionalUserContextData || undefined,
          analyticsConfiguration: c.AnalyticsConfiguration && {
            applicationArn: c.AnalyticsConfiguration.ApplicationArn,
            userDataShared: c.AnalyticsConfiguration.UserDataShared,
          },
        }),
      ];
    }),
  );
  const action = (value: Json | undefined) =>
    value && { eventAction: value.EventAction, notify: value.Notify };
  const riskInputs = (risk: Record<string, any>): Json => {
    const leaked = risk.CompromisedCredentialsRiskConfiguration;
    const takeover = risk.AccountTakeoverRiskConfiguration;
    const notify = takeover?.NotifyConfiguration;
    return set({
      compromisedCredentialsRiskConfiguration: leaked && {
        actions: { eventAction: leaked.Actions.EventAction },
        eventFilters: leaked.EventFilter,
      },
      accountTakeoverRiskConfiguration: takeover && {
        actions: set({
          lowAction: action(takeover.Actions.LowAction),
          mediumAction: action(takeover.Actions.MediumAction),
          highAction: action(takeover.Actions.HighAction),
        }),
        ...(notify && {
          notifyConfiguration: {
            sourceArn: notify.SourceArn,
            from: notify.From,
            blockEmail: {
              subject: notify.BlockEmail.Subject,
              htmlBody: notify.BlockEmail.HtmlBody,
              textBody: notify.BlockEmail.TextBody,
            },
          },
        }),
      },
      riskExceptionConfiguration: risk.RiskExceptionConfiguration && {
        skippedIpRangeLists: risk.RiskExceptionConfiguration.SkippedIPRangeList,
      },
    });
  };
  // A client's own risk configuration is declared as <pool>-<client>-risk; its client ID is an output of the
  // client's resource, the manifest's on both sides.
  const clientRisks = Object.fromEntries(
    Object.entries(deployed.clientRiskConfigurations ?? {}).map(([clientId, risk]) => {
      const name = deployed.clients.find((client) => client.ClientId === clientId)!.ClientName;
      return [`acme-customers-${name}-risk`, riskInputs(risk)];
    }),
  );
  // terraform managed_login_branding.go Read: settings as customized (ReturnMergedResources false), assets with
  // their bytes; user_pool_ui_customization.go Read: css, never the logo (image_file is the configuration's).
  const styles = Object.fromEntries(
    Object.entries(deployed.brandings ?? {}).map(([clientId, style]: [string, any]) => {
      const client = deployed.clients.find((candidate) => candidate.ClientId === clientId)!;
      return [
        `acme-customers-branding-${client.ClientName}`,
        set({
          clientId,
          settings: style.UseCognitoProvidedValues ? undefined : JSON.stringify(style.Settings),
          useCognitoProvidedValues: style.UseCognitoProvidedValues || undefined,
          assets: style.Assets.map((asset: Json) =>
            set({
              category: asset.Category,
              colorMode: asset.ColorMode,
              extension: asset.Extension,
              bytes: asset.Bytes,
              resourceId: asset.ResourceId,
            }),
          ),
        }),
      ];
    }),
  );
  const uiCustomizations = Object.fromEntries(
    Object.entries(deployed.uiCustomizations ?? {}).map(([clientId, ui]: [string, any]) => {
      const client = deployed.clients.find((candidate) => candidate.ClientId === clientId);
      return [
        client ? `acme-customers-ui-${client.ClientName}` : "acme-customers-ui",
        set({ clientId: client ? clientId : undefined, css: ui.CSS }),
      ];
    }),
  );
  // The provider flattens the entries in AWS's order, each destination a block of its own.
  const logInputs = {
    logConfigurations: (deployed.logConfigurations ?? []).map((entry: Record<string, any>) =>
      set({
        eventSource: entry.EventSource,
        logLevel: entry.LogLevel,
        cloudWatchLogsConfiguration: entry.CloudWatchLogsConfiguration && {
          logGroupArn: entry.CloudWatchLogsConfiguration.LogGroupArn,
        },
        s3Configuration: entry.S3Configuration && { bucketArn: entry.S3Configuration.BucketArn },
        firehoseConfiguration: entry.FirehoseConfiguration && {
          streamArn: entry.FirehoseConfiguration.StreamArn,
        },
      }),
    ),
  };
  // Read sets resource_arn from the ID and web_acl_arn from GetWebACLForResource's WebACL.ARN.
  const wafInputs = { resourceArn: pool.Arn, webAclArn: deployed.webAcl?.ARN };
  return {
    "acme-customers": poolInputs,
    "acme-customers-risk": riskInputs(deployed.riskConfiguration as Record<string, any>),
    ...clients,
    ...clientRisks,
    ...styles,
    ...uiCustomizations,
    "acme-customers-logs": logInputs,
    "acme-customers-waf": wafInputs,
  };
}

/* eslint-enable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-argument */

/** The synthesized graph with the deployed inputs in place of the manifest's, where the oracle has them. */
function deployedGraph(head: ResourceGraph, deployed: Record<string, Json>): ResourceGraph {
  return {
    ...head,
    resources: head.resources.map((resource): GraphResource => {
      const inputs = deployed[resource.name];
      if (!inputs) return resource;
      // Outputs of other resources (the pool's ID, custom attributes) are the manifest's on both sides.
      const kept = Object.fromEntries(
        Object.entries(resource.inputs).filter(
          ([key]) => key === "userPoolId" || key === "clientId" || key === "schemas",
        ),
      );
      return { ...resource, inputs: { ...kept, ...inputs } };
    }),
  };
}

describe("the lossless adoption of a pool with every setting on", () => {
  it("imports it for adoption, with nothing left out, exactly as examples/adopted-full.yaml shows", async () => {
    const text = await importFull();
    expect(text).toContain(`userPoolId: ${POOL_ID}`);
    expect(text).not.toContain("cannot express");
    expect(text).toBe(readFileSync(join(REPOSITORY, "examples/adopted-full.yaml"), "utf8"));
  });

  it("validates, synthesizes and plans against the deployed pool to no change but cognito-action's own tags", async () => {
    const text = await importFull();
    const report = validateSources([{ file: "full.yaml", text }]);
    const document = report.documents[0]!;
    expect(document.findings.filter((finding) => finding.severity === "error")).toEqual([]);
    const head = await synth(document.manifest!);
    const plan = planChanges(deployedGraph(head, deployedInputs(fullPool())), head);

    const changed = plan.changes.filter((change) => change.action !== "unchanged");
    expect(
      changed.map((change) => [change.name, change.properties.map((property) => property.path)]),
    ).toEqual([["acme-customers", ["tags.managed-by", 'tags["openmcf.org/name"]']]]);
    expect(plan.changes.filter((change) => change.securityDowngrades)).toEqual([]);
    expect(plan.errors).toEqual([]);
    // The log delivery and the web ACL association are adopted, not created anew.
    expect(
      plan.changes
        .filter((change) => change.name === "acme-customers-logs" || change.name === "acme-customers-waf")
        .map((change) => [change.name, change.action]),
    ).toEqual([
      ["acme-customers-logs", "unchanged"],
      ["acme-customers-waf", "unchanged"],
    ]);
    expect(head.resources.find((resource) => resource.name === "acme-customers-waf")?.import).toBe(
      `${deployedInputs(fullPool())["acme-customers-waf"]!.webAclArn as string},${POOL_ARN}`,
    );
  });
});
