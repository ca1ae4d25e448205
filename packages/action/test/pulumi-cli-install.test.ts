// The Pulumi CLI installer against a release served from 127.0.0.1, with the real tool cache: what the
// action does on a runner without a suitable `pulumi`, minus the internet.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import * as toolCache from "@actions/tool-cache";
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from "vitest";
import {
  ChecksumError,
  ensurePulumiCli,
  PulumiVersionError,
  releaseArchiveName,
} from "../src/adapters/pulumi-cli.ts";

const VERSION = "3.200.0";
const ARCHIVE = releaseArchiveName(VERSION, "linux", "x64");

let scratch: string;
let server: Server;
let releasesUrl: string;
const served = new Map<string, Buffer>();
const requested: string[] = [];

/** A release archive as Pulumi publishes it: a pulumi/ directory holding the binaries. */
function releaseArchive(version: string): Buffer {
  const root = mkdtempSync(join(tmpdir(), "pulumi-release-"));
  mkdirSync(join(root, "pulumi"));
  writeFileSync(join(root, "pulumi", "pulumi"), `#!/bin/sh\necho v${version}\n`);
  chmodSync(join(root, "pulumi", "pulumi"), 0o755);
  writeFileSync(join(root, "pulumi", "pulumi-language-nodejs"), "#!/bin/sh\n");
  execFileSync("tar", ["-czf", join(root, "release.tar.gz"), "-C", root, "pulumi"]);
  const archive = readFileSync(join(root, "release.tar.gz"));
  rmSync(root, { recursive: true, force: true });
  return archive;
}

function serve(version: string, archive: Buffer, checksums: string): void {
  served.set(`/v${version}/${ARCHIVE}`, archive);
  served.set(`/v${version}/pulumi-${version}-checksums.txt`, Buffer.from(checksums));
}

const sha256 = (data: Buffer) => createHash("sha256").update(data).digest("hex");

