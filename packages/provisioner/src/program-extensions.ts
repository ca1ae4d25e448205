// The parts of the Pulumi program beyond the OpenMCF component: resource servers, identity providers, groups,
// the Lambda permissions of the triggers, and the pool inputs for messages, feature plan and sign-in. Declared
// by cognitoProgram (program.ts) beside the pool; nothing here runs outside a Pulumi context.
import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { IdentityProvider, ResourceServer, RiskConfiguration, UserGroup } from "@pulumi/aws/cognito/index.js";
import { Permission } from "@pulumi/aws/lambda/permission.js";
import type { Provider } from "@pulumi/aws/provider.js";
import { envValuePlaceholder, formatPath, LAMBDA_TRIGGERS, resourceServerOf } from "@cognito-action/spec";
import type { ClientSpec, Manifest, StringOrEnv, StringValueOrRef } from "@cognito-action/spec";
import {
  groupResourceName,
  identityProviderResourceName,
  lambdaPermissionResourceName,
  resourceServerResourceName,
  riskConfigurationResourceName,
} from "./naming.ts";
import type { AdoptionIds } from "./adoption.ts";

type Resolve = (value: StringValueOrRef, path: (string | number)[]) => pulumi.Input<string>;

/** The service principal Cognito invokes triggers as (DG: Lambda triggers, resource-based policy). */
export const COGNITO_PRINCIPAL = "cognito-idp.amazonaws.com";

/**
 * Values of the `{valueFromEnv}` variables the manifest names, read by the caller from the run's environment.
 * Undefined (synth, offline plans): every such value is shown as `(from $NAME)` and never read.
 */
export type EnvValues = Readonly<Record<string, string>> | undefined;

/** A value from the environment was not supplied to a program that deploys: a caller bug, never a silent default. */
export class MissingEnvValueError extends Error {
  constructor(
    readonly variable: string,
    readonly field: string,
  ) {
    super(`environment variable ${variable} (for ${field}) is not set`);
    this.name = "MissingEnvValueError";
  }
}

/** What the extensions declared, for the clients' dependencies and the stack outputs. */
export interface DeclaredExtensions {
  servers: ReadonlyMap<string, ResourceServer>;
  providers: ReadonlyMap<string, IdentityProvider>;
  outputs: Record<string, pulumi.Output<unknown>>;
}

