// The Pulumi CLI for engine runs: the one on PATH when it satisfies the requested version, else a cached
// copy, else the release downloaded, checked against its published SHA-256 checksums, and cached.
import { createHash } from "node:crypto";
import { execFile } from "node:child_process";
import { createReadStream } from "node:fs";
import { mkdir, readdir, rename } from "node:fs/promises";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import semver from "semver";

/** The parts of @actions/tool-cache the installer uses (a fake in tests). */
export interface ToolCache {
  find(toolName: string, versionSpec: string, arch?: string): string;
  downloadTool(url: string): Promise<string>;
  extractTar(file: string, dest?: string): Promise<string>;
  extractZip(file: string, dest?: string): Promise<string>;
  cacheDir(sourceDir: string, tool: string, version: string, arch?: string): Promise<string>;
}

export interface PulumiCliRequest {
  /** A version or a semver range (the pulumi-version input). */
  versionSpec: string;
  /** Where releases are downloaded from: github.com/pulumi/pulumi/releases/download, or a mirror. */
  releasesUrl: string;
  platform: NodeJS.Platform;
  arch: string;
  /** The `pulumi` found on PATH, if any. */
  pathBinary: string | undefined;
  log(message: string): void;
}

/** The release archive's name for a platform, as Pulumi publishes it. */
export function releaseArchiveName(version: string, platform: NodeJS.Platform, arch: string): string {
  const os = platform === "win32" ? "windows" : platform === "darwin" ? "darwin" : "linux";
  const cpu = arch === "arm64" ? "arm64" : "x64";
  return `pulumi-v${version}-${os}-${cpu}.${platform === "win32" ? "zip" : "tar.gz"}`;
}

/** The SHA-256 of `archive` listed in a checksums file (`<sha256>  <file name>` per line). */
export function expectedChecksum(checksums: string, archive: string): string | undefined {
  for (const line of checksums.split(/\r?\n/)) {
    const [sum, name] = line.trim().split(/\s+\*?/);
    if (name === archive && sum && /^[0-9a-f]{64}$/i.test(sum)) return sum.toLowerCase();
  }
  return undefined;
}

/** A downloaded release did not match its published checksum, or none was published for it. */
export class ChecksumError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ChecksumError";
  }
}

/** Returns the CLI's root directory (its bin/ holds `pulumi`), installing the release when needed. */
export async function ensurePulumiCli(
  request: PulumiCliRequest,
  cache: ToolCache,
  readText: (path: string) => Promise<string>,
): Promise<string> {
  const { versionSpec } = request;
  const log = (message: string) => request.log(message);
  if (request.pathBinary) {
    const version = await binaryVersion(request.pathBinary);
    if (version && semver.satisfies(version, versionSpec)) {
      log(`Using pulumi ${version} from PATH`);
      return dirname(dirname(request.pathBinary));
    }
  }
  const cached = cache.find("pulumi", versionSpec, request.arch);
  if (cached) {
    log(`Using cached pulumi from ${cached}`);
    return cached;
  }
  // A range is resolved to its lowest release: reproducible without asking a server what is newest.
  const version = semver.valid(versionSpec) ?? semver.minVersion(versionSpec)?.version;
  if (!version) throw new Error(`pulumi-version ${JSON.stringify(versionSpec)} names no release`);
  const archiveName = releaseArchiveName(version, request.platform, request.arch);
  const base = `${request.releasesUrl.replace(/\/+$/, "")}/v${version}`;
  log(`Downloading ${archiveName}`);
  const checksums = await readText(await cache.downloadTool(`${base}/pulumi-${version}-checksums.txt`));
  const expected = expectedChecksum(checksums, archiveName);
  if (!expected)
    throw new ChecksumError(
      `the checksums of pulumi ${version} do not list ${archiveName}; refusing to install an unverified binary`,
    );
  const archive = await cache.downloadTool(`${base}/${archiveName}`);
  const actual = await sha256File(archive);
  if (actual !== expected)
    throw new ChecksumError(
      `${archiveName} has SHA-256 ${actual}, but its release lists ${expected}; refusing to install it`,
    );
  const extracted = archiveName.endsWith(".zip")
    ? await cache.extractZip(archive)
    : await cache.extractTar(archive);
  return cache.cacheDir(await cliRoot(extracted, archiveName), "pulumi", version, request.arch);
}

/**
 * The Automation API runs <root>/bin/pulumi. The Linux and macOS archives hold the binaries directly in
 * pulumi/; the Windows one already has pulumi/bin/.
 */
async function cliRoot(extracted: string, archiveName: string): Promise<string> {
  const inner = join(extracted, "pulumi");
  const entries = await readdir(inner).catch(() => undefined);
  if (!entries) throw new Error(`${archiveName} has no pulumi/ directory; it is not a Pulumi release`);
  if (entries.includes("bin")) return inner;
  const root = join(extracted, "root");
  await mkdir(root, { recursive: true });
  await rename(inner, join(root, "bin"));
  return root;
}

async function binaryVersion(binary: string): Promise<string | undefined> {
  try {
    const { stdout } = await promisify(execFile)(binary, ["version"], { encoding: "utf8" });
    return semver.clean(stdout.trim()) ?? undefined;
  } catch {
    return undefined;
  }
}

function sha256File(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash("sha256");
    createReadStream(path)
      .on("data", (chunk) => hash.update(chunk))
      .on("error", reject)
      .on("end", () => resolve(hash.digest("hex")));
  });
}
