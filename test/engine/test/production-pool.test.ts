// A production pool's settings (issue 18) against the emulator: the first push creates a pool with SMS and SMS
// MFA, device tracking, threat protection, password history, attribute-update settings and its own tags, and a
// client with attribute permissions, session validity, context data, analytics and its own token units; moto
// must show each one (the `aws` plugin sends them as terraform-provider-aws's user_pool.go and
// user_pool_client.go do). Then `cognito-action import` reads that pool back from moto, and the manifest it
// writes, previewed by the real engine on pull requests, changes nothing against the deployed stack and only
// imports on a backend without it: adoption loses nothing.
import { mkdtempSync } from "node:fs";
import { join } from "node:path";
import { GetUserPoolMfaConfigCommand } from "@aws-sdk/client-cognito-identity-provider";
import { describe, expect, it } from "vitest";
import { parse, parseDocument } from "yaml";
import { defaultPulumiVersion } from "../src/versions.ts";
import { EngineWorld, explain, worldPerTest } from "./engine-scenario.ts";

const world = worldPerTest();
const MANIFEST = "identity/prod-auth.yaml";
const SNS_CALLER = "arn:aws:iam::123456789012:role/prod-auth-cognito-sms";
const PINPOINT_ROLE = "arn:aws:iam::123456789012:role/prod-auth-pinpoint";

// No stack labels: `import` writes none, so the imported manifest plans against the same (default) stack.
const PRODUCTION_POOL = `apiVersion: aws.openmcf.org/v1
kind: AwsCognitoUserPool
metadata:
  name: prod-auth
spec:
  region: us-east-1
  userPoolTier: PLUS
  usernameAttributes:
    - email
  passwordPolicy:
    minimumLength: 12
    requireLowercase: true
    requireUppercase: true
    requireNumbers: true
    requireSymbols: true
    temporaryPasswordValidityDays: 3
    passwordHistorySize: 5
  mfaConfiguration: OPTIONAL
  softwareTokenMfaEnabled: true
  autoVerifiedAttributes:
    - email
    - phone_number
  smsConfiguration:
    snsCallerArn: "${SNS_CALLER}"
    externalId: prod-auth-sms
    snsRegion: us-east-1
  smsAuthenticationMessage: "Your Acme sign-in code is {####}"
  threatProtection:
    standardAuthMode: ENFORCED
  deviceTracking:
    challengeRequiredOnNewDevice: true
    deviceOnlyRememberedOnUserPrompt: true
  keepOriginalAttributeUntilVerified:
    - email
  tags:
    team: identity
    cost-center: cc-1234
  accountRecoveryMechanisms:
    - name: verified_email
      priority: 1
  clients:
    - name: web-app
      explicitAuthFlows:
        - ALLOW_USER_SRP_AUTH
        - ALLOW_REFRESH_TOKEN_AUTH
    - name: mobile-app
      # AWS propagates user context data only for a client with a secret.
      generateSecret: true
      enableTokenRevocation: true
      explicitAuthFlows:
        - ALLOW_USER_SRP_AUTH
        - ALLOW_REFRESH_TOKEN_AUTH
      readAttributes: [email, email_verified, name]
      writeAttributes: [name]
      authSessionValidityMinutes: 10
      enablePropagateAdditionalUserContextData: true
      tokenValidity:
        accessToken: { value: 2, unit: hours }
        idToken: { value: 3600, unit: seconds }
        refreshToken: { value: 12, unit: hours }
      analytics:
        applicationId: 0f1e2d3c4b5a69788796a5b4c3d2e1f0
        roleArn: "${PINPOINT_ROLE}"
        externalId: prod-auth-analytics
        userDataShared: true
`;

