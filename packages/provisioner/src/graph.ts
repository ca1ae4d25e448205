// The resource graph: what a program asks the cloud for, as plain data. Synth produces it from the real
// program under Pulumi's mock runtime; the offline plan compares two of them.

/** Pulumi type tokens of the resources the program creates. */
export const RESOURCE_TYPES = {
  provider: "pulumi:providers:aws",
  userPool: "aws:cognito/userPool:UserPool",
  userPoolClient: "aws:cognito/userPoolClient:UserPoolClient",
  userPoolDomain: "aws:cognito/userPoolDomain:UserPoolDomain",
  // Beyond OpenMCF.
  resourceServer: "aws:cognito/resourceServer:ResourceServer",
  identityProvider: "aws:cognito/identityProvider:IdentityProvider",
  userGroup: "aws:cognito/userGroup:UserGroup",
  lambdaPermission: "aws:lambda/permission:Permission",
  riskConfiguration: "aws:cognito/riskConfiguration:RiskConfiguration",
  managedLoginBranding: "aws:cognito/managedLoginBranding:ManagedLoginBranding",
  uiCustomization: "aws:cognito/userPoolUICustomization:UserPoolUICustomization",
  logDeliveryConfiguration: "aws:cognito/logDeliveryConfiguration:LogDeliveryConfiguration",
  webAclAssociation: "aws:wafv2/webAclAssociation:WebAclAssociation",
} as const;

const PROGRAM_TYPES = new Set<string>(Object.values(RESOURCE_TYPES));

/**
 * Whether the program can declare a resource of this type (Pulumi's own resources included: the stack, its
 * providers). Anything else in a stack was put there by someone else, and deleting it is never routine.
 */
export function isProgramResourceType(type: string): boolean {
  return PROGRAM_TYPES.has(type) || type.startsWith("pulumi:");
}

/** One resource as the program declared it. */
export interface GraphResource {
  /** Pulumi type token, e.g. `aws:cognito/userPool:UserPool`. */
  type: string;
  /** Logical name, unique in the stack. */
  name: string;
  /** Pulumi's `import` option: the ID of the deployed resource the first apply adopts instead of creating. */
  import?: string | undefined;
  /** The arguments exactly as the program passed them, resolved to plain values. */
  inputs: Record<string, unknown>;
  /** Input properties that take another resource's output: property → names of those resources. */
  dependencies?: Record<string, string[]> | undefined;
  /**
   * Logical names of every resource this one waits for (its inputs' sources and explicit dependsOn), the
   * explicit provider aside.
   */
  dependsOn?: string[] | undefined;
  /** Logical name of the explicit provider the resource uses. */
  provider?: string | undefined;
  /** Pulumi's `protect`: the engine refuses to delete the resource. */
  protect?: boolean | undefined;
  /** Replaced by deleting the old resource first, then creating the new one (Pulumi's deleteBeforeReplace). */
  deleteBeforeReplace?: boolean | undefined;
  /** Pulumi's `ignoreChanges`: input properties whose deployed value the engine keeps, whatever the program says. */
  ignoreChanges?: string[] | undefined;
}

/** Everything one manifest's program declares, and what its stack exports. */
export interface ResourceGraph {
  /** `organization/project/stack`. */
  stack: string;
  resources: GraphResource[];
  /** Stack outputs; secret values appear as `"[secret]"` with the structure around them kept. */
  outputs: Record<string, unknown>;
}

/** What secret values look like wherever a graph, plan or report is shown. */
export const SECRET_PLACEHOLDER = "[secret]";
