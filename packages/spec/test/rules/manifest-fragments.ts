// Pieces of manifests the rule cases share: valid ARNs, clients, providers and whole manifests of other kinds.
import { dedent, manifest } from "../manifest-text.ts";

export const VALID_LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:pre-sign-up";
export const VALID_SES = "arn:aws:ses:us-east-1:123456789012:identity/noreply@example.com";
export const VALID_CERTIFICATE =
  "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d";

/** An OAuth code-flow client that breaks no rule, for cases that change one of its fields. */
export function oauthClient(overrides: { flows?: string; scopes?: string; extra?: string } = {}): string {
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
export function machineClient(overrides: { flows?: string; scopes?: string; secret?: boolean } = {}): string {
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
export function productionMetadata(stackName = "prod.AwsCognitoUserPool.my-auth"): string {
  return `
    name: my-auth
    labels:
      pulumi.openmcf.org/organization: acme
      pulumi.openmcf.org/project: identity
      pulumi.openmcf.org/stack.name: ${stackName}
  `;
}

/** Any marker comment removed: for passing variants built from a failing text. */
export function unmarked(text: string): string {
  return text.replace(/ # <-$/gm, "");
}

/** A resource server `api` with read and write scopes, as a spec body fragment. */
export const API_SERVER = `
    resourceServers:
      - identifier: api
        name: Acme API
        scopes:
          - {name: read, description: Read access}
          - {name: write, description: Write access}
`;

/** A Google provider whose secret comes from the environment; `extra` lines go into its providerDetails. */
export function googleProvider(overrides: { name?: string; secret?: string; details?: string } = {}): string {
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
export function federatedClient(providers = "[COGNITO, Google]"): string {
  return oauthClient({ extra: `        supportedIdentityProviders: ${providers}` });
}

/** An SES sender, for features that need emailSendingAccount DEVELOPER. */
export const SES_EMAIL = `emailConfiguration:\n  emailSendingAccount: DEVELOPER\n  sourceArn: ${VALID_SES}\n`;

/** `body` (indented YAML) after the SES sender. */
export function withSes(body: string): string {
  return SES_EMAIL + dedent(body);
}

/** An AwsLambda manifest; with `env`, on a stack of that environment. */
export function lambdaManifest(name: string, env?: string): string {
  const metadata =
    env === undefined
      ? `  name: ${name}\n`
      : `  name: ${name}\n  env: ${env}\n  labels:\n    pulumi.openmcf.org/stack.name: ${env}.AwsLambda.${name}\n`;
  return `apiVersion: aws.openmcf.org/v1\nkind: AwsLambda\nmetadata:\n${metadata}spec: {}\n`;
}

export function certificateManifest(name: string, env: string): string {
  return `apiVersion: aws.openmcf.org/v1\nkind: AwsCertManagerCert\nmetadata:\n  name: ${name}\n  env: ${env}\nspec: {}\n`;
}

/** A manifest with an adoption marker; each option replaces one line of it. */
export function adopted(
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