describe(`a production pool on the real CLI ${defaultPulumiVersion()}`, () => {
  it("creates every production setting in the emulator, and its import previews no change", async () => {
    const engine = (world.current = new EngineWorld(defaultPulumiVersion()));
    const first = await engine.push({ [MANIFEST]: PRODUCTION_POOL });
    expect(first.code, explain(first)).toBe(0);

    const pool = (await engine.pool("prod-auth"))!;
    expect(pool.UserPoolTier).toBe("PLUS");
    expect(pool.SmsConfiguration).toEqual({
      SnsCallerArn: SNS_CALLER,
      ExternalId: "prod-auth-sms",
      SnsRegion: "us-east-1",
    });
    expect(pool.SmsAuthenticationMessage).toBe("Your Acme sign-in code is {####}");
    expect(pool.UserPoolAddOns).toEqual({ AdvancedSecurityMode: "ENFORCED" });
    expect(pool.DeviceConfiguration).toEqual({
      ChallengeRequiredOnNewDevice: true,
      DeviceOnlyRememberedOnUserPrompt: true,
    });
    expect(pool.Policies?.PasswordPolicy?.PasswordHistorySize).toBe(5);
    expect(pool.UserAttributeUpdateSettings).toEqual({
      AttributesRequireVerificationBeforeUpdate: ["email"],
    });
    expect(pool.UserPoolTags).toMatchObject({ team: "identity", "cost-center": "cc-1234" });
    // SMS MFA: the SMS configuration goes to SetUserPoolMfaConfig too (user_pool.go), next to the TOTP factor.
    const mfa = await engine.aws.send(new GetUserPoolMfaConfigCommand({ UserPoolId: pool.Id }));
    expect(mfa.MfaConfiguration).toBe("OPTIONAL");
    expect(mfa.SoftwareTokenMfaConfiguration).toEqual({ Enabled: true });
    expect(mfa.SmsMfaConfiguration).toEqual({
      SmsAuthenticationMessage: "Your Acme sign-in code is {####}",
      SmsConfiguration: { SnsCallerArn: SNS_CALLER, ExternalId: "prod-auth-sms", SnsRegion: "us-east-1" },
    });

    // A client's own settings: attribute permissions, the sign-in session, context data, analytics, and each
    // token's lifetime in a unit of its own.
    const mobile = (await engine.clients(pool.Id!))["mobile-app"]!;
    expect(mobile.ReadAttributes).toEqual(["email", "email_verified", "name"]);
    expect(mobile.WriteAttributes).toEqual(["name"]);
    expect(mobile.AuthSessionValidity).toBe(10);
    expect(mobile.EnablePropagateAdditionalUserContextData).toBe(true);
    expect([mobile.AccessTokenValidity, mobile.IdTokenValidity, mobile.RefreshTokenValidity]).toEqual([
      2, 3600, 12,
    ]);
    expect(mobile.TokenValidityUnits).toEqual({
      AccessToken: "hours",
      IdToken: "seconds",
      RefreshToken: "hours",
    });
    expect(mobile.AnalyticsConfiguration).toEqual({
      ApplicationId: "0f1e2d3c4b5a69788796a5b4c3d2e1f0",
      RoleArn: PINPOINT_ROLE,
      ExternalId: "prod-auth-analytics",
      UserDataShared: true,
    });

    const imported = await engine.importPool(pool.Id!);
    expect(imported.code, imported.stderr).toBe(0);
    const document = parse(imported.stdout) as { spec: Record<string, unknown> };
    // Marked for adoption: nothing the manifest cannot hold was found.
    expect(document.spec.adopt).toMatchObject({ userPoolId: pool.Id });

    // Against the deployed stack, which already holds the pool and its clients: without the adoption marker
    // (taking over what the stack manages already is not adoption, and the marker leaves generateSecret, which
    // the clients' state holds, out of the program: see adopt-marker-one-time), every setting as imported.
    const withoutMarker = parseDocument(imported.stdout);
    withoutMarker.deleteIn(["spec", "adopt"]);
    const preview = await engine.pullRequest(
      8,
      { [MANIFEST]: String(withoutMarker) },
      { inputs: { "preview-mode": "pulumi" } },
    );
    expect(preview.code, explain(preview)).toBe(0);
    expect(preview.outputs["has-changes"], explain(preview)).toBe("false");

    // The adoption itself, previewed on a backend without the stack: the engine imports the pool and its
    // clients, with no update or replacement after the import.
    const freshBackend = `file://${mkdtempSync(join(engine.root, "adoption-state-"))}`;
    const adoption = await engine.pullRequest(
      9,
      { [MANIFEST]: imported.stdout },
      { inputs: { "preview-mode": "pulumi", "pulumi-backend-url": freshBackend } },
    );
    expect(adoption.code, explain(adoption)).toBe(0);
    // The one creation is the stack's `aws` provider, which the fresh stack does not have yet.
    expect(JSON.parse(adoption.outputs.plan!)).toEqual([
      expect.objectContaining({ import: 3, create: 1, update: 0, replace: 0, delete: 0, failures: [] }),
    ]);
  });
});
