// Plan warnings for the resources beyond OpenMCF: what a reviewer should know before a group or an identity
// provider goes (or is replaced), which the user pool's own destruction warning does not cover.
import { RESOURCE_TYPES } from "./graph.ts";
import type { PlanMessage, ResourceChange } from "./plan.ts";

/** One warning per group or identity provider that is deleted or replaced. */
export function extensionWarnings(changes: readonly ResourceChange[]): PlanMessage[] {
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