/** Declares the resources beyond OpenMCF that hang on `pool`. */
export function declareExtensions(
  manifest: Manifest,
  pool: { id: pulumi.Output<string>; arn: pulumi.Output<string> },
  provider: Provider,
  resolve: Resolve,
  envValues: EnvValues,
  adoption: Pick<AdoptionIds, "resourceServers" | "groups" | "identityProviders" | "riskConfiguration">,
  deployedDetailsDigests: Readonly<Record<string, string>> = {},
): DeclaredExtensions {
  const { spec } = manifest;
  const detailsDigests: Record<string, string> = {};
  // Pulumi's `import` option for a part spec.adopt lists (see program.ts importOption).
  const adopted = (id: string | undefined) => (id === undefined ? {} : { import: id });
  const servers = new Map(
    spec.resourceServers.map((server) => [
      server.identifier,
      new ResourceServer(
        resourceServerResourceName(manifest, server.identifier),
        {
          userPoolId: pool.id,
          identifier: server.identifier,
          name: server.name,
          ...(server.scopes.length > 0
            ? {
                scopes: server.scopes.map((scope) => ({
                  scopeName: scope.name,
                  scopeDescription: scope.description,
                })),
              }
            : {}),
        },
        { provider, ...adopted(adoption.resourceServers[server.identifier]) },
      ),
    ]),
  );
  const providers = new Map(
    spec.identityProviders.map((idp, index) => {
      const path = ["spec", "identityProviders", index, "providerDetails"];
      const fromEnv = Object.values(idp.providerDetails).some((value) => "valueFromEnv" in value);
      // pulumi/pulumi-aws#5401: with a secret among them, providerDetails shows a diff on every run. Compared
      // by digest instead: while the details asked for (the secret's value included) are those last deployed,
      // the engine's diff of them is left out. Needs the values: a deploy has them, synth's placeholders do not.
      const digest =
        fromEnv && envValues !== undefined
          ? providerDetailsDigest(plainDetails(idp.providerDetails, envValues))
          : undefined;
      if (digest !== undefined) detailsDigests[idp.providerName] = digest;
      const unchanged = digest !== undefined && deployedDetailsDigests[idp.providerName] === digest;
      return [
        idp.providerName,
        new IdentityProvider(
          identityProviderResourceName(manifest, idp.providerName),
          {
            userPoolId: pool.id,
            providerName: idp.providerName,
            providerType: idp.providerType,
            providerDetails: Object.fromEntries(
              Object.entries(idp.providerDetails).map(([key, value]) => [
                key,
                detailValue(value, [...path, key], envValues),
              ]),
            ),
            ...(Object.keys(idp.attributeMapping).length > 0
              ? { attributeMapping: { ...idp.attributeMapping } }
              : {}),
            ...(idp.idpIdentifiers.length > 0 ? { idpIdentifiers: [...idp.idpIdentifiers] } : {}),
          },
          // The provider reads providerDetails back from AWS, secret included: keep it secret in the state.
          {
            provider,
            ...(fromEnv ? { additionalSecretOutputs: ["providerDetails"] } : {}),
            ...(unchanged ? { ignoreChanges: ["providerDetails"] } : {}),
            ...adopted(adoption.identityProviders[idp.providerName]),
          },
        ),
      ] as const;
    }),
  );
  spec.groups.forEach((group, index) => {
    new UserGroup(
      groupResourceName(manifest, group.name),
      {
        userPoolId: pool.id,
        name: group.name,
        ...(group.description !== undefined ? { description: group.description } : {}),
        ...(group.precedence !== undefined ? { precedence: group.precedence } : {}),
        ...(group.roleArn ? { roleArn: resolve(group.roleArn, ["spec", "groups", index, "roleArn"]) } : {}),
      },
      { provider, ...adopted(adoption.groups[group.name]) },
    );
  });
  if (spec.riskConfiguration)
    new RiskConfiguration(
      riskConfigurationResourceName(manifest),
      { userPoolId: pool.id, ...riskConfigurationArgs(spec.riskConfiguration) },
      { provider, ...adopted(adoption.riskConfiguration) },
    );
  if (spec.manageLambdaPermissions) {
    for (const trigger of LAMBDA_TRIGGERS) {
      const value = spec.lambdaConfig?.[trigger];
      if (!value) continue;
      const target = "value" in value ? splitQualifier(value.value) : undefined;
      new Permission(
        lambdaPermissionResourceName(manifest, trigger),
        {
          action: "lambda:InvokeFunction",
          function: target ? target.function : resolve(value, ["spec", "lambdaConfig", trigger]),
          ...(target?.qualifier !== undefined ? { qualifier: target.qualifier } : {}),
          principal: COGNITO_PRINCIPAL,
          // Only this pool may invoke the function through this grant (confused-deputy protection).
          sourceArn: pool.arn,
        },
        { provider },
      );
    }
  }
  const outputs = extensionOutputs(manifest);
  // A secret output: the digests cover the secrets, so they stay as secret as the values.
  if (Object.keys(detailsDigests).length > 0)
    outputs[PROVIDER_DETAILS_DIGESTS_OUTPUT] = pulumi.secret(detailsDigests);
  return { servers, providers, outputs };
}

type RiskConfigurationSpec = NonNullable<Manifest["spec"]["riskConfiguration"]>;

