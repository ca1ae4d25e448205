// The engine adapter against the stand-in CLI, for what the real engine suite (test/engine) cannot make the real
// CLI do here or does not run: a file event log (≤ 3.205), lost or inconsistent streams, the engine's
// after-the-run plan check, protected pools, and secrets settings the real suite does not vary. Each test says
// why it stays; the real suite covers gRPC events, an update held to its plan and refused (or, with plans off,
// compared with its preview), KMS across runs and legacy-layout buckets.
import { afterEach, describe, expect, it } from "vitest";
import {
  automationEngine,
  EngineOperationError,
  EnginePlanMismatchError,
  EnginePlanViolationError,
  namedPlanViolations,
  planDifferences,
  planViolations,
  RESOURCE_TYPES,
} from "../../src/index.ts";
import type { AutomationEngineOptions, EngineStack, Plan } from "../../src/index.ts";
import { errorDiagnostic, POOL_INPUTS, step, urn } from "./engine-events.ts";
import {
  ENGINE_TIMEOUT,
  exampleManifest,
  FakeCli,
  PRODUCTION_CLOUD_STACK,
  PRODUCTION_STACK,
} from "./fake-cli.ts";
import type { StackScenario } from "./fake-cli.ts";

let cli: FakeCli | undefined;
const stacks: EngineStack[] = [];

afterEach(async () => {
  await Promise.all(stacks.splice(0).map((stack) => stack.dispose()));
  cli?.remove();
  cli = undefined;
});

async function openStack(options: AutomationEngineOptions) {
  const stack = await automationEngine(options)({ manifest: exampleManifest("production"), references: [] });
  stacks.push(stack);
  return stack;
}

/** A run of the action: a new engine and a new project folder, against the same backend. */
async function run(options: AutomationEngineOptions, work: (stack: EngineStack) => Promise<unknown>) {
  const stack = await openStack(options);
  try {
    await work(stack);
  } finally {
    await stack.dispose();
    stacks.splice(stacks.indexOf(stack), 1);
  }
}

const MFA_UPDATE = step({
  op: "update",
  type: RESOURCE_TYPES.userPool,
  name: "prod-auth",
  old: { inputs: POOL_INPUTS },
  new: { inputs: { ...POOL_INPUTS, mfaConfiguration: "ON" } },
  diffs: ["mfaConfiguration"],
  detailedDiff: { mfaConfiguration: { diffKind: "update", inputDiff: true } },
});

const scenario = (stack: StackScenario) => ({ [PRODUCTION_STACK]: stack });

describe("event transports", () => {
  // CLIs up to 3.205 write the event log to a file; the action takes them only on Pulumi Cloud (self-managed
  // backends need 3.211 for stack tags), so the file transport is read there. The gRPC transport of current
  // CLIs is what every scenario of the real engine suite (test/engine) reads.
  // Stand-in: the file transport is CLI ≤ 3.205's; the real suite's oldest CLI is 3.214.
  it(
    "reads a 3.200.0 CLI's events from the event log file into the same plan (cloud backend)",
    async () => {
      cli = new FakeCli({ [PRODUCTION_CLOUD_STACK]: { previewEvents: MFA_UPDATE } }, "3.200.0");
      const plan = await (await openStack(cli.cloudOptions())).preview();
      expect(plan.errors).toEqual([]);
      expect(plan.changes.map((change) => [change.name, change.action])).toEqual([["prod-auth", "update"]]);
      const eventLog = cli.operations("preview", PRODUCTION_CLOUD_STACK)[0]!;
      expect(eventLog[eventLog.indexOf("--event-log") + 1]!.startsWith("tcp://")).toBe(false);
    },
    ENGINE_TIMEOUT,
  );

  // Stand-in: the real suite adopts on the default CLI (3.252) only, where this check passes.
  it(
    "refuses a plan that adopts resources on a CLI before 3.252 (it would replace them on the next run)",
    async () => {
      const adoption = step({
        op: "import",
        type: RESOURCE_TYPES.userPoolClient,
        name: "prod-auth-web-spa",
        old: null,
        new: { inputs: { name: "web-spa", userPoolId: "us-east-1_AbCdEf123" } },
      });
      for (const version of ["3.248.0", "3.252.0"]) {
        cli?.remove();
        cli = new FakeCli(scenario({ previewEvents: adoption }), version);
        const stack = await openStack(cli.options());
        const plan = await stack.preview();
        if (version === "3.252.0") {
          expect(plan.errors).toEqual([]);
          continue;
        }
        expect(plan.errors).toEqual([
          {
            rule: "adoption-needs-newer-cli",
            message: expect.stringMatching(
              /^prod-auth-web-spa: Pulumi CLI 3\.248\.0 saves an adopted resource .*pulumi\/pulumi#14836.*set pulumi-version to 3\.252\.0 or later before adopting$/,
            ) as unknown,
          },
        ]);
        await expect(stack.up()).rejects.toThrow(/not updated: the preview of .* failed/);
        expect(cli.operations("up", PRODUCTION_STACK)).toHaveLength(0);
      }
    },
    ENGINE_TIMEOUT,
  );
});

