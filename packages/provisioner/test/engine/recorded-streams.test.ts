// The engine's preview as a Plan, read from streams in the shapes the real engine records: refresh steps
// first, `detailedDiff: null` where a step has none, replacements in either order, unknowns and secrets as
// the engine serializes them, and the summary that closes every stream.
import { describe, expect, it } from "vitest";
import { KNOWN_AFTER_APPLY, planFromEngineEvents, RESOURCE_TYPES } from "../../src/index.ts";
import {
  BLINDED_SECRET,
  errorDiagnostic,
  POOL_INPUTS,
  previewStream,
  quietRefresh,
  refresh,
  STACK,
  step,
  unchangedFrame,
  UNKNOWN,
  urn,
} from "./engine-events.ts";

const CLIENT_INPUTS = { __defaults: [], name: "web-spa", userPoolId: "us-east-1_AbCdEf123" };
const DOMAIN_INPUTS = { __defaults: [], domain: "acme-prod-auth", userPoolId: "us-east-1_AbCdEf123" };
const REFRESHED = quietRefresh(
  { type: RESOURCE_TYPES.userPool, name: "prod-auth", inputs: POOL_INPUTS },
  { type: RESOURCE_TYPES.userPoolClient, name: "prod-auth-web-spa", inputs: CLIENT_INPUTS },
);

describe("engine previews with --refresh (refresh steps first, detailedDiff null)", () => {
  it("shows the update's properties, not the refresh step's empty diff", () => {
    const after = { ...POOL_INPUTS, mfaConfiguration: "ON" };
    const plan = planFromEngineEvents(
      STACK,
      previewStream([
        ...REFRESHED,
        ...unchangedFrame(),
        ...step({
          op: "update",
          type: RESOURCE_TYPES.userPool,
          name: "prod-auth",
          old: { inputs: POOL_INPUTS },
          new: { inputs: after },
          diffs: ["mfaConfiguration"],
          detailedDiff: { mfaConfiguration: { diffKind: "update", inputDiff: true } },
        }),
        ...step({
          op: "same",
          type: RESOURCE_TYPES.userPoolClient,
          name: "prod-auth-web-spa",
          old: { inputs: CLIENT_INPUTS },
          new: { inputs: CLIENT_INPUTS },
        }),
      ]),
    );
    expect(plan.errors).toEqual([]);
    expect(plan.summary).toEqual({ create: 0, update: 1, replace: 0, delete: 0 });
    expect(plan.changes.find((change) => change.name === "prod-auth")).toEqual({
      type: RESOURCE_TYPES.userPool,
      name: "prod-auth",
      action: "update",
      properties: [{ path: "mfaConfiguration", before: "OPTIONAL", after: "ON", forcesReplacement: false }],
    });
  });

  it("never counts refresh steps as changes", () => {
    const plan = planFromEngineEvents(
      STACK,
      previewStream([
        ...REFRESHED,
        ...unchangedFrame(),
        ...step({
          op: "same",
          type: RESOURCE_TYPES.userPool,
          name: "prod-auth",
          old: { inputs: POOL_INPUTS },
          new: { inputs: POOL_INPUTS },
        }),
      ]),
    );
    expect(plan.errors).toEqual([]);
    expect(plan.summary).toEqual({ create: 0, update: 0, replace: 0, delete: 0 });
    expect(plan.changes.every((change) => change.action === "unchanged" && !change.drift)).toBe(true);
  });

  it("compares old and new inputs when the update carries no detailed diff and no diffs", () => {
    const after = { ...POOL_INPUTS, mfaConfiguration: "ON", __defaults: ["x"] };
    const plan = planFromEngineEvents(
      STACK,
      previewStream([
        ...REFRESHED,
        ...step({
          op: "update",
          type: RESOURCE_TYPES.userPool,
          name: "prod-auth",
          old: { inputs: POOL_INPUTS },
          new: { inputs: after },
        }),
      ]),
    );
    expect(plan.changes[0]!.properties).toEqual([
      { path: "mfaConfiguration", before: "OPTIONAL", after: "ON", forcesReplacement: false },
    ]);
  });

  it("shows what the refresh found changed outside the tool as drift, next to the update that undoes it", () => {
    const drifted = { ...POOL_INPUTS, mfaConfiguration: "OFF" };
    const plan = planFromEngineEvents(
      STACK,
      previewStream([
        ...refresh(
          RESOURCE_TYPES.userPool,
          "prod-auth",
          { inputs: POOL_INPUTS, outputs: POOL_INPUTS },
          { inputs: drifted, outputs: drifted },
        ),
        ...step({
          op: "update",
          type: RESOURCE_TYPES.userPool,
          name: "prod-auth",
          old: { inputs: drifted },
          new: { inputs: POOL_INPUTS },
          diffs: ["mfaConfiguration"],
          detailedDiff: { mfaConfiguration: { diffKind: "update", inputDiff: true } },
        }),
      ]),
    );
    const pool = plan.changes[0]!;
    expect(pool.drift).toEqual([
      { path: "mfaConfiguration", before: "OPTIONAL", after: "OFF", forcesReplacement: false },
    ]);
    expect(pool.properties).toEqual([
      { path: "mfaConfiguration", before: "OFF", after: "OPTIONAL", forcesReplacement: false },
    ]);
  });

  it("finds drift in the outputs a refresh read back when the inputs it kept are the same", () => {
    const plan = planFromEngineEvents(
      STACK,
      previewStream(
        refresh(
          RESOURCE_TYPES.userPool,
          "prod-auth",
          { inputs: POOL_INPUTS, outputs: { ...POOL_INPUTS, lastModifiedDate: "2026-11-01" } },
          {
            inputs: POOL_INPUTS,
            outputs: { ...POOL_INPUTS, mfaConfiguration: "OFF", lastModifiedDate: "2026-11-20" },
          },
        ),
      ),
    );
    expect(plan.changes[0]!.drift).toEqual([
      { path: "mfaConfiguration", before: "OPTIONAL", after: "OFF", forcesReplacement: false },
    ]);
  });

  it("shows a resource deleted outside the tool as drift, recreated by the program", () => {
    const plan = planFromEngineEvents(
      STACK,
      previewStream([
        ...refresh(
          RESOURCE_TYPES.userPoolClient,
          "prod-auth-web-spa",
          { inputs: CLIENT_INPUTS, outputs: CLIENT_INPUTS },
          null,
        ),
        ...step({
          op: "create",
          type: RESOURCE_TYPES.userPoolClient,
          name: "prod-auth-web-spa",
          new: { inputs: CLIENT_INPUTS },
        }),
      ]),
    );
    expect(plan.changes[0]).toMatchObject({
      action: "create",
      drift: [{ path: "(resource)", before: "exists", after: "deleted outside Pulumi" }],
    });
  });
});