/** The pool's risk configuration as pulumi-aws's RiskConfiguration takes it (beyond OpenMCF). */
export function riskConfigurationArgs(risk: RiskConfigurationSpec) {
  const { compromisedCredentials: leaked, accountTakeover: takeover, riskExceptions: exceptions } = risk;
  return {
    ...(leaked
      ? {
          compromisedCredentialsRiskConfiguration: {
            actions: { eventAction: leaked.eventAction },
            ...(leaked.eventFilters.length > 0 ? { eventFilters: [...leaked.eventFilters] } : {}),
          },
        }
      : {}),
    ...(takeover
      ? {
          accountTakeoverRiskConfiguration: {
            actions: definedOnly({
              lowAction: takeover.lowAction,
              mediumAction: takeover.mediumAction,
              highAction: takeover.highAction,
            }),
            ...(takeover.notifyConfiguration
              ? {
                  notifyConfiguration: {
                    ...definedOnly({ ...takeover.notifyConfiguration }),
                    sourceArn: takeover.notifyConfiguration.sourceArn,
                  },
                }
              : {}),
          },
        }
      : {}),
    ...(exceptions
      ? {
          riskExceptionConfiguration: {
            ...(exceptions.blockedIpRanges.length > 0
              ? { blockedIpRangeLists: [...exceptions.blockedIpRanges] }
              : {}),
            ...(exceptions.skippedIpRanges.length > 0
              ? { skippedIpRangeLists: [...exceptions.skippedIpRanges] }
              : {}),
          },
        }
      : {}),
  };
}

/**
 * A trigger ARN as the permission takes it: the provider reads a statement back as the unqualified function and a
 * separate qualifier (terraform lambda permission.go), so a version or alias goes into `qualifier`.
 */
export function splitQualifier(arn: string): { function: string; qualifier?: string } {
  const match = /^(arn:[^:]+:lambda:[^:]*:\d*:function:[^:]+):([^:]+)$/.exec(arn);
  return match ? { function: match[1]!, qualifier: match[2]! } : { function: arn };
}

/** The stack output holding, per identity provider with a secret, the digest of the details last deployed. */
export const PROVIDER_DETAILS_DIGESTS_OUTPUT = "identity_provider_details_digests";

/** A digest of identity provider details (keys sorted), secrets included: equal details, equal digests. */
export function providerDetailsDigest(details: Readonly<Record<string, string>>): string {
  const sorted = Object.keys(details)
    .sort()
    .map((key) => [key, details[key]]);
  return createHash("sha256").update(JSON.stringify(sorted)).digest("hex");
}

/** The details with every value from the environment read in. */
function plainDetails(
  details: Readonly<Record<string, StringOrEnv>>,
  envValues: Readonly<Record<string, string>>,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(details).map(([key, value]) => [
      key,
      "value" in value ? value.value : (envValues[value.valueFromEnv] ?? ""),
    ]),
  );
}

/** A providerDetails value: literal, or from the environment as a Pulumi secret (a placeholder in synth). */
export function detailValue(
  value: StringOrEnv,
  path: (string | number)[],
  envValues: EnvValues,
): pulumi.Input<string> {
  if ("value" in value) return value.value;
  // Synth and offline plans: the placeholder is no secret, and reviewers see where the value comes from.
  if (envValues === undefined) return envValuePlaceholder(value.valueFromEnv);
  const secret = envValues[value.valueFromEnv];
  if (secret === undefined) throw new MissingEnvValueError(value.valueFromEnv, formatPath(path));
  return pulumi.secret(secret);
}

/**
 * Outputs for dependents, named as OpenMCF names its outputs, and only for what the manifest declares (so an
 * OpenMCF manifest's outputs stay exactly the component's).
 */
function extensionOutputs(manifest: Manifest): Record<string, pulumi.Output<unknown>> {
  const { spec } = manifest;
  const outputs: Record<string, pulumi.Output<unknown>> = {};
  if (spec.resourceServers.length > 0) {
    // The scopes clients and API authorizers ask for: identifier → [<identifier>/<scope>, …].
    outputs.resource_server_scope_identifiers = pulumi.output(
      Object.fromEntries(
        spec.resourceServers.map((server) => [
          server.identifier,
          server.scopes.map((scope) => `${server.identifier}/${scope.name}`),
        ]),
      ),
    );
  }
  if (spec.identityProviders.length > 0)
    outputs.identity_provider_names = pulumi.output(spec.identityProviders.map((idp) => idp.providerName));
  if (spec.groups.length > 0)
    outputs.user_group_names = pulumi.output(spec.groups.map((group) => group.name));
  return outputs;
}

