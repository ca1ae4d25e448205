// The engine adapter against the real Automation API, which runs a stand-in Pulumi CLI (test/fake-pulumi):
// scripted engine events, outputs and failures, and a log of every invocation. Each stand-in test says why it
// stays; destroying a stack is the real engine suite's (test/engine, lifecycle).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { stackIdentity } from "@cognito-action/spec";
import {
  automationEngine,
  AWS_PLUGIN_VERSION,
  EngineConfigurationError,
  EngineOperationError,
  engineFailureMessage,
  engineStackName,
  lockHolderOf,
  RESOURCE_TYPES,
  StackLockedError,
} from "../../src/index.ts";
import type { AutomationEngineOptions, EngineStack } from "../../src/index.ts";
import {
  ENGINE_TIMEOUT,
  exampleManifest,
  FakeCli,
  PRODUCTION_CLOUD_STACK,
  PRODUCTION_STACK,
  QUICK_START_STACK,
} from "./fake-cli.ts";

function poolEvent(op: string, detailedDiff?: Record<string, { diffKind: string }>) {
  return {
    sequence: 1,
    timestamp: 1_764_147_600,
    resourcePreEvent: {
      metadata: {
        op,
        urn: `urn:pulumi:prod.AwsCognitoUserPool.prod-auth::platform::${RESOURCE_TYPES.userPool}::prod-auth`,
        type: RESOURCE_TYPES.userPool,
        provider: "",
        old: { inputs: { name: "prod-auth", mfaConfiguration: "OPTIONAL" }, protect: true },
        new: { inputs: { name: "prod-auth", mfaConfiguration: "ON" }, protect: true },
        ...(detailedDiff ? { detailedDiff, diffs: Object.keys(detailedDiff) } : {}),
      },
    },
  };
}

const OUTPUTS = {
  user_pool_id: "us-east-1_AbCdEf123",
  user_pool_arn: "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_AbCdEf123",
  client_ids: { "web-spa": "1example23456789", "api-server": "2example23456789" },
  client_secrets: { "api-server": "q1w2e3r4t5y6u7i8o9p0-secret-of-the-api-server" },
};

let cli: FakeCli | undefined;
const stacks: EngineStack[] = [];

afterEach(async () => {
  await Promise.all(stacks.splice(0).map((stack) => stack.dispose()));
  cli?.remove();
  cli = undefined;
});

async function openStack(options: AutomationEngineOptions, manifest = exampleManifest("production")) {
  const stack = await automationEngine(options)({ manifest, references: [] });
  stacks.push(stack);
  return stack;
}

