// What parseManifest makes of a document: defaults filled in, StringValueOrRef in one shape, numbers as the
// strings AWS wants. And the committed JSON Schema, which editors read, must be the one the code generates.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadYamlDocuments, manifestJsonSchema, parseManifest } from "../src/index.ts";
import type { Manifest } from "../src/index.ts";
import { manifest } from "./manifest-text.ts";

/** The parsed manifest of a document that must parse. */
function parsed(text: string): Manifest {
  const result = parseManifest(loadYamlDocuments(text, "a.yaml")[0]!);
  if (!result.ok) throw new Error(`expected a manifest, got ${JSON.stringify(result.findings, null, 2)}`);
  return result.value;
}

const LAMBDA_ARN = "arn:aws:lambda:us-east-1:123456789012:function:pre-sign-up";

describe("defaults", () => {
  it("fills in the pool's defaults", () => {
    const { spec, metadata } = parsed(manifest(""));
    expect(spec).toMatchObject({
      usernameAttributes: [],
      aliasAttributes: [],
      usernameCaseSensitive: false,
      mfaConfiguration: "OFF",
      softwareTokenMfaEnabled: false,
      accountRecoveryMechanisms: [],
      allowAdminCreateUserOnly: false,
      deletionProtection: false,
      customAttributes: [],
    });
    expect(spec.passwordPolicy).toBeUndefined();
    expect(spec.emailConfiguration).toBeUndefined();
    expect(spec.lambdaConfig).toBeUndefined();
    expect(spec.domain).toBeUndefined();
    expect(metadata.labels).toMatchObject({
      "pulumi.openmcf.org/stack.name": "dev.AwsCognitoUserPool.my-auth",
    });
  });

  it("gives a client token lifetimes of 60 minutes, 60 minutes and 30 days", () => {
    const [client] = parsed(manifest("clients: [{name: web-app}]")).spec.clients;
    expect(client).toEqual({
      name: "web-app",
      generateSecret: false,
      allowedOauthFlowsUserPoolClient: false,
      allowedOauthFlows: [],
      allowedOauthScopes: [],
      callbackUrls: [],
      logoutUrls: [],
      supportedIdentityProviders: [],
      explicitAuthFlows: [],
      accessTokenValidityMinutes: 60,
      idTokenValidityMinutes: 60,
      refreshTokenValidityDays: 30,
      readAttributes: [],
      writeAttributes: [],
    });
  });

  it("keeps what the author wrote over a default", () => {
    const [client] = parsed(
      manifest("clients: [{name: web-app, accessTokenValidityMinutes: 5, refreshTokenValidityDays: 3650}]"),
    ).spec.clients;
    expect(client).toMatchObject({
      accessTokenValidityMinutes: 5,
      idTokenValidityMinutes: 60,
      refreshTokenValidityDays: 3650,
    });
  });

  it("fills an empty password policy with AWS's defaults", () => {
    expect(parsed(manifest("passwordPolicy: {}")).spec.passwordPolicy).toEqual({
      minimumLength: 8,
      requireLowercase: false,
      requireUppercase: false,
      requireNumbers: false,
      requireSymbols: false,
      temporaryPasswordValidityDays: 7,
    });
  });

  it("sends email through Cognito unless told otherwise", () => {
    expect(parsed(manifest("emailConfiguration: {}")).spec.emailConfiguration).toEqual({
      emailSendingAccount: "COGNITO_DEFAULT",
    });
  });

  it("gives metadata empty labels when there are none", () => {
    const text = manifest("", { metadata: "name: my-auth" });
    const result = parseManifest(loadYamlDocuments(text, "a.yaml")[0]!);
    expect(result.ok && result.value.metadata.labels).toEqual({});
  });
});

