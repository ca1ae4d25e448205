// The Pulumi program for one AwsCognitoUserPool manifest, composed from one file per resource kind. A factory:
// nothing is created until the returned function runs inside a Pulumi context (the engine, or synth's mock
// runtime). A new resource kind is a new file here, declared below in the order its dependencies allow.
import * as pulumi from "@pulumi/pulumi";
import type { Manifest } from "@cognito-action/spec";
import { adoptionIds } from "../adoption.ts";
import type { StackOutputRef } from "../references.ts";
import { declareAwsProvider } from "./aws-provider.ts";
import { declareBranding } from "./branding.ts";
import { declareClientRiskConfigurations } from "./client-risk-configuration.ts";
import { clientOutputs, declareClients } from "./clients.ts";
import { declareDomain, domainOutputs } from "./domain.ts";
import { declareGroups, groupOutputs } from "./groups.ts";
import {
  declareIdentityProviders,
  detailsDigestsOutputs,
  identityProviderOutputs,
} from "./identity-providers.ts";
import type { EnvValues } from "./identity-providers.ts";
import { declareLambdaPermissions } from "./lambda-permissions.ts";
import { declareLogDelivery } from "./log-delivery.ts";
import type { PoolContext, ProgramContext } from "./program-context.ts";
import { referenceResolver } from "./reference-resolver.ts";
import { declareResourceServers, resourceServerOutputs } from "./resource-servers.ts";
import { declareRiskConfiguration } from "./risk-configuration.ts";
import { declareUserPool } from "./user-pool.ts";
import { declareWebAclAssociation } from "./web-acl-association.ts";

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
  /** Beyond OpenMCF, present only when a client has a managed login branding style: client name → style ID. */
  managed_login_branding_ids?: pulumi.Output<Record<string, string>>;
  /** Beyond OpenMCF, present only with log delivery: event source → destination ARN. */
  log_destinations?: pulumi.Output<unknown>;
}

/** The inline program for `manifest`: declares the provider, the pool and its parts, returns the outputs. */
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

function declareResources(
  manifest: Manifest,
  references: readonly StackOutputRef[],
  envValues: EnvValues,
  awsEndpointUrl: string | undefined,
  deployedDetailsDigests: Readonly<Record<string, string>>,
): CognitoOutputs {
  const program: ProgramContext = {
    manifest,
    provider: declareAwsProvider(manifest, awsEndpointUrl),
    resolve: referenceResolver(references),
    adoption: adoptionIds(manifest),
  };
  const pool = declareUserPool(program);
  const context: PoolContext = { ...program, pool };
  // The pool's parts before the clients: a client that names a server's scope or a provider depends on it.
  const servers = declareResourceServers(context);
  const identityProviders = declareIdentityProviders(context, envValues, deployedDetailsDigests);
  declareGroups(context);
  declareRiskConfiguration(context);
  declareLambdaPermissions(context);
  const logOutputs = declareLogDelivery(context);
  declareWebAclAssociation(context);
  const clients = declareClients(context, { servers, providers: identityProviders.providers });
  declareClientRiskConfigurations(context, clients);
  const domain = declareDomain(context);
  const branding = declareBranding(context, clients, domain);
  return {
    user_pool_id: pool.id,
    user_pool_arn: pool.arn,
    // The OIDC issuer (API Gateway JWT authorizers need the scheme); the pool's endpoint attribute has none.
    user_pool_endpoint: pulumi.interpolate`https://${pool.endpoint}`,
    ...domainOutputs(manifest, domain),
    ...clientOutputs(clients),
    // Beyond OpenMCF, and only for what the manifest declares (so an OpenMCF manifest's outputs stay exactly
    // the component's).
    ...resourceServerOutputs(manifest),
    ...identityProviderOutputs(manifest),
    ...groupOutputs(manifest),
    ...detailsDigestsOutputs(identityProviders),
    ...branding,
    ...logOutputs,
  };
}
