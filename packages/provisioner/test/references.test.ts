// valueFrom: references resolved to the stack outputs they read, before any program runs.
import { describe, expect, it } from "vitest";
import { validateSources } from "@cognito-action/spec";
import type { ValueRef } from "@cognito-action/spec";
import {
  planManifestChanges,
  referenceTargets,
  resolveReference,
  resolveReferences,
  RESOURCE_TYPES,
  synth,
} from "../src/index.ts";
import type { ManifestChange, ReferenceTarget } from "../src/index.ts";
import { exampleReport, poolDocument, resourceNamed, stackLabels, validManifest } from "./fixtures.ts";

const SEARCHED_IN = "the manifests under functions";

/** Two AwsLambda manifests, one with stack labels and one without, as validation reports them. */
const FUNCTIONS_REPORT = validateSources([
  {
    file: "functions/post-confirm.yaml",
    text: JSON.stringify({
      apiVersion: "aws.openmcf.org/v1",
      kind: "AwsLambda",
      metadata: {
        name: "post-confirm",
        labels: stackLabels("acme", "functions", "prod.AwsLambda.post-confirm"),
      },
      spec: {},
    }),
  },
  {
    file: "functions/migrate.yaml",
    text: JSON.stringify({
      apiVersion: "aws.openmcf.org/v1",
      kind: "AwsLambda",
      metadata: { name: "migrate-users" },
      spec: {},
    }),
  },
]);
const FUNCTION_TARGETS = referenceTargets(FUNCTIONS_REPORT);
const POST_CONFIRM_STACK = "acme/functions/prod.AwsLambda.post-confirm";

function poolWithTriggers(lambdaConfig: Record<string, unknown>) {
  return validManifest(poolDocument({ spec: { lambdaConfig } }));
}

describe("referenceTargets", () => {
  it("lists every document with a kind and a name, whatever its kind", () => {
    expect(FUNCTION_TARGETS.map(({ kind, name, file }) => ({ kind, name, file }))).toEqual([
      { kind: "AwsLambda", name: "post-confirm", file: "functions/post-confirm.yaml" },
      { kind: "AwsLambda", name: "migrate-users", file: "functions/migrate.yaml" },
    ]);
  });
});

