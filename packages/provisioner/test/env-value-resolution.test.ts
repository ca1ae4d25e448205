// Which variables a deploy of a manifest needs from the environment, and whether the run has them.
import { describe, expect, it } from "vitest";
import { resolveEnvValues } from "../src/index.ts";
import { poolDocument, validManifest } from "./fixtures.ts";

/** A pool with a Google provider and an OIDC provider whose secrets come from the environment. */
const manifest = validManifest(
  poolDocument({
    spec: {
      identityProviders: [
        {
          providerName: "Google",
          providerType: "Google",
          providerDetails: {
            client_id: "1234-abc.apps.googleusercontent.com",
            client_secret: { valueFromEnv: "SSO_SECRET" },
            authorize_scopes: "openid email",
          },
        },
        {
          providerName: "corp",
          providerType: "OIDC",
          providerDetails: {
            client_id: "abc",
            client_secret: { valueFromEnv: "SSO_SECRET" },
            attributes_request_method: "GET",
            oidc_issuer: "https://corp.example.com",
            authorize_scopes: "openid",
          },
        },
      ],
      clients: [
        {
          name: "web",
          allowedOauthFlowsUserPoolClient: true,
          allowedOauthFlows: ["code"],
          allowedOauthScopes: ["openid"],
          callbackUrls: ["https://app.example.com/callback"],
          supportedIdentityProviders: ["COGNITO", "Google", "corp"],
        },
      ],
    },
  }),
);

describe("resolveEnvValues", () => {
  it("reads each variable the manifest names once", () => {
    expect(resolveEnvValues(manifest, { SSO_SECRET: "s3cret-value", OTHER: "x" })).toEqual({
      ok: true,
      value: { SSO_SECRET: "s3cret-value" },
    });
  });

  it("names a missing variable and the first field that reads it, once", () => {
    const resolution = resolveEnvValues(manifest, {});
    expect(resolution.ok).toBe(false);
    if (resolution.ok) return;
    expect(resolution.errors).toHaveLength(1);
    expect(resolution.errors[0]).toContain("environment variable SSO_SECRET is not set");
    expect(resolution.errors[0]).toContain("spec.identityProviders[0].providerDetails.client_secret");
  });

  it("treats an empty variable as missing: GitHub passes an unset secret as an empty string", () => {
    expect(resolveEnvValues(manifest, { SSO_SECRET: "" }).ok).toBe(false);
  });

  it("needs nothing for a manifest without values from the environment", () => {
    expect(resolveEnvValues(validManifest(poolDocument()), {})).toEqual({ ok: true, value: {} });
  });

  it("never reads a credential of the job, even when it is set", () => {
    // Validation refuses such a manifest; this is the check behind it, should one reach a deploy all the same.
    const stealing = structuredClone(manifest);
    stealing.spec.identityProviders[1]!.providerDetails.client_secret = {
      valueFromEnv: "PULUMI_CONFIG_PASSPHRASE",
    };
    const resolution = resolveEnvValues(stealing, {
      SSO_SECRET: "s3cret-value",
      PULUMI_CONFIG_PASSPHRASE: "correct horse",
    });
    expect(resolution).toEqual({ ok: false, errors: [expect.stringContaining("can never read")] });
    expect(JSON.stringify(resolution)).not.toContain("correct horse");
  });
});
