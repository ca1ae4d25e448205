// The guard on weakening a pool, through guardRefusal as the apply calls it: refused unless
// allow-security-downgrade, whatever allow-replace says, and each weakened resource named with what it loses.
import { describe, expect, it } from "vitest";
import { RESOURCE_TYPES, securityDowngradesOf, summarize, guardRefusal } from "@cognito-action/provisioner";
import type { ManifestPlan, ResourceChange } from "@cognito-action/provisioner";

function marked(change: ResourceChange): ResourceChange {
  const downgrades = securityDowngradesOf(change);
  return downgrades.length > 0 ? { ...change, securityDowngrades: downgrades } : change;
}

function entry(changes: ResourceChange[]): ManifestPlan {
  const all = changes.map(marked);
  return {
    name: "prod-auth",
    file: "examples/production.yaml",
    fileChange: "modified",
    plan: { stack: "acme/platform/prod", changes: all, summary: summarize(all), errors: [], warnings: [] },
  };
}

const weakenedPool: ResourceChange = {
  type: RESOURCE_TYPES.userPool,
  name: "prod-auth",
  action: "update",
  properties: [
    {
      path: "userPoolAddOns.advancedSecurityMode",
      before: "ENFORCED",
      after: "OFF",
      forcesReplacement: false,
    },
    { path: "tags.team", before: "identity", after: null, forcesReplacement: false },
  ],
};
const strengthenedPool: ResourceChange = {
  ...weakenedPool,
  properties: [{ path: "mfaConfiguration", before: "OPTIONAL", after: "ON", forcesReplacement: false }],
};

describe("the security-downgrade guard", () => {
  it("refuses a plan that lowers threat protection and drops a tag, naming both and the input", () => {
    expect(guardRefusal(entry([weakenedPool]), false, { allowReplace: true, allowDestroy: true })).toBe(
      "prod-auth: UserPool prod-auth would be weakened: threat protection (standard authentication) is lowered from ENFORCED to OFF (userPoolAddOns.advancedSecurityMode), tag team is dropped (tags.team); set allow-security-downgrade: true to allow this security-relevant change",
    );
  });

  it("lets it through with allow-security-downgrade", () => {
    expect(
      guardRefusal(entry([weakenedPool]), false, {
        allowReplace: false,
        allowDestroy: false,
        allowSecurityDowngrade: true,
      }),
    ).toBeUndefined();
  });

  it("lets a change that only strengthens through without it", () => {
    expect(
      guardRefusal(entry([strengthenedPool]), false, { allowReplace: false, allowDestroy: false }),
    ).toBeUndefined();
  });
});
