// The engine's preview as a Plan: recorded engine event sequences (the shape the Automation API hands to
// onEvent) turned into the same Plan the offline planner produces.
import { describe, expect, it } from "vitest";
import { planFromEngineEvents, RESOURCE_TYPES, valueAtPath } from "../../src/index.ts";
import type { PreviewEvent, ResourceChange, StepMetadata } from "../../src/index.ts";

const STACK = "organization/platform/prod.AwsCognitoUserPool.prod-auth";
const URN_PREFIX = "urn:pulumi:prod.AwsCognitoUserPool.prod-auth::platform";
const STACK_TYPE = "pulumi:pulumi:Stack";
const STACK_REFERENCE_TYPE = "pulumi:pulumi:StackReference";
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

const urn = (type: string, name: string) => `${URN_PREFIX}::${type}::${name}`;

/** The inputs of the production pool as the engine records them. */
const POOL_INPUTS = {
  name: "prod-auth",
  deletionProtection: "INACTIVE",
  usernameAttributes: ["email"],
  autoVerifiedAttributes: ["email"],
  mfaConfiguration: "OPTIONAL",
  passwordPolicy: {
    minimumLength: 12,
    requireLowercase: true,
    requireNumbers: true,
    requireSymbols: true,
    requireUppercase: true,
    temporaryPasswordValidityDays: 3,
  },
  accountRecoverySetting: { recoveryMechanisms: [{ name: "verified_email", priority: 1 }] },
  tags: { "managed-by": "cognito-action", "openmcf.org/name": "prod-auth" },
};

/** Events numbered as the engine numbers them, behind a prelude, like an event log. */
function recorded(...events: PreviewEvent[]): PreviewEvent[] {
  return [
    { preludeEvent: { config: {} } } as PreviewEvent,
    ...events.map((event, index) => ({ sequence: index + 1, timestamp: 1_764_147_600, ...event })),
    { summaryEvent: { maybeCorrupt: false, resourceChanges: counts(events) } },
  ];
}

/** The summary's counts: one per resource and logical op (replacement steps other than `replace` are not). */
function counts(events: readonly PreviewEvent[]): Record<string, number> {
  const seen = new Set<string>();
  const result: Record<string, number> = {};
  for (const event of events) {
    const step = event.resourcePreEvent?.metadata;
    if (!step || ["refresh", "read", "create-replacement", "delete-replaced"].includes(step.op)) continue;
    if (seen.has(`${step.op} ${step.urn}`)) continue;
    seen.add(`${step.op} ${step.urn}`);
    result[step.op] = (result[step.op] ?? 0) + 1;
  }
  return result;
}

function step(
  metadata: Partial<StepMetadata> & Pick<StepMetadata, "op" | "type">,
  name: string,
): PreviewEvent {
  return {
    resourcePreEvent: {
      metadata: { urn: urn(metadata.type, name), provider: "", ...metadata } as StepMetadata,
    },
  };
}

const stackStep = (op = "same") =>
  step({ op, type: STACK_TYPE, old: { inputs: {} }, new: { inputs: {} } }, "platform-prod");
const providerStep = (op = "same") =>
  step(
    {
      op,
      type: RESOURCE_TYPES.provider,
      old: { inputs: { region: "us-east-1" } },
      new: { inputs: { region: "us-east-1" } },
    },
    "aws",
  );

function changeNamed(changes: readonly ResourceChange[], name: string): ResourceChange {
  const change = changes.find((candidate) => candidate.name === name);
  if (!change) throw new Error(`no change ${name} among ${changes.map((entry) => entry.name).join(", ")}`);
  return change;
}

