// The Pulumi program for one AwsCognitoUserPool manifest. A factory: nothing is created until the returned
// function runs inside a Pulumi context (the engine, or synth's mock runtime).
import * as pulumi from "@pulumi/pulumi";
import { UserPool, UserPoolClient, UserPoolDomain } from "@pulumi/aws/cognito/index.js";
import { Provider } from "@pulumi/aws/provider.js";
import type * as awsInputs from "@pulumi/aws/types/input.js";
import { formatPath, isCustomDomain, LAMBDA_TRIGGERS } from "@cognito-action/spec";
import type { ClientSpec, CustomAttribute, Manifest, StringValueOrRef } from "@cognito-action/spec";
import { clientResourceName, domainResourceName, poolResourceName, PROVIDER_NAME } from "./naming.ts";
import type { StackOutputRef } from "./references.ts";
import {
  clientDependencies,
  declareExtensions,
  inviteMessageTemplateArgs,
  userPoolExtensionArgs,
} from "./program-extensions.ts";
import type { EnvValues } from "./program-extensions.ts";
import { adoptionIds } from "./adoption.ts";
import { declareLogDelivery } from "./program/log-delivery.ts";
import { declareWebAclAssociation } from "./program/web-acl-association.ts";

type UserPoolArgs = ConstructorParameters<typeof UserPool>[1];
type UserPoolClientArgs = ConstructorParameters<typeof UserPoolClient>[1];

/** What the program needs besides the manifest. */
export interface ProgramOptions {
  /** Resolved valueFrom references (resolveReferences); every reference of the manifest must be here. */
  references?: readonly StackOutputRef[];
  /**
   * Values of the manifest's `{valueFromEnv}` variables, read from the run's environment by the caller. Left out
   * (synth, offline plans), they appear as `(from $NAME)`; given, every one the manifest names must be there.
   */
  envValues?: Readonly<Record<string, string>>;
  /** An AWS endpoint (LocalStack, moto) for every service the provider calls; undefined: AWS itself. */
  awsEndpointUrl?: string | undefined;
  /**
   * The identity provider details digests the stack's last update output (PROVIDER_DETAILS_DIGESTS_OUTPUT),
   * read when the program runs: where a provider's details still match, their every-run diff is left out.
   */
  deployedProviderDetailsDigests?: () => Readonly<Record<string, string>>;
}

/** The stack outputs, named as the OpenMCF component names them. */
export interface CognitoOutputs {
  user_pool_id: pulumi.Output<string>;
  user_pool_arn: pulumi.Output<string>;
  user_pool_endpoint: pulumi.Output<string>;
  user_pool_domain: pulumi.Output<string>;
  cloudfront_distribution_arn: pulumi.Output<string>;
  client_ids: pulumi.Output<Record<string, string>>;
  client_secrets: pulumi.Output<Record<string, string>>;
  /** Beyond OpenMCF, present only when the manifest declares resource servers: identifier → its scopes. */
  resource_server_scope_identifiers?: pulumi.Output<Record<string, string[]>>;
  /** Beyond OpenMCF, present only when the manifest declares identity providers. */
  identity_provider_names?: pulumi.Output<string[]>;
  /** Beyond OpenMCF, present only when the manifest declares groups. */
  user_group_names?: pulumi.Output<string[]>;
  /** Beyond OpenMCF, present only with log delivery: event source → destination ARN. */
  log_destinations?: pulumi.Output<unknown>;
}

/** Tag every pool carries, so people find what this tool manages. */
export const MANAGED_BY_TAG = { "managed-by": "cognito-action" } as const;

/** The inline program for `manifest`: creates the provider, pool, clients and domain, returns the outputs. */
export function cognitoProgram(
  manifest: Manifest,
  options: ProgramOptions = {},
): () => Promise<CognitoOutputs> {
  return () =>
    Promise.resolve(
      declareResources(
        manifest,
        options.references ?? [],
        options.envValues,
        options.awsEndpointUrl,
        options.deployedProviderDetailsDigests?.() ?? {},
      ),
    );
}