describe("resolveReferences", () => {
  it("resolves a Lambda trigger to the target's stack, with the default kind and fieldPath", () => {
    const manifest = poolWithTriggers({ postConfirmation: { valueFrom: { name: "post-confirm" } } });
    expect(resolveReferences(manifest, FUNCTION_TARGETS, SEARCHED_IN)).toEqual({
      ok: true,
      value: [
        {
          path: "spec.lambdaConfig.postConfirmation",
          ref: { kind: "AwsLambda", name: "post-confirm", fieldPath: "status.outputs.function_arn" },
          stack: POST_CONFIRM_STACK,
          output: "function_arn",
          key: undefined,
        },
      ],
    });
  });

  it("uses the default stack of a target without labels", () => {
    const manifest = poolWithTriggers({ userMigration: { valueFrom: { name: "migrate-users" } } });
    const resolution = resolveReferences(manifest, FUNCTION_TARGETS, SEARCHED_IN);
    expect(resolution.ok && resolution.value.map((reference) => reference.stack)).toEqual([
      "organization/cognito/migrate-users",
    ]);
  });

  it("has nothing to resolve for literal values", () => {
    const manifest = poolWithTriggers({
      preSignUp: "arn:aws:lambda:eu-west-1:123456789012:function:pre-sign-up",
    });
    expect(resolveReferences(manifest, [], SEARCHED_IN)).toEqual({ ok: true, value: [] });
  });

  it("names a missing reference, where it was looked for, and the candidates there", () => {
    const manifest = poolWithTriggers({
      preSignUp: { valueFrom: { name: "pre-sign-up" } },
      postConfirmation: { valueFrom: { name: "post-confirm" } },
    });
    expect(resolveReferences(manifest, FUNCTION_TARGETS, SEARCHED_IN)).toEqual({
      ok: false,
      errors: [
        "spec.lambdaConfig.preSignUp refers to AwsLambda/pre-sign-up status.outputs.function_arn, which was not found among the manifests under functions; the AwsLambda manifests there are post-confirm, migrate-users",
      ],
    });
  });

  it("says so when there is no manifest of the kind at all", () => {
    const manifest = validManifest(
      poolDocument({
        spec: {
          domain: {
            domain: "auth.example.com",
            certificateArn: { valueFrom: { name: "auth-cert" } },
          },
        },
      }),
    );
    expect(resolveReferences(manifest, FUNCTION_TARGETS, SEARCHED_IN)).toEqual({
      ok: false,
      errors: [
        "spec.domain.certificateArn refers to AwsCertManagerCert/auth-cert status.outputs.certificate_arn, which was not found among the manifests under functions; there are no AwsCertManagerCert manifests there",
      ],
    });
  });

  it("refuses a reference whose fieldPath names no output", () => {
    const ref: ValueRef = { kind: "AwsLambda", name: "post-confirm", fieldPath: "spec.handler" };
    expect(resolveReference("spec.lambdaConfig.preSignUp", ref, FUNCTION_TARGETS, SEARCHED_IN)).toBe(
      'spec.lambdaConfig.preSignUp: fieldPath "spec.handler" does not name an output (status.outputs.<output>)',
    );
  });

  it("matches env when the reference names one", () => {
    const targets: ReferenceTarget[] = [
      { kind: "AwsLambda", name: "hook", env: "staging", labels: stackLabels("acme", "fn", "staging.hook") },
      { kind: "AwsLambda", name: "hook", env: "prod", labels: stackLabels("acme", "fn", "prod.hook") },
    ];
    const ref: ValueRef = {
      kind: "AwsLambda",
      name: "hook",
      fieldPath: "status.outputs.function_arn",
      env: "prod",
    };
    expect(resolveReference("spec.lambdaConfig.preSignUp", ref, targets, SEARCHED_IN)).toMatchObject({
      stack: "acme/fn/prod.hook",
    });
    expect(
      resolveReference("spec.lambdaConfig.preSignUp", { ...ref, env: "dev" }, targets, SEARCHED_IN),
    ).toContain("AwsLambda/hook (env dev) status.outputs.function_arn, which was not found");
  });

  describe("a reference that manifests on two stacks answer", () => {
    // dev/fn.yaml and prod/fn.yaml both define AwsLambda post-confirm, for different environments.
    const lambda = (env: string) => ({
      file: `${env}/fn.yaml`,
      text: JSON.stringify({
        apiVersion: "aws.openmcf.org/v1",
        kind: "AwsLambda",
        metadata: { name: "post-confirm", env, labels: stackLabels("acme", "fn", `${env}.post-confirm`) },
        spec: {},
      }),
    });
    const targets = referenceTargets(validateSources([lambda("dev"), lambda("prod")]));
    const ref: ValueRef = {
      kind: "AwsLambda",
      name: "post-confirm",
      fieldPath: "status.outputs.function_arn",
    };

    it("is an error naming both candidates and asking for env, not the first match", () => {
      expect(resolveReference("spec.lambdaConfig.postConfirmation", ref, targets, SEARCHED_IN)).toBe(
        'spec.lambdaConfig.postConfirmation refers to AwsLambda/post-confirm status.outputs.function_arn, which 2 manifests on different stacks answer: dev/fn.yaml (env dev, stack acme/fn/dev.post-confirm), prod/fn.yaml (env prod, stack acme/fn/prod.post-confirm); add env ("dev" or "prod") to the valueFrom to say which',
      );
    });

    it("resolves to the stack its env names", () => {
      expect(
        resolveReference("spec.lambdaConfig.postConfirmation", { ...ref, env: "prod" }, targets, SEARCHED_IN),
      ).toMatchObject({ stack: "acme/fn/prod.post-confirm" });
    });

    it("is not ambiguous when both answers are one stack (a file seen at base and at head)", () => {
      const dev = targets.filter((target) => target.env === "dev");
      expect(
        resolveReference("spec.lambdaConfig.postConfirmation", ref, [...dev, ...dev], SEARCHED_IN),
      ).toMatchObject({ stack: "acme/fn/dev.post-confirm" });
    });
  });

  it("reports a bad fieldPath and a missing target of one reference together", () => {
    const ref: ValueRef = { kind: "AwsLambda", name: "pre-sign-up", fieldPath: "spec.handler" };
    const result = resolveReference("spec.lambdaConfig.preSignUp", ref, FUNCTION_TARGETS, SEARCHED_IN);
    expect(result).toContain('fieldPath "spec.handler" does not name an output');
    expect(result).toContain("AwsLambda/pre-sign-up spec.handler, which was not found");
  });

  it("splits a map output's key from its name", () => {
    const targets = referenceTargets(exampleReport("production"));
    const ref: ValueRef = {
      kind: "AwsCognitoUserPool",
      name: "prod-auth",
      fieldPath: "status.outputs.client_ids.web-spa",
    };
    expect(resolveReference("spec.audience", ref, targets, SEARCHED_IN)).toEqual({
      path: "spec.audience",
      ref,
      stack: "acme/platform/prod.AwsCognitoUserPool.prod-auth",
      output: "client_ids",
      key: "web-spa",
    });
  });

  it("refuses one output read both as a single value and as a map", () => {
    const manifest = validManifest(
      poolDocument({
        spec: {
          lambdaConfig: {
            preSignUp: { valueFrom: { name: "post-confirm" } },
            postConfirmation: {
              valueFrom: { name: "post-confirm", fieldPath: "status.outputs.function_arn.v2" },
            },
          },
        },
      }),
    );
    expect(resolveReferences(manifest, FUNCTION_TARGETS, SEARCHED_IN)).toEqual({
      ok: false,
      errors: [
        `spec.lambdaConfig.postConfirmation reads output function_arn of stack ${POST_CONFIRM_STACK} as a map (key v2), but spec.lambdaConfig.preSignUp reads it as a single value; it cannot be both`,
      ],
    });
  });
});