describe("replacements, merged per resource whatever the order of their steps", () => {
  const domainAfter = { ...DOMAIN_INPUTS, domain: "acme-prod-login" };
  const domainSpec = {
    type: RESOURCE_TYPES.userPoolDomain,
    name: "prod-auth-domain",
    old: { inputs: DOMAIN_INPUTS },
    new: { inputs: domainAfter },
  };

  it("reads delete-before-replace (delete-replaced first, detailedDiff null) with its properties", () => {
    const plan = planFromEngineEvents(
      STACK,
      previewStream([
        ...REFRESHED,
        ...step({ ...domainSpec, op: "delete-replaced", new: null }),
        ...step({
          ...domainSpec,
          op: "replace",
          keys: ["domain"],
          diffs: ["domain"],
          detailedDiff: { domain: { diffKind: "update-replace", inputDiff: true } },
        }),
        ...step({
          ...domainSpec,
          op: "create-replacement",
          keys: ["domain"],
          diffs: ["domain"],
          detailedDiff: { domain: { diffKind: "update-replace", inputDiff: true } },
        }),
      ]),
    );
    expect(plan.errors).toEqual([]);
    expect(plan.summary.replace).toBe(1);
    expect(plan.changes.find((change) => change.name === "prod-auth-domain")).toEqual({
      type: RESOURCE_TYPES.userPoolDomain,
      name: "prod-auth-domain",
      action: "replace",
      deleteBeforeReplace: true,
      properties: [
        { path: "domain", before: "acme-prod-auth", after: "acme-prod-login", forcesReplacement: true },
      ],
    });
  });

  it("marks a property listed in keys as forcing the replacement even when its diff kind is a plain update", () => {
    // The engine reports the provider's replace keys separately; some diffs say only "update".
    const plan = planFromEngineEvents(
      STACK,
      previewStream([
        ...step({
          ...domainSpec,
          op: "create-replacement",
          keys: ["domain"],
          diffs: ["domain"],
          detailedDiff: { domain: { diffKind: "update", inputDiff: true } },
        }),
        ...step({
          ...domainSpec,
          op: "replace",
          keys: ["domain"],
          diffs: ["domain"],
          detailedDiff: { domain: { diffKind: "update", inputDiff: true } },
        }),
        ...step({ ...domainSpec, op: "delete-replaced" }),
      ]),
    );
    const domain = plan.changes[0]!;
    expect(domain.deleteBeforeReplace).toBeUndefined();
    expect(domain.properties).toEqual([
      { path: "domain", before: "acme-prod-auth", after: "acme-prod-login", forcesReplacement: true },
    ]);
  });

  it("falls back to keys and the inputs when no step of the replacement has a diff", () => {
    const plan = planFromEngineEvents(
      STACK,
      previewStream([
        ...step({ ...domainSpec, op: "delete-replaced", new: null }),
        ...step({ ...domainSpec, op: "replace", keys: ["domain"] }),
        ...step({ ...domainSpec, op: "create-replacement", keys: ["domain"] }),
      ]),
    );
    expect(plan.changes[0]!.properties).toEqual([
      { path: "domain", before: "acme-prod-auth", after: "acme-prod-login", forcesReplacement: true },
    ]);
  });
});