/**
 * The provider's `endpoints` (pulumi-aws ProviderEndpoint) pointing every service it calls for this program
 * at one endpoint: cognitoidp (the pool and its parts, its log delivery), lambda (trigger permissions), wafv2
 * (the web ACL association), and sts and iam (what terraform-provider-aws asks about its credentials and
 * account). A service left out would be called at AWS itself.
 */
export function providerEndpoints(
  url: string,
): { cognitoidp: string; iam: string; lambda: string; sts: string; wafv2: string }[] {
  return [{ cognitoidp: url, iam: url, lambda: url, sts: url, wafv2: url }];
}

function declareResources(
  manifest: Manifest,
  references: readonly StackOutputRef[],
  envValues: EnvValues,
  awsEndpointUrl: string | undefined,
  deployedDetailsDigests: Readonly<Record<string, string>>,
): CognitoOutputs {
  const { spec } = manifest;
  const resolve = referenceResolver(references);
  const provider = new Provider(PROVIDER_NAME, {
    region: spec.region,
    ...(awsEndpointUrl ? { endpoints: providerEndpoints(awsEndpointUrl) } : {}),
  });
  const adoption = adoptionIds(manifest);
  const pool = new UserPool(poolResourceName(manifest), userPoolArgs(manifest, resolve), {
    provider,
    // deletionProtection also protects the pool in Pulumi, so neither AWS nor the engine deletes it by accident.
    protect: spec.deletionProtection,
    ...importOption(adoption.pool),
  });
  const extensions = declareExtensions(
    manifest,
    pool,
    provider,
    resolve,
    envValues,
    adoption,
    deployedDetailsDigests,
  );
  const logOutputs = declareLogDelivery(manifest, pool, provider);
  declareWebAclAssociation(manifest, pool, provider);
  const clients = spec.clients.map((client) => {
    const dependsOn = clientDependencies(client, extensions);
    return [
      client,
      new UserPoolClient(clientResourceName(manifest, client), userPoolClientArgs(client, pool.id), {
        provider,
        ...importOption(adoption.clients[client.name]),
        // The provider cannot read a client's generate_secret back (DescribeUserPoolClient has no such field;
        // terraform-provider-aws internal/service/cognitoidp user_pool_client.go keeps it from the
        // configuration only), and it forces replacement: against an imported state without it, the manifest's
        // value would replace the adopted client. Whether it has a secret is AWS's to say (client-secrets
        // outputs it either way); a new setting needs a new client.
        ...(adoption.clients[client.name] !== undefined ? { ignoreChanges: ["generateSecret"] } : {}),
        ...(dependsOn.length > 0 ? { dependsOn } : {}),
      }),
    ] as const;
  });
  const domain = spec.domain
    ? new UserPoolDomain(
        domainResourceName(manifest),
        {
          domain: spec.domain.domain,
          userPoolId: pool.id,
          // Beyond OpenMCF.
          ...(spec.domain.managedLoginVersion !== undefined
            ? { managedLoginVersion: spec.domain.managedLoginVersion }
            : {}),
          // Only custom domains take a certificate; a prefix domain with one is a different kind of domain.
          ...(isCustomDomain(spec.domain.domain) && spec.domain.certificateArn
            ? { certificateArn: resolve(spec.domain.certificateArn, ["spec", "domain", "certificateArn"]) }
            : {}),
        },
        // A pool has one domain and a prefix is unique per region, so a new domain cannot exist beside the
        // old one ("User pool already has a domain configured", aws-cdk#10062): the old one goes first. This
        // also holds when the pool is replaced, which replaces its domain.
        { provider, deleteBeforeReplace: true, ...importOption(adoption.domain) },
      )
    : undefined;

  const customDomain = spec.domain !== undefined && isCustomDomain(spec.domain.domain);
  return {
    user_pool_id: pool.id,
    user_pool_arn: pool.arn,
    // The OIDC issuer (API Gateway JWT authorizers need the scheme); the pool's endpoint attribute has none.
    user_pool_endpoint: pulumi.interpolate`https://${pool.endpoint}`,
    user_pool_domain: spec.domain
      ? pulumi.output(hostedUiUrl(spec.domain.domain, spec.region))
      : pulumi.output(""),
    // The CloudFront hostname is the Route 53 alias target of a custom domain; prefix domains have none.
    cloudfront_distribution_arn: domain && customDomain ? domain.cloudfrontDistribution : pulumi.output(""),
    client_ids: pulumi.output(
      Object.fromEntries(clients.map(([client, resource]) => [client.name, resource.id])),
    ),
    client_secrets: pulumi.secret(
      Object.fromEntries(
        clients
          .filter(([client]) => client.generateSecret)
          .map(([client, resource]) => [client.name, resource.clientSecret]),
      ),
    ),
    ...extensions.outputs,
    ...logOutputs,
  };
}

