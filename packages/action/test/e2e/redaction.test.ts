// Stand-in engine: scripted secrets in engine output, checked everywhere the action writes.
// Secrets in what the bundled action writes: a stack's secrets read through valueFrom are registered before
// the engine runs, and neither they (short ones and lines of multi-line ones included, in any encoding) nor
// the job's credentials reach the comment, the summary, the log or an output.
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { TestRepository } from "./harness.ts";
import {
  bodyOf,
  commentWrites,
  edit,
  example,
  FakePulumi,
  RUN_TIMEOUT,
  STACKS,
  startedPerTest,
  runPush,
} from "./scenario.ts";

const MERGED_PULL_REQUEST = 7;
const HOOK_STACK = "organization/functions/dev.AwsLambda.sign-up-hook";
const SHORT_SECRET = "x9z";
const LONG_SECRET = "hook-signing-secret-4242";
const KEY_LINE = "MIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu";
const MULTI_LINE_SECRET = `-----BEGIN RSA PRIVATE KEY-----\n${KEY_LINE}\n-----END RSA PRIVATE KEY-----`;

const started = startedPerTest();

const HOOK = stringify({
  apiVersion: "aws.openmcf.org/v1",
  kind: "AwsLambda",
  metadata: {
    name: "sign-up-hook",
    labels: {
      "pulumi.openmcf.org/organization": "my-org",
      "pulumi.openmcf.org/project": "functions",
      "pulumi.openmcf.org/stack.name": "dev.AwsLambda.sign-up-hook",
    },
  },
  spec: {},
});

/** The quick-start pool with its pre-sign-up trigger read from the hook's stack. */
const HOOKED_POOL = edit(
  example("quick-start"),
  "  clients:",
  "  lambdaConfig:\n    preSignUp:\n      valueFrom:\n        kind: AwsLambda\n        name: sign-up-hook\n  clients:",
);

describe("secrets in what the action writes", () => {
  it(
    "redacts the secrets of a stack read through valueFrom, registered before the engine ran, wherever they are quoted",
    async () => {
      started.repository = new TestRepository();
      const before = started.repository.commit(
        { "cognito/pool.yaml": example("quick-start"), "functions/hook.yaml": HOOK },
        "main",
      );
      const after = started.repository.commit({ "cognito/pool.yaml": HOOKED_POOL }, "Merge pull request #7");
      // The engine's failure quotes the hook's secrets: whole, JSON-escaped, URL-encoded, one line of the key.
      const quoted = [
        `short ${SHORT_SECRET}`,
        `json ${JSON.stringify({ key: `${LONG_SECRET}/v1` })}`,
        `url https://hooks.example.com/?k=${encodeURIComponent(`${LONG_SECRET}/v1`)}`,
        `key line ${KEY_LINE}`,
      ].join("; ");
      started.pulumi = new FakePulumi({
        [HOOK_STACK]: { secretOutputs: ["signing"] },
        [STACKS.quickStart]: { failPreview: `the pre-sign-up trigger rejected the request: ${quoted}` },
      });
      started.pulumi.setState({
        [HOOK_STACK]: {
          function_arn: "arn:aws:lambda:us-east-1:123456789012:function:sign-up-hook",
          signing: { short: SHORT_SECRET, long: `${LONG_SECRET}/v1`, key: MULTI_LINE_SECRET },
        },
      });
      const run = await runPush(started, {
        before,
        after,
        pulls: [{ number: MERGED_PULL_REQUEST, merged_at: "2026-11-26T09:00:00Z" }],
      });

      expect(run.code).toBe(1);
      expect(run.outputs["failure-reason"]).toBe("plan-failed");
      // The hook's outputs were read, and masked, before the engine's preview ran.
      const invocations = started.pulumi.invocations();
      const hookRead = invocations.findIndex(
        (args) => args[0] === "stack" && args[1] === "output" && args.includes(HOOK_STACK),
      );
      expect(hookRead).toBeGreaterThanOrEqual(0);
      expect(hookRead).toBeLessThan(invocations.findIndex((args) => args[0] === "preview"));
      const stdout = run.stdout
        .split("\n")
        .filter((line) => !line.startsWith("::add-mask::"))
        .join("\n");
      expect(run.stdout).toContain(`::add-mask::${SHORT_SECRET}`);
      const comment = bodyOf(commentWrites(started.standIn!.requests)[0]!);
      // The redaction, as the report escapes it (an asterisk before a letter or a semicolon as an entity).
      expect(comment).toMatch(/the pre-sign-up trigger rejected the request: short \*\*(\*|&#42;); json/);
      for (const [where, text] of Object.entries({
        comment,
        summary: run.summary,
        log: stdout,
        outputs: JSON.stringify(run.outputs),
      })) {
        for (const secret of [SHORT_SECRET, LONG_SECRET, KEY_LINE, encodeURIComponent(`${LONG_SECRET}/v1`)])
          expect(text, `${where} carries ${secret}`).not.toContain(secret);
      }
    },
    RUN_TIMEOUT,
  );
});