describe("failing closed", () => {
  // Stand-in: a lost event stream, which the real CLI cannot be made to lose here.
  it(
    "makes a preview whose event stream was lost a failed plan naming the stack, not 'no changes'",
    async () => {
      cli = new FakeCli(scenario({ previewEvents: MFA_UPDATE, eventStream: "lost" }));
      const plan = await (await openStack(cli.options())).preview();
      expect(plan.changes).toEqual([]);
      expect(plan.errors).toEqual([
        { rule: "engine-events-incomplete", message: expect.stringContaining(PRODUCTION_STACK) as unknown },
      ]);
    },
    ENGINE_TIMEOUT,
  );

  // Stand-in: a summary that disagrees with its steps, a fault the real CLI does not produce here.
  it(
    "makes a preview whose summary disagrees with its steps a failed plan",
    async () => {
      cli = new FakeCli(scenario({ previewEvents: MFA_UPDATE, summary: { same: 4 } }));
      const plan = await (await openStack(cli.options())).preview();
      expect(plan.errors.map((error) => error.rule)).toEqual(["engine-events-inconsistent"]);
    },
    ENGINE_TIMEOUT,
  );

  // Stand-in: needs a preview that fails (a lost stream), which the real CLI does not produce here.
  it(
    "does not run up after a failed preview",
    async () => {
      cli = new FakeCli(scenario({ previewEvents: MFA_UPDATE, eventStream: "lost" }));
      const stack = await openStack(cli.options());
      await stack.preview();
      await expect(stack.up()).rejects.toThrow(EngineOperationError);
      expect(cli.operations("up", PRODUCTION_STACK)).toHaveLength(0);
    },
    ENGINE_TIMEOUT,
  );
});

describe("applying exactly what was previewed", () => {
  // Stand-in: the after-the-run check ("expected resource operations … but none were seen"), which no real
  // scenario provokes; test/engine/test/plan-violation.test.ts covers the step check.
  it(
    "says which steps ran before the engine found the update outside its plan, naming the engine's message",
    async () => {
      const clientUpdate = step({
        op: "update",
        type: RESOURCE_TYPES.userPoolClient,
        name: "prod-auth-web-spa",
        old: { inputs: { name: "web-spa", refreshTokenValidity: 30 } },
        new: { inputs: { name: "web-spa", refreshTokenValidity: 7 } },
        diffs: ["refreshTokenValidity"],
      });
      // The pool's update, previewed, never happens: the engine finds it out after the client's update ran.
      cli = new FakeCli(
        scenario({ previewEvents: [...MFA_UPDATE, ...clientUpdate], upEvents: clientUpdate }),
      );
      const stack = await openStack(cli.options());
      await stack.preview();
      const error = await stack.up().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(EnginePlanViolationError);
      expect((error as EnginePlanViolationError).applied).toEqual(["prod-auth-web-spa: update"]);
      expect((error as Error).message).toMatch(
        new RegExp(
          `^the engine stopped the update of ${PRODUCTION_STACK} because it departed from the previewed plan \\(expected resource operations for ${urn(RESOURCE_TYPES.userPool, "prod-auth").replace(/[.$]/g, "\\$&")} but none were seen\\); before it stopped it had changed prod-auth-web-spa \\(update\\)`,
        ),
      );
    },
    ENGINE_TIMEOUT,
  );

  // Stand-in: a lost event stream, which the real CLI cannot be made to lose here.
  it(
    "fails an update whose own events were lost, saying it ran",
    async () => {
      cli = new FakeCli(scenario({ previewEvents: MFA_UPDATE }));
      const stack = await openStack(cli.options());
      await stack.preview();
      cli.setScenario(scenario({ previewEvents: MFA_UPDATE, eventStream: "lost" }));
      await expect(stack.up()).rejects.toThrow(
        /the update of .* ran, but the engine's events .* ended without/,
      );
    },
    ENGINE_TIMEOUT,
  );
});