/**
 * Pulumi's `import` option: the first update reads the resource by this ID instead of creating it. The engine
 * skips the import when its state already holds the resource under this ID (step_generator.go), so the
 * option is harmless after the first apply.
 */
function importOption(id: string | undefined): { import?: string } {
  return id === undefined ? {} : { import: id };
}

/** The hosted UI's base URL: `https://<prefix>.auth.<region>.amazoncognito.com`, or the custom domain. */
export function hostedUiUrl(domain: string, region: string): string {
  return isCustomDomain(domain) ? `https://${domain}` : `https://${domain}.auth.${region}.amazoncognito.com`;
}

type Resolve = (value: StringValueOrRef, path: (string | number)[]) => pulumi.Input<string>;

/** Literal values as they are; references read from the referenced stack's outputs. */
function referenceResolver(references: readonly StackOutputRef[]): Resolve {
  const stacks = new Map<string, pulumi.StackReference>();
  const stackReference = (name: string) => {
    let reference = stacks.get(name);
    if (!reference) {
      reference = new pulumi.StackReference(name, { name });
      stacks.set(name, reference);
    }
    return reference;
  };
  return (value, path) => {
    if ("value" in value) return value.value;
    const field = formatPath(path);
    const resolved = references.find((reference) => reference.path === field);
    // resolveReferences runs before any program; reaching this is a bug in the caller, not a user mistake.
    if (!resolved) throw new Error(`valueFrom at ${field} was not resolved before the program ran`);
    const output = stackReference(resolved.stack).requireOutput(resolved.output);
    const key = resolved.key;
    if (key === undefined) return output.apply(String);
    // A missing key must stop the deployment, not send the text "undefined" to AWS.
    return output.apply((map: Record<string, unknown>) => {
      if (map === null || typeof map !== "object" || !Object.hasOwn(map, key)) {
        throw new Error(`${field}: stack ${resolved.stack} has no ${resolved.output}.${key}`);
      }
      return String(map[key]);
    });
  };
}

