// The conversion of a deployed pool to a manifest, on its own: what AWS's shapes and units become, and what
// is noted rather than dropped. Pure: no stand-in needed.
import { describe, expect, it } from "vitest";
import type { DeployedClient, DeployedPool } from "../../src/import/deployed-pool.ts";
import { importedManifest } from "../../src/import/pool-manifest.ts";

function client(overrides: Partial<DeployedClient> = {}): DeployedClient {
  return { ClientName: "app", ClientId: "5f2kq8n1v7c3m9x0b4h6j2l8pd", HasSecret: false, ...overrides };
}

function deployed(overrides: Partial<DeployedPool> = {}, pool: DeployedPool["pool"] = {}): DeployedPool {
  return {
    region: "eu-west-1",
    pool: {
      Id: "eu-west-1_AbCdEf123",
      Name: "legacy",
      UsernameConfiguration: { CaseSensitive: false },
      ...pool,
    },
    mfa: {},
    clients: [client()],
    unread: [],
    ...overrides,
  };
}

function clientsOf(result: ReturnType<typeof importedManifest>): Record<string, unknown>[] {
  return (result.document.spec as { clients: Record<string, unknown>[] }).clients;
}

describe("importedManifest", () => {
  it("keeps a pool without UsernameConfiguration case-sensitive, and warns that adopting it would replace it", () => {
    const result = importedManifest(deployed({}, { UsernameConfiguration: undefined }));
    expect((result.document.spec as Record<string, unknown>).usernameCaseSensitive).toBe(true);
    expect(result.warnings[0]).toContain("no UsernameConfiguration");
  });

  it("keeps the pool's own tags, leaving out the ones cognito-action sets itself", () => {
    const result = importedManifest(
      deployed(
        {},
        { UserPoolTags: { team: "identity", "managed-by": "cognito-action", "openmcf.org/name": "x" } },
      ),
    );
    expect((result.document.spec as Record<string, unknown>).tags).toEqual({ team: "identity" });
    expect(result.warnings).toEqual([]);
    expect(result.notes).toEqual([]);
  });

  // DescribeUserPool also answers the legacy EmailVerificationMessage, EmailVerificationSubject and
  // SmsVerificationMessage, which mirror VerificationMessageTemplate (the API reference's UserPoolType; terraform
  // user_pool.go reads them as Optional+Computed). Equal to the template, the template expresses them.
  it("takes the legacy verification fields that mirror the template as expressed, and notes ones that differ", () => {
    const template = {
      DefaultEmailOption: "CONFIRM_WITH_CODE" as const,
      EmailSubject: "Your code",
      EmailMessage: "Your code is {####}",
      SmsMessage: "Code {####}",
    };
    const mirrored = importedManifest(
      deployed(
        {},
        {
          VerificationMessageTemplate: template,
          EmailVerificationSubject: "Your code",
          EmailVerificationMessage: "Your code is {####}",
          SmsVerificationMessage: "Code {####}",
        },
      ),
    );
    expect(mirrored.notes).toEqual([]);
    expect(mirrored.adoptionBlockedBy).toEqual([]);
    expect((mirrored.document.spec as Record<string, unknown>).verificationMessageTemplate).toMatchObject({
      emailSubject: "Your code",
      smsMessage: "Code {####}",
    });

    const differing = importedManifest(
      deployed({}, { VerificationMessageTemplate: template, SmsVerificationMessage: "Old code {####}" }),
    );
    expect(differing.adoptionBlockedBy).toEqual(["SmsVerificationMessage"]);
  });

  it("warns about a pool with users and no deletion protection, and not about an empty one", () => {
    const unprotected = { DeletionProtection: "INACTIVE" as const };
    expect(importedManifest(deployed({}, { ...unprotected, EstimatedNumberOfUsers: 1200 })).warnings).toEqual(
      [
        "the pool holds about 1,200 users without deletion protection; consider deletionProtection: true (an in-place change that also protects the pool in Pulumi)",
      ],
    );
    expect(importedManifest(deployed({}, { ...unprotected, EstimatedNumberOfUsers: 0 })).warnings).toEqual(
      [],
    );
  });

  it("keeps token validities in hours and seconds in their own units, so the first apply changes no unit", () => {
    const result = importedManifest(
      deployed({
        clients: [
          client({
            AccessTokenValidity: 3600,
            IdTokenValidity: 2,
            RefreshTokenValidity: 48,
            TokenValidityUnits: { AccessToken: "seconds", IdToken: "hours", RefreshToken: "hours" },
          }),
        ],
      }),
    );
    const imported = clientsOf(result)[0]!;
    expect(imported.tokenValidity).toEqual({
      accessToken: { value: 3600, unit: "seconds" },
      idToken: { value: 2, unit: "hours" },
      refreshToken: { value: 48, unit: "hours" },
    });
    for (const field of ["accessTokenValidityMinutes", "idTokenValidityMinutes", "refreshTokenValidityDays"])
      expect(imported).not.toHaveProperty(field);
    expect(result.clientNotes[0]).toEqual([]);
  });

  it("writes validities in minutes, minutes and days as the OpenMCF fields", () => {
    const result = importedManifest(
      deployed({
        clients: [
          client({
            AccessTokenValidity: 30,
            IdTokenValidity: 45,
            RefreshTokenValidity: 7,
            TokenValidityUnits: { AccessToken: "minutes", IdToken: "minutes", RefreshToken: "days" },
          }),
        ],
      }),
    );
    expect(clientsOf(result)[0]).toMatchObject({
      accessTokenValidityMinutes: 30,
      idTokenValidityMinutes: 45,
      refreshTokenValidityDays: 7,
    });
    expect(clientsOf(result)[0]).not.toHaveProperty("tokenValidity");
  });

  it("reads validities without units as hours (access, ID) and an unset refresh validity as AWS's 30 days", () => {
    const result = importedManifest(
      deployed({ clients: [client({ AccessTokenValidity: 1, IdTokenValidity: 1 })] }),
    );
    expect(clientsOf(result)[0]).toMatchObject({
      tokenValidity: { accessToken: { value: 1, unit: "hours" }, idToken: { value: 1, unit: "hours" } },
      refreshTokenValidityDays: 30,
    });
  });

  it("keeps a refresh validity shorter than a day, which whole days cannot hold, in hours", () => {
    const result = importedManifest(
      deployed({
        clients: [client({ RefreshTokenValidity: 12, TokenValidityUnits: { RefreshToken: "hours" } })],
      }),
    );
    expect(clientsOf(result)[0]!.tokenValidity).toEqual({ refreshToken: { value: 12, unit: "hours" } });
    expect(result.clientNotes[0]).toEqual([]);
    expect(result.adoptionBlockedBy).toEqual([]);
  });

  it("writes a client's own risk configuration, and none for a client the pool's applies to", () => {
    const result = importedManifest(
      deployed({
        clients: [client(), client({ ClientName: "admin", ClientId: "6f2kq8n1v7c3m9x0b4h6j2l8pd" })],
        clientRiskConfigurations: {
          "6f2kq8n1v7c3m9x0b4h6j2l8pd": {
            ClientId: "6f2kq8n1v7c3m9x0b4h6j2l8pd",
            CompromisedCredentialsRiskConfiguration: { Actions: { EventAction: "BLOCK" } },
            RiskExceptionConfiguration: { SkippedIPRangeList: ["10.0.0.0/8"] },
          },
        },
      }),
    );
    const [app, admin] = clientsOf(result);
    expect(app).not.toHaveProperty("riskConfiguration");
    expect(admin!.riskConfiguration).toEqual({
      compromisedCredentials: { eventAction: "BLOCK" },
      riskExceptions: { skippedIpRanges: ["10.0.0.0/8"] },
    });
    expect(result.adoptionBlockedBy).toEqual([]);
  });

  it("keeps the auth flows the manifest knows and notes the others", () => {
    const result = importedManifest(
      deployed({
        clients: [
          client({
            // ADMIN_NO_SRP_AUTH: the legacy name of ALLOW_ADMIN_USER_PASSWORD_AUTH, still on old clients.
            ExplicitAuthFlows: ["ALLOW_USER_AUTH", "ADMIN_NO_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
          }),
        ],
      }),
    );
    expect(clientsOf(result)[0]!.explicitAuthFlows).toEqual(["ALLOW_USER_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]);
    expect(result.clientNotes[0]).toContain(
      'ExplicitAuthFlows (not expressible, dropped by the first apply): ["ADMIN_NO_SRP_AUTH"]',
    );
  });

  it("gives clients that share a name distinct manifest names, adopts each, and says the first apply renames one", () => {
    const result = importedManifest(
      deployed({
        clients: [
          client({ ClientName: "app", ClientId: "aaaaaaaaaaaaaaaaaaaaaaaaaa" }),
          client({ ClientName: "app", ClientId: "bbbbbbbbbbbbbbbbbbbbbbbbbb" }),
        ],
      }),
    );
    expect(clientsOf(result).map((entry) => entry.name)).toEqual(["app", "app-2"]);
    expect((result.document.spec as { adopt: unknown }).adopt).toEqual({
      userPoolId: "eu-west-1_AbCdEf123",
      clientIds: { app: "aaaaaaaaaaaaaaaaaaaaaaaaaa", "app-2": "bbbbbbbbbbbbbbbbbbbbbbbbbb" },
    });
    expect(result.clientNotes[1]![0]).toContain("the first apply renames it at AWS, in place");
  });

  it("keeps standard attributes only when made required or immutable, and never sub", () => {
    const result = importedManifest(
      deployed(
        {},
        {
          SchemaAttributes: [
            { Name: "sub", AttributeDataType: "String", Mutable: false, Required: true },
            {
              Name: "name",
              AttributeDataType: "String",
              Mutable: true,
              Required: false,
              StringAttributeConstraints: { MinLength: "0", MaxLength: "2048" },
            },
            { Name: "birthdate", AttributeDataType: "String", Mutable: false, Required: false },
          ],
        },
      ),
    );
    expect((result.document.spec as { customAttributes: unknown }).customAttributes).toEqual([
      { name: "birthdate", attributeDataType: "String", mutable: false },
    ]);
  });

  // AWS lists birthdate on every pool with a length of exactly 10 (YYYY-MM-DD), not 0-2048: that is its default.
  it("leaves out birthdate at its own default length of 10-10, and keeps it at any other", () => {
    const birthdate = (MinLength: string, MaxLength: string) =>
      importedManifest(
        deployed(
          {},
          {
            SchemaAttributes: [
              {
                Name: "birthdate",
                AttributeDataType: "String",
                Mutable: true,
                Required: false,
                StringAttributeConstraints: { MinLength, MaxLength },
              },
            ],
          },
        ),
      ).document.spec as { customAttributes?: unknown };
    expect(birthdate("10", "10").customAttributes).toBeUndefined();
    expect(birthdate("0", "2048").customAttributes).toEqual([
      {
        name: "birthdate",
        attributeDataType: "String",
        mutable: true,
        stringMinLength: "0",
        stringMaxLength: "2048",
      },
    ]);
  });

  it("keeps a standard attribute whose length limits differ from AWS's 0-2048, even when optional and mutable", () => {
    const result = importedManifest(
      deployed(
        {},
        {
          SchemaAttributes: [
            {
              Name: "email",
              AttributeDataType: "String",
              Mutable: true,
              Required: false,
              StringAttributeConstraints: { MinLength: "5", MaxLength: "254" },
            },
          ],
        },
      ),
    );
    expect((result.document.spec as { customAttributes: unknown }).customAttributes).toEqual([
      {
        name: "email",
        attributeDataType: "String",
        mutable: true,
        stringMinLength: "5",
        stringMaxLength: "254",
      },
    ]);
  });

  it("keeps updated_at when its number limits differ from AWS's (a minimum of 0, no maximum)", () => {
    const withLimits = (limits: { MinValue?: string; MaxValue?: string }) =>
      (
        importedManifest(
          deployed(
            {},
            {
              SchemaAttributes: [
                {
                  Name: "updated_at",
                  AttributeDataType: "Number",
                  Mutable: true,
                  Required: false,
                  NumberAttributeConstraints: limits,
                },
              ],
            },
          ),
        ).document.spec as { customAttributes?: unknown }
      ).customAttributes;
    expect(withLimits({ MinValue: "0" })).toBeUndefined();
    expect(withLimits({ MinValue: "0", MaxValue: "4102444800" })).toEqual([
      {
        name: "updated_at",
        attributeDataType: "Number",
        mutable: true,
        numberMinValue: "0",
        numberMaxValue: "4102444800",
      },
    ]);
  });

  it("writes the SMS configuration (its external ID is a trust-policy condition, not a secret) and the SMS MFA message", () => {
    const result = importedManifest(
      deployed(
        {
          mfa: {
            MfaConfiguration: "OPTIONAL",
            SmsMfaConfiguration: { SmsAuthenticationMessage: "Your code is {####}" },
          },
        },
        {
          MfaConfiguration: "OPTIONAL",
          SmsConfiguration: {
            SnsCallerArn: "arn:aws:iam::123456789012:role/cognito-sms",
            ExternalId: "b7c1e0d2-4f5a-4c3e-9d8f-123456789abc",
            SnsRegion: "eu-west-1",
          },
        },
      ),
    );
    const spec = result.document.spec as Record<string, unknown>;
    expect(spec.smsConfiguration).toEqual({
      snsCallerArn: "arn:aws:iam::123456789012:role/cognito-sms",
      externalId: "b7c1e0d2-4f5a-4c3e-9d8f-123456789abc",
      snsRegion: "eu-west-1",
    });
    expect(spec.smsAuthenticationMessage).toBe("Your code is {####}");
    expect(result.notes).toEqual([]);
  });

  it("writes threat protection, device tracking, password history and attribute-update settings", () => {
    const result = importedManifest(
      deployed(
        {},
        {
          UserPoolTier: "PLUS",
          UserPoolAddOns: {
            AdvancedSecurityMode: "ENFORCED",
            AdvancedSecurityAdditionalFlows: { CustomAuthMode: "AUDIT" },
          },
          DeviceConfiguration: { ChallengeRequiredOnNewDevice: true },
          Policies: { PasswordPolicy: { MinimumLength: 12, PasswordHistorySize: 5 } },
          UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: ["email"] },
          AutoVerifiedAttributes: ["email"],
        },
      ),
    );
    const spec = result.document.spec as Record<string, unknown>;
    expect(spec.threatProtection).toEqual({ standardAuthMode: "ENFORCED", customAuthMode: "AUDIT" });
    expect(spec.deviceTracking).toEqual({
      challengeRequiredOnNewDevice: true,
      deviceOnlyRememberedOnUserPrompt: false,
    });
    expect(spec.passwordPolicy).toEqual({ minimumLength: 12, passwordHistorySize: 5 });
    expect(spec.keepOriginalAttributeUntilVerified).toEqual(["email"]);
    expect(result.notes).toEqual([]);
  });

  it("writes the custom senders with their KMS key and the pre-token trigger's event version", () => {
    const fn = "arn:aws:lambda:eu-west-1:123456789012:function";
    const result = importedManifest(
      deployed(
        {},
        {
          LambdaConfig: {
            PreTokenGeneration: `${fn}:pre-token`,
            PreTokenGenerationConfig: { LambdaArn: `${fn}:pre-token`, LambdaVersion: "V2_0" },
            CustomEmailSender: { LambdaArn: `${fn}:email-sender`, LambdaVersion: "V1_0" },
            CustomSMSSender: { LambdaArn: `${fn}:sms-sender`, LambdaVersion: "V1_0" },
            KMSKeyID: "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
          },
        },
      ),
    );
    expect((result.document.spec as Record<string, unknown>).lambdaConfig).toEqual({
      preTokenGeneration: `${fn}:pre-token`,
      preTokenGenerationVersion: "V2_0",
      customEmailSender: `${fn}:email-sender`,
      customSmsSender: `${fn}:sms-sender`,
      kmsKeyId: "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    });
    expect(result.notes).toEqual([]);
  });

  it("notes pool fields it does not know, so a new AWS setting is never dropped silently", () => {
    const result = importedManifest(
      deployed({}, { Status: "Enabled", ...({ FutureSetting: { Mode: "STRICT" } } as object) }),
    );
    expect(result.notes).toContain('FutureSetting: {"Mode":"STRICT"}');
    expect(result.notes.some((line) => line.startsWith("Status"))).toBe(false);
  });

  it("writes refresh token rotation only where a client has it enabled", () => {
    const result = importedManifest(
      deployed({
        clients: [
          client({ RefreshTokenRotation: { Feature: "ENABLED", RetryGracePeriodSeconds: 10 } }),
          client({ ClientName: "other", RefreshTokenRotation: { Feature: "DISABLED" } }),
        ],
      }),
    );
    expect(clientsOf(result).map((entry) => entry.refreshTokenRotation)).toEqual([
      { feature: "ENABLED", retryGracePeriodSeconds: 10 },
      undefined,
    ]);
  });

  it("writes passkey settings when the pool offers passkeys, and not AWS's default alone", () => {
    const webAuthn = {
      WebAuthnConfiguration: { RelyingPartyId: "auth.example.com", UserVerification: "required" as const },
    };
    const offered = importedManifest(
      deployed(
        { mfa: webAuthn },
        { Policies: { SignInPolicy: { AllowedFirstAuthFactors: ["PASSWORD", "WEB_AUTHN"] } } },
      ),
    );
    expect((offered.document.spec as Record<string, unknown>).webAuthn).toEqual({
      relyingPartyId: "auth.example.com",
      userVerification: "required",
    });
    const defaults = importedManifest(
      deployed({ mfa: { WebAuthnConfiguration: { UserVerification: "preferred" } } }),
    );
    expect((defaults.document.spec as Record<string, unknown>).webAuthn).toBeUndefined();
  });

  it("writes a managed login version 2 domain as such", () => {
    const result = importedManifest(
      deployed({ domain: { Domain: "legacy-login", ManagedLoginVersion: 2 } }, { Domain: "legacy-login" }),
    );
    expect((result.document.spec as Record<string, unknown>).domain).toEqual({
      domain: "legacy-login",
      managedLoginVersion: 2,
    });
  });

  it("writes a client's branding style as it is customized, with its images in Base64, and adopts it by its ID", () => {
    const result = importedManifest(
      deployed({
        brandings: {
          "5f2kq8n1v7c3m9x0b4h6j2l8pd": {
            ManagedLoginBrandingId: "4f1c2b3a-5d6e-4f70-8a91-b2c3d4e5f607",
            UseCognitoProvidedValues: false,
            Settings: { components: { form: { borderRadius: 8 } } },
            Assets: [
              {
                Category: "FORM_LOGO",
                ColorMode: "DARK",
                Extension: "SVG",
                Bytes: new TextEncoder().encode("<svg/>"),
              },
            ],
          },
        },
      }),
    );
    expect(clientsOf(result)[0]!.managedLoginBranding).toEqual({
      settings: { components: { form: { borderRadius: 8 } } },
      assets: [{ category: "FORM_LOGO", colorMode: "DARK", extension: "SVG", bytes: "PHN2Zy8+" }],
    });
    expect((result.document.spec as { adopt: Record<string, unknown> }).adopt.managedLoginBrandings).toEqual({
      app: "4f1c2b3a-5d6e-4f70-8a91-b2c3d4e5f607",
    });
    expect(result.adoptionBlockedBy).toEqual([]);
  });

  it("writes Cognito's own style as such, and refuses adoption for settings beside it (the provider takes one)", () => {
    const style = {
      ManagedLoginBrandingId: "4f1c2b3a-5d6e-4f70-8a91-b2c3d4e5f607",
      UseCognitoProvidedValues: true,
    };
    const plain = importedManifest(deployed({ brandings: { "5f2kq8n1v7c3m9x0b4h6j2l8pd": style } }));
    expect(clientsOf(plain)[0]!.managedLoginBranding).toEqual({ useCognitoProvidedValues: true });
    expect(plain.adoptionBlockedBy).toEqual([]);
    const both = importedManifest(
      deployed({ brandings: { "5f2kq8n1v7c3m9x0b4h6j2l8pd": { ...style, Settings: { components: {} } } } }),
    );
    expect(both.adoptionBlockedBy).toEqual(["client app: ManagedLoginBranding.Settings"]);
    expect(both.document.spec).not.toHaveProperty("adopt");
  });

  it("writes the classic UI customizations with the downloaded logo, and refuses adoption when the logo could not be read", () => {
    const read = importedManifest(
      deployed({
        uiCustomizations: {
          ALL: {
            CSS: ".banner-customizable {color: red}",
            ImageUrl: "https://cdn.example/logo.png",
            ImageFile: "iVBORw0K",
          },
          "5f2kq8n1v7c3m9x0b4h6j2l8pd": { CSS: ".logo-customizable {max-width: 60%}" },
        },
      }),
    );
    expect((read.document.spec as Record<string, unknown>).uiCustomization).toEqual({
      css: ".banner-customizable {color: red}",
      imageFile: "iVBORw0K",
    });
    expect(clientsOf(read)[0]!.uiCustomization).toEqual({ css: ".logo-customizable {max-width: 60%}" });
    expect(read.adoptionBlockedBy).toEqual([]);
    const unread = importedManifest(
      deployed({
        uiCustomizations: { ALL: { ImageUrl: "https://cdn.example/logo.png", ImageUnread: "HTTP 403" } },
      }),
    );
    expect(unread.adoptionBlockedBy).toEqual(["UICustomization.ImageUrl"]);
    expect(unread.notes[0]).toContain("HTTP 403");
  });

  it("writes no Lambda permission setting for a pool without triggers", () => {
    const result = importedManifest(deployed());
    expect(result.document.spec as Record<string, unknown>).not.toHaveProperty("manageLambdaPermissions");
  });

  it("writes no sign-in policy for PASSWORD alone, which every pool without choice-based sign-in describes", () => {
    const result = importedManifest(
      deployed({}, { Policies: { SignInPolicy: { AllowedFirstAuthFactors: ["PASSWORD"] } } }),
    );
    expect(result.document.spec as Record<string, unknown>).not.toHaveProperty("signInPolicy");
  });

  it("names each identity provider secret's variable after the provider and key, and adopts the provider", () => {
    const result = importedManifest(
      deployed({
        identityProviders: [
          {
            ProviderName: "corp-sso",
            ProviderType: "OIDC",
            ProviderDetails: { client_id: "corp", oidc_issuer: "https://login.corp.example" },
            SecretDetails: ["client_secret"],
          },
        ],
      }),
    );
    const spec = result.document.spec as {
      identityProviders: { providerDetails: Record<string, unknown> }[];
      adopt: { identityProviders: string[] };
    };
    expect(spec.identityProviders[0]!.providerDetails).toEqual({
      client_id: "corp",
      oidc_issuer: "https://login.corp.example",
      client_secret: { valueFromEnv: "CORP_SSO_CLIENT_SECRET" },
    });
    expect(result.providerSecrets).toEqual([[{ key: "client_secret", variable: "CORP_SSO_CLIENT_SECRET" }]]);
    expect(spec.adopt.identityProviders).toEqual(["corp-sso"]);
  });
});