beforeAll(async () => {
  server = createServer((request, response) => {
    requested.push(request.url ?? "");
    const body = served.get(request.url ?? "");
    response.writeHead(body ? 200 : 404);
    response.end(body ?? "not found");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  releasesUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  // The tool cache talks to the runner on stdout (`::debug::` commands, the tar command line): kept out of
  // the test log, and shown only for a test that fails.
  const write = process.stdout.write.bind(process.stdout);
  const captured: string[] = [];
  process.stdout.write = (chunk: string | Uint8Array) => {
    captured.push(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
    return true;
  };
  onTestFailed(() => {
    write(captured.join(""));
  });
  scratch = mkdtempSync(join(tmpdir(), "pulumi-cli-install-"));
  // The tool cache reads these on every call, as on a runner.
  process.env.RUNNER_TOOL_CACHE = join(scratch, "tool-cache");
  process.env.RUNNER_TEMP = join(scratch, "temp");
  served.clear();
  requested.length = 0;
  return () => {
    process.stdout.write = write;
    rmSync(scratch, { recursive: true, force: true });
  };
});

const request = (overrides: { versionSpec?: string; pathBinary?: string } = {}) => ({
  versionSpec: overrides.versionSpec ?? VERSION,
  releasesUrl,
  platform: "linux" as const,
  arch: "x64",
  pathBinary: overrides.pathBinary,
  log: () => {},
});

const readText = (path: string) => readFile(path, "utf8");

describe("ensurePulumiCli", () => {
  it("downloads the release, checks it against the published checksums, and caches <root>/bin/pulumi", async () => {
    const archive = releaseArchive(VERSION);
    serve(
      VERSION,
      archive,
      `${sha256(Buffer.from("other"))}  pulumi-v${VERSION}-darwin-arm64.tar.gz\n${sha256(archive)}  ${ARCHIVE}\n`,
    );
    const root = await ensurePulumiCli(request(), toolCache, readText);
    expect(root.startsWith(process.env.RUNNER_TOOL_CACHE!)).toBe(true);
    expect(execFileSync(join(root, "bin", "pulumi"), { encoding: "utf8" }).trim()).toBe(`v${VERSION}`);
    expect(existsSync(join(root, "bin", "pulumi-language-nodejs"))).toBe(true);
    expect(requested).toEqual([`/v${VERSION}/pulumi-${VERSION}-checksums.txt`, `/v${VERSION}/${ARCHIVE}`]);

    // The next run on this runner finds the cached copy and downloads nothing.
    requested.length = 0;
    expect(await ensurePulumiCli(request(), toolCache, readText)).toBe(root);
    expect(requested).toEqual([]);
  });

  it("refuses an archive whose SHA-256 is not the published one, and caches nothing", async () => {
    const archive = releaseArchive(VERSION);
    serve(VERSION, archive, `${sha256(Buffer.from("tampered"))}  ${ARCHIVE}\n`);
    await expect(ensurePulumiCli(request(), toolCache, readText)).rejects.toThrow(ChecksumError);
    await expect(ensurePulumiCli(request(), toolCache, readText)).rejects.toThrow(/refusing to install it/);
    expect(toolCache.find("pulumi", VERSION, "x64")).toBe("");
  });

  it("refuses a release whose checksums do not list the archive", async () => {
    serve(
      VERSION,
      releaseArchive(VERSION),
      `${sha256(Buffer.from("x"))}  pulumi-v${VERSION}-windows-x64.zip\n`,
    );
    await expect(ensurePulumiCli(request(), toolCache, readText)).rejects.toThrow(
      /do not list .*refusing to install an unverified binary/,
    );
  });

  it("uses a pulumi on PATH that satisfies the version, without downloading", async () => {
    const bin = join(scratch, "usr", "bin");
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(bin, "pulumi"), "#!/bin/sh\necho v3.210.4\n");
    chmodSync(join(bin, "pulumi"), 0o755);
    const root = await ensurePulumiCli(
      request({ versionSpec: ">=3.200.0 <4", pathBinary: join(bin, "pulumi") }),
      toolCache,
      readText,
    );
    expect(root).toBe(join(scratch, "usr"));
    expect(requested).toEqual([]);
  });

  it("resolves a range to its highest release in the releases list, ignoring the too-old PATH copy", async () => {
    const bin = join(scratch, "usr", "bin");
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(bin, "pulumi"), "#!/bin/sh\necho v3.100.0\n");
    chmodSync(join(bin, "pulumi"), 0o755);
    const newest = "3.210.0";
    const archive = releaseArchive(newest);
    const archiveName = releaseArchiveName(newest, "linux", "x64");
    served.set(`/v${newest}/${archiveName}`, archive);
    served.set(
      `/v${newest}/pulumi-${newest}-checksums.txt`,
      Buffer.from(`${sha256(archive)}  ${archiveName}\n`),
    );
    served.set(
      "/versions.json",
      Buffer.from(JSON.stringify(releaseList(["4.0.0", newest, "3.205.0", VERSION]))),
    );
    const root = await ensurePulumiCli(
      {
        ...request({ versionSpec: `^${VERSION}`, pathBinary: join(bin, "pulumi") }),
        versionsUrl: `${releasesUrl}/versions.json`,
      },
      toolCache,
      readText,
    );
    expect(execFileSync(join(root, "bin", "pulumi"), { encoding: "utf8" }).trim()).toBe(`v${newest}`);
    expect(requested).toEqual([
      "/versions.json",
      `/v${newest}/pulumi-${newest}-checksums.txt`,
      `/v${newest}/${archiveName}`,
    ]);
  });

  it("refuses a range when no releases list can resolve it, asking for an exact version", async () => {
    await expect(ensurePulumiCli(request({ versionSpec: "^3" }), toolCache, readText)).rejects.toThrow(
      /pulumi-version "\^3" is a range and no releases list is configured to resolve it; set an exact version such as 3\.252\.0/,
    );
    await expect(
      ensurePulumiCli(
        { ...request({ versionSpec: "^3" }), versionsUrl: `${releasesUrl}/missing.json` },
        toolCache,
        readText,
      ),
    ).rejects.toThrow(/is a range and the releases list could not be read .*set an exact version/);
  });

  it("refuses a range that no listed release satisfies", async () => {
    served.set("/versions.json", Buffer.from(JSON.stringify(releaseList([VERSION]))));
    await expect(
      ensurePulumiCli(
        { ...request({ versionSpec: "^4" }), versionsUrl: `${releasesUrl}/versions.json` },
        toolCache,
        readText,
      ),
    ).rejects.toThrow(PulumiVersionError);
  });

  it("refuses a version too old for inline programs before downloading anything", async () => {
    await expect(ensurePulumiCli(request({ versionSpec: "3.0.0" }), toolCache, readText)).rejects.toThrow(
      /destroy and refresh need 3\.181\.0 or later/,
    );
    expect(requested).toEqual([]);
  });
});

describe("a pulumi on PATH in any layout", () => {
  const fakeBinary = (path: string, version: string) => {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `#!/bin/sh\necho v${version}\n`);
    chmodSync(path, 0o755);
    return path;
  };

  it("uses the tool cache's layout (<tool-cache>/pulumi/<ver>/<arch>/pulumi, no bin/)", async () => {
    const binary = fakeBinary(join(scratch, "hosted", "pulumi", "3.210.4", "x64", "pulumi"), "3.210.4");
    const root = await ensurePulumiCli(
      request({ versionSpec: "3.210.4", pathBinary: binary }),
      toolCache,
      readText,
    );
    expect(execFileSync(join(root, "bin", "pulumi"), { encoding: "utf8" }).trim()).toBe("v3.210.4");
    expect(requested).toEqual([]);
  });

  it("uses the installer's layout (~/.pulumi/bin/pulumi) as it is", async () => {
    const binary = fakeBinary(join(scratch, "home", ".pulumi", "bin", "pulumi"), "3.210.4");
    const root = await ensurePulumiCli(
      request({ versionSpec: "3.210.4", pathBinary: binary }),
      toolCache,
      readText,
    );
    expect(root).toBe(join(scratch, "home", ".pulumi"));
  });

  it("follows a symlink on PATH to the binary it names", async () => {
    const binary = fakeBinary(join(scratch, "opt", "pulumi-3.210.4", "pulumi"), "3.210.4");
    mkdirSync(join(scratch, "usr", "local", "bin"), { recursive: true });
    const link = join(scratch, "usr", "local", "bin", "pulumi");
    symlinkSync(binary, link);
    const root = await ensurePulumiCli(
      request({ versionSpec: "3.210.4", pathBinary: link }),
      toolCache,
      readText,
    );
    expect(realpathSync(join(root, "bin", "pulumi"))).toBe(realpathSync(binary));
    expect(execFileSync(join(root, "bin", "pulumi"), { encoding: "utf8" }).trim()).toBe("v3.210.4");
  });
});

/** Pulumi's versions list (pulumi/docs data/versions.json), for releases served here. */
function releaseList(versions: readonly string[]) {
  return versions.map((version, index) => ({
    version: `v${version}`,
    date: "2026-11-01T00:00:00Z",
    downloads: Object.fromEntries(
      ["linux-x64", "linux-arm64", "darwin-x64", "darwin-arm64", "windows-x64", "windows-arm64"].map(
        (key) => [
          key,
          `${releasesUrl}/v${version}/pulumi-v${version}-${key}.${key.startsWith("windows") ? "zip" : "tar.gz"}`,
        ],
      ),
    ),
    checksums: `${releasesUrl}/v${version}/pulumi-${version}-checksums.txt`,
    latest: index === 0,
  }));
}