/** The UserPool arguments for a manifest (pure, apart from how references resolve). */
export function userPoolArgs(manifest: Manifest, resolve: Resolve = literalOnly): UserPoolArgs {
  const { metadata, spec } = manifest;
  const email = spec.emailConfiguration;
  const lambdaTriggers = LAMBDA_TRIGGERS.flatMap((trigger): [string, unknown][] => {
    const value = spec.lambdaConfig?.[trigger];
    if (!value) return [];
    const arn = resolve(value, ["spec", "lambdaConfig", trigger]);
    // The custom senders are blocks with an event version; V1_0 is the only one AWS has (botocore
    // CustomEmailSenderLambdaVersionType, CustomSMSSenderLambdaVersionType).
    if (trigger === "customEmailSender" || trigger === "customSmsSender")
      return [[trigger, { lambdaArn: arn, lambdaVersion: "V1_0" }]];
    return [[trigger, arn]];
  });
  const lambdaSettings = lambdaSettingArgs(manifest, resolve);
  return {
    name: metadata.name,
    ...nonEmpty("usernameAttributes", spec.usernameAttributes),
    ...nonEmpty("aliasAttributes", spec.aliasAttributes),
    usernameConfiguration: { caseSensitive: spec.usernameCaseSensitive },
    ...(spec.passwordPolicy ? { passwordPolicy: { ...spec.passwordPolicy } } : {}),
    mfaConfiguration: spec.mfaConfiguration,
    // Sent only when enabled: AWS refuses a configured factor with MFA OFF.
    ...(spec.softwareTokenMfaEnabled ? { softwareTokenMfaConfiguration: { enabled: true } } : {}),
    ...nonEmpty("autoVerifiedAttributes", spec.autoVerifiedAttributes),
    ...(spec.accountRecoveryMechanisms.length > 0
      ? {
          accountRecoverySetting: {
            recoveryMechanisms: spec.accountRecoveryMechanisms.map(({ name, priority }) => ({
              name,
              priority,
            })),
          },
        }
      : {}),
    ...(email
      ? {
          emailConfiguration: {
            emailSendingAccount: email.emailSendingAccount,
            ...(email.sourceArn
              ? { sourceArn: resolve(email.sourceArn, ["spec", "emailConfiguration", "sourceArn"]) }
              : {}),
            ...defined({
              fromEmailAddress: email.fromEmailAddress,
              replyToEmailAddress: email.replyToEmailAddress,
              configurationSet: email.configurationSet,
            }),
          },
        }
      : {}),
    adminCreateUserConfig: {
      allowAdminCreateUserOnly: spec.allowAdminCreateUserOnly,
      ...inviteMessageTemplateArgs(manifest),
    },
    deletionProtection: spec.deletionProtection ? "ACTIVE" : "INACTIVE",
    ...(spec.customAttributes.length > 0 ? { schemas: spec.customAttributes.map(schemaAttribute) } : {}),
    ...(lambdaTriggers.length > 0
      ? { lambdaConfig: { ...Object.fromEntries(lambdaTriggers), ...lambdaSettings } }
      : {}),
    tags: poolTags(manifest),
    ...userPoolExtensionArgs(manifest, resolve),
  };
}

/**
 * The KMS key of the custom senders, and the pre-token trigger's event version: AWS describes the trigger twice
 * (PreTokenGeneration and PreTokenGenerationConfig with the same ARN, botocore LambdaConfigType doc), so a
 * version is sent with the ARN again. Beyond OpenMCF.
 */
function lambdaSettingArgs(manifest: Manifest, resolve: Resolve): Record<string, unknown> {
  const config = manifest.spec.lambdaConfig;
  if (!config) return {};
  const settings: Record<string, unknown> = {};
  if (config.kmsKeyId) settings.kmsKeyId = resolve(config.kmsKeyId, ["spec", "lambdaConfig", "kmsKeyId"]);
  if (config.preTokenGenerationVersion && config.preTokenGeneration)
    settings.preTokenGenerationConfig = {
      lambdaArn: resolve(config.preTokenGeneration, ["spec", "lambdaConfig", "preTokenGeneration"]),
      lambdaVersion: config.preTokenGenerationVersion,
    };
  return settings;
}

/** A custom attribute as a pool schema entry, with the constraints block its data type takes. */
export function schemaAttribute(attribute: CustomAttribute): awsInputs.cognito.UserPoolSchema {
  const { name, attributeDataType, mutable, required } = attribute;
  const entry: awsInputs.cognito.UserPoolSchema = {
    name,
    attributeDataType,
    ...defined({ mutable, required }),
    // Beyond OpenMCF.
    ...(attribute.developerOnly === true ? { developerOnlyAttribute: true } : {}),
  };
  // Without a constraints block for String and Number attributes, the provider sees a diff on every run
  // (terraform docs for schema); AWS's own String default is 0..2048.
  if (attributeDataType === "String") {
    entry.stringAttributeConstraints = {
      minLength: attribute.stringMinLength ?? "0",
      maxLength: attribute.stringMaxLength ?? "2048",
    };
  } else if (attributeDataType === "Number") {
    entry.numberAttributeConstraints = defined({
      minValue: attribute.numberMinValue,
      maxValue: attribute.numberMaxValue,
    });
  }
  return entry;
}

