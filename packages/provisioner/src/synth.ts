// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- ambient declarations for untyped Pulumi internals, needed by every package that type-checks this file
/// <reference path="./pulumi-internals.d.ts" />
// synth: runs the real program under Pulumi's mock runtime and records what it declares. No cloud, no
// credentials, no Pulumi CLI. Each run gets its own runtime state (as the Automation API gives each
// inline program), so many manifests can be synthesized in one process at once without sharing anything.
import * as pulumi from "@pulumi/pulumi";
import { MockMonitor } from "@pulumi/pulumi/runtime/mocks.js";
import type {
  MockCallArgs,
  MockResourceArgs,
  MockResourceResult,
  Mocks,
} from "@pulumi/pulumi/runtime/mocks.js";
import { waitForRPCs } from "@pulumi/pulumi/runtime/settings.js";
import { withLocalStorage } from "@pulumi/pulumi/runtime/state.js";
import { LAMBDA_TRIGGERS, stackIdentity } from "@cognito-action/spec";
import type { Manifest } from "@cognito-action/spec";
import { RESOURCE_TYPES, SECRET_PLACEHOLDER } from "./graph.ts";
import type { GraphResource, ResourceGraph } from "./graph.ts";
import {
  CLOUDFRONT_ZONE_ID,
  mockClientId,
  mockClientSecret,
  mockCloudfrontHostname,
  mockUserPoolArn,
  mockUserPoolEndpoint,
  mockUserPoolId,
  mockManagedLoginBrandingId,
} from "./mock-values.ts";
import {
  clientResourceName,
  domainResourceName,
  groupResourceName,
  identityProviderResourceName,
  lambdaPermissionResourceName,
  poolResourceName,
  PROVIDER_NAME,
  resourceServerResourceName,
  riskConfigurationResourceName,
  managedLoginBrandingResourceName,
  uiCustomizationResourceName,
} from "./naming.ts";
import { cognitoProgram } from "./program/index.ts";
import { clientRiskConfigurationResourceName } from "./program/client-risk-configuration.ts";
import { logDeliveryResourceName } from "./program/log-delivery.ts";
import { webAclAssociationResourceName } from "./program/web-acl-association.ts";
import type { StackOutputRef } from "./references.ts";

export interface SynthOptions {
  /** Resolved valueFrom references; their values appear as placeholders naming the stack output. */
  references?: readonly StackOutputRef[];
  /**
   * Values of the manifest's `{valueFromEnv}` variables, as a deploy passes them: they reach the program as
   * secrets and the graph shows them as `[secret]`. Left out, the graph shows `(from $NAME)`.
   */
  envValues?: Readonly<Record<string, string>>;
  /** An AWS endpoint for the provider, as an engine run against LocalStack or moto gets it. */
  awsEndpointUrl?: string | undefined;
  /** The identity provider details digests of the deployed stack, as an engine run reads them. */
  deployedProviderDetailsDigests?: Readonly<Record<string, string>>;
}

/** The program failed under the mock runtime: a bug in the program or an unexpected call, not user input. */
export class SynthError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "SynthError";
  }
}

const STACK_REFERENCE_TYPE = "pulumi:pulumi:StackReference";