describe("planFromEngineEvents", () => {
  it("turns an update with a detailed diff into property changes read from the old and new inputs", () => {
    const after = {
      ...POOL_INPUTS,
      passwordPolicy: { ...POOL_INPUTS.passwordPolicy, minimumLength: 14 },
      tags: { ...POOL_INPUTS.tags, "cost.center": "identity" },
      accountRecoverySetting: { recoveryMechanisms: [{ name: "verified_email", priority: 2 }] },
    };
    const plan = planFromEngineEvents(
      STACK,
      recorded(
        stackStep(),
        providerStep(),
        step(
          {
            op: "update",
            type: RESOURCE_TYPES.userPool,
            old: { inputs: POOL_INPUTS, protect: false },
            new: { inputs: after, protect: false },
            diffs: ["passwordPolicy", "tags", "accountRecoverySetting"],
            keys: [],
            detailedDiff: {
              "passwordPolicy.minimumLength": { diffKind: "update", inputDiff: true },
              'tags["cost.center"]': { diffKind: "add", inputDiff: true },
              "accountRecoverySetting.recoveryMechanisms[0].priority": {
                diffKind: "update",
                inputDiff: true,
              },
            },
          },
          "prod-auth",
        ),
      ),
    );

    expect(plan.stack).toBe(STACK);
    expect(plan.errors).toEqual([]);
    expect(plan.warnings).toEqual([]);
    expect(plan.summary).toEqual({ create: 0, update: 1, replace: 0, delete: 0 });
    expect(plan.changes).toEqual([
      { type: RESOURCE_TYPES.provider, name: "aws", action: "unchanged", properties: [] },
      {
        type: RESOURCE_TYPES.userPool,
        name: "prod-auth",
        action: "update",
        properties: [
          { path: "passwordPolicy.minimumLength", before: 12, after: 14, forcesReplacement: false },
          { path: 'tags["cost.center"]', before: null, after: "identity", forcesReplacement: false },
          {
            path: "accountRecoverySetting.recoveryMechanisms[0].priority",
            before: 1,
            after: 2,
            forcesReplacement: false,
          },
        ],
      },
    ]);
    expect(changeNamed(plan.changes, "prod-auth").destroysUsers).toBeUndefined();
  });

  it("merges the steps of a replacement into one replace change, forced by the *-replace diff kinds", () => {
    const after = { ...POOL_INPUTS, usernameAttributes: undefined, aliasAttributes: ["email"] };
    const metadata = {
      type: RESOURCE_TYPES.userPool,
      old: { inputs: POOL_INPUTS, protect: false },
      new: { inputs: after, protect: false },
      diffs: ["usernameAttributes", "aliasAttributes", "mfaConfiguration"],
      keys: ["usernameAttributes", "aliasAttributes"],
      detailedDiff: {
        usernameAttributes: { diffKind: "delete-replace", inputDiff: true },
        aliasAttributes: { diffKind: "add-replace", inputDiff: true },
        mfaConfiguration: { diffKind: "update", inputDiff: true },
      },
    };
    const client = {
      type: RESOURCE_TYPES.userPoolClient,
      old: { inputs: { name: "web-spa", userPoolId: "us-east-1_AbCdEf123" } },
      new: { inputs: { name: "web-spa", userPoolId: UNKNOWN } },
      diffs: ["userPoolId"],
      keys: ["userPoolId"],
      detailedDiff: { userPoolId: { diffKind: "update-replace", inputDiff: true } },
    };
    const plan = planFromEngineEvents(
      STACK,
      recorded(
        stackStep(),
        providerStep(),
        step({ op: "create-replacement", ...metadata }, "prod-auth"),
        step({ op: "replace", ...metadata }, "prod-auth"),
        step({ op: "create-replacement", ...client }, "prod-auth-web-spa"),
        step({ op: "replace", ...client }, "prod-auth-web-spa"),
        step(
          { op: "delete-replaced", ...client, detailedDiff: undefined, diffs: undefined },
          "prod-auth-web-spa",
        ),
        step({ op: "delete-replaced", ...metadata, detailedDiff: undefined, diffs: undefined }, "prod-auth"),
      ),
    );

    expect(plan.changes.map((change) => [change.name, change.action])).toEqual([
      ["aws", "unchanged"],
      ["prod-auth", "replace"],
      ["prod-auth-web-spa", "replace"],
    ]);
    expect(plan.summary).toEqual({ create: 0, update: 0, replace: 2, delete: 0 });
    const pool = changeNamed(plan.changes, "prod-auth");
    expect(pool.destroysUsers).toBe(true);
    expect(pool.properties).toEqual([
      { path: "usernameAttributes", before: ["email"], after: null, forcesReplacement: true },
      { path: "aliasAttributes", before: null, after: ["email"], forcesReplacement: true },
      { path: "mfaConfiguration", before: "OPTIONAL", after: "OPTIONAL", forcesReplacement: false },
    ]);
    const replacedClient = changeNamed(plan.changes, "prod-auth-web-spa");
    expect(replacedClient.destroysUsers).toBeUndefined();
    expect(replacedClient.properties).toEqual([
      {
        path: "userPoolId",
        before: "us-east-1_AbCdEf123",
        after: "(known after apply)",
        forcesReplacement: true,
      },
    ]);
    // Not protected: no warning.
    expect(plan.warnings).toEqual([]);
  });

  it("reads a delete-before-replace sequence (delete-replaced first) as one replace too", () => {
    const metadata = {
      type: RESOURCE_TYPES.userPoolDomain,
      old: { inputs: { domain: "acme-prod-auth", userPoolId: "us-east-1_AbCdEf123" } },
      new: { inputs: { domain: "acme-prod-login", userPoolId: "us-east-1_AbCdEf123" } },
      diffs: ["domain"],
      keys: ["domain"],
      detailedDiff: { domain: { diffKind: "update-replace", inputDiff: true } },
    };
    const plan = planFromEngineEvents(
      STACK,
      recorded(
        step({ op: "delete-replaced", ...metadata }, "prod-auth-domain"),
        step({ op: "replace", ...metadata }, "prod-auth-domain"),
        step({ op: "create-replacement", ...metadata }, "prod-auth-domain"),
      ),
    );
    expect(plan.changes).toEqual([
      {
        type: RESOURCE_TYPES.userPoolDomain,
        name: "prod-auth-domain",
        action: "replace",
        deleteBeforeReplace: true,
        properties: [
          { path: "domain", before: "acme-prod-auth", after: "acme-prod-login", forcesReplacement: true },
        ],
      },
    ]);
  });

  it("plans a delete, destroying the users of a deleted pool, without property changes", () => {
    const plan = planFromEngineEvents(
      STACK,
      recorded(
        stackStep("delete"),
        step(
          { op: "delete", type: RESOURCE_TYPES.userPoolClient, old: { inputs: { name: "web-spa" } } },
          "prod-auth-web-spa",
        ),
        step(
          { op: "delete", type: RESOURCE_TYPES.userPool, old: { inputs: POOL_INPUTS, protect: false } },
          "prod-auth",
        ),
        providerStep("delete"),
      ),
    );
    expect(plan.changes.map((change) => [change.name, change.action, change.destroysUsers])).toEqual([
      ["prod-auth-web-spa", "delete", undefined],
      ["prod-auth", "delete", true],
      ["aws", "delete", undefined],
    ]);
    expect(plan.changes.every((change) => change.properties.length === 0)).toBe(true);
    expect(plan.summary).toEqual({ create: 0, update: 0, replace: 0, delete: 3 });
    expect(plan.warnings).toEqual([]);
  });

  it("plans a new stack as creates, and a pool that is created destroys nothing", () => {
    const plan = planFromEngineEvents(
      STACK,
      recorded(
        stackStep("create"),
        providerStep("create"),
        step({ op: "create", type: RESOURCE_TYPES.userPool, new: { inputs: POOL_INPUTS } }, "prod-auth"),
        step(
          {
            op: "create",
            type: RESOURCE_TYPES.userPoolClient,
            new: { inputs: { name: "web-spa", userPoolId: UNKNOWN } },
          },
          "prod-auth-web-spa",
        ),
      ),
    );
    expect(plan.changes).toEqual([
      { type: RESOURCE_TYPES.provider, name: "aws", action: "create", properties: [] },
      { type: RESOURCE_TYPES.userPool, name: "prod-auth", action: "create", properties: [] },
      { type: RESOURCE_TYPES.userPoolClient, name: "prod-auth-web-spa", action: "create", properties: [] },
    ]);
    expect(plan.summary).toEqual({ create: 3, update: 0, replace: 0, delete: 0 });
  });

  it("reads `same` steps as unchanged resources that count in no summary", () => {
    const plan = planFromEngineEvents(
      STACK,
      recorded(
        stackStep(),
        providerStep(),
        step(
          {
            op: "same",
            type: RESOURCE_TYPES.userPool,
            old: { inputs: POOL_INPUTS },
            new: { inputs: POOL_INPUTS },
          },
          "prod-auth",
        ),
      ),
    );
    expect(plan.changes.map((change) => [change.name, change.action, change.properties])).toEqual([
      ["aws", "unchanged", []],
      ["prod-auth", "unchanged", []],
    ]);
    expect(plan.summary).toEqual({ create: 0, update: 0, replace: 0, delete: 0 });
    expect(plan.changes.some((change) => change.destroysUsers)).toBe(false);
  });

  it("falls back to diffs and keys when the provider sends no detailed diff", () => {
    const after = { ...POOL_INPUTS, mfaConfiguration: "ON", usernameAttributes: ["phone_number"] };
    const plan = planFromEngineEvents(
      STACK,
      recorded(
        step(
          {
            op: "replace",
            type: RESOURCE_TYPES.userPool,
            old: { inputs: POOL_INPUTS },
            new: { inputs: after },
            diffs: ["mfaConfiguration", "usernameAttributes", "smsConfiguration"],
            keys: ["usernameAttributes"],
          },
          "prod-auth",
        ),
      ),
    );
    expect(changeNamed(plan.changes, "prod-auth")).toEqual({
      type: RESOURCE_TYPES.userPool,
      name: "prod-auth",
      action: "replace",
      destroysUsers: true,
      properties: [
        { path: "mfaConfiguration", before: "OPTIONAL", after: "ON", forcesReplacement: false },
        { path: "usernameAttributes", before: ["email"], after: ["phone_number"], forcesReplacement: true },
        { path: "smsConfiguration", before: null, after: null, forcesReplacement: false },
      ],
    });
  });

  it("skips the engine's own Stack, StackReference resources and read steps", () => {
    const plan = planFromEngineEvents(
      STACK,
      recorded(
        stackStep("create"),
        step(
          { op: "create", type: STACK_REFERENCE_TYPE, new: { inputs: { name: "acme/platform/prod.certs" } } },
          "acme/platform/prod.certs",
        ),
        step(
          { op: "read", type: STACK_REFERENCE_TYPE, new: { inputs: { name: "acme/platform/prod.certs" } } },
          "acme/platform/prod.certs-read",
        ),
        step({ op: "read", type: RESOURCE_TYPES.userPool, new: { inputs: POOL_INPUTS } }, "imported-pool"),
        step({ op: "create", type: RESOURCE_TYPES.userPool, new: { inputs: POOL_INPUTS } }, "prod-auth"),
      ),
    );
    expect(plan.changes.map((change) => change.name)).toEqual(["prod-auth"]);
    expect(plan.summary.create).toBe(1);
  });

  it("turns error diagnostics into plan errors without colour codes, and ignores other severities", () => {
    const poolUrn = urn(RESOURCE_TYPES.userPool, "prod-auth");
    const plan = planFromEngineEvents(
      STACK,
      recorded(
        step(
          {
            op: "same",
            type: RESOURCE_TYPES.userPool,
            old: { inputs: POOL_INPUTS },
            new: { inputs: POOL_INPUTS },
          },
          "prod-auth",
        ),
        {
          diagnosticEvent: {
            urn: poolUrn,
            severity: "error",
            message:
              "\u001b[31merror: \u001b[0maws:cognito/userPool:UserPool resource 'prod-auth' has a problem: InvalidParameterException: Username attributes cannot be changed\n",
          },
        },
        { diagnosticEvent: { severity: "error", message: "\u001b[1merror: \u001b[0mpreview failed\n" } },
        { diagnosticEvent: { severity: "error", message: "\u001b[0m\n" } },
        { diagnosticEvent: { urn: poolUrn, severity: "warning", message: "warning: deprecated argument" } },
        { diagnosticEvent: { severity: "info", message: "Previewing update" } },
        { diagnosticEvent: { severity: "info#err", message: "some stderr" } },
      ),
    );
    expect(plan.errors).toEqual([
      {
        rule: "engine-error",
        resource: "prod-auth",
        message:
          "error: aws:cognito/userPool:UserPool resource 'prod-auth' has a problem: InvalidParameterException: Username attributes cannot be changed",
      },
      { rule: "engine-error", message: "error: preview failed" },
    ]);
    expect(plan.errors.some((error) => error.message.includes("\u001b"))).toBe(false);
    expect(plan.warnings).toEqual([]);
  });

  describe("protected pools", () => {
    const replacement = (old: StepMetadata["old"]) => {
      const metadata = {
        type: RESOURCE_TYPES.userPool,
        old,
        new: { inputs: { ...POOL_INPUTS, aliasAttributes: ["email"] }, protect: old?.protect ?? false },
        detailedDiff: { aliasAttributes: { diffKind: "add-replace", inputDiff: true } },
      };
      return recorded(
        step({ op: "create-replacement", ...metadata }, "prod-auth"),
        step({ op: "replace", ...metadata }, "prod-auth"),
        step({ op: "delete-replaced", ...metadata }, "prod-auth"),
      );
    };

    it("warns that the replacement of a pool protected in Pulumi will fail", () => {
      const plan = planFromEngineEvents(STACK, replacement({ inputs: POOL_INPUTS, protect: true }));
      expect(changeNamed(plan.changes, "prod-auth").destroysUsers).toBe(true);
      expect(plan.warnings).toEqual([
        {
          rule: "protected-pool",
          resource: "prod-auth",
          message: expect.stringMatching(
            /^prod-auth has deletion protection, so the replacement \(aliasAttributes cannot change in place\) will fail/,
          ) as unknown,
        },
      ]);
    });

    it("warns when AWS deletion protection is ACTIVE even without Pulumi's protect", () => {
      const plan = planFromEngineEvents(
        STACK,
        replacement({ inputs: { ...POOL_INPUTS, deletionProtection: "ACTIVE" }, protect: false }),
      );
      expect(plan.warnings.map((warning) => warning.rule)).toEqual(["protected-pool"]);
    });

    it("says deletion for a protected pool that is deleted", () => {
      const plan = planFromEngineEvents(
        STACK,
        recorded(
          step(
            { op: "delete", type: RESOURCE_TYPES.userPool, old: { inputs: POOL_INPUTS, protect: true } },
            "prod-auth",
          ),
        ),
      );
      expect(plan.warnings).toHaveLength(1);
      expect(plan.warnings[0]!.message).toContain("so the deletion will fail at apply");
    });

    it("does not warn about an unprotected pool, nor about an update of a protected one", () => {
      expect(
        planFromEngineEvents(STACK, replacement({ inputs: POOL_INPUTS, protect: false })).warnings,
      ).toEqual([]);
      const update = planFromEngineEvents(
        STACK,
        recorded(
          step(
            {
              op: "update",
              type: RESOURCE_TYPES.userPool,
              old: { inputs: { ...POOL_INPUTS, deletionProtection: "ACTIVE" }, protect: true },
              new: {
                inputs: { ...POOL_INPUTS, deletionProtection: "ACTIVE", mfaConfiguration: "ON" },
                protect: true,
              },
              detailedDiff: { mfaConfiguration: { diffKind: "update", inputDiff: true } },
            },
            "prod-auth",
          ),
        ),
      );
      expect(update.warnings).toEqual([]);
      expect(changeNamed(update.changes, "prod-auth").destroysUsers).toBeUndefined();
    });

    it("never marks a replaced client or domain as destroying users", () => {
      const plan = planFromEngineEvents(
        STACK,
        recorded(
          step(
            { op: "delete", type: RESOURCE_TYPES.userPoolClient, old: { inputs: {}, protect: true } },
            "prod-auth-web-spa",
          ),
          step(
            { op: "replace", type: RESOURCE_TYPES.userPoolDomain, old: { inputs: {} }, new: { inputs: {} } },
            "prod-auth-domain",
          ),
        ),
      );
      expect(plan.changes.map((change) => change.destroysUsers)).toEqual([undefined, undefined]);
      expect(plan.warnings).toEqual([]);
    });
  });

  it("makes an empty plan of a preview without resource steps", () => {
    expect(planFromEngineEvents(STACK, recorded())).toEqual({
      stack: STACK,
      changes: [],
      summary: { create: 0, update: 0, replace: 0, delete: 0 },
      errors: [],
      warnings: [],
    });
  });
});

