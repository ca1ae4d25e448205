import { describe, expect, it } from "vitest";
import { failedPlan, RESOURCE_TYPES, summarize } from "@cognito-action/provisioner";
import type { ManifestPlan, ResourceChange } from "@cognito-action/provisioner";
import { planOutputs } from "../src/report/publish.ts";

function manifestPlan(name: string, changes: ResourceChange[]): ManifestPlan {
  return {
    name,
    file: `auth/${name}.yaml`,
    plan: { stack: `acme/auth/${name}`, changes, summary: summarize(changes), errors: [], warnings: [] },
  };
}

const unchanged: ResourceChange = {
  type: RESOURCE_TYPES.userPool,
  name: "pool",
  action: "unchanged",
  properties: [],
};
const created: ResourceChange = {
  type: RESOURCE_TYPES.userPoolClient,
  name: "client",
  action: "create",
  properties: [],
};
const replaced: ResourceChange = {
  type: RESOURCE_TYPES.userPool,
  name: "pool",
  action: "replace",
  destroysUsers: true,
  properties: [{ path: "usernameAttributes", before: ["email"], after: null, forcesReplacement: true }],
};

describe("planOutputs", () => {
  it("says no changes for no plans", () => {
    expect(planOutputs([])).toEqual({
      "has-changes": "false",
      "has-replacements": "false",
      changed: "[]",
      plan: "[]",
    });
  });

  it("says no changes when every resource is unchanged", () => {
    const outputs = planOutputs([manifestPlan("a", [unchanged])]);
    expect(outputs["has-changes"]).toBe("false");
    expect(outputs.changed).toBe("[]");
  });

  it("lists the changed manifests and counts per manifest", () => {
    const outputs = planOutputs([
      manifestPlan("a", [unchanged, created]),
      manifestPlan("b", [unchanged]),
      manifestPlan("c", [replaced]),
    ]);
    expect(outputs["has-changes"]).toBe("true");
    expect(outputs["has-replacements"]).toBe("true");
    expect(JSON.parse(outputs.changed)).toEqual(["a", "c"]);
    expect(JSON.parse(outputs.plan)).toEqual([
      {
        manifest: "a",
        file: "auth/a.yaml",
        stack: "acme/auth/a",
        create: 1,
        update: 0,
        replace: 0,
        delete: 0,
        failures: [],
      },
      {
        manifest: "b",
        file: "auth/b.yaml",
        stack: "acme/auth/b",
        create: 0,
        update: 0,
        replace: 0,
        delete: 0,
        failures: [],
      },
      {
        manifest: "c",
        file: "auth/c.yaml",
        stack: "acme/auth/c",
        create: 0,
        update: 0,
        replace: 1,
        delete: 0,
        failures: [],
      },
    ]);
  });

  it("has no replacements for a plan without a destroyed pool", () => {
    expect(planOutputs([manifestPlan("a", [created])])["has-replacements"]).toBe("false");
  });

  it("lists a failed plan's messages", () => {
    const outputs = planOutputs([
      { name: "d", file: "d.yaml", plan: failedPlan("", [{ rule: "locked", message: "stack is locked" }]) },
    ]);
    expect(outputs["has-changes"]).toBe("false");
    expect(JSON.parse(outputs.plan)).toEqual([
      {
        manifest: "d",
        file: "d.yaml",
        stack: "",
        create: 0,
        update: 0,
        replace: 0,
        delete: 0,
        failures: ["stack is locked"],
      },
    ]);
  });
});
