// The guard on weakening a pool: a plan that turns off, lowers or resets a security setting the deployed pool
// or client has (threat protection, MFA, a trigger, device tracking, SMS, tags, the password policy) is
// refused unless the workflow sets `allow-security-downgrade: true`. Nothing is replaced, so the replacement
// guard never sees these; the plan marks them (provisioner security-downgrades.ts).
import type { Plan } from "@cognito-action/provisioner";

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
