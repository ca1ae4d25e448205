// `cognito-action import` against a stand-in of Cognito's API: the manifest it writes validates, round-trips
// through synth to the deployed settings, adopts the pool and its clients, holds no secret, lists what it
// cannot express, and no write call ever reaches AWS. Failures are one line with the documented exit status.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startSilentServer } from "../../../provisioner/test/silent-server.ts";
import { parse } from "yaml";
import { REPOSITORY, runCli } from "../run-cli.ts";
import { accessDenied, READ_OPERATIONS, startCognitoStandIn, TOO_MANY_REQUESTS } from "./cognito-stand-in.ts";
import type { CognitoStandIn } from "./cognito-stand-in.ts";
import {
  API_CLIENT_ID,
  API_CLIENT_SECRET,
  customerPool,
  GOOGLE_CLIENT_SECRET,
  POOL_ARN,
  POOL_ID,
  REGION,
  SES_ARN as SES_ARN_OF_POOL,
  WEB_CLIENT_ID,
} from "./customer-pool.ts";

let standIn: CognitoStandIn;
let directory: string;

beforeEach(async () => {
  standIn = await startCognitoStandIn([customerPool()]);
  directory = mkdtempSync(join(tmpdir(), "cognito-import-"));
});

afterEach(async () => {
  await standIn.close();
  rmSync(directory, { recursive: true, force: true });
});

/** The environment a user would have: credentials and the endpoint override, retries bounded. */
function awsEnvironment(attempts = 2): Record<string, string> {
  return {
    AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE",
    AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    AWS_ENDPOINT_URL: standIn.endpoint,
    AWS_MAX_ATTEMPTS: String(attempts),
  };
}

function runImport(extra: string[] = [], env = awsEnvironment()) {
  return runCli(["import", "--region", REGION, "--user-pool-id", POOL_ID, ...extra], directory, env);
}

/** Imports into imported.yaml and returns the text. */
async function importToFile(): Promise<string> {
  const result = await runImport(["--output", "imported.yaml"]);
  expect(result.code, result.stderr).toBe(0);
  return readFileSync(join(directory, "imported.yaml"), "utf8");
}

interface SynthResource {
  type: string;
  name: string;
  import?: string;
  inputs: Record<string, unknown>;
}

/** The fields of the stand-in's pool the round-trip compares with. */
interface DeployedFields {
  Name: string;
  UsernameAttributes: string[];
  Policies: { PasswordPolicy: Record<string, unknown> };
  EmailConfiguration: Record<string, string>;
  LambdaConfig: Record<string, string>;
}

async function synthOf(file: string): Promise<SynthResource[]> {
  const result = await runCli(["synth", file, "--format", "json"], directory);
  expect(result.code, result.stderr).toBe(0);
  return (JSON.parse(result.stdout) as { resources: SynthResource[] }).resources;
}

