import { describe, expect, it } from "vitest";
import { lockRetryDelays } from "../src/adapters/actions-runner.ts";

describe("COGNITO_ACTION_LOCK_RETRY_SECONDS", () => {
  const warnings: string[] = [];
  const read = (value: string | undefined) => lockRetryDelays(value, (message) => warnings.push(message));

  it("leaves the engine's default waits when unset or empty", () => {
    expect(read(undefined)).toBeUndefined();
    expect(read("  ")).toBeUndefined();
  });

  it("reads comma-separated seconds as milliseconds, and none as no retry", () => {
    expect(read("0,0")).toEqual([0, 0]);
    expect(read("5, 10")).toEqual([5_000, 10_000]);
    expect(read("none")).toEqual([]);
  });

  it("warns and keeps the defaults for anything else", () => {
    warnings.length = 0;
    expect(read("soon")).toBeUndefined();
    expect(read("5,,10")).toBeUndefined();
    expect(read("-1")).toBeUndefined();
    expect(warnings).toHaveLength(3);
    expect(warnings[0]).toContain("comma-separated seconds");
  });
});
