import { describe, expect, it } from "vitest";
import { ActionFailure, ContextError, InputsError } from "../src/run/errors.ts";
import { fail } from "../src/run/fail.ts";
import type { FailureSink } from "../src/run/fail.ts";

function recordingSink() {
  const calls: { method: keyof FailureSink; args: string[] }[] = [];
  const sink: FailureSink = {
    setFailed: (message) => calls.push({ method: "setFailed", args: [message] }),
    setOutput: (name, value) => calls.push({ method: "setOutput", args: [name, value] }),
    debug: (message) => calls.push({ method: "debug", args: [message] }),
  };
  return { calls, sink };
}

describe("fail", () => {
  it("sets the failure-reason output and fails with the message of an ActionFailure", () => {
    const { calls, sink } = recordingSink();
    fail(new ActionFailure("replacement-blocked", "Refused before any change was made"), sink);
    expect(calls).toEqual([
      { method: "setOutput", args: ["failure-reason", "replacement-blocked"] },
      { method: "setFailed", args: ["Refused before any change was made"] },
    ]);
  });

  it("lists every problem of an InputsError, with no stack trace", () => {
    const { calls, sink } = recordingSink();
    fail(
      new InputsError([
        'command must be one of auto, validate, preview, apply, destroy, not "deploy"',
        "parallel must be at least 1",
      ]),
      sink,
    );
    expect(calls).toEqual([
      {
        method: "setFailed",
        args: [
          'invalid inputs:\n  - command must be one of auto, validate, preview, apply, destroy, not "deploy"\n  - parallel must be at least 1',
        ],
      },
    ]);
  });

  it("fails with a ContextError's message alone", () => {
    const { calls, sink } = recordingSink();
    fail(new ContextError("GITHUB_REPOSITORY is not set; the action must run in a GitHub Actions job"), sink);
    expect(calls).toEqual([
      {
        method: "setFailed",
        args: ["GITHUB_REPOSITORY is not set; the action must run in a GitHub Actions job"],
      },
    ]);
  });

  it("reports an unexpected error as such, with the stack only in the debug log", () => {
    const { calls, sink } = recordingSink();
    const error = new TypeError("Cannot read properties of undefined (reading 'stack')");
    fail(error, sink);
    expect(calls).toEqual([
      { method: "debug", args: [error.stack!] },
      { method: "setOutput", args: ["failure-reason", "internal"] },
      {
        method: "setFailed",
        args: ["cognito-action failed unexpectedly: Cannot read properties of undefined (reading 'stack')"],
      },
    ]);
    const failed = calls.find((call) => call.method === "setFailed")!.args[0]!;
    expect(failed).not.toContain("    at ");
  });

  it("reports a thrown non-Error value", () => {
    const { calls, sink } = recordingSink();
    fail("a string was thrown", sink);
    expect(calls).toEqual([
      { method: "setOutput", args: ["failure-reason", "internal"] },
      { method: "setFailed", args: ["cognito-action failed unexpectedly: a string was thrown"] },
    ]);
  });

  it("puts the stack of an internal failure's cause in the debug log only", () => {
    const { calls, sink } = recordingSink();
    const cause = new Error("connect ECONNRESET");
    fail(
      new ActionFailure("internal", "cognito-action failed unexpectedly: connect ECONNRESET", { cause }),
      sink,
    );
    expect(calls).toEqual([
      { method: "debug", args: [cause.stack!] },
      { method: "setOutput", args: ["failure-reason", "internal"] },
      { method: "setFailed", args: ["cognito-action failed unexpectedly: connect ECONNRESET"] },
    ]);
  });
});
