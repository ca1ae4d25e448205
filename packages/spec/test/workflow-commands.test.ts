// The runner-command neutraliser the action and the CLI share (its property tests against the runner's own
// parsing are in packages/action/test/log-safety.test.ts).
import { describe, expect, it } from "vitest";
import {
  isWorkflowCommandLine,
  neutraliseJsonWorkflowCommands,
  neutraliseWorkflowCommands,
} from "../src/workflow-commands.ts";

describe("neutraliseWorkflowCommands", () => {
  it("puts a backslash before a line that starts with :: and before the [ of ##[, and changes nothing else", () => {
    const text = "ok\n  ::stop-commands::x\r##[add-mask]y\r\nplain # text";
    const safe = neutraliseWorkflowCommands(text);
    expect(safe).toBe("ok\n\\  ::stop-commands::x\r##\\[add-mask]y\r\nplain # text");
    expect(safe.split(/\r\n|\r|\n/).filter(isWorkflowCommandLine)).toEqual([]);
  });
});

describe("neutraliseJsonWorkflowCommands", () => {
  it("leaves no command line in JSON and the same values for a parser", () => {
    const value = { label: "prod ##[stop-commands]x", other: "# [not one]", name: "::stop-commands::y" };
    const json = JSON.stringify(value, null, 2);
    expect(json.split("\n").some(isWorkflowCommandLine)).toBe(true);
    const safe = neutraliseJsonWorkflowCommands(json);
    expect(safe.split("\n").filter(isWorkflowCommandLine)).toEqual([]);
    expect(JSON.parse(safe)).toEqual(value);
  });

  it("leaves JSON with no command line as it is", () => {
    const json = JSON.stringify({ a: "# one", b: ["::x"] });
    expect(neutraliseJsonWorkflowCommands(json)).toBe(json);
  });
});