describe("automationEngine with the stand-in CLI", () => {
  // Stand-in: scripted events checked change by change; the real suite sees plans only through the action's
  // outcome.
  it(
    "previews into a Plan built from the engine's events",
    async () => {
      cli = new FakeCli({
        [PRODUCTION_STACK]: {
          previewEvents: [poolEvent("update", { mfaConfiguration: { diffKind: "update" } })],
        },
      });
      const output: string[] = [];
      const stack = await openStack(cli.options({ onOutput: (text) => output.push(text) }));
      const plan = await stack.preview();

      expect(plan).toEqual({
        stack: PRODUCTION_STACK,
        changes: [
          {
            type: RESOURCE_TYPES.userPool,
            name: "prod-auth",
            action: "update",
            properties: [
              { path: "mfaConfiguration", before: "OPTIONAL", after: "ON", forcesReplacement: false },
            ],
          },
        ],
        summary: { create: 0, update: 1, replace: 0, delete: 0 },
        errors: [],
        warnings: [],
      });
      expect(cli.operations("preview", PRODUCTION_STACK)).toHaveLength(1);
      expect(cli.operations("up", PRODUCTION_STACK)).toHaveLength(0);
      expect(output.join("")).toContain("Previewing update");
    },
    ENGINE_TIMEOUT,
  );

  // Stand-in: asserts the listing itself, which the real suite uses only through the action.
  it(
    "lists the resources a stack's state holds, without the stack itself and its providers",
    async () => {
      cli = new FakeCli({});
      const urn = (type: string, name: string) => `urn:pulumi:prod::platform::${type}::${name}`;
      cli.seedStack(PRODUCTION_STACK, {
        resources: [
          { urn: urn("pulumi:pulumi:Stack", "platform-prod"), type: "pulumi:pulumi:Stack" },
          { urn: urn("pulumi:providers:aws", "default_7_0_0"), type: "pulumi:providers:aws", custom: true },
          {
            urn: urn("aws:rds/instance:Instance", "ledger"),
            type: "aws:rds/instance:Instance",
            custom: true,
          },
        ],
      });
      const stack = await openStack(cli.options());
      expect(await stack.resources()).toEqual([{ type: "aws:rds/instance:Instance", name: "ledger" }]);
      await stack.dispose();
    },
    ENGINE_TIMEOUT,
  );

  // Stand-in: installing the published aws plugin needs its download; the real suite's provider is on PATH.
  it(
    "installs the bundled AWS plugin and sets the manifest's region on the stack",
    async () => {
      cli = new FakeCli({});
      await openStack(cli.options());
      const invocations = cli.invocations();
      const pluginInstall = invocations.filter((args) => args[0] === "plugin" && args[1] === "install");
      expect(pluginInstall).toHaveLength(1);
      expect(pluginInstall[0]!.slice(0, 5)).toEqual([
        "plugin",
        "install",
        "resource",
        "aws",
        `v${AWS_PLUGIN_VERSION}`,
      ]);

      const configSet = invocations.filter((args) => args[0] === "config" && args[1] === "set");
      expect(configSet).toHaveLength(1);
      const args = configSet[0]!;
      expect(args).toContain("aws:region");
      expect(args[args.indexOf("--stack") + 1]).toBe(PRODUCTION_STACK);
      expect(args.at(-1)).toBe("us-east-1");
      // The stack is selected by its self-managed name, before its configuration is written.
      const select = invocations.findIndex((args) => args[0] === "stack" && args[1] === "select");
      expect(select).toBeGreaterThanOrEqual(0);
      expect(invocations[select]).toContain(PRODUCTION_STACK);
      expect(select).toBeLessThan(invocations.indexOf(args));
    },
    ENGINE_TIMEOUT,
  );

  // Stand-in: installing the published aws plugin needs its download; the real suite's provider is on PATH.
  it(
    "installs the plugin once for every stack of one engine",
    async () => {
      cli = new FakeCli({});
      const engine = automationEngine(cli.options());
      stacks.push(await engine({ manifest: exampleManifest("production"), references: [] }));
      stacks.push(await engine({ manifest: exampleManifest("quick-start"), references: [] }));
      const invocations = cli.invocations();
      expect(invocations.filter((args) => args[0] === "plugin")).toHaveLength(1);
      expect(
        invocations.filter((args) => args[0] === "config").map((args) => args[args.indexOf("--stack") + 1]),
      ).toEqual([PRODUCTION_STACK, QUICK_START_STACK]);
    },
    ENGINE_TIMEOUT,
  );

  // Stand-in: asserts the outputs' secret names directly; the real suite sees them only through the action.
  it(
    "applies, returning the outputs with the names of the secret ones, and reads them back before and after",
    async () => {
      cli = new FakeCli({
        [PRODUCTION_STACK]: {
          upEvents: [poolEvent("update", { mfaConfiguration: { diffKind: "update" } })],
          outputs: OUTPUTS,
          secretOutputs: ["client_secrets"],
        },
      });
      const stack = await openStack(cli.options());
      expect(await stack.currentOutputs()).toEqual({ values: {}, secretNames: [] });

      const outputs = await stack.up();
      expect(outputs).toEqual({ values: OUTPUTS, secretNames: ["client_secrets"] });
      expect(cli.operations("up", PRODUCTION_STACK)).toHaveLength(1);

      expect(await stack.currentOutputs()).toEqual({ values: OUTPUTS, secretNames: ["client_secrets"] });
    },
    ENGINE_TIMEOUT,
  );

  // Stand-in: a referenced stack with a secret output, which the real references scenario does not have.
  it(
    "reads the outputs of the stacks its references read, secret ones named, before any operation",
    async () => {
      const lambdaStack = "organization/functions/prod.AwsLambda.post-confirm";
      cli = new FakeCli({});
      cli.seedStack(lambdaStack, {
        outputs: { function_arn: "arn:aws:lambda:fn", signing_key: "k3y-from-lambda" },
        secretOutputs: ["signing_key"],
      });
      const engine = automationEngine(cli.options());
      const stack = await engine({
        manifest: exampleManifest("production"),
        references: [
          {
            path: "spec.lambdaConfig.postConfirmation",
            ref: { kind: "AwsLambda", name: "post-confirm", fieldPath: "status.outputs.function_arn" },
            stack: "acme/functions/prod.AwsLambda.post-confirm",
            output: "function_arn",
          },
        ],
      });
      stacks.push(stack);
      expect(await stack.referencedOutputs()).toEqual({
        values: {
          [`${lambdaStack}:function_arn`]: "arn:aws:lambda:fn",
          [`${lambdaStack}:signing_key`]: "k3y-from-lambda",
        },
        secretNames: [`${lambdaStack}:signing_key`],
      });
    },
    ENGINE_TIMEOUT,
  );

  // Stand-in: asserts no CLI call is needed; the real suite cannot see the calls.
  it(
    "has no referenced outputs without references",
    async () => {
      cli = new FakeCli({});
      const stack = await openStack(cli.options());
      expect(await stack.referencedOutputs()).toEqual({ values: {}, secretNames: [] });
    },
    ENGINE_TIMEOUT,
  );

  // Stand-in: asserts the CLI's arguments; the real drift scenario shows only their effect.
  it(
    "refreshes the stack from AWS, and with refresh on, previews and updates with --refresh",
    async () => {
      cli = new FakeCli({ [PRODUCTION_STACK]: { outputs: OUTPUTS, secretOutputs: ["client_secrets"] } });
      const stack = await openStack({ ...cli.options(), refresh: true });
      await stack.refresh();
      expect(cli.operations("refresh", PRODUCTION_STACK)).toHaveLength(1);
      await stack.preview();
      await stack.up();
      expect(cli.operations("preview", PRODUCTION_STACK)[0]).toContain("--refresh");
      expect(cli.operations("up", PRODUCTION_STACK)[0]).toContain("--refresh");
    },
    ENGINE_TIMEOUT,
  );

  // Stand-in: asserts the waits between attempts (an injected sleep), which the real suite cannot time.
  it(
    "retries a locked stack after each configured delay, then names the stack and who holds the lock",
    async () => {
      const holder = "deploy-bot@runner-12 (pid 4242)";
      cli = new FakeCli({ [PRODUCTION_STACK]: { locked: true, lockHolder: holder } });
      const slept: number[] = [];
      const stack = await openStack(
        cli.options({
          lockRetryDelaysMs: [5, 10, 20],
          sleep: (ms) => {
            slept.push(ms);
            return Promise.resolve();
          },
        }),
      );
      const error = await stack.up().catch((caught: unknown) => caught);

      expect(error).toBeInstanceOf(StackLockedError);
      const locked = error as StackLockedError;
      expect(locked.stackName).toBe(PRODUCTION_STACK);
      expect(locked.holder).toBe(holder);
      expect(locked.message).toContain(PRODUCTION_STACK);
      expect(locked.message).toContain(holder);
      expect(slept).toEqual([5, 10, 20]);
      // The first attempt and one per delay.
      expect(cli.operations("up", PRODUCTION_STACK)).toHaveLength(4);
    },
    ENGINE_TIMEOUT,
  );

  // Stand-in: a caller that stops between waits, which no real scenario does.
  it(
    "looks at the stack again after each wait on its lock, and stops when the caller says so",
    async () => {
      cli = new FakeCli({ [PRODUCTION_STACK]: { locked: true } });
      const stack = await openStack(
        cli.options({ lockRetryDelaysMs: [0, 0], sleep: () => Promise.resolve() }),
      );
      let looks = 0;
      const error = await stack
        .up({
          afterLockWait: () => {
            looks++;
            return Promise.reject(new Error("a newer commit deployed it meanwhile"));
          },
        })
        .catch((caught: unknown) => caught);
      expect((error as Error).message).toBe("a newer commit deployed it meanwhile");
      expect(looks).toBe(1);
      // The one attempt that met the lock: none after the caller stopped.
      expect(cli.operations("up", PRODUCTION_STACK)).toHaveLength(1);
    },
    ENGINE_TIMEOUT,
  );

  // Stand-in: a preview meeting a lock: the real CLI's preview on a self-managed backend takes none
  // (pkg/backend/diy/backend.go Preview).
  it(
    "reports a locked stack at once when no retries are configured, for previews too",
    async () => {
      cli = new FakeCli({ [PRODUCTION_STACK]: { locked: true, lockHolder: "alice@laptop (pid 7)" } });
      const slept: number[] = [];
      const stack = await openStack(
        cli.options({
          lockRetryDelaysMs: [],
          sleep: (ms) => {
            slept.push(ms);
            return Promise.resolve();
          },
        }),
      );
      await expect(stack.preview()).rejects.toThrow(
        new StackLockedError(PRODUCTION_STACK, "alice@laptop (pid 7)"),
      );
      expect(slept).toEqual([]);
      expect(cli.operations("preview", PRODUCTION_STACK)).toHaveLength(1);
    },
    ENGINE_TIMEOUT,
  );

  // Stand-in: Pulumi Cloud, which cannot run here.
  it(
    "reports a Pulumi Cloud stack another update holds as locked, naming no holder (the service's 409 says none)",
    async () => {
      cli = new FakeCli({ [PRODUCTION_CLOUD_STACK]: { locked: true } });
      const stack = await openStack(cli.cloudOptions({ lockRetryDelaysMs: [] }));
      const error = await stack.up().catch((caught: unknown) => caught);
      expect(error).toEqual(new StackLockedError(PRODUCTION_CLOUD_STACK, undefined));
      expect(String((error as Error).cause)).toContain(
        "[409] Conflict: Another update is currently in progress.",
      );
    },
    ENGINE_TIMEOUT,
  );

  // Stand-in: a scripted update failure, which the real provider is not made to produce here.
  it(
    "turns a failing up into an EngineOperationError carrying the CLI's error line",
    async () => {
      const failure =
        "creating Cognito User Pool (prod-auth): InvalidParameterException: Invalid SES sourceArn";
      cli = new FakeCli({ [PRODUCTION_STACK]: { failUp: failure, outputs: OUTPUTS } });
      const stack = await openStack(cli.options({ lockRetryDelaysMs: [5], sleep: () => Promise.resolve() }));
      const error = await stack.up().catch((caught: unknown) => caught);

      expect(error).toBeInstanceOf(EngineOperationError);
      const operationError = error as EngineOperationError;
      expect(operationError.operation).toBe("up");
      expect(operationError.stackName).toBe(PRODUCTION_STACK);
      expect(operationError.message).toBe(`error: ${failure}`);
      // Failed: the stand-in recorded no outputs, and there was no retry (not a lock).
      expect(cli.operations("up", PRODUCTION_STACK)).toHaveLength(1);
      expect(await stack.currentOutputs()).toEqual({ values: {}, secretNames: [] });
    },
    ENGINE_TIMEOUT,
  );

  // Stand-in: a scripted preview failure, which the real provider is not made to produce here.
  it(
    "turns a failing preview into an EngineOperationError with the engine's error diagnostics",
    async () => {
      cli = new FakeCli({
        [PRODUCTION_STACK]: {
          previewEvents: [
            {
              sequence: 1,
              timestamp: 1,
              diagnosticEvent: {
                severity: "error",
                message:
                  "\u001b[31merror: \u001b[0mAccessDenied: not authorized to perform cognito-idp:DescribeUserPool\n",
                color: "raw",
              },
            },
          ],
          failPreview: "preview failed",
        },
      });
      const stack = await openStack(cli.options());
      const error = await stack.preview().catch((caught: unknown) => caught);

      expect(error).toBeInstanceOf(EngineOperationError);
      expect((error as EngineOperationError).operation).toBe("preview");
      const lines = (error as EngineOperationError).message.split("\n");
      expect(lines).toContain("error: preview failed");
      expect(lines).toContain("error: AccessDenied: not authorized to perform cognito-idp:DescribeUserPool");
      expect((error as Error).message).not.toContain("\u001b");
    },
    ENGINE_TIMEOUT,
  );
});