describe("valueAtPath", () => {
  const data = {
    passwordPolicy: { minimumLength: 12 },
    schemas: [
      { name: "email", stringAttributeConstraints: { maxLength: "2048" } },
      { name: "tenant", mutable: true },
    ],
    tags: { "managed-by": "cognito-action", "openmcf.org/name": "prod-auth", "a[0]": "bracketed" },
    nothing: null,
    flag: false,
  };

  it.each([
    ["passwordPolicy.minimumLength", 12],
    ["passwordPolicy", { minimumLength: 12 }],
    ["schemas[1].name", "tenant"],
    ["schemas[0].stringAttributeConstraints.maxLength", "2048"],
    ['tags["managed-by"]', "cognito-action"],
    ['tags["openmcf.org/name"]', "prod-auth"],
    ['tags["a[0]"]', "bracketed"],
    ['["tags"]["managed-by"]', "cognito-action"],
    ["flag", false],
    ["nothing", null],
  ])("reads %s", (path, expected) => {
    expect(valueAtPath(data, path)).toEqual(expected);
  });

  it.each([
    ["missing"],
    ["passwordPolicy.missing"],
    ["schemas[5].name"],
    ["nothing.below"],
    ["flag.below"],
    ["passwordPolicy.minimumLength.x"],
  ])("is undefined for %s", (path) => {
    expect(valueAtPath(data, path)).toBeUndefined();
  });

  it("returns the value itself for an empty path, and undefined below a non-object", () => {
    expect(valueAtPath(data, "")).toBe(data);
    expect(valueAtPath("text", "length")).toBeUndefined();
    expect(valueAtPath(undefined, "a")).toBeUndefined();
  });
});