describe("planDifferences", () => {
  const plan = (changes: [string, Plan["changes"][number]["action"]][]): Plan => ({
    stack: PRODUCTION_STACK,
    changes: changes.map(([name, action]) => ({
      type: RESOURCE_TYPES.userPool,
      name,
      action,
      properties: [],
    })),
    summary: { create: 0, update: 0, replace: 0, delete: 0 },
    errors: [],
    warnings: [],
  });

  it("finds nothing when the update did what was previewed", () => {
    expect(
      planDifferences(
        plan([
          ["a", "update"],
          ["b", "unchanged"],
        ]),
        plan([["a", "update"]]),
      ),
    ).toEqual([]);
  });

  it("names a resource whose action changed, one that appeared, and one that was left out", () => {
    expect(
      planDifferences(
        plan([
          ["a", "update"],
          ["c", "create"],
        ]),
        plan([
          ["a", "replace"],
          ["b", "delete"],
        ]),
      ),
    ).toEqual([
      "a: previewed update, updated replace",
      "b: previewed unchanged, updated delete",
      "c: previewed create, updated unchanged",
    ]);
  });

  it("picks the engine's update-plan errors out of an update's error lines (pkg/resource/deploy)", () => {
    expect(
      planViolations([
        "resource urn:pulumi:s::p::aws:cognito/userPool:UserPool::a violates plan: update is not allowed by the plan: this resource is constrained to same",
        "expected resource operations for urn:pulumi:s::p::aws:cognito/userPoolClient:UserPoolClient::b but none were seen",
        "update failed",
        "AccessDeniedException: not authorized to perform cognito-idp:UpdateUserPool",
      ]),
    ).toEqual([
      "resource urn:pulumi:s::p::aws:cognito/userPool:UserPool::a violates plan: update is not allowed by the plan: this resource is constrained to same",
      "expected resource operations for urn:pulumi:s::p::aws:cognito/userPoolClient:UserPoolClient::b but none were seen",
    ]);
  });

  it("names the resource of a step the plan refused, from its diagnostic's URN, and says each error once", () => {
    const client = urn(RESOURCE_TYPES.userPoolClient, "prod-auth-web-spa");
    const pool = urn(RESOURCE_TYPES.userPool, "prod-auth");
    expect(
      namedPlanViolations(
        [
          // pkg/resource/deploy/step_generator.go validateSteps: the text names no resource.
          {
            urn: client,
            message: "update is not allowed by the plan: this resource is constrained to same\n",
          },
          // deployment_executor.go: this one names it already.
          { urn: pool, message: `expected resource operations for ${pool} but none were seen` },
          { urn: pool, message: "AccessDeniedException: not authorized" },
        ],
        [
          "error: update is not allowed by the plan: this resource is constrained to same",
          `expected resource operations for ${pool} but none were seen`,
          "update failed",
        ],
      ),
    ).toEqual([
      "prod-auth-web-spa: update is not allowed by the plan: this resource is constrained to same",
      `expected resource operations for ${pool} but none were seen`,
    ]);
  });

  it("is what the adapter reports as an EnginePlanMismatchError", () => {
    const error = new EnginePlanMismatchError(PRODUCTION_STACK, ["a: previewed update, updated replace"]);
    expect(error.message).toContain(PRODUCTION_STACK);
    expect(error.message).toContain("a: previewed update, updated replace");
  });
});