describe("values the engine cannot or must not show", () => {
  it("renders unknown values as the plan's one placeholder, known after apply", () => {
    const plan = planFromEngineEvents(
      STACK,
      previewStream([
        ...step({
          op: "update",
          type: RESOURCE_TYPES.userPoolClient,
          name: "prod-auth-web-spa",
          old: { inputs: CLIENT_INPUTS },
          new: { inputs: { ...CLIENT_INPUTS, callbackUrls: [UNKNOWN] } },
          diffs: ["callbackUrls"],
          detailedDiff: { callbackUrls: { diffKind: "add", inputDiff: true } },
        }),
      ]),
    );
    expect(plan.changes[0]!.properties[0]).toEqual({
      path: "callbackUrls",
      before: null,
      after: [KNOWN_AFTER_APPLY],
      forcesReplacement: false,
    });
  });

  it("renders blinded secrets as [secret], never the engine's signature", () => {
    const plan = planFromEngineEvents(
      STACK,
      previewStream([
        ...step({
          op: "update",
          type: RESOURCE_TYPES.userPool,
          name: "prod-auth",
          old: { inputs: { ...POOL_INPUTS, smsAuthenticationMessage: BLINDED_SECRET } },
          new: { inputs: { ...POOL_INPUTS, smsAuthenticationMessage: BLINDED_SECRET } },
          diffs: ["smsAuthenticationMessage"],
          detailedDiff: { smsAuthenticationMessage: { diffKind: "update", inputDiff: true } },
        }),
      ]),
    );
    expect(plan.changes[0]!.properties[0]).toMatchObject({ before: "[secret]", after: "[secret]" });
    expect(JSON.stringify(plan)).not.toContain("4dabf18193072939515e22adb298388d");
  });
});

describe("failing closed", () => {
  const update = step({
    op: "update",
    type: RESOURCE_TYPES.userPool,
    name: "prod-auth",
    old: { inputs: POOL_INPUTS },
    new: { inputs: { ...POOL_INPUTS, mfaConfiguration: "ON" } },
    detailedDiff: { mfaConfiguration: { diffKind: "update", inputDiff: true } },
  });

  it("refuses a stream without its summary, naming the stack, rather than reading it as no changes", () => {
    const plan = planFromEngineEvents(STACK, previewStream([], { summary: false }));
    expect(plan.errors).toEqual([
      { rule: "engine-events-incomplete", message: expect.stringContaining(STACK) as unknown },
    ]);
  });

  it("refuses a stream whose steps disagree with the summary's counts", () => {
    const plan = planFromEngineEvents(STACK, previewStream(update, { summary: { same: 3 } }));
    expect(plan.errors.map((error) => error.rule)).toEqual(["engine-events-inconsistent"]);
    expect(plan.errors[0]!.message).toContain("update: 1 in the events, 0 in the summary");
  });

  it("accepts a stream whose summary counts the same steps", () => {
    expect(planFromEngineEvents(STACK, previewStream(update)).errors).toEqual([]);
  });
});