/** The servers and providers a client uses: AWS refuses the client until they exist. */
export function clientDependencies(client: ClientSpec, declared: DeclaredExtensions): pulumi.Resource[] {
  const resources = new Set<pulumi.Resource>();
  for (const scope of client.allowedOauthScopes) {
    const server = resourceServerOf(scope);
    const resource = server === undefined ? undefined : declared.servers.get(server);
    if (resource) resources.add(resource);
  }
  for (const name of client.supportedIdentityProviders) {
    const resource = declared.providers.get(name);
    if (resource) resources.add(resource);
  }
  return [...resources];
}

/** The pool inputs beyond OpenMCF (feature plan, messages, sign-in policy, passkeys); empty when none is set. */
export function userPoolExtensionArgs(manifest: Manifest, resolve: Resolve) {
  const { spec } = manifest;
  const verification = spec.verificationMessageTemplate;
  return {
    ...(spec.userPoolTier !== undefined ? { userPoolTier: spec.userPoolTier } : {}),
    ...(verification ? { verificationMessageTemplate: definedOnly({ ...verification }) } : {}),
    ...(spec.signInPolicy
      ? { signInPolicy: { allowedFirstAuthFactors: [...spec.signInPolicy.allowedFirstAuthFactors] } }
      : {}),
    ...(spec.webAuthn ? { webAuthnConfiguration: definedOnly({ ...spec.webAuthn }) } : {}),
    ...(spec.emailMfa ? { emailMfaConfiguration: definedOnly({ ...spec.emailMfa }) } : {}),
    ...productionPoolArgs(manifest, resolve),
  };
}

/**
 * Threat protection, SMS, device tracking and attribute-update settings. Each block is sent only when the
 * manifest sets it: the provider plans a block left out away, and UpdateUserPool resets it.
 */
function productionPoolArgs(manifest: Manifest, resolve: Resolve) {
  const { spec } = manifest;
  const threat = spec.threatProtection;
  const sms = spec.smsConfiguration;
  return {
    ...(threat
      ? {
          userPoolAddOns: {
            advancedSecurityMode: threat.standardAuthMode,
            ...(threat.customAuthMode !== undefined
              ? { advancedSecurityAdditionalFlows: { customAuthMode: threat.customAuthMode } }
              : {}),
          },
        }
      : {}),
    ...(sms
      ? {
          smsConfiguration: {
            snsCallerArn: resolve(sms.snsCallerArn, ["spec", "smsConfiguration", "snsCallerArn"]),
            externalId: sms.externalId,
            ...(sms.snsRegion !== undefined ? { snsRegion: sms.snsRegion } : {}),
          },
        }
      : {}),
    ...(spec.smsAuthenticationMessage !== undefined
      ? { smsAuthenticationMessage: spec.smsAuthenticationMessage }
      : {}),
    ...(spec.deviceTracking ? { deviceConfiguration: { ...spec.deviceTracking } } : {}),
    ...(spec.keepOriginalAttributeUntilVerified.length > 0
      ? {
          userAttributeUpdateSettings: {
            attributesRequireVerificationBeforeUpdates: [...spec.keepOriginalAttributeUntilVerified],
          },
        }
      : {}),
  };
}

/** The invitation template, which AWS keeps inside AdminCreateUserConfig. */
export function inviteMessageTemplateArgs(manifest: Manifest) {
  const invite = manifest.spec.inviteMessageTemplate;
  return invite ? { inviteMessageTemplate: definedOnly({ ...invite }) } : {};
}

function definedOnly<T extends Record<string, unknown>>(
  values: T,
): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}