describe("a protected pool whose replacement the preview shows", () => {
  const poolSpec = {
    type: RESOURCE_TYPES.userPool,
    name: "prod-auth",
    old: { inputs: { ...POOL_INPUTS, deletionProtection: "ACTIVE" }, protect: true },
    new: {
      inputs: { ...POOL_INPUTS, deletionProtection: "ACTIVE", aliasAttributes: ["email"] },
      protect: true,
    },
    keys: ["aliasAttributes"],
    diffs: ["aliasAttributes"],
    detailedDiff: { aliasAttributes: { diffKind: "add-replace", inputDiff: true } },
  };
  const events = [
    errorDiagnostic(
      urn(RESOURCE_TYPES.userPool, "prod-auth"),
      `unable to replace resource "${urn(RESOURCE_TYPES.userPool, "prod-auth")}"\nas it is currently marked for protection.`,
    ),
    ...["create-replacement", "replace", "delete-replaced"].flatMap((op) => step({ ...poolSpec, op })),
  ];

  // Stand-in: the real suite has no protected (deletionProtection) pool yet.
  it(
    "returns the plan with the diff and the engine's error, though the CLI exits non-zero",
    async () => {
      cli = new FakeCli(scenario({ previewEvents: events, failPreview: "preview failed" }));
      const plan = await (await openStack(cli.options())).preview();
      expect(plan.changes[0]).toMatchObject({
        name: "prod-auth",
        action: "replace",
        destroysUsers: true,
        properties: [{ path: "aliasAttributes", forcesReplacement: true }],
      });
      expect(plan.errors.map((error) => error.rule)).toEqual(["protected-replacement"]);
      expect(plan.warnings.map((warning) => warning.rule)).toEqual(["protected-pool"]);
    },
    ENGINE_TIMEOUT,
  );

  // Stand-in: a failed preview with no summary, a fault the real CLI does not produce here.
  it(
    "still throws when the failed preview's stream has no summary (nothing trustworthy to show)",
    async () => {
      cli = new FakeCli(
        scenario({ previewEvents: events, failPreview: "preview failed", eventStream: "lost" }),
      );
      await expect((await openStack(cli.options())).preview()).rejects.toThrow(EngineOperationError);
    },
    ENGINE_TIMEOUT,
  );
});

describe("a stack's settings across runs (each run's project folder is new)", () => {
  const KMS = "awskms://alias/pulumi-state?region=us-east-1";

  // Stand-in: the real suite's KMS stack is updated on every run; none is only previewed first.
  it(
    "keeps on KMS a stack a preview created and nothing updated, at the next run with no passphrase",
    async () => {
      cli = new FakeCli(scenario({ previewEvents: MFA_UPDATE }));
      const options = cli.options({
        secretsProvider: KMS,
        env: cli.env({ PULUMI_CONFIG_PASSPHRASE: undefined }),
      });
      await run(options, (stack) => stack.preview());
      expect(cli.checkpoint(PRODUCTION_STACK)?.secretsProviders).toBeNull();
      for (const _ of [2, 3]) await run(options, (stack) => stack.up());
      expect(cli.checkpoint(PRODUCTION_STACK)?.secretsProviders).toMatchObject({
        type: "cloud",
        state: { url: KMS },
      });
    },
    ENGINE_TIMEOUT * 2,
  );

  // Stand-in: the real suite runs its KMS stack without a passphrase only.
  it(
    "does not move an awskms:// stack to a passphrase when one happens to be set",
    async () => {
      cli = new FakeCli(scenario({ previewEvents: MFA_UPDATE }));
      const options = cli.options({ secretsProvider: KMS });
      for (const _ of [1, 2, 3]) await run(options, (stack) => stack.up());
      expect(cli.checkpoint(PRODUCTION_STACK)?.secretsProviders).toMatchObject({ type: "cloud" });
    },
    ENGINE_TIMEOUT * 2,
  );

  // Stand-in: asserts the salt itself, which the real suite's repeated passphrase runs only imply.
  it(
    "keeps a passphrase stack's salt on the second and third run",
    async () => {
      cli = new FakeCli(scenario({ previewEvents: MFA_UPDATE }));
      const options = cli.options();
      await run(options, (stack) => stack.up());
      const first = cli.checkpoint(PRODUCTION_STACK)?.secretsProviders as { state: { salt: string } };
      expect(first.state.salt).toMatch(/^v1:/);
      for (const _ of [2, 3]) {
        await run(options, (stack) => stack.up());
        expect(cli.checkpoint(PRODUCTION_STACK)?.secretsProviders).toEqual(first);
      }
    },
    ENGINE_TIMEOUT * 2,
  );
});
