// The name a stack has in its backend, apart from the adapter that opens stacks, so the inventory (which lists
// them) and the adapter both read it from here rather than from each other.
import type { StackIdentity, StackNaming } from "@cognito-action/spec";

/** Self-managed backends: the go-cloud blob schemes the CLI registers (pkg/backend/diy/backend.go). */
export const DIY_BACKEND = /^(s3|file|azblob|gs):\/\//i;

/**
 * How a self-managed bucket names its stacks: "project" (`.pulumi/meta.yaml` version 1, and every new bucket)
 * or "legacy" (older buckets: plain stack names, no project; pkg/backend/diy/store.go).
 */
export type DiyLayout = "project" | "legacy";

/**
 * The stack name the backend knows: self-managed (DIY) backends have a single organization literally
 * named "organization", so their stacks are `organization/<project>/<stack>` whatever the label says; a bucket
 * still on the legacy layout takes the plain stack name.
 */
export function engineStackName(
  identity: StackIdentity,
  backendUrl: string | undefined,
  layout: DiyLayout = "project",
): string {
  if (backendUrl === undefined || !DIY_BACKEND.test(backendUrl)) return identity.fullName;
  return layout === "legacy" ? identity.stack : `organization/${identity.project}/${identity.stack}`;
}

/**
 * How the backend at `backendUrl` names stacks, for the collision rule: a self-managed backend ignores the
 * organization (its layout, legacy or not, is only learnt from the bucket itself, by the engine).
 */
export function stackNamingOf(backendUrl: string | undefined): StackNaming {
  return backendUrl !== undefined && DIY_BACKEND.test(backendUrl)
    ? "project/stack"
    : "organization/project/stack";
}
