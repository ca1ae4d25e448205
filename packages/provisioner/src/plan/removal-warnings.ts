// Warnings for what a reviewer loses when part of a pool goes: the offline plan and the engine's preview
// both add them, so a deletion reads the same whichever planned it.
import { RESOURCE_TYPES } from "../graph.ts";
import type { GraphResource } from "../graph.ts";
import type { PlanMessage, ResourceChange } from "./plan-types.ts";

/**
 * One warning per group or identity provider that is deleted or replaced: what a reviewer should know before
 * one goes (or is replaced), which the user pool's own destruction warning does not cover.
 */
export function removedPartWarnings(changes: readonly ResourceChange[]): PlanMessage[] {
  const warnings: PlanMessage[] = [];
  for (const change of changes) {
    if (change.action !== "delete" && change.action !== "replace") continue;
    const verb = change.action === "delete" ? "deleted" : "replaced";
    if (change.type === RESOURCE_TYPES.userGroup) {
      // AWS keeps memberships with the group (DeleteGroup removes them; a new group starts empty).
      warnings.push({
        rule: "group-membership-lost",
        resource: change.name,
        message: `group ${change.name} is ${verb}: every user's membership in it is lost and must be granted again`,
      });
    } else if (change.type === RESOURCE_TYPES.identityProvider) {
      // Federated users are linked to their provider by name: while it is gone, they cannot sign in.
      warnings.push({
        rule: "identity-provider-removed",
        resource: change.name,
        message: `identity provider ${change.name} is ${verb}: its users cannot sign in through it ${change.action === "delete" ? "any more" : "while it is recreated"}`,
      });
    }
  }
  return warnings;
}

/** Whether the pool is protected from deletion, in Pulumi or in AWS. */
export function isProtected(pool: GraphResource): boolean {
  return pool.protect === true || pool.inputs.deletionProtection === "ACTIVE";
}

/** A deleted or replaced pool with deletion protection: the apply fails on it. */
export function protectedPoolWarning(change: ResourceChange): PlanMessage {
  return {
    rule: "protected-pool",
    resource: change.name,
    message: `${change.name} has deletion protection, so the ${change.action === "delete" ? "deletion" : "replacement"} will fail at apply; turn deletionProtection off in a change of its own first, if losing every user is really intended`,
  };
}
