// The bundled action applying a push to main, end to end: the stand-in Pulumi CLI first on PATH (the action
// uses it, as it would a runner's), a file:// backend, and the merged pull request's comment at the GitHub
// stand-in. What the real CLI does here is in the engine suite (test/engine): a lock and its holder, an update
// held to its plan and refused, KMS across three runs, a replacement refused then allowed. Each test below says
// why it stays on the stand-in.
import { readdirSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { startGitHubStandIn } from "./github-stand-in.ts";
import { pullRequestPayload, runBundledAction, TestRepository } from "./harness.ts";
import type { ActionRun } from "./harness.ts";
import {
  bodyOf,
  commentWrites,
  edit,
  example,
  FAKE_PULUMI_VERSION,
  FakePulumi,
  POOL,
  poolUpdate,
  resourceStep,
  RUN_TIMEOUT,
  STACKS,
  workflowCommands,
  examplesOnMain,
  startedPerTest,
  runPush,
  pushTemporaryDirectory,
} from "./scenario.ts";
import type { StackScenario } from "./scenario.ts";

const MERGED_PULL_REQUEST = 7;
const CLIENT = "aws:cognito/userPoolClient:UserPoolClient";

const started = startedPerTest();
afterEach(() => {
  deployedBefore = undefined;
});

/** main with the three Cognito examples, then the pushed commit with `changes`. */
function pushed(changes: Record<string, string | undefined>) {
  started.repository?.remove();
  started.repository = new TestRepository();
  const before = started.repository.commit(examplesOnMain(), "main");
  const after = started.repository.commit(changes, "Merge pull request #7");
  deployedBefore = before;
  return { before, after };
}

interface PushOptions {
  inputs?: Record<string, string>;
  env?: Record<string, string>;
  /** Outputs recorded by earlier updates, by stack. */
  state?: Record<string, Record<string, unknown>>;
  /** Where `pulumi` is on PATH. */
  layout?: "bin" | "tool-cache";
  /** Run again against the previous run's backend (its state folder), as the next merge would. */
  nextRun?: boolean;
}

/** The commit main's stacks were deployed from before the push: the one before it. */
let deployedBefore: string | undefined;

async function applyPush(
  before: string,
  after: string,
  stacks: Record<string, StackScenario>,
  options: PushOptions = {},
): Promise<ActionRun> {
  if (options.nextRun && started.pulumi) started.pulumi.setScenario(stacks);
  else started.pulumi = new FakePulumi(stacks, FAKE_PULUMI_VERSION, options.layout);
  if (options.state) started.pulumi.setState(options.state);
  // main's stacks match main before the push: only what the push changes needs the engine. (A next run
  // pushes to a new repository, whose history knows nothing of the commits recorded by the last one.)
  if (deployedBefore) started.pulumi.deployedFrom(examplesOnMain(), deployedBefore);
  return runPush(started, {
    before,
    after,
    pulls: [{ number: MERGED_PULL_REQUEST, merged_at: "2026-11-26T09:00:00Z" }],
    inputs: options.inputs,
    env: options.env,
  });
}

/** The run's own temporary directory, to see what it leaves behind. */
function temporaryDirectory(): string {
  return pushTemporaryDirectory(started.pulumi!);
}

/** The comment written on the merged pull request: its one write's body. */
function mergedPullRequestComment(): string {
  const writes = commentWrites(started.standIn!.requests);
  expect(writes.map((request) => `${request.method} ${request.path}`)).toEqual([
    `POST /repos/acme/identity/issues/${MERGED_PULL_REQUEST}/comments`,
  ]);
  return bodyOf(writes[0]!);
}

/** The engine's replacement of the production pool, with its three steps. */
function poolReplacement(protection: { protect: boolean; deletionProtection?: string } = { protect: false }) {
  const extra = protection.deletionProtection ? { deletionProtection: protection.deletionProtection } : {};
  const metadata = {
    old: {
      inputs: { name: "prod-auth", usernameAttributes: ["email"], ...extra },
      protect: protection.protect,
    },
    new: { inputs: { name: "prod-auth", aliasAttributes: ["email"], ...extra }, protect: protection.protect },
    detailedDiff: {
      usernameAttributes: { diffKind: "delete-replace", inputDiff: true },
      aliasAttributes: { diffKind: "add-replace", inputDiff: true },
    },
  };
  return [
    resourceStep("create-replacement", POOL, "prod-auth", metadata),
    resourceStep("replace", POOL, "prod-auth", metadata),
    resourceStep("delete-replaced", POOL, "prod-auth", { ...metadata, new: null, detailedDiff: null }),
  ];
}

const REPLACING_CHANGE = {
  "examples/production.yaml": edit(example("production"), "usernameAttributes:", "aliasAttributes:"),
};

describe("the replacement guard on a push to main", () => {
  // Stand-in: asserts that no engine call is made and what the merged pull request's comment says;
  // test/engine's lifecycle scenario refuses then allows the replacement on the real CLI.
  it(
    "refuses a change that replaces a user pool before any engine call, and says so on the merged pull request",
    async () => {
      const { before, after } = pushed(REPLACING_CHANGE);
      const run = await applyPush(before, after, {
        [STACKS.production]: { previewEvents: poolReplacement(), outputs: { user_pool_id: "us-east-1_New" } },
      });

      expect(run.code).toBe(1);
      expect(run.outputs["failure-reason"]).toBe("replacement-blocked");
      expect(run.outputs["has-replacements"]).toBe("true");
      expect(started.pulumi!.operations()).toEqual([]);
      expect(
        started.pulumi!.invocations().filter((args) => args[0] === "stack" || args[0] === "config"),
      ).toEqual([]);

      const comment = mergedPullRequestComment();
      expect(comment).toContain("Refused before any change was made");
      expect(comment).toContain("user pool prod-auth is replaced because");
      expect(comment).toContain("set allow-replace: true to allow it");
      expect(comment).toContain("not applied: the apply was refused");
      expect(run.summary).toContain("Refused before any change was made");
      expect(run.outputs["comment-url"]).toBeDefined();
      const failure = workflowCommands(run.stdout, "error").find((error) => !error.properties.file);
      expect(failure?.message).toContain("allow-replace");
    },
    RUN_TIMEOUT,
  );

  // Stand-in: the real suite has no drift that forces a replacement yet.
  it(
    "blocks a replacement only the engine sees (drift), after its preview and before any update",
    async () => {
      const { before, after } = pushed({
        "examples/production.yaml": edit(example("production"), "minimumLength: 12", "minimumLength: 14"),
      });
      const run = await applyPush(before, after, {
        [STACKS.production]: { previewEvents: poolReplacement() },
      });

      expect(run.code).toBe(1);
      expect(run.outputs["failure-reason"]).toBe("replacement-blocked");
      expect(started.pulumi!.operations()).toEqual([`preview ${STACKS.production}`]);
      const comment = mergedPullRequestComment();
      expect(comment).toContain("⛔ blocked");
      expect(comment).toContain("the engine's preview: prod-auth: user pool prod-auth is replaced");
    },
    RUN_TIMEOUT,
  );
});

describe("secrets in an apply", () => {
  const SECRET = "7q2ZkVb9xW4pLm1Nc8RtY3uHs6Ja0FdEgKiOpQwErTy";

  // Stand-in: scripted secret outputs checked everywhere the action writes; the real suite does not look for
  // secrets in its output yet.
  it(
    "are masked before anything prints them, and appear only in the client-secrets output",
    async () => {
      const { before, after } = pushed({
        "examples/production.yaml": edit(example("production"), "minimumLength: 12", "minimumLength: 14"),
      });
      const run = await applyPush(before, after, {
        [STACKS.production]: {
          previewEvents: [poolUpdate("prod-auth")],
          upEvents: [poolUpdate("prod-auth")],
          outputs: {
            user_pool_id: "us-east-1_AbCdEf123",
            client_ids: { "web-spa": "1example23456789", "api-server": "2example23456789" },
            client_secrets: { "api-server": SECRET },
          },
          secretOutputs: ["client_secrets"],
        },
      });

      expect(run.code, run.stdout + run.stderr).toBe(0);
      const lines = run.stdout.split("\n");
      const mask = lines.indexOf(`::add-mask::${SECRET}`);
      expect(mask).toBeGreaterThanOrEqual(0);
      expect(lines.slice(0, mask).some((line) => line.includes(SECRET))).toBe(false);
      expect(run.stderr).not.toContain(SECRET);

      for (const request of started.standIn!.requests)
        expect(JSON.stringify(request.body ?? "")).not.toContain(SECRET);
      expect(run.summary).not.toContain(SECRET);
      for (const command of ["error", "warning", "notice"])
        for (const annotation of workflowCommands(run.stdout, command))
          expect(annotation.line).not.toContain(SECRET);

      expect(JSON.parse(run.outputs["client-secrets"]!)).toEqual({ "prod-auth": { "api-server": SECRET } });
      expect(JSON.parse(run.outputs["stack-outputs"]!)).toEqual({
        "prod-auth": {
          user_pool_id: "us-east-1_AbCdEf123",
          client_ids: { "web-spa": "1example23456789", "api-server": "2example23456789" },
          client_secrets: { "api-server": "[secret]" },
        },
      });
      expect(mergedPullRequestComment()).toContain("[secret]");
    },
    RUN_TIMEOUT,
  );

  // Stand-in: an update failure that prints a secret, a fault the real provider is not made to produce here.
  it(
    "that an earlier update recorded are masked before this run's preview and update",
    async () => {
      const { before, after } = pushed({
        "examples/production.yaml": edit(example("production"), "minimumLength: 12", "minimumLength: 14"),
      });
      const outputs = { user_pool_id: "us-east-1_AbCdEf123", client_secrets: { "api-server": SECRET } };
      const run = await applyPush(
        before,
        after,
        {
          [STACKS.production]: {
            previewEvents: [poolUpdate("prod-auth")],
            // The update fails with the old secret in its message, as a provider might print it.
            failUp: `updating client api-server: secret ${SECRET} was rejected`,
            outputs,
            secretOutputs: ["client_secrets"],
          },
        },
        { state: { [STACKS.production]: outputs } },
      );

      expect(run.code).toBe(1);
      expect(run.outputs["failure-reason"]).toBe("apply-failed");
      const lines = run.stdout.split("\n");
      const mask = lines.indexOf(`::add-mask::${SECRET}`);
      expect(mask).toBeGreaterThanOrEqual(0);
      expect(lines.slice(0, mask).some((line) => line.includes(SECRET))).toBe(false);
      // Masked before the engine's preview ran.
      const firstEngineLine = lines.findIndex((line) => line.startsWith("Previewing update"));
      expect(firstEngineLine).toBeGreaterThan(mask);
      expect(run.stderr).not.toContain(SECRET);
      for (const request of started.standIn!.requests)
        expect(JSON.stringify(request.body ?? "")).not.toContain(SECRET);
      expect(run.summary).not.toContain(SECRET);
      expect(run.summary).toContain("was rejected");
      for (const command of ["error", "warning", "notice"])
        for (const annotation of workflowCommands(run.stdout, command))
          expect(annotation.line).not.toContain(SECRET);
    },
    RUN_TIMEOUT,
  );
});

describe("engine failures in an apply", () => {
  // Stand-in: a preview meeting a lock: the real CLI's preview on a self-managed backend takes none
  // (pkg/backend/diy/backend.go Preview).
  it(
    "reports a locked stack in a pull request's engine preview",
    async () => {
      const holder = "alice@laptop (pid 99)";
      const { before, after } = pushed({
        "examples/production.yaml": edit(example("production"), "minimumLength: 12", "minimumLength: 14"),
      });
      started.pulumi = new FakePulumi({ [STACKS.production]: { locked: true, lockHolder: holder } });
      started.standIn = await startGitHubStandIn("acme", "identity");
      const run = await runBundledAction({
        workspace: started.repository!.path,
        eventName: "pull_request",
        payload: pullRequestPayload(8, before, after),
        sha: after,
        inputs: {
          "github-token": "ghs_e2eTestToken",
          "pulumi-version": FAKE_PULUMI_VERSION,
          "preview-mode": "pulumi",
        },
        apiUrl: started.standIn.url,
        env: { ...started.pulumi.env(), COGNITO_ACTION_LOCK_RETRY_SECONDS: "none" },
      });

      expect(run.code).toBe(1);
      expect(run.outputs["failure-reason"]).toBe("locked");
      expect(started.pulumi.operations()).toEqual([`preview ${STACKS.production}`]);
      const writes = commentWrites(started.standIn.requests);
      expect(writes).toHaveLength(1);
      expect(bodyOf(writes[0]!)).toContain(holder);
      expect(run.summary).toContain(holder);
    },
    RUN_TIMEOUT,
  );

  // Stand-in: a scripted update failure of one stack among three, which the real provider is not made to
  // produce here.
  it(
    "applies the other stacks when one stack's update fails, and reports all three",
    async () => {
      const { before, after } = pushed({
        "examples/production.yaml": edit(example("production"), "minimumLength: 12", "minimumLength: 14"),
        "examples/hosted-ui.yaml": edit(example("hosted-ui"), "minimumLength: 10", "minimumLength: 12"),
        "examples/quick-start.yaml": edit(
          example("quick-start"),
          "  autoVerifiedAttributes:",
          "  passwordPolicy:\n    minimumLength: 10\n  autoVerifiedAttributes:",
        ),
      });
      const failure =
        "updating Cognito User Pool (webapp-auth): operation error: ThrottlingException: Rate exceeded";
      const run = await applyPush(before, after, {
        [STACKS.production]: {
          previewEvents: [poolUpdate("prod-auth")],
          outputs: { user_pool_id: "us-east-1_Prod" },
        },
        [STACKS.hostedUi]: { previewEvents: [poolUpdate("webapp-auth")], failUp: failure },
        [STACKS.quickStart]: {
          previewEvents: [poolUpdate("my-auth"), resourceStep("same", CLIENT, "my-auth-web-app")],
          outputs: { user_pool_id: "us-east-1_Dev" },
        },
      });

      expect(run.code).toBe(1);
      expect(run.outputs["failure-reason"]).toBe("apply-failed");
      const operations = started.pulumi!.operations();
      for (const stack of [STACKS.production, STACKS.hostedUi, STACKS.quickStart]) {
        expect(operations).toContain(`preview ${stack}`);
        expect(operations).toContain(`up ${stack}`);
        expect(operations.indexOf(`preview ${stack}`)).toBeLessThan(operations.indexOf(`up ${stack}`));
      }
      expect(operations).toHaveLength(6);

      const comment = mergedPullRequestComment();
      const rows = comment.split("\n").filter((line) => /^\| <code>[a-z-]+<\/code> \|/.test(line));
      expect(rows).toHaveLength(3);
      const row = (name: string) => rows.find((line) => line.startsWith(`| <code>${name}</code> |`)) ?? "";
      expect(row("prod-auth")).toContain("✅ applied");
      expect(row("my-auth")).toContain("✅ applied");
      expect(row("webapp-auth")).toContain("❌ failed");
      expect(row("webapp-auth")).toContain(`error: ${failure}`);
      expect(comment).toContain("❌ 1 stack failed");
      expect(comment).toContain("✅ 2 stacks applied");

      expect(JSON.parse(run.outputs["stack-outputs"]!)).toEqual({
        "prod-auth": { user_pool_id: "us-east-1_Prod" },
        "my-auth": { user_pool_id: "us-east-1_Dev" },
      });
      const error = workflowCommands(run.stdout, "error").find((command) => !command.properties.file);
      expect(error?.message).toContain("1 of 3 stacks did not apply");
      // Every stack's Pulumi workspace is removed, the failed one's too.
      expect(readdirSync(temporaryDirectory())).toEqual([]);
    },
    RUN_TIMEOUT,
  );
});

describe("the engine as it really behaves", () => {
  const PASSWORD_CHANGE = {
    "examples/production.yaml": edit(example("production"), "minimumLength: 12", "minimumLength: 14"),
  };

  // Stand-in: a lost event stream, which the real CLI cannot be made to lose here.
  it(
    "refuses to apply a stack whose preview lost its event stream: plan-failed, never 'no changes'",
    async () => {
      const { before, after } = pushed(PASSWORD_CHANGE);
      const run = await applyPush(before, after, {
        [STACKS.production]: { previewEvents: [poolUpdate("prod-auth")], eventStream: "lost" },
      });

      expect(run.code).toBe(1);
      expect(run.outputs["failure-reason"]).toBe("plan-failed");
      expect(started.pulumi!.operations()).toEqual([`preview ${STACKS.production}`]);
      const comment = mergedPullRequestComment();
      expect(comment).toContain("ended without their summary");
      expect(comment).not.toContain("No changes");
    },
    RUN_TIMEOUT,
  );

  // Stand-in: the real suite's CLIs live in a bin/ folder only.
  it(
    "runs a pulumi found on PATH in the tool cache's layout, without a bin/ folder",
    async () => {
      const { before, after } = pushed(PASSWORD_CHANGE);
      const run = await applyPush(
        before,
        after,
        { [STACKS.production]: { previewEvents: [poolUpdate("prod-auth")] } },
        { layout: "tool-cache" },
      );

      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(started.pulumi!.operations()).toEqual([
        `preview ${STACKS.production}`,
        `up ${STACKS.production}`,
      ]);
    },
    RUN_TIMEOUT,
  );

  // Stand-in: the real suite has no protected (deletionProtection) pool yet.
  it(
    "shows a protected pool's replacement with the field that forces it, and applies nothing",
    async () => {
      const { before, after } = pushed(REPLACING_CHANGE);
      const protectedReplacement = poolReplacement({ protect: true, deletionProtection: "ACTIVE" });
      const run = await applyPush(
        before,
        after,
        {
          [STACKS.production]: {
            previewEvents: [
              {
                diagnosticEvent: {
                  urn: "urn:pulumi:stack::project::aws:cognito/userPool:UserPool::prod-auth",
                  severity: "error",
                  color: "raw",
                  message:
                    'unable to replace resource "urn:pulumi:stack::project::aws:cognito/userPool:UserPool::prod-auth"\nas it is currently marked for protection. To unprotect the resource, remove the `protect` flag from the resource in your Pulumi program and run `pulumi up`\n',
                },
              },
              ...protectedReplacement,
            ],
            failPreview: "preview failed",
          },
        },
        { inputs: { "allow-replace": "true" } },
      );

      expect(run.code).toBe(1);
      expect(run.outputs["failure-reason"]).toBe("plan-failed");
      expect(started.pulumi!.operations()).toEqual([`preview ${STACKS.production}`]);
      const comment = mergedPullRequestComment();
      expect(comment).toContain("currently marked for protection");
      expect(comment).toContain("not applied: the engine's preview failed");
    },
    RUN_TIMEOUT,
  );
});
