import { describe, expect, it } from "vitest";
import { RESOURCE_TYPES, summarize, guardRefusal } from "@cognito-action/provisioner";
import type { ManifestPlan, ResourceChange } from "@cognito-action/provisioner";

const STACK = "acme/platform/prod.AwsCognitoUserPool.prod-auth";

function entry(changes: ResourceChange[], fileChange: ManifestPlan["fileChange"] = "modified"): ManifestPlan {
  return {
    name: "prod-auth",
    file: "examples/production.yaml",
    fileChange,
    plan: { stack: STACK, changes, summary: summarize(changes), errors: [], warnings: [] },
  };
}

const replacedPool: ResourceChange = {
  type: RESOURCE_TYPES.userPool,
  name: "prod-auth",
  action: "replace",
  destroysUsers: true,
  properties: [
    { path: "usernameAttributes", before: ["email"], after: ["phone_number"], forcesReplacement: true },
    { path: "aliasAttributes", before: null, after: ["email"], forcesReplacement: true },
    { path: "mfaConfiguration", before: "OFF", after: "OPTIONAL", forcesReplacement: false },
  ],
};
const deletedPool: ResourceChange = {
  type: RESOURCE_TYPES.userPool,
  name: "prod-auth",
  action: "delete",
  destroysUsers: true,
  properties: [],
};
const updatedClient: ResourceChange = {
  type: RESOURCE_TYPES.userPoolClient,
  name: "prod-auth-web-spa",
  action: "update",
  properties: [{ path: "callbackUrls", before: [], after: ["https://x"], forcesReplacement: false }],
};
const deny = { allowReplace: false, allowDestroy: false };
const allow = { allowReplace: true, allowDestroy: true };

describe("guardRefusal", () => {
  it("lets an in-place update through", () => {
    expect(guardRefusal(entry([updatedClient]), false, deny)).toBeUndefined();
  });

  it("refuses a replaced pool without allow-replace, naming the pool and the fields that force it", () => {
    const refusal = guardRefusal(entry([replacedPool, updatedClient]), false, deny);
    expect(refusal).toBe(
      "prod-auth: user pool prod-auth is replaced because usernameAttributes, aliasAttributes cannot change in place, and every user in it would be lost; set allow-replace: true to allow it",
    );
    expect(refusal).not.toContain("mfaConfiguration");
  });

  it("names a replacement forced by something other than the pool's own fields", () => {
    const refusal = guardRefusal(entry([{ ...replacedPool, properties: [] }]), false, deny);
    expect(refusal).toContain("is replaced because a property it depends on cannot change in place");
  });

  it("refuses a deleted pool without allow-replace", () => {
    expect(guardRefusal(entry([deletedPool]), false, deny)).toBe(
      "prod-auth: user pool prod-auth is deleted, and every user in it would be lost; set allow-replace: true to allow it",
    );
  });

  it("refuses a deleted manifest without allow-destroy, naming the stack", () => {
    const refusal = guardRefusal(entry([deletedPool], "deleted"), true, {
      allowReplace: true,
      allowDestroy: false,
    });
    expect(refusal).toBe(
      `prod-auth: its manifest was deleted, which destroys stack ${STACK}; set allow-destroy: true to allow it`,
    );
  });

  it("gives every reason when both are missing", () => {
    const refusal = guardRefusal(entry([deletedPool], "deleted"), true, deny);
    expect(refusal).toContain("set allow-destroy: true");
    expect(refusal).toContain("set allow-replace: true");
  });

  it("allow-destroy alone does not allow a replacement", () => {
    expect(guardRefusal(entry([replacedPool]), false, { allowReplace: false, allowDestroy: true })).toContain(
      "allow-replace",
    );
  });

  it("lets everything through when both are allowed", () => {
    expect(guardRefusal(entry([replacedPool]), false, allow)).toBeUndefined();
    expect(guardRefusal(entry([deletedPool], "deleted"), true, allow)).toBeUndefined();
  });
});

describe("guardRefusal on adoption", () => {
  const adoptedPool: ResourceChange = {
    type: RESOURCE_TYPES.userPool,
    name: "prod-auth",
    action: "import",
    importId: "us-east-1_AbCdEf123",
    properties: [],
  };

  it("lets a plain adoption through: importing destroys nothing", () => {
    expect(guardRefusal(entry([adoptedPool]), false, deny)).toBeUndefined();
  });

  it("refuses an adopted client the engine would replace right after importing it: its ID would change", () => {
    const client: ResourceChange = {
      type: RESOURCE_TYPES.userPoolClient,
      name: "prod-auth-web-spa",
      action: "replace",
      adopted: true,
      properties: [{ path: "generateSecret", before: false, after: true, forcesReplacement: true }],
    };
    expect(guardRefusal(entry([client]), false, deny)).toBe(
      "prod-auth: adopted UserPoolClient prod-auth-web-spa would be replaced, which gives it a new ID (apps using the old one stop working); set allow-replace: true to allow it",
    );
    expect(guardRefusal(entry([client]), false, allow)).toBeUndefined();
  });

  it("refuses an adoption in place of the pool the stack manages, naming the adopted ID", () => {
    const replacing: ResourceChange = {
      ...adoptedPool,
      action: "replace",
      destroysUsers: true,
      properties: [{ path: "(import)", before: null, after: "us-east-1_AbCdEf123", forcesReplacement: true }],
    };
    expect(guardRefusal(entry([replacing]), false, deny)).toBe(
      "prod-auth: user pool prod-auth would be deleted: the manifest adopts us-east-1_AbCdEf123 in place of it, and every user in it would be lost; set allow-replace: true to allow it",
    );
  });
});

describe("guardRefusal on resources the program does not declare", () => {
  const deletedDatabase: ResourceChange = {
    type: "aws:rds/instance:Instance",
    name: "ledger",
    action: "delete",
    properties: [],
  };
  const replacedBucket: ResourceChange = {
    type: "aws:s3/bucket:Bucket",
    name: "receipts",
    action: "replace",
    properties: [],
  };

  it("refuses deleting one without both allow inputs, naming its type and name", () => {
    for (const settings of [
      deny,
      { allowReplace: true, allowDestroy: false },
      { allowReplace: false, allowDestroy: true },
    ]) {
      const refusal = guardRefusal(entry([updatedClient, deletedDatabase, replacedBucket]), false, settings);
      expect(refusal).toContain(
        "aws:rds/instance:Instance ledger, which the manifest does not declare, would be deleted",
      );
      expect(refusal).toContain(
        "aws:s3/bucket:Bucket receipts, which the manifest does not declare, would be replaced",
      );
      expect(refusal).toContain("set allow-destroy: true and allow-replace: true");
    }
  });

  it("lets it through with both", () => {
    expect(guardRefusal(entry([deletedDatabase, replacedBucket]), false, allow)).toBeUndefined();
  });

  it("leaves the program's own resources to the pool rules: a deleted client needs no allow input", () => {
    const deletedClient: ResourceChange = { ...updatedClient, action: "delete", properties: [] };
    expect(guardRefusal(entry([deletedClient]), false, deny)).toBeUndefined();
  });
});
