// The name a stack has in its backend, apart from the adapter that opens stacks, so the inventory (which lists
// them) and the adapter both read it from here rather than from each other.
import { SELF_MANAGED_BACKEND } from "@cognito-action/spec";
import type { StackIdentity } from "@cognito-action/spec";

/** Self-managed backends: the go-cloud blob schemes the CLI registers (pkg/backend/diy/backend.go). */
export const DIY_BACKEND = SELF_MANAGED_BACKEND;

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
