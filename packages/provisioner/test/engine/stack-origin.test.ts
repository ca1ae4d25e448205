// The origin a stack records in its tags, within what Pulumi Cloud accepts.
import { describe, expect, it } from "vitest";
import { ORIGIN_TAGS, originTags } from "@cognito-action/provisioner";
import type { StackOrigin } from "@cognito-action/provisioner";

const ORIGIN: StackOrigin = {
  repository: "acme/identity",
  scope: "manifests-0123456789ab",
  stack: "acme/platform/prod.AwsCognitoUserPool.prod-auth",
  manifest: "prod-auth",
  file: "cognito/prod.yaml",
  digest: "d".repeat(64),
  commit: "c".repeat(40),
};

describe("originTags", () => {
  it("records every field under its tag name, unchanged when short", () => {
    expect(originTags(ORIGIN)).toEqual({
      [ORIGIN_TAGS.repository]: "acme/identity",
      [ORIGIN_TAGS.scope]: ORIGIN.scope,
      [ORIGIN_TAGS.stack]: ORIGIN.stack,
      [ORIGIN_TAGS.manifest]: "prod-auth",
      [ORIGIN_TAGS.file]: "cognito/prod.yaml",
      [ORIGIN_TAGS.digest]: ORIGIN.digest,
      [ORIGIN_TAGS.commit]: ORIGIN.commit,
    });
  });

  // Pulumi Cloud refuses a tag value longer than 256 bytes (Go len, pkg/util/validation/stack.go
  // ValidateStackTags), though its message says characters: a path of non-ASCII names reaches it sooner.
  it("cuts a long value to 256 UTF-8 bytes, never inside a character", () => {
    const file = `équipes/${"é".repeat(150)}/prod.yaml`;
    const value = originTags({ ...ORIGIN, file })[ORIGIN_TAGS.file]!;
    expect(Buffer.byteLength(value, "utf8")).toBeLessThanOrEqual(256);
    expect(Buffer.byteLength(value, "utf8")).toBeGreaterThanOrEqual(255);
    expect(file.startsWith(value)).toBe(true);
    expect(value).not.toContain("\uFFFD");
  });

  it("keeps a four-byte character whole or leaves it out", () => {
    const value = originTags({ ...ORIGIN, file: `${"a".repeat(254)}😀b` })[ORIGIN_TAGS.file]!;
    expect(value).toBe("a".repeat(254));
  });
});
