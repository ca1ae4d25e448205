// Which Pulumi stack a manifest deploys to, from its OpenMCF labels.

/** The labels that name a manifest's Pulumi stack. */
export const STACK_LABELS = {
  organization: "pulumi.openmcf.org/organization",
  project: "pulumi.openmcf.org/project",
  stack: "pulumi.openmcf.org/stack.name",
} as const;

/** Used when a label is missing: Pulumi's own name for the organization of a self-managed backend. */
export const DEFAULT_ORGANIZATION = "organization";
/** Used when the project label is missing. */
export const DEFAULT_PROJECT = "cognito";

/** A manifest's Pulumi stack. */
export interface StackIdentity {
  organization: string;
  project: string;
  stack: string;
  /** `organization/project/stack`, the name Pulumi's backends and stack references use. */
  fullName: string;
  /** Labels that were missing and took their default. */
  defaulted: (keyof typeof STACK_LABELS)[];
}

/** The stack of a manifest: its labels, or the defaults (organization, project `cognito`, stack `metadata.name`). */
export function stackIdentity(metadata: {
  name: string;
  labels?: Record<string, string> | undefined;
}): StackIdentity {
  const labels = metadata.labels ?? {};
  const defaulted: StackIdentity["defaulted"] = [];
  const read = (key: keyof typeof STACK_LABELS, fallback: string) => {
    const value = labels[STACK_LABELS[key]];
    if (value === undefined || value === "") {
      defaulted.push(key);
      return fallback;
    }
    return value;
  };
  const organization = read("organization", DEFAULT_ORGANIZATION);
  const project = read("project", DEFAULT_PROJECT);
  const stack = read("stack", metadata.name);
  return { organization, project, stack, fullName: `${organization}/${project}/${stack}`, defaulted };
}

/**
 * How a state backend names its stacks: Pulumi Cloud by `organization/project/stack`; a self-managed backend
 * (file://, s3://, gs://, azblob://) has one organization, so by `project/stack`; a self-managed bucket still on
 * the legacy layout by the stack name alone (pulumi/pulumi pkg/backend/diy/store.go).
 */
export type StackNaming = "organization/project/stack" | "project/stack" | "stack";

/** Self-managed backends: the go-cloud blob schemes the Pulumi CLI registers (pkg/backend/diy/backend.go). */
export const SELF_MANAGED_BACKEND = /^(s3|file|azblob|gs):\/\//i;

/**
 * How the backend at `backendUrl` names stacks, for the collision rule: a self-managed backend ignores the
 * organization (its layout, legacy or not, is only learnt from the bucket itself, by the engine).
 */
export function stackNamingOf(backendUrl: string | undefined): StackNaming {
  return backendUrl !== undefined && SELF_MANAGED_BACKEND.test(backendUrl)
    ? "project/stack"
    : "organization/project/stack";
}

/** The name under which the backend keeps a manifest's stack: two manifests with one name share one stack. */
export function backendStackName(identity: StackIdentity, naming: StackNaming): string {
  switch (naming) {
    case "organization/project/stack":
      return identity.fullName;
    case "project/stack":
      return `${DEFAULT_ORGANIZATION}/${identity.project}/${identity.stack}`;
    case "stack":
      return identity.stack;
  }
}

/** Pulumi's rule for organization, project and stack names. */
export const STACK_NAME_PART = /^[A-Za-z0-9_.-]{1,100}$/;
