// The provider plugin's diff rules (src/aws-provider/diff.ts), each with a case that diffs and one that does
// not: what the engine sees from pulumi-aws decides which steps the action reports and allows.
import { describe, expect, it } from "vitest";
import { diffProps, UNKNOWN } from "../src/aws-provider/diff.ts";
import type { Rules } from "../src/aws-provider/diff.ts";

const RULES: Rules = {
  name: { forceNew: true },
  passwordPolicy: { computed: true },
  deviceConfiguration: {},
  generateSecret: { forceNew: true },
  arn: { outputOnly: true },
};

describe("diffProps", () => {
  it("keeps an Optional+Computed field the program leaves out, and diffs one it changes", () => {
    const olds = { passwordPolicy: { minimumLength: 8 } };
    expect(diffProps(RULES, olds, {}).changes).toBe(false);
    const changed = diffProps(RULES, olds, { passwordPolicy: { minimumLength: 12 } });
    expect(changed.detailedDiff).toEqual({ passwordPolicy: { kind: "UPDATE" } });
    expect(changed.replaces).toEqual([]);
  });

  it("plans away an Optional field the program leaves out, and leaves an unset one alone", () => {
    expect(
      diffProps(RULES, { deviceConfiguration: { challengeRequiredOnNewDevice: true } }, {}).detailedDiff,
    ).toEqual({ deviceConfiguration: { kind: "DELETE" } });
    expect(diffProps(RULES, {}, {}).changes).toBe(false);
  });

  it("replaces on a ForceNew field, and not when it is unchanged", () => {
    const replaced = diffProps(RULES, { name: "a" }, { name: "b" });
    expect(replaced.replaces).toEqual(["name"]);
    expect(replaced.detailedDiff).toEqual({ name: { kind: "UPDATE_REPLACE" } });
    expect(diffProps(RULES, { name: "a" }, { name: "a" }).changes).toBe(false);
  });

  it("treats false as unset for terraform-plugin-sdk/v2 resources but not for framework ones", () => {
    expect(diffProps(RULES, {}, { generateSecret: false }).changes).toBe(false);
    expect(diffProps(RULES, {}, { generateSecret: false }, true).detailedDiff).toEqual({
      generateSecret: { kind: "ADD_REPLACE" },
    });
  });

  it("diffs a value not known until apply, and never an output-only attribute", () => {
    expect(diffProps(RULES, { name: "a" }, { name: UNKNOWN }).replaces).toEqual(["name"]);
    expect(diffProps(RULES, { arn: "x" }, { arn: "y" }).changes).toBe(false);
  });
});
