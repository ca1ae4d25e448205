// The guard on destruction: before any engine call, a plan that replaces or deletes a user pool, deletes or
// replaces anything the program does not declare, or destroys a deleted manifest's stack, is refused unless
// the workflow explicitly allows it.
import { isProgramResourceType } from "../graph.ts";
import type { ManifestPlan } from "../report/plan-report.ts";
import type { Plan } from "./plan-types.ts";

export interface GuardSettings {
  allowReplace: boolean;
  allowDestroy: boolean;
  /** `allow-security-downgrade`; left out, security-relevant changes are refused. */
  allowSecurityDowngrade?: boolean;
}

/** Why a manifest's plan may not be applied, or undefined when it may. */
export function guardRefusal(
  entry: Pick<ManifestPlan, "name" | "plan" | "fileChange">,
  deleted: boolean,
  settings: GuardSettings,
): string | undefined {
  const pools = entry.plan.changes.filter((change) => change.destroysUsers);
  const reasons: string[] = [];
  if (deleted && !settings.allowDestroy) {
    reasons.push(
      `its manifest was deleted, which destroys stack ${entry.plan.stack}; set allow-destroy: true to allow it`,
    );
  }
  if (pools.length > 0 && !settings.allowReplace) {
    for (const pool of pools) {
      const forcedBy = pool.properties
        .filter((property) => property.forcesReplacement)
        .map((property) => property.path);
      const cause =
        pool.action === "replace" && pool.importId !== undefined
          ? `would be deleted: the manifest adopts ${pool.importId} in place of it`
          : pool.action === "delete"
            ? "is deleted"
            : `is replaced because ${forcedBy.length > 0 ? forcedBy.join(", ") : "a property it depends on"} cannot change in place`;
      reasons.push(
        `user pool ${pool.name} ${cause}, and every user in it would be lost; set allow-replace: true to allow it`,
      );
    }
  }
  // Adoption keeps what apps are built with (client IDs, the domain); a resource replaced right after its
  // import gets a new ID, so it is refused like a pool replacement.
  if (!settings.allowReplace) {
    for (const change of entry.plan.changes) {
      if (change.adopted !== true || change.action !== "replace" || change.destroysUsers) continue;
      reasons.push(
        `adopted ${change.type.split(":").pop() ?? change.type} ${change.name} would be replaced, which gives it a new ID (apps using the old one stop working); set allow-replace: true to allow it`,
      );
    }
  }
  // What the program never declares (a database, a bucket) is in the stack because someone else put it
  // there: a plan deleting it is destruction nobody asked for in a manifest, so it needs both allow inputs.
  if (!(settings.allowDestroy && settings.allowReplace)) {
    for (const change of entry.plan.changes) {
      if ((change.action !== "delete" && change.action !== "replace") || isProgramResourceType(change.type))
        continue;
      reasons.push(
        `${change.type} ${change.name}, which the manifest does not declare, would be ${change.action === "delete" ? "deleted" : "replaced"}; set allow-destroy: true and allow-replace: true to allow it`,
      );
    }
  }
  reasons.push(...securityDowngradeReasons(entry.plan, settings.allowSecurityDowngrade === true));
  return reasons.length > 0 ? `${entry.name}: ${reasons.join("; ")}` : undefined;
}

// The guard on weakening a pool: a plan that turns off, lowers or resets a security setting the deployed pool
// or client has (threat protection, MFA, a trigger, device tracking, SMS, tags, the password policy) is
// refused unless the workflow sets `allow-security-downgrade: true`. Nothing is replaced, so the replacement
// guard never sees these; the plan marks them (provisioner security-downgrades.ts).
/** One refusal reason per resource the plan weakens; none when allowed or when nothing is weakened. */
export function securityDowngradeReasons(plan: Pick<Plan, "changes">, allowed: boolean): string[] {
  if (allowed) return [];
  return plan.changes.flatMap((change) => {
    const downgrades = change.securityDowngrades ?? [];
    if (downgrades.length === 0) return [];
    const kind = change.type.split(":").pop() ?? change.type;
    const what = downgrades.map((downgrade) => `${downgrade.reason} (${downgrade.path})`).join(", ");
    return [
      `${kind} ${change.name} would be weakened: ${what}; set allow-security-downgrade: true to allow this security-relevant change`,
    ];
  });
}