describe("import of a deployed pool", () => {
  it("writes a manifest that validates as it stands", async () => {
    await importToFile();
    const validation = await runCli(["validate", "imported.yaml"], directory);
    expect(validation.code, validation.stdout + validation.stderr).toBe(0);
  });

  it("carries the adoption marker with the pool ID and each client's ID", async () => {
    const manifest = parse(await importToFile()) as { spec: { adopt: unknown }; metadata: { name: string } };
    expect(manifest.metadata.name).toBe("acme-customers");
    expect(manifest.spec.adopt).toEqual({
      userPoolId: POOL_ID,
      clientIds: { "api-server": API_CLIENT_ID, "web-spa": WEB_CLIENT_ID },
      resourceServers: ["orders"],
      groups: ["admins", "support-agents"],
      identityProviders: ["Google"],
    });
  });

  it("round-trips: synth of the imported manifest adopts every resource by the IDs import read", async () => {
    await importToFile();
    const resources = await synthOf("imported.yaml");
    expect(resources.map((resource) => [resource.name, resource.import])).toEqual([
      ["aws", undefined],
      ["acme-customers", POOL_ID],
      // pulumi-aws import IDs: ResourceServer <pool>|<identifier>, IdentityProvider <pool>:<name>, UserGroup <pool>/<name>.
      ["acme-customers-server-orders", `${POOL_ID}|orders`],
      ["acme-customers-idp-Google", `${POOL_ID}:Google`],
      ["acme-customers-group-admins", `${POOL_ID}/admins`],
      ["acme-customers-group-support-agents", `${POOL_ID}/support-agents`],
      // pulumi-aws RiskConfiguration imports by the pool's ID.
      ["acme-customers-risk", POOL_ID],
      ["acme-customers-api-server", `${POOL_ID}/${API_CLIENT_ID}`],
      ["acme-customers-web-spa", `${POOL_ID}/${WEB_CLIENT_ID}`],
      ["acme-customers-domain", "acme-customers-login"],
    ]);
  });

  it("leaves the triggers' Lambda permissions alone: manageLambdaPermissions false, with a comment saying how to turn it on", async () => {
    const text = await importToFile();
    const manifest = parse(text) as { spec: { manageLambdaPermissions?: boolean } };
    expect(manifest.spec.manageLambdaPermissions).toBe(false);
    expect(text).toContain("so adopting leaves Lambda permissions alone. Set this to true");
    const resources = await synthOf("imported.yaml");
    expect(resources.filter((resource) => resource.type === "aws:lambda/permission:Permission")).toEqual([]);
  });

  it("round-trips: synth sends the pool's tier, templates, sign-in policy and email MFA", async () => {
    const deployed = customerPool();
    const pool = deployed.pool as unknown as {
      UserPoolTier: string;
      VerificationMessageTemplate: Record<string, string>;
      AdminCreateUserConfig: { InviteMessageTemplate: Record<string, string> };
    };
    const email = deployed.mfa.EmailMfaConfiguration as Record<string, string>;
    await importToFile();
    const inputs = (await synthOf("imported.yaml")).find(
      (resource) => resource.name === "acme-customers",
    )!.inputs;
    expect(inputs).toMatchObject({
      userPoolTier: pool.UserPoolTier,
      verificationMessageTemplate: {
        defaultEmailOption: pool.VerificationMessageTemplate.DefaultEmailOption,
        emailSubject: pool.VerificationMessageTemplate.EmailSubject,
        emailMessage: pool.VerificationMessageTemplate.EmailMessage,
      },
      adminCreateUserConfig: {
        inviteMessageTemplate: {
          emailSubject: pool.AdminCreateUserConfig.InviteMessageTemplate.EmailSubject,
          emailMessage: pool.AdminCreateUserConfig.InviteMessageTemplate.EmailMessage,
        },
      },
      signInPolicy: { allowedFirstAuthFactors: ["PASSWORD", "EMAIL_OTP"] },
      emailMfaConfiguration: { subject: email.Subject, message: email.Message },
    });
    // WebAuthnConfiguration says only AWS's default (preferred, no relying party, passkeys not offered).
    expect(inputs.webAuthnConfiguration).toBeUndefined();
  });

  it("round-trips: resource servers with their scopes, groups, and the identity provider without its secret", async () => {
    const deployed = customerPool();
    await importToFile();
    const resources = await synthOf("imported.yaml");
    const inputsOf = (name: string) => resources.find((resource) => resource.name === name)!.inputs;
    expect(inputsOf("acme-customers-server-orders")).toMatchObject({
      identifier: "orders",
      name: "Orders API",
      scopes: [
        { scopeName: "read", scopeDescription: "Read orders" },
        { scopeName: "write", scopeDescription: "Create and change orders" },
      ],
    });
    expect(inputsOf("acme-customers-group-admins")).toMatchObject({
      name: "admins",
      description: "Shop administrators",
      precedence: 1,
      roleArn: deployed.groups[0]!.RoleArn,
    });
    expect(inputsOf("acme-customers-group-support-agents")).toMatchObject({
      name: "support-agents",
      precedence: 10,
    });
    const google = deployed.identityProviders[0]! as { AttributeMapping: Record<string, string> };
    expect(inputsOf("acme-customers-idp-Google")).toMatchObject({
      providerName: "Google",
      providerType: "Google",
      providerDetails: {
        client_id: "480112233445-acme0shop1login.apps.googleusercontent.com",
        authorize_scopes: "openid email profile",
      },
      attributeMapping: google.AttributeMapping,
    });
    expect(JSON.stringify(resources)).not.toContain(GOOGLE_CLIENT_SECRET);
  });

  it("writes an identity provider's secret as valueFromEnv, naming the variable to set", async () => {
    const text = await importToFile();
    const manifest = parse(text) as {
      spec: { identityProviders: { providerDetails: Record<string, unknown> }[] };
    };
    expect(manifest.spec.identityProviders[0]!.providerDetails.client_secret).toEqual({
      valueFromEnv: "GOOGLE_CLIENT_SECRET",
    });
    expect(text).toContain(
      "providerDetails.client_secret is a secret: import does not write it. Set GOOGLE_CLIENT_SECRET",
    );
  });

  it("warns on stderr that the apply needs the identity provider's secret in an environment variable", async () => {
    const result = await runImport(["--output", "imported.yaml"]);
    expect(result.stderr).toContain(
      "cognito-action: warning: identity provider Google's client_secret is not written: the apply needs it in GOOGLE_CLIENT_SECRET",
    );
  });

  it("round-trips: synth sends the pool's deployed settings", async () => {
    const deployed = customerPool().pool as unknown as DeployedFields;
    await importToFile();
    const pool = (await synthOf("imported.yaml")).find((resource) => resource.name === "acme-customers")!;
    const policy = deployed.Policies.PasswordPolicy;
    expect(pool.inputs).toMatchObject({
      name: deployed.Name,
      usernameAttributes: deployed.UsernameAttributes,
      usernameConfiguration: { caseSensitive: false },
      passwordPolicy: {
        minimumLength: policy.MinimumLength,
        requireLowercase: policy.RequireLowercase,
        requireUppercase: policy.RequireUppercase,
        requireNumbers: policy.RequireNumbers,
        requireSymbols: policy.RequireSymbols,
        temporaryPasswordValidityDays: policy.TemporaryPasswordValidityDays,
        passwordHistorySize: policy.PasswordHistorySize,
      },
      mfaConfiguration: "OPTIONAL",
      softwareTokenMfaConfiguration: { enabled: true },
      autoVerifiedAttributes: ["email"],
      accountRecoverySetting: { recoveryMechanisms: [{ name: "verified_email", priority: 1 }] },
      emailConfiguration: {
        emailSendingAccount: "DEVELOPER",
        sourceArn: deployed.EmailConfiguration.SourceArn,
        fromEmailAddress: deployed.EmailConfiguration.From,
        replyToEmailAddress: deployed.EmailConfiguration.ReplyToEmailAddress,
      },
      adminCreateUserConfig: { allowAdminCreateUserOnly: false },
      deletionProtection: "ACTIVE",
      lambdaConfig: { preSignUp: deployed.LambdaConfig.PreSignUp },
      // What adopting used to switch off: kept, so the first apply sends what is deployed.
      userPoolTier: "PLUS",
      userPoolAddOns: { advancedSecurityMode: "AUDIT" },
      deviceConfiguration: { challengeRequiredOnNewDevice: true, deviceOnlyRememberedOnUserPrompt: true },
      userAttributeUpdateSettings: { attributesRequireVerificationBeforeUpdates: ["email"] },
      tags: { team: "identity", "cost-center": "cc-4711", "managed-by": "cognito-action" },
    });
  });

  it("round-trips: synth declares the pool's risk configuration as deployed", async () => {
    await importToFile();
    const risk = (await synthOf("imported.yaml")).find(
      (resource) => resource.name === "acme-customers-risk",
    )!;
    expect(risk.inputs).toMatchObject({
      userPoolId: POOL_ID,
      compromisedCredentialsRiskConfiguration: {
        actions: { eventAction: "BLOCK" },
        eventFilters: ["SIGN_IN", "PASSWORD_CHANGE"],
      },
      accountTakeoverRiskConfiguration: {
        actions: {
          highAction: { eventAction: "BLOCK", notify: true },
          mediumAction: { eventAction: "MFA_IF_CONFIGURED", notify: false },
        },
        notifyConfiguration: { sourceArn: SES_ARN_OF_POOL },
      },
      riskExceptionConfiguration: { skippedIpRangeLists: ["198.51.100.0/24"] },
    });
  });

  it("round-trips: custom attributes keep their names without custom:, types and constraints; email stays required", async () => {
    await importToFile();
    const pool = (await synthOf("imported.yaml")).find((resource) => resource.name === "acme-customers")!;
    expect(pool.inputs.schemas).toEqual([
      {
        name: "email",
        attributeDataType: "String",
        mutable: true,
        required: true,
        stringAttributeConstraints: { minLength: "0", maxLength: "2048" },
      },
      {
        name: "tenant_id",
        attributeDataType: "String",
        mutable: false,
        stringAttributeConstraints: { minLength: "1", maxLength: "64" },
      },
      {
        name: "plan",
        attributeDataType: "String",
        mutable: true,
        stringAttributeConstraints: { minLength: "0", maxLength: "32" },
      },
      {
        name: "loyalty_points",
        attributeDataType: "Number",
        mutable: true,
        numberAttributeConstraints: { minValue: "0", maxValue: "1000000" },
      },
    ]);
  });

  it("round-trips: each client's flows, scopes, URLs, validities (each in its deployed unit) and flags", async () => {
    await importToFile();
    const resources = await synthOf("imported.yaml");
    const web = resources.find((resource) => resource.name === "acme-customers-web-spa")!;
    const api = resources.find((resource) => resource.name === "acme-customers-api-server")!;
    expect(web.inputs).toMatchObject({
      name: "web-spa",
      userPoolId: POOL_ID,
      generateSecret: false,
      allowedOauthFlowsUserPoolClient: true,
      allowedOauthFlows: ["code"],
      allowedOauthScopes: ["email", "openid", "profile"],
      callbackUrls: ["https://shop.acme.example/auth/callback", "http://localhost:3000/auth/callback"],
      logoutUrls: ["https://shop.acme.example/"],
      defaultRedirectUri: "https://shop.acme.example/auth/callback",
      supportedIdentityProviders: ["COGNITO", "Google"],
      explicitAuthFlows: ["ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_AUTH", "ALLOW_USER_SRP_AUTH"],
      // 1 hour of ID token validity stays 1 hour: the first apply changes no unit.
      accessTokenValidity: 60,
      idTokenValidity: 1,
      refreshTokenValidity: 30,
      tokenValidityUnits: { accessToken: "minutes", idToken: "hours", refreshToken: "days" },
      enableTokenRevocation: true,
      preventUserExistenceErrors: "ENABLED",
      // Beyond OpenMCF: what the client may read and write, kept as deployed.
      readAttributes: ["custom:plan", "email", "email_verified", "name"],
      writeAttributes: ["email", "name"],
    });
    expect(api.inputs).toMatchObject({
      name: "api-server",
      generateSecret: true,
      allowedOauthFlows: ["client_credentials"],
      allowedOauthScopes: ["orders/read", "orders/write"],
      accessTokenValidity: 30,
      idTokenValidity: 60,
    });
  });

  it("plans the imported manifest, as a new file, as import for the pool and everything it has", async () => {
    await importToFile();
    const result = await runCli(["plan", "--head", "imported.yaml", "--format", "json"], directory);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as {
      plans: { changes: { name: string; action: string }[]; summary: Record<string, number> }[];
    };
    expect(report.plans).toHaveLength(1);
    const plan = report.plans[0]!;
    expect(plan.changes.map((change) => [change.name, change.action])).toEqual([
      ["aws", "create"],
      ["acme-customers", "import"],
      ["acme-customers-server-orders", "import"],
      ["acme-customers-idp-Google", "import"],
      ["acme-customers-group-admins", "import"],
      ["acme-customers-group-support-agents", "import"],
      ["acme-customers-risk", "import"],
      ["acme-customers-api-server", "import"],
      ["acme-customers-web-spa", "import"],
      ["acme-customers-domain", "import"],
    ]);
    expect(plan.summary).toEqual({ create: 1, update: 0, replace: 0, delete: 0, import: 9 });
  });

  it("writes no secret anywhere (client or identity provider), and says where a client secret comes from", async () => {
    const result = await runImport(["--output", "imported.yaml"]);
    const text = readFileSync(join(directory, "imported.yaml"), "utf8");
    for (const output of [text, result.stdout, result.stderr]) {
      expect(output).not.toContain(API_CLIENT_SECRET);
      expect(output).not.toContain(GOOGLE_CLIENT_SECRET);
    }
    expect(text).toContain("no client secret is written here");
    expect(text).toContain("client-secrets output");
  });

  it("adopts a pool whose every setting it expresses: no comment lists a setting left out", async () => {
    const text = await importToFile();
    expect(text).not.toContain("cannot express");
    expect(text).toContain(`userPoolId: ${POOL_ID}`);
    expect(text).toContain("holding about 48,213 users");
  });

  it("refuses to mark a pool for adoption while it has a setting the manifest cannot express, naming it", async () => {
    const legacy = customerPool();
    legacy.pool.AdminCreateUserConfig = {
      ...(legacy.pool.AdminCreateUserConfig as Record<string, unknown>),
      UnusedAccountValidityDays: 10,
    };
    legacy.clients[0]!.ExplicitAuthFlows = ["ADMIN_NO_SRP_AUTH"];
    await standIn.close();
    standIn = await startCognitoStandIn([legacy]);
    const result = await runImport(["--output", "imported.yaml"]);
    const text = readFileSync(join(directory, "imported.yaml"), "utf8");

    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "not marked for adoption: the pool has settings the manifest cannot express (AdminCreateUserConfig.UnusedAccountValidityDays, client web-spa: ExplicitAuthFlows), and the first apply would reset them",
    );
    expect(text).not.toContain("adopt:");
    expect(text).toContain("NOT MARKED FOR ADOPTION");
    // The values are still listed, so a reviewer sees what blocks it.
    expect(text).toContain("AdminCreateUserConfig.UnusedAccountValidityDays: 10");
  });

  it("reads only: every call the stand-in received is a read, signed for cognito-idp (wafv2 for the web ACL) in the pool's region", async () => {
    await importToFile();
    expect(standIn.calls.length).toBeGreaterThan(0);
    expect(standIn.calls.filter((call) => !READ_OPERATIONS.has(call.operation))).toEqual([]);
    expect(new Set(standIn.calls.map((call) => JSON.stringify(call.scope)))).toEqual(
      new Set([
        JSON.stringify({ region: REGION, service: "cognito-idp" }),
        JSON.stringify({ region: REGION, service: "wafv2" }),
      ]),
    );
    expect(
      standIn.calls.filter((call) => call.scope?.service === "wafv2").map((call) => call.operation),
    ).toEqual(["GetWebACLForResource"]);
    expect(new Set(standIn.calls.map((call) => call.contentType))).toEqual(
      new Set(["application/x-amz-json-1.1"]),
    );
  });

  it("is what examples/adopted.yaml shows, apart from the stack labels added after import", async () => {
    const text = await importToFile();
    const example = readFileSync(join(REPOSITORY, "examples/adopted.yaml"), "utf8");
    expect(example.replace(/\n {2}# Added after import:[^\n]*\n {2}labels:\n( {4}[^\n]*\n)+/, "\n")).toBe(
      text,
    );
  });

  it("reaches Cognito through AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER and AWS WAF through AWS_ENDPOINT_URL_WAFV2, which win over AWS_ENDPOINT_URL", async () => {
    const { AWS_ENDPOINT_URL: endpoint, ...env } = awsEnvironment();
    const result = await runCli(["import", "--region", REGION, "--user-pool-id", POOL_ID], directory, {
      ...env,
      AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: endpoint!,
      AWS_ENDPOINT_URL_WAFV2: endpoint!,
      AWS_ENDPOINT_URL: "http://127.0.0.1:9",
    });
    expect(result.code, result.stderr).toBe(0);
    expect(standIn.calls.length).toBeGreaterThan(0);
  });

  it("reaches Cognito through --aws-endpoint-url, which wins over the environment's endpoints", async () => {
    const { AWS_ENDPOINT_URL: endpoint, ...env } = awsEnvironment();
    const result = await runCli(
      ["import", "--region", REGION, "--user-pool-id", POOL_ID, "--aws-endpoint-url", endpoint!],
      directory,
      {
        ...env,
        AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: "http://127.0.0.1:9",
        AWS_ENDPOINT_URL: "http://127.0.0.1:9",
      },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(standIn.calls.length).toBeGreaterThan(0);
  });

  it("refuses an --aws-endpoint-url that is not an http(s) URL, before any AWS call", async () => {
    const result = await runImport(["--aws-endpoint-url", "localhost:4566"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'cognito-action: --aws-endpoint-url "localhost:4566" is not an http:// or https:// URL, e.g. http://localhost:4566\n',
    );
    expect(standIn.calls).toHaveLength(0);
  });

  it("prints the manifest on stdout without --output", async () => {
    const result = await runImport();
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`userPoolId: ${POOL_ID}`);
    expect(result.stderr).toMatch(
      /^Imported us-east-1_Xq7Rm2KpL \(2 clients, domain acme-customers-login\);/m,
    );
    expect(result.stderr).toContain("cognito-action: warning: identity provider Google's client_secret");
  });

  it("never overwrites an existing file", async () => {
    writeFileSync(join(directory, "imported.yaml"), "keep me\n");
    const result = await runImport(["--output", "imported.yaml"]);
    expect(result.code).toBe(2);
    expect(readFileSync(join(directory, "imported.yaml"), "utf8")).toBe("keep me\n");
    expect(standIn.calls).toEqual([]);
  });
});

/** A failure is exactly one line on stderr, with no stack trace. */
function expectOneLine(stderr: string): void {
  expect(stderr.trimEnd().split("\n")).toHaveLength(1);
  expect(stderr).not.toMatch(/^\s+at /m);
}

describe("import failures", () => {
  it("a missing pool: one line, exit 2", async () => {
    const result = await runCli(
      ["import", "--region", REGION, "--user-pool-id", "us-east-1_NoSuchPool"],
      directory,
      awsEnvironment(),
    );
    expect(result.code).toBe(2);
    expectOneLine(result.stderr);
    expect(result.stderr).toContain("user pool us-east-1_NoSuchPool was not found in us-east-1");
  });

  it("access denied: one line naming the refused call, exit 1", async () => {
    standIn.failing("DescribeUserPool", accessDenied("DescribeUserPool", POOL_ARN));
    const result = await runImport();
    expect(result.code).toBe(1);
    expectOneLine(result.stderr);
    expect(result.stderr).toContain("AWS refused DescribeUserPool (AccessDeniedException)");
  });

  it("throttling: one line after the bounded retries, exit 1", async () => {
    standIn.failing("DescribeUserPool", TOO_MANY_REQUESTS);
    const result = await runImport([], awsEnvironment(2));
    expect(result.code).toBe(1);
    expectOneLine(result.stderr);
    expect(result.stderr).toContain("AWS throttled DescribeUserPool (TooManyRequestsException, 2 attempts)");
    expect(standIn.calls.map((call) => call.operation)).toEqual(["DescribeUserPool", "DescribeUserPool"]);
  });

  it("an endpoint that accepts and never answers: the request's deadline ends it, one line, exit 1", async () => {
    const silent = await startSilentServer(30_000);
    try {
      const startedAt = Date.now();
      const result = await runImport([], {
        ...awsEnvironment(1),
        AWS_ENDPOINT_URL: silent.url,
        COGNITO_ACTION_HTTP_TIMEOUT_SECONDS: "1",
      });
      expect(result.code).toBe(1);
      expectOneLine(result.stderr);
      expect(result.stderr).toBe(
        "cognito-action: Cognito did not answer DescribeUserPool in time (a request has exceeded the configured 1000 ms requestTimeout., 1 attempts); try again\n",
      );
      expect(silent.connections()).toBe(1);
      expect(Date.now() - startedAt).toBeLessThan(10_000);
    } finally {
      await silent.close();
    }
  });

  it("retries that would outlast the import's deadline: the whole import ends, one line naming it, exit 1", async () => {
    const silent = await startSilentServer(30_000);
    try {
      const startedAt = Date.now();
      const result = await runImport([], {
        ...awsEnvironment(20),
        AWS_ENDPOINT_URL: silent.url,
        COGNITO_ACTION_HTTP_TIMEOUT_SECONDS: "1",
      });
      expect(result.code).toBe(1);
      expectOneLine(result.stderr);
      expect(result.stderr).toMatch(
        /^cognito-action: import of us-east-1_\w+ did not finish within 4 s \(timed out\): Cognito in us-east-1 is not answering/,
      );
      expect(Date.now() - startedAt).toBeLessThan(10_000);
    } finally {
      await silent.close();
    }
  });

  it("a logo whose server accepts and never answers: its request's deadline ends it, and the pool is not marked for adoption", async () => {
    const silent = await startSilentServer(30_000);
    try {
      const pool = customerPool();
      pool.uiCustomizations = {
        ALL: { CSS: ".banner-customizable { color: red; }", ImageUrl: `${silent.url}/logo.png` },
      };
      await standIn.close();
      standIn = await startCognitoStandIn([pool]);
      const startedAt = Date.now();
      const result = await runImport(["--output", "imported.yaml"], {
        ...awsEnvironment(),
        COGNITO_ACTION_HTTP_TIMEOUT_SECONDS: "1",
      });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain("UICustomization.ImageUrl");
      expect(readFileSync(join(directory, "imported.yaml"), "utf8")).not.toContain("adopt:");
      expect(Date.now() - startedAt).toBeLessThan(10_000);
    } finally {
      await silent.close();
    }
  });

  it("a denied identity provider read is noted in the manifest, not fatal", async () => {
    standIn.failing("DescribeIdentityProvider", accessDenied("DescribeIdentityProvider", POOL_ARN));
    const text = await importToFile();
    expect(text).toContain(
      "(identity providers not read: AccessDeniedException on DescribeIdentityProvider)",
    );
  });

  it("a denied optional list (groups) is noted in the manifest, not fatal", async () => {
    standIn.failing("ListGroups", accessDenied("ListGroups", POOL_ARN));
    const text = await importToFile();
    expect(text).toContain("(groups not read: AccessDeniedException on ListGroups)");
  });

  it.each([
    [["import", "--user-pool-id", POOL_ID], "import needs --region"],
    [["import", "--region", REGION], "import needs --user-pool-id"],
    [
      ["import", "--region", "eu-west-1", "--user-pool-id", POOL_ID],
      "is a pool in us-east-1, not in --region eu-west-1",
    ],
    [["import", "--region", REGION, "--user-pool-id", "Xq7Rm2KpL"], "is not a user pool ID"],
  ])("usage: %j exits 2 before any call", async (args, message) => {
    const result = await runCli(args, directory, awsEnvironment());
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(standIn.calls).toEqual([]);
  });

  it("writes a pool the manifest cannot hold as it stands (no app client), lists why, and exits 1", async () => {
    const empty = customerPool();
    empty.clients = [];
    await standIn.close();
    standIn = await startCognitoStandIn([empty]);
    const result = await runImport(["--output", "imported.yaml"]);
    expect(result.code).toBe(1);
    expect(existsSync(join(directory, "imported.yaml"))).toBe(true);
    expect(result.stderr).toContain("spec.clients");
    expect(result.stderr).toContain("the imported manifest does not validate as it stands");
  });

  it("import --help prints the usage with the import options, and calls nothing", async () => {
    const result = await runCli(["import", "--help"], directory, awsEnvironment());
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("import --region REGION --user-pool-id ID");
    expect(result.stdout).toContain("No client secret is written");
    expect(standIn.calls).toEqual([]);
  });

  it("refuses a --name other than the pool's: renaming a pool replaces it", async () => {
    const result = await runImport(["--name", "customers"]);
    expect(result.code).toBe(2);
    expectOneLine(result.stderr);
    expect(result.stderr).toContain("renaming a pool replaces it");
  });
});

describe("the bundled CLI", () => {
  it("without any AWS credentials: one line saying so, exit 1, nothing sent", async () => {
    const run = promisify(execFile)(
      process.execPath,
      [join(REPOSITORY, "dist/cli.js"), "import", "--region", REGION, "--user-pool-id", POOL_ID],
      {
        cwd: directory,
        // Every link of the chain empty: no variables, no profile files, no instance metadata.
        env: {
          PATH: process.env.PATH ?? "",
          HOME: directory,
          AWS_ENDPOINT_URL: standIn.endpoint,
          AWS_CONFIG_FILE: join(directory, "no-config"),
          AWS_SHARED_CREDENTIALS_FILE: join(directory, "no-credentials"),
          AWS_EC2_METADATA_DISABLED: "true",
        },
      },
    );
    const failure = (await run.then(
      () => undefined,
      (error: unknown) => error,
    )) as { code: number; stderr: string } | undefined;
    expect(failure?.code).toBe(1);
    expectOneLine(failure!.stderr);
    expect(failure!.stderr).toContain("cognito-action: no AWS credentials found");
    expect(standIn.calls).toEqual([]);
  });

  it("imports with nothing installed: dist/cli.js loads the AWS SDK from its own bundle", async () => {
    const bundle = join(REPOSITORY, "dist/cli.js");
    expect(existsSync(join(REPOSITORY, "dist/cli-import.js"))).toBe(true);
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      [bundle, "import", "--region", REGION, "--user-pool-id", POOL_ID],
      { cwd: directory, env: { PATH: process.env.PATH ?? "", ...awsEnvironment() } },
    );
    expect(stdout).toContain(`userPoolId: ${POOL_ID}`);
    expect(stdout).not.toContain(API_CLIENT_SECRET);
    // Only the importer's own lines: its warning and its summary, no SDK noise.
    expect(
      stderr
        .trimEnd()
        .split("\n")
        .map((line) => line.split(":")[0]),
    ).toEqual([
      "cognito-action",
      "Imported us-east-1_Xq7Rm2KpL (2 clients, domain acme-customers-login); every deployed setting is in the manifest.",
    ]);
  });
});