describe("engine configuration errors", () => {
  it("refuses to start without a backend and without PULUMI_ACCESS_TOKEN, naming what to set", async () => {
    cli = new FakeCli({});
    const engine = automationEngine({ pulumiRoot: cli.root, env: cli.env() });
    const error = await engine({ manifest: exampleManifest("production"), references: [] }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(EngineConfigurationError);
    const message = (error as Error).message;
    expect(message).toContain("pulumi-backend-url");
    expect(message).toContain("PULUMI_BACKEND_URL");
    expect(message).toContain("PULUMI_ACCESS_TOKEN");
    // Refused before the CLI ran at all.
    expect(cli.invocations()).toEqual([]);
  });

  it("refuses a self-managed backend with the passphrase provider and no PULUMI_CONFIG_PASSPHRASE", async () => {
    cli = new FakeCli({});
    for (const secretsProvider of [undefined, "passphrase"]) {
      const engine = automationEngine({
        pulumiRoot: cli.root,
        backendUrl: cli.backendUrl,
        secretsProvider,
        env: cli.env({ PULUMI_CONFIG_PASSPHRASE: undefined }),
      });
      const error = await engine({ manifest: exampleManifest("production"), references: [] }).catch(
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(EngineConfigurationError);
      expect((error as Error).message).toContain("PULUMI_CONFIG_PASSPHRASE");
    }
    expect(cli.invocations()).toEqual([]);
  });

  it("reads the backend from PULUMI_BACKEND_URL in the environment when no option names one", async () => {
    cli = new FakeCli({});
    const engine = automationEngine({
      pulumiRoot: cli.root,
      env: cli.env({ PULUMI_BACKEND_URL: cli.backendUrl, PULUMI_CONFIG_PASSPHRASE: undefined }),
    });
    // The backend is self-managed, so the passphrase check applies: the variable was seen.
    await expect(engine({ manifest: exampleManifest("production"), references: [] })).rejects.toThrow(
      EngineConfigurationError,
    );
  });

  it(
    "accepts the passphrase from a file, or a KMS secrets provider without a passphrase",
    async () => {
      cli = new FakeCli({});
      const passphraseFile = join(cli.root, "passphrase");
      writeFileSync(passphraseFile, "from a file");
      await openStack(
        cli.options({
          env: cli.env({
            PULUMI_CONFIG_PASSPHRASE: undefined,
            PULUMI_CONFIG_PASSPHRASE_FILE: passphraseFile,
          }),
        }),
      );
      await openStack(
        cli.options({
          secretsProvider: "awskms://alias/pulumi?region=us-east-1",
          env: cli.env({ PULUMI_CONFIG_PASSPHRASE: undefined }),
        }),
      );
      expect(cli.invocations().filter((args) => args[0] === "config")).toHaveLength(2);
    },
    ENGINE_TIMEOUT,
  );
});

describe("engineStackName", () => {
  const identity = stackIdentity({
    name: "prod-auth",
    labels: {
      "pulumi.openmcf.org/organization": "acme",
      "pulumi.openmcf.org/project": "platform",
      "pulumi.openmcf.org/stack.name": "prod.AwsCognitoUserPool.prod-auth",
    },
  });

  it.each([
    ["s3://acme-pulumi-state/cognito"],
    ["file:///var/lib/pulumi"],
    ["file://~/.pulumi-state"],
    ["azblob://state"],
    ["gs://acme-state"],
    ["S3://acme-pulumi-state?region=eu-west-1&awssdk=v2"],
  ])("puts every stack of the self-managed backend %s in the organization named organization", (url) => {
    expect(engineStackName(identity, url)).toBe("organization/platform/prod.AwsCognitoUserPool.prod-auth");
  });

  it("names a stack on a legacy-layout bucket by its plain stack name", () => {
    expect(engineStackName(identity, "s3://old-bucket", "legacy")).toBe("prod.AwsCognitoUserPool.prod-auth");
  });

  it("keeps the labelled name on Pulumi Cloud whatever the layout says", () => {
    expect(engineStackName(identity, "https://api.pulumi.com", "legacy")).toBe(
      "acme/platform/prod.AwsCognitoUserPool.prod-auth",
    );
  });

  it.each([["https://api.pulumi.com"], ["https://pulumi.acme.example"], [undefined]])(
    "keeps the labelled organization on Pulumi Cloud (%s)",
    (url) => {
      expect(engineStackName(identity, url)).toBe("acme/platform/prod.AwsCognitoUserPool.prod-auth");
    },
  );
});

describe("lockHolderOf", () => {
  it("reads the holder from a self-managed backend's lock message", () => {
    const stderr = [
      "error: the stack is currently locked by 1 lock(s). Either wait for the other process(es) to end or delete the lock file with `pulumi cancel`.",
      "  s3://state/.pulumi/locks/organization/platform/prod/1.json: created by deploy-bot@runner-12 (pid 4242) at 2026-11-26T09:00:00Z",
    ].join("\n");
    expect(lockHolderOf(stderr)).toBe("deploy-bot@runner-12 (pid 4242)");
  });

  it("reads a holder named after `locked by`", () => {
    expect(lockHolderOf("error: stack is locked by alice@laptop.")).toBe("alice@laptop");
  });

  it("is undefined when the message names nobody (Pulumi Cloud's conflict)", () => {
    expect(lockHolderOf("error: [409] Conflict: Another update is currently in progress.")).toBeUndefined();
  });
});

describe("engineFailureMessage", () => {
  it("keeps the error lines of stderr and the error diagnostics, without colours or repeats", () => {
    const stderr = [
      "Updating (organization/platform/prod):",
      "\u001b[31merror:\u001b[0m update failed",
      "  some context the CLI prints",
      "error: update failed",
      "   Error: second form",
    ].join("\n");
    expect(
      engineFailureMessage(stderr, [
        "\u001b[31merror: \u001b[0mcreating Cognito User Pool: AccessDeniedException\n",
        "error: update failed",
      ]),
    ).toBe(
      "error: creating Cognito User Pool: AccessDeniedException\nerror: update failed\nError: second form",
    );
  });

  it("recognises error lines the CLI coloured", () => {
    const stderr =
      "Updating (organization/platform/prod):\n\u001b[31m\u001b[1merror:\u001b[0m update failed\n";
    expect(engineFailureMessage(stderr, [])).toBe("error: update failed");
  });

  it("says a failure once when a diagnostic and stderr's error line carry it", () => {
    const stderr = "Previewing (prod):\nerror: creating Cognito User Pool: AccessDeniedException\n";
    expect(engineFailureMessage(stderr, ["creating Cognito User Pool: AccessDeniedException\n"])).toBe(
      "creating Cognito User Pool: AccessDeniedException",
    );
  });

  it("reads only the stderr of an Automation API CommandError's dump", () => {
    const dump =
      "code: 255\n stdout: Previewing update (prod)\n  + 3 to create\n stderr: warning: a warning\nthe backend is unreachable\n err?: Error: Command failed with exit code 255\n";
    expect(engineFailureMessage(dump, [])).toBe("warning: a warning\nthe backend is unreachable");
  });

  it("falls back to the last five lines of stderr when nothing says error", () => {
    const stderr = ["one", "two", "three", "four", "five", "\u001b[2msix\u001b[0m", "seven", ""].join("\n");
    expect(engineFailureMessage(stderr, [])).toBe("three\nfour\nfive\nsix\nseven");
  });
});