describe("synth with references", () => {
  it("puts a placeholder naming the stack output where the value will come from", async () => {
    const manifest = poolWithTriggers({
      preSignUp: "arn:aws:lambda:eu-west-1:123456789012:function:pre-sign-up",
      postConfirmation: { valueFrom: { name: "post-confirm" } },
      userMigration: { valueFrom: { name: "migrate-users" } },
    });
    const resolution = resolveReferences(manifest, FUNCTION_TARGETS, SEARCHED_IN);
    if (!resolution.ok) throw new Error(resolution.errors.join("\n"));
    const graph = await synth(manifest, { references: resolution.value });
    expect(resourceNamed(graph, "test-auth").inputs.lambdaConfig).toEqual({
      preSignUp: "arn:aws:lambda:eu-west-1:123456789012:function:pre-sign-up",
      postConfirmation: `(output function_arn of stack ${POST_CONFIRM_STACK})`,
      userMigration: "(output function_arn of stack organization/cognito/migrate-users)",
    });
    // Stack references are how values are read, not resources the stack manages; each trigger has its permission.
    expect(graph.resources.map((resource) => resource.type)).toEqual([
      RESOURCE_TYPES.provider,
      RESOURCE_TYPES.userPool,
      RESOURCE_TYPES.lambdaPermission,
      RESOURCE_TYPES.lambdaPermission,
      RESOURCE_TYPES.lambdaPermission,
      RESOURCE_TYPES.userPoolClient,
    ]);
  });

  it("grants the permission on the function the reference names", async () => {
    const manifest = poolWithTriggers({ postConfirmation: { valueFrom: { name: "post-confirm" } } });
    const resolution = resolveReferences(manifest, FUNCTION_TARGETS, SEARCHED_IN);
    if (!resolution.ok) throw new Error(resolution.errors.join("\n"));
    const graph = await synth(manifest, { references: resolution.value });
    expect(resourceNamed(graph, "test-auth-invoke-postConfirmation").inputs.function).toBe(
      `(output function_arn of stack ${POST_CONFIRM_STACK})`,
    );
  });

  it("names the map key in the placeholder of a map output", async () => {
    const manifest = validManifest(
      poolDocument({
        spec: {
          emailConfiguration: {
            emailSendingAccount: "DEVELOPER",
            sourceArn: {
              valueFrom: {
                kind: "AwsSesIdentity",
                name: "mail",
                fieldPath: "status.outputs.identity_arns.noreply",
              },
            },
          },
        },
      }),
    );
    const targets: ReferenceTarget[] = [
      { kind: "AwsSesIdentity", name: "mail", labels: stackLabels("a", "b", "c") },
    ];
    const resolution = resolveReferences(manifest, targets, SEARCHED_IN);
    if (!resolution.ok) throw new Error(resolution.errors.join("\n"));
    const graph = await synth(manifest, { references: resolution.value });
    expect(resourceNamed(graph, "test-auth").inputs.emailConfiguration).toEqual({
      emailSendingAccount: "DEVELOPER",
      sourceArn: "(output identity_arns.noreply of stack a/b/c)",
    });
  });

  it("fails with a SynthError when a reference was not resolved beforehand", async () => {
    const manifest = poolWithTriggers({ postConfirmation: { valueFrom: { name: "post-confirm" } } });
    await expect(synth(manifest)).rejects.toThrow(
      "synth of test-auth failed: valueFrom at spec.lambdaConfig.postConfirmation was not resolved before the program ran",
    );
  });
});