/** The resource graph of `manifest`: every resource with its inputs, and the stack outputs. */
export async function synth(manifest: Manifest, options: SynthOptions = {}): Promise<ResourceGraph> {
  const identity = stackIdentity(manifest.metadata);
  const references = options.references ?? [];
  const recorded: GraphResource[] = [];
  const refusal = firstRefusal();
  const secrets = Object.values(options.envValues ?? {}).filter((value) => value !== "");
  const mocks = refusingOnError(cognitoMocks(manifest, references, recorded, secrets), refusal.refuse);
  const run = async (): Promise<ResourceGraph> => {
    // Preview stays off: with it on, computed values stay unknown and never resolve.
    await pulumi.runtime.setMocks(mocks, identity.project, identity.stack, false);
    pulumi.runtime.setMockOptions(
      new RecordingMonitor(mocks, recorded),
      identity.project,
      identity.stack,
      false,
    );
    const outputs = await cognitoProgram(manifest, {
      references,
      ...(options.envValues ? { envValues: options.envValues } : {}),
      ...(options.awsEndpointUrl ? { awsEndpointUrl: options.awsEndpointUrl } : {}),
      ...(options.deployedProviderDetailsDigests
        ? { deployedProviderDetailsDigests: () => options.deployedProviderDetailsDigests ?? {} }
        : {}),
    })();
    const resolved = await resolveOutputs(outputs as unknown as Record<string, pulumi.Output<unknown>>);
    await waitForRPCs();
    return {
      stack: identity.fullName,
      resources: inDeclarationOrder(recorded, manifest),
      outputs: resolved,
    };
  };
  try {
    // Whatever the mocks refuse fails the synth at once, even if the program would go on waiting.
    return await withLocalStorage(() => Promise.race([run(), refusal.refused]));
  } catch (error) {
    throw new SynthError(
      `synth of ${manifest.metadata.name} failed: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
}

/** Answers the program's resource registrations with AWS-shaped values, and records each one. */
function cognitoMocks(
  manifest: Manifest,
  references: readonly StackOutputRef[],
  recorded: GraphResource[],
  secrets: readonly string[],
): Mocks {
  const { region } = manifest.spec;
  return {
    // The program makes no provider calls; one would mean it depends on something synth cannot see.
    call(args: MockCallArgs) {
      throw new Error(`unexpected provider call ${args.token}`);
    },
    newResource(args: MockResourceArgs): MockResourceResult {
      const inputs = args.inputs as Record<string, unknown>;
      if (args.type === STACK_REFERENCE_TYPE) {
        return {
          id: String(inputs.name),
          state: {
            name: inputs.name,
            outputs: referencedOutputs(String(inputs.name), references),
            secretOutputNames: [],
          },
        };
      }
      // Mocks receive an `import` option's ID as args.id (pulumi runtime/mocks.ts registerResource).
      const importId = args.id ? args.id : undefined;
      recorded.push({
        type: args.type,
        name: args.name,
        ...(importId !== undefined ? { import: importId } : {}),
        // The mock runtime hands secret inputs over unwrapped: values from the environment never enter the graph.
        inputs: secrets.length > 0 ? (maskValues(inputs, secrets) as Record<string, unknown>) : inputs,
        provider: args.provider ? urnName(args.provider) : undefined,
      });
      switch (args.type) {
        case RESOURCE_TYPES.provider:
          return { id: `${args.name}-provider`, state: inputs };
        case RESOURCE_TYPES.userPool: {
          // An adopted resource keeps its deployed ID, so the clients show the real pool ID.
          const id = importId ?? mockUserPoolId(region, String(inputs.name));
          return {
            id,
            state: {
              ...inputs,
              arn: mockUserPoolArn(region, id),
              endpoint: mockUserPoolEndpoint(region, id),
              creationDate: "",
              lastModifiedDate: "",
            },
          };
        }
        case RESOURCE_TYPES.userPoolClient: {
          const id =
            importId?.slice(importId.lastIndexOf("/") + 1) ??
            mockClientId(String(inputs.userPoolId), String(inputs.name));
          return {
            id,
            state: {
              ...inputs,
              ...(inputs.generateSecret === true ? { clientSecret: mockClientSecret(id) } : {}),
            },
          };
        }
        case RESOURCE_TYPES.userPoolDomain: {
          const hostname = mockCloudfrontHostname(String(inputs.domain));
          return {
            id: String(inputs.domain),
            state: {
              ...inputs,
              cloudfrontDistribution: hostname,
              cloudfrontDistributionArn: hostname,
              cloudfrontDistributionZoneId: CLOUDFRONT_ZONE_ID,
            },
          };
        }
        case RESOURCE_TYPES.resourceServer:
          return {
            id: `${String(inputs.userPoolId)}|${String(inputs.identifier)}`,
            state: { ...inputs, scopeIdentifiers: scopeIdentifiersOf(inputs) },
          };
        case RESOURCE_TYPES.identityProvider:
          return { id: `${String(inputs.userPoolId)}:${String(inputs.providerName)}`, state: inputs };
        case RESOURCE_TYPES.userGroup:
          return { id: `${String(inputs.userPoolId)}/${String(inputs.name)}`, state: inputs };
        // SetRiskConfiguration has no ID of its own: the provider uses the pool's (and client's) ID.
        case RESOURCE_TYPES.riskConfiguration:
          return {
            id:
              typeof inputs.clientId === "string"
                ? `${String(inputs.userPoolId)}:${inputs.clientId}`
                : String(inputs.userPoolId),
            state: inputs,
          };
        // A style's ID is a UUID of its own; an adopted one keeps it (import ID `<pool id>,<style id>`).
        case RESOURCE_TYPES.managedLoginBranding: {
          const styleId =
            importId?.slice(importId.indexOf(",") + 1) ??
            mockManagedLoginBrandingId(String(inputs.userPoolId), String(inputs.clientId));
          return {
            id: `${String(inputs.userPoolId)},${styleId}`,
            state: {
              ...inputs,
              managedLoginBrandingId: styleId,
              useCognitoProvidedValues: inputs.useCognitoProvidedValues === true,
              settingsAll: typeof inputs.settings === "string" ? inputs.settings : "{}",
            },
          };
        }
        // terraform user_pool_ui_customization.go: the ID is `<pool id>,<client id>`; ALL stands for the pool.
        case RESOURCE_TYPES.uiCustomization: {
          const clientId = typeof inputs.clientId === "string" ? inputs.clientId : "ALL";
          return { id: `${String(inputs.userPoolId)},${clientId}`, state: { ...inputs, clientId } };
        }
        // SetLogDeliveryConfiguration has no ID of its own either: the provider uses the pool's.
        case RESOURCE_TYPES.logDeliveryConfiguration:
          return { id: String(inputs.userPoolId), state: inputs };
        // terraform wafv2 web_acl_association.go: the ID is `<web ACL ARN>,<resource ARN>`.
        case RESOURCE_TYPES.webAclAssociation:
          return { id: `${String(inputs.webAclArn)},${String(inputs.resourceArn)}`, state: inputs };
        case RESOURCE_TYPES.lambdaPermission:
          return {
            id: `${args.name}-statement`,
            state: { ...inputs, statementId: `${args.name}-statement` },
          };
        default:
          throw new Error(`unexpected resource type ${args.type}`);
      }
    },
  };
}

/** `<identifier>/<scope>` of each scope a resource server declares, as AWS computes scope_identifiers. */
function scopeIdentifiersOf(inputs: Record<string, unknown>): string[] {
  const scopes = Array.isArray(inputs.scopes) ? (inputs.scopes as { scopeName?: unknown }[]) : [];
  return scopes.map((scope) => `${String(inputs.identifier)}/${String(scope.scopeName)}`);
}

/** `value` with every string that holds one of `secrets` replaced by the placeholder. */
function maskValues(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === "string")
    return secrets.some((secret) => value.includes(secret)) ? SECRET_PLACEHOLDER : value;
  if (Array.isArray(value)) return value.map((item) => maskValues(item, secrets));
  if (value !== null && typeof value === "object")
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([key, item]) => [key, maskValues(item, secrets)]),
    );
  return value;
}

/** A promise that rejects with the first error passed to `refuse`. */
function firstRefusal(): { refused: Promise<never>; refuse: (error: Error) => void } {
  let refuse: (error: Error) => void = () => {};
  const refused = new Promise<never>((_, reject) => {
    refuse = reject;
  });
  return { refused, refuse };
}

/**
 * Mocks that never throw into Pulumi's runtime: there an error only rejects outputs that nothing may await,
 * so synth would wait forever, or succeed without noticing. Each error goes to `refuse` instead, and the call
 * gets an empty answer so the program can run on.
 */
function refusingOnError(mocks: Mocks, refuse: (error: Error) => void): Mocks {
  const answerOr = <T>(answer: () => T | Promise<T>, empty: T) => {
    try {
      return answer();
    } catch (error) {
      refuse(error instanceof Error ? error : new Error(String(error)));
      return empty;
    }
  };
  return {
    call: (args) => answerOr(() => mocks.call(args), {}),
    newResource: (args) => answerOr(() => mocks.newResource(args), { id: `${args.name}-refused`, state: {} }),
  };
}

/**
 * The mock monitor, also noting what mocks are not told: `protect` and which input properties take other
 * resources' outputs (the plan needs both to say what a replacement drags along).
 */
class RecordingMonitor extends MockMonitor {
  constructor(
    mocks: Mocks,
    private readonly recorded: GraphResource[],
  ) {
    super(mocks);
  }

  override async registerResource(
    request: RegisterRequest,
    callback: (error: unknown, response: unknown) => void,
  ): Promise<void> {
    const count = this.recorded.length;
    // The mocks record the resource synchronously, before the first await; take it before another starts.
    const registration = super.registerResource(request, callback);
    const resource = this.recorded.length > count ? this.recorded[count] : undefined;
    await registration;
    if (!resource) return;
    if (request.getProtect()) resource.protect = true;
    if (request.getDeletebeforereplace()) resource.deleteBeforeReplace = true;
    if (request.getIgnorechangesList().length > 0) resource.ignoreChanges = request.getIgnorechangesList();
    const dependencies: Record<string, string[]> = {};
    request.getPropertydependenciesMap().forEach((entry, property) => {
      const names = entry
        .getUrnsList()
        .map(urnName)
        .filter((name) => name !== PROVIDER_NAME);
      if (names.length > 0) dependencies[property] = names;
    });
    if (Object.keys(dependencies).length > 0) resource.dependencies = dependencies;
    // Everything the resource waits for: its inputs' sources and its explicit dependsOn.
    const dependsOn = new Set(Object.values(dependencies).flat());
    for (const urn of request.getDependenciesList()) {
      const name = urnName(urn);
      if (name !== PROVIDER_NAME) dependsOn.add(name);
    }
    resource.dependsOn = [...dependsOn].sort();
  }
}

/** The parts of Pulumi's RegisterResourceRequest this file reads. */
interface RegisterRequest {
  getProtect(): boolean | undefined;
  getDependenciesList(): string[];
  getDeletebeforereplace(): boolean | undefined;
  getIgnorechangesList(): string[];
  getPropertydependenciesMap(): {
    forEach(callback: (entry: { getUrnsList(): string[] }, property: string) => void): void;
  };
}

/** The logical name in a URN (`urn:pulumi:stack::project::type::name`), ignoring a trailing `::id`. */
function urnName(urn: string): string {
  return urn.split("::")[3] ?? urn;
}

/** Placeholder outputs of a referenced stack: each value names where it would come from. */
function referencedOutputs(stack: string, references: readonly StackOutputRef[]): Record<string, unknown> {
  const outputs: Record<string, unknown> = {};
  for (const reference of references.filter((candidate) => candidate.stack === stack)) {
    if (reference.key === undefined) {
      outputs[reference.output] = `(output ${reference.output} of stack ${stack})`;
    } else {
      const map = (outputs[reference.output] ??= {}) as Record<string, unknown>;
      map[reference.key] = `(output ${reference.output}.${reference.key} of stack ${stack})`;
    }
  }
  return outputs;
}

/** Plain values of the stack outputs; secret ones keep their shape with every value masked. */
async function resolveOutputs(
  outputs: Record<string, pulumi.Output<unknown>>,
): Promise<Record<string, unknown>> {
  const entries = await Promise.all(
    Object.entries(outputs).map(async ([name, output]) => {
      const value = await new Promise<unknown>((resolve) => output.apply(resolve));
      return [name, (await pulumi.isSecret(output)) ? maskSecret(value) : value] as const;
    }),
  );
  return Object.fromEntries(entries);
}

function maskSecret(value: unknown): unknown {
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    return Object.fromEntries(Object.keys(value).map((key) => [key, SECRET_PLACEHOLDER]));
  }
  return SECRET_PLACEHOLDER;
}

/** Resources in the order the program declares them, whatever order their registrations completed in. */
function inDeclarationOrder(resources: GraphResource[], manifest: Manifest): GraphResource[] {
  const order = [
    PROVIDER_NAME,
    poolResourceName(manifest),
    ...extensionResourceNames(manifest),
    ...manifest.spec.clients.map((client) => clientResourceName(manifest, client)),
    // Beyond OpenMCF: declared once every client exists (program/client-risk-configuration.ts).
    ...manifest.spec.clients
      .filter((client) => client.riskConfiguration)
      .map((client) => clientRiskConfigurationResourceName(manifest, client)),
    domainResourceName(manifest),
    ...brandingResourceNames(manifest),
  ];
  const rank = (resource: GraphResource) => {
    const index = order.indexOf(resource.name);
    return index < 0 ? order.length : index;
  };
  return [...resources].sort((a, b) => rank(a) - rank(b) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The looks of the sign-in pages (program/branding.ts), in the order it declares them. */
function brandingResourceNames(manifest: Manifest): string[] {
  return [
    ...manifest.spec.clients.flatMap((client) => [
      ...(client.managedLoginBranding ? [managedLoginBrandingResourceName(manifest, client)] : []),
      ...(client.uiCustomization ? [uiCustomizationResourceName(manifest, client.name)] : []),
    ]),
    ...(manifest.spec.uiCustomization ? [uiCustomizationResourceName(manifest)] : []),
  ];
}

/** The resources beyond OpenMCF, in the order the program declares them. */
function extensionResourceNames(manifest: Manifest): string[] {
  const { spec } = manifest;
  return [
    ...spec.resourceServers.map((server) => resourceServerResourceName(manifest, server.identifier)),
    ...spec.identityProviders.map((idp) => identityProviderResourceName(manifest, idp.providerName)),
    ...spec.groups.map((group) => groupResourceName(manifest, group.name)),
    ...(spec.riskConfiguration ? [riskConfigurationResourceName(manifest)] : []),
    ...(spec.logDelivery ? [logDeliveryResourceName(manifest)] : []),
    ...(spec.webAclAssociation ? [webAclAssociationResourceName(manifest)] : []),
    ...(spec.manageLambdaPermissions
      ? LAMBDA_TRIGGERS.filter((trigger) => spec.lambdaConfig?.[trigger]).map((trigger) =>
          lambdaPermissionResourceName(manifest, trigger),
        )
      : []),
  ];
}