describe("StringValueOrRef", () => {
  it("turns a plain string into {value} and keeps {value}", () => {
    const { lambdaConfig } = parsed(
      manifest(`
        lambdaConfig:
          preSignUp: ${LAMBDA_ARN}
          postConfirmation:
            value: ${LAMBDA_ARN}
      `),
    ).spec;
    expect(lambdaConfig).toEqual({
      preSignUp: { value: LAMBDA_ARN },
      postConfirmation: { value: LAMBDA_ARN },
    });
  });

  it("defaults a Lambda trigger's reference to an AwsLambda's function_arn", () => {
    const { lambdaConfig } = parsed(
      manifest(`
        lambdaConfig:
          preSignUp:
            valueFrom:
              name: pre-sign-up
          customMessage:
            valueFrom:
              kind: AwsLambdaAlias
              name: messages
              fieldPath: status.outputs.alias_arn
              env: prod
      `),
    ).spec;
    expect(lambdaConfig?.preSignUp).toEqual({
      valueFrom: { kind: "AwsLambda", name: "pre-sign-up", fieldPath: "status.outputs.function_arn" },
    });
    expect(lambdaConfig?.customMessage).toEqual({
      valueFrom: {
        kind: "AwsLambdaAlias",
        name: "messages",
        fieldPath: "status.outputs.alias_arn",
        env: "prod",
      },
    });
  });

  it("defaults a certificate reference to an AwsCertManagerCert's certificate_arn", () => {
    const { domain } = parsed(
      manifest(`
        domain:
          domain: auth.example.com
          certificateArn:
            valueFrom:
              name: auth-certificate
      `),
    ).spec;
    expect(domain?.certificateArn).toEqual({
      valueFrom: {
        kind: "AwsCertManagerCert",
        name: "auth-certificate",
        fieldPath: "status.outputs.certificate_arn",
      },
    });
  });

  it("has no defaults for the SES identity, so a reference names its kind and output", () => {
    const text = manifest(`
      emailConfiguration:
        emailSendingAccount: DEVELOPER
        sourceArn:
          valueFrom:
            name: mail
    `);
    const result = parseManifest(loadYamlDocuments(text, "a.yaml")[0]!);
    expect(result.ok).toBe(false);
    expect(result.findings.map((finding) => [finding.rule, finding.path])).toEqual([
      ["required", "spec.emailConfiguration.sourceArn.valueFrom.kind"],
      ["required", "spec.emailConfiguration.sourceArn.valueFrom.fieldPath"],
    ]);
  });

  it("refuses a value and a reference together, and a reference without a name", () => {
    const text = manifest(`
      lambdaConfig:
        preSignUp:
          value: ${LAMBDA_ARN}
          valueFrom: {name: pre-sign-up}
        postConfirmation:
          valueFrom: {kind: AwsLambda}
    `);
    const result = parseManifest(loadYamlDocuments(text, "a.yaml")[0]!);
    expect(result.ok).toBe(false);
    expect(result.findings.map((finding) => [finding.rule, finding.path])).toEqual([
      ["invalid-type", "spec.lambdaConfig.preSignUp"],
      ["required", "spec.lambdaConfig.postConfirmation.valueFrom.name"],
    ]);
    expect(result.findings[0]!.message).toContain(
      "must be a string, {value: <string>} or {valueFrom: {kind, name, fieldPath}}, not a mapping",
    );
  });
});

describe("custom attribute constraints", () => {
  it("become strings, as the AWS API takes them, whether written as numbers or strings", () => {
    const [text, number] = parsed(
      manifest(`
        customAttributes:
          - name: bio
            attributeDataType: String
            stringMinLength: 0
            stringMaxLength: "2048"
          - name: score
            attributeDataType: Number
            numberMinValue: -10
            numberMaxValue: 1000000
      `),
    ).spec.customAttributes;
    expect(text).toMatchObject({ stringMinLength: "0", stringMaxLength: "2048" });
    expect(number).toMatchObject({ numberMinValue: "-10", numberMaxValue: "1000000" });
  });

  it("refuses other types", () => {
    const text = manifest(`
      customAttributes:
        - name: score
          attributeDataType: Number
          numberMaxValue: [10]
    `);
    const result = parseManifest(loadYamlDocuments(text, "a.yaml")[0]!);
    expect(result.findings.map((finding) => [finding.rule, finding.path])).toEqual([
      ["invalid-type", "spec.customAttributes[0].numberMaxValue"],
    ]);
  });
});

describe("the committed JSON Schema", () => {
  it("is the one the schema generates (run pnpm generate after changing the schema)", () => {
    const committed = readFileSync(
      join(import.meta.dirname, "../schema/aws-cognito-user-pool.schema.json"),
      "utf8",
    );
    expect(committed).toBe(`${JSON.stringify(manifestJsonSchema(), null, 2)}\n`);
  });
});
