import { describe, expect, it } from "vitest";
import {
  expectedChecksum,
  highestMatchingRelease,
  parseReleaseList,
  releaseArchiveName,
} from "../src/adapters/pulumi-cli.ts";

describe("releaseArchiveName", () => {
  it.each([
    ["linux", "x64", "pulumi-v3.248.0-linux-x64.tar.gz"],
    ["linux", "arm64", "pulumi-v3.248.0-linux-arm64.tar.gz"],
    ["darwin", "x64", "pulumi-v3.248.0-darwin-x64.tar.gz"],
    ["darwin", "arm64", "pulumi-v3.248.0-darwin-arm64.tar.gz"],
    ["win32", "x64", "pulumi-v3.248.0-windows-x64.zip"],
    ["win32", "arm64", "pulumi-v3.248.0-windows-arm64.zip"],
  ] as const)("names the %s %s archive", (platform, arch, expected) => {
    expect(releaseArchiveName("3.248.0", platform, arch)).toBe(expected);
  });
});

describe("expectedChecksum", () => {
  const linux = "0123456789abcdef".repeat(4);
  const darwin = "FEDCBA9876543210".repeat(4);
  const checksums = [
    `${linux}  pulumi-v3.248.0-linux-x64.tar.gz`,
    `${darwin} *pulumi-v3.248.0-darwin-arm64.tar.gz`,
    "not-a-sum  pulumi-v3.248.0-windows-x64.zip",
    "",
  ].join("\r\n");

  it("finds the sum of the archive", () => {
    expect(expectedChecksum(checksums, "pulumi-v3.248.0-linux-x64.tar.gz")).toBe(linux);
  });

  it("reads binary-mode entries and lower-cases the sum", () => {
    expect(expectedChecksum(checksums, "pulumi-v3.248.0-darwin-arm64.tar.gz")).toBe(darwin.toLowerCase());
  });

  it("is undefined for an archive that is not listed", () => {
    expect(expectedChecksum(checksums, "pulumi-v3.248.0-linux-arm64.tar.gz")).toBeUndefined();
  });

  it("is undefined for an entry whose sum is not SHA-256", () => {
    expect(expectedChecksum(checksums, "pulumi-v3.248.0-windows-x64.zip")).toBeUndefined();
  });

  it("does not match a name that only starts like the archive", () => {
    expect(
      expectedChecksum(`${linux}  pulumi-v3.248.0-linux-x64.tar.gz.sig`, "pulumi-v3.248.0-linux-x64.tar.gz"),
    ).toBeUndefined();
  });
});

describe("highestMatchingRelease", () => {
  const releases = ["v3.248.0", "v3.210.1", "v3.100.0", "v4.0.0-alpha.1", "v2.25.2"].map((version) => ({
    version,
  }));

  it.each([
    ["^3", "v3.248.0"],
    [">=3.200 <3.240", "v3.210.1"],
    ["~3.100.0", "v3.100.0"],
    ["3.x", "v3.248.0"],
  ])("resolves %s to its highest listed release", (range, expected) => {
    expect(highestMatchingRelease(range, releases)?.version).toBe(expected);
  });

  it("finds nothing for a range no release satisfies, and skips prereleases", () => {
    expect(highestMatchingRelease("^4", releases)).toBeUndefined();
  });
});

describe("parseReleaseList", () => {
  it("keeps the entries that name a version", () => {
    expect(
      parseReleaseList(JSON.stringify([{ version: "v3.248.0", checksums: "c" }, { date: "x" }, null])),
    ).toEqual([{ version: "v3.248.0", checksums: "c" }]);
  });

  it("refuses a list that is not a JSON array", () => {
    expect(() => parseReleaseList('{"version":"v3"}')).toThrow("the releases list is not a JSON array");
  });
});