/** The UserPoolClient arguments for a client of the manifest. */
export function userPoolClientArgs(client: ClientSpec, userPoolId: pulumi.Input<string>): UserPoolClientArgs {
  return {
    name: client.name,
    userPoolId,
    generateSecret: client.generateSecret,
    allowedOauthFlowsUserPoolClient: client.allowedOauthFlowsUserPoolClient,
    ...nonEmpty("allowedOauthFlows", client.allowedOauthFlows),
    ...nonEmpty("allowedOauthScopes", client.allowedOauthScopes),
    ...nonEmpty("callbackUrls", client.callbackUrls),
    ...nonEmpty("logoutUrls", client.logoutUrls),
    // An OAuth client without providers gets a hosted UI nobody can sign in to (terraform-provider-aws#23374):
    // unless the manifest says otherwise, it signs in with the pool's own directory.
    ...nonEmpty(
      "supportedIdentityProviders",
      client.supportedIdentityProviders.length === 0 && client.allowedOauthFlowsUserPoolClient
        ? ["COGNITO"]
        : client.supportedIdentityProviders,
    ),
    ...nonEmpty("explicitAuthFlows", client.explicitAuthFlows),
    ...defined({
      defaultRedirectUri: client.defaultRedirectUri,
      enableTokenRevocation: client.enableTokenRevocation,
      preventUserExistenceErrors: client.preventUserExistenceErrors,
    }),
    // Beyond OpenMCF.
    ...(client.refreshTokenRotation ? { refreshTokenRotation: { ...client.refreshTokenRotation } } : {}),
    ...nonEmpty("readAttributes", client.readAttributes),
    ...nonEmpty("writeAttributes", client.writeAttributes),
    ...defined({
      authSessionValidity: client.authSessionValidityMinutes,
      enablePropagateAdditionalUserContextData: client.enablePropagateAdditionalUserContextData,
    }),
    ...(client.analytics ? { analyticsConfiguration: defined({ ...client.analytics }) } : {}),
    accessTokenValidity: client.accessTokenValidityMinutes,
    idTokenValidity: client.idTokenValidityMinutes,
    refreshTokenValidity: client.refreshTokenValidityDays,
    // Without explicit units the provider reads access and ID validity as hours: 60 would mean 60 hours.
    tokenValidityUnits: { accessToken: "minutes", idToken: "minutes", refreshToken: "days" },
  };
}

/**
 * Tags on the pool: the manifest's own (spec.tags, beyond OpenMCF), then who manages it and the manifest's
 * identity, which win: the tags input is the pool's whole set, so what is not here is removed.
 */
export function poolTags(manifest: Manifest): Record<string, string> {
  const { name, org, env, id } = manifest.metadata;
  return {
    ...manifest.spec.tags,
    ...MANAGED_BY_TAG,
    "openmcf.org/name": name,
    ...prefixed("openmcf.org/", defined({ org, env, id })),
  };
}

const literalOnly: Resolve = (value, path) => {
  if ("value" in value) return value.value;
  throw new Error(`valueFrom at ${formatPath(path)} needs resolved references`);
};

function nonEmpty<K extends string, T>(key: K, values: readonly T[]): { [P in K]?: T[] } {
  return (values.length > 0 ? { [key]: [...values] } : {}) as { [P in K]?: T[] };
}

function defined<T extends Record<string, unknown>>(
  values: T,
): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}

function prefixed(prefix: string, values: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(values).flatMap(([key, value]) =>
      value === undefined ? [] : [[`${prefix}${key}`, value]],
    ),
  );
}