describe("planManifestChanges with references", () => {
  const scope = { base: FUNCTION_TARGETS, head: FUNCTION_TARGETS, searchedIn: SEARCHED_IN };

  function change(base: ReturnType<typeof validateSources>, head: ReturnType<typeof validateSources>) {
    const document = (report: ReturnType<typeof validateSources>) => report.documents[0];
    return {
      name: "test-auth",
      file: "pool.yaml",
      fileChange: "modified",
      base: document(base),
      head: document(head),
    } satisfies ManifestChange;
  }

  function report(lambdaConfig: Record<string, unknown>) {
    return validateSources([
      { file: "pool.yaml", text: JSON.stringify(poolDocument({ spec: { lambdaConfig } })) },
    ]);
  }

  it("fails the plan, with no changes, when a head reference does not resolve", async () => {
    const [planned] = await planManifestChanges(
      [change(report({}), report({ preSignUp: { valueFrom: { name: "pre-sign-up" } } }))],
      scope,
      1,
    );
    expect(planned!.plan).toEqual({
      stack: "acme/tests/test.pool",
      changes: [],
      summary: { create: 0, update: 0, replace: 0, delete: 0 },
      errors: [
        {
          rule: "value-from-unresolved",
          message:
            "spec.lambdaConfig.preSignUp refers to AwsLambda/pre-sign-up status.outputs.function_arn, which was not found among the manifests under functions; the AwsLambda manifests there are post-confirm, migrate-users",
        },
      ],
      warnings: [],
    });
  });

  it("reads a base reference where it pointed at base when its target's stack has changed since", async () => {
    const hook = (stack: string): ReferenceTarget => ({
      kind: "AwsLambda",
      name: "hook",
      labels: stackLabels("acme", "fn", stack),
    });
    const [planned] = await planManifestChanges(
      [
        change(
          report({ preSignUp: { valueFrom: { name: "hook" } } }),
          report({ preSignUp: { valueFrom: { name: "hook" } } }),
        ),
      ],
      { base: [hook("old.hook")], head: [hook("new.hook")], searchedIn: SEARCHED_IN },
      1,
    );
    expect(planned!.plan.errors).toEqual([]);
    expect(planned!.plan.changes.find((entry) => entry.name === "test-auth")?.properties).toEqual([
      {
        path: "lambdaConfig.preSignUp",
        before: "(output function_arn of stack acme/fn/old.hook)",
        after: "(output function_arn of stack acme/fn/new.hook)",
        forcesReplacement: false,
      },
    ]);
  });

  it("plans a base reference that no longer resolves from a placeholder stack", async () => {
    const [planned] = await planManifestChanges(
      [
        change(
          report({ preSignUp: { valueFrom: { name: "retired-hook" } } }),
          report({ preSignUp: { valueFrom: { name: "post-confirm" } } }),
        ),
      ],
      scope,
      1,
    );
    const poolChange = planned!.plan.changes.find((entry) => entry.name === "test-auth");
    expect(planned!.plan.errors).toEqual([]);
    expect(poolChange?.properties).toEqual([
      {
        path: "lambdaConfig.preSignUp",
        before: "(output function_arn of stack (unresolved AwsLambda/retired-hook))",
        after: `(output function_arn of stack ${POST_CONFIRM_STACK})`,
        forcesReplacement: false,
      },
    ]);
  });
});