describe("a protected pool that would be replaced", () => {
  const after = { ...POOL_INPUTS, deletionProtection: "ACTIVE", usernameAttributes: ["phone_number"] };
  const poolSpec = {
    type: RESOURCE_TYPES.userPool,
    name: "prod-auth",
    old: { inputs: { ...POOL_INPUTS, deletionProtection: "ACTIVE" }, protect: true },
    new: { inputs: after, protect: true },
    keys: ["usernameAttributes"],
    diffs: ["usernameAttributes"],
    detailedDiff: { usernameAttributes: { diffKind: "update-replace", inputDiff: true } },
  };
  // The engine reports the error in a preview and goes on emitting the replacement (step_generator.go).
  const stream = previewStream(
    [
      errorDiagnostic(
        urn(RESOURCE_TYPES.userPool, "prod-auth"),
        `unable to replace resource "${urn(RESOURCE_TYPES.userPool, "prod-auth")}"\nas it is currently marked for protection. To unprotect the resource, remove the \`protect\` flag from the resource in your Pulumi program and run \`pulumi up\``,
      ),
      ...step({ ...poolSpec, op: "create-replacement" }),
      ...step({ ...poolSpec, op: "replace" }),
      ...step({ ...poolSpec, op: "delete-replaced" }),
    ],
    { failed: true },
  );

  it("keeps the pool's replacement with the field that forces it", () => {
    const plan = planFromEngineEvents(STACK, stream);
    expect(plan.changes[0]).toMatchObject({
      name: "prod-auth",
      action: "replace",
      destroysUsers: true,
      properties: [
        { path: "usernameAttributes", before: ["email"], after: ["phone_number"], forcesReplacement: true },
      ],
    });
  });

  it("says the protection will stop it, naming the field and deletionProtection", () => {
    const plan = planFromEngineEvents(STACK, stream);
    expect(plan.errors.map((error) => error.rule)).toEqual(["protected-replacement"]);
    expect(plan.warnings).toEqual([
      {
        rule: "protected-pool",
        resource: "prod-auth",
        message: expect.stringMatching(
          /prod-auth has deletion protection, so the replacement \(usernameAttributes cannot change in place\) will fail at apply; turn deletionProtection off/,
        ) as unknown,
      },
    ]);
  });
});

describe("the engine's default providers (pulumi:providers:pulumi for a StackReference)", () => {
  // A manifest's first valueFrom makes a StackReference, which the engine serves with its default
  // `pulumi:providers:pulumi::default` provider. Its create step is in the event log (written before the display
  // filters internal events, pkg/backend/display/display.go) but not in the summary: pkg/engine/update.go
  // isInternalStep → isDefaultProviderStep → providers.IsDefaultProvider (sdk/go/common/providers/reference.go:
  // a `pulumi:providers:<pkg>` type whose name starts with "default").
  const defaultProvider = (op: string) =>
    step({
      op,
      type: "pulumi:providers:pulumi",
      name: "default",
      ...(op === "create" ? { new: { inputs: {} } } : { old: { inputs: {} } }),
    });
  const reference = step({
    op: "read",
    type: "pulumi:pulumi:StackReference",
    name: "organization/platform/shared",
    new: { inputs: { name: "organization/platform/shared" } },
  });

  for (const op of ["create", "delete"]) {
    it(`reads a stream with the default provider's ${op} step, absent from the summary, as consistent`, () => {
      const plan = planFromEngineEvents(
        STACK,
        previewStream([...unchangedFrame(), ...defaultProvider(op), ...(op === "create" ? reference : [])]),
      );
      expect(plan.errors).toEqual([]);
      expect(plan.changes).toEqual([
        { type: RESOURCE_TYPES.provider, name: "aws", action: "unchanged", properties: [] },
      ]);
    });
  }

  it("still counts an explicit provider whose name does not start with default", () => {
    const events = previewStream(
      [
        ...unchangedFrame(),
        ...step({ op: "create", type: "pulumi:providers:aws", name: "eu", new: { inputs: {} } }),
      ],
      { summary: {} },
    );
    expect(planFromEngineEvents(STACK, events).errors.map((error) => error.rule)).toEqual([
      "engine-events-inconsistent",
    ]);
  });
});
