// The Pulumi CLI for engine runs: the one on PATH when it satisfies the requested version, else a cached
// copy, else the release downloaded, checked against its published SHA-256 checksums, and cached. A range is
// resolved to its highest release in Pulumi's versions list, or refused.
import { createHash } from "node:crypto";
import { execFile } from "node:child_process";
import { createReadStream } from "node:fs";
import { mkdir, readdir, realpath, rename, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { promisify } from "node:util";
import semver from "semver";
import { MINIMUM_CLI_VERSION } from "@cognito-action/provisioner";

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
  /**
   * Pulumi's list of releases (pulumi/docs data/versions.json, what pulumi/actions reads), to resolve a range;
   * undefined: a range cannot be resolved and is refused.
   */
  versionsUrl?: string | undefined;
  log(message: string): void;
}

export { MINIMUM_CLI_VERSION };

/** One release in Pulumi's versions list. */
export interface ListedRelease {
  version: string;
  downloads?: Record<string, string> | undefined;
  checksums?: string | undefined;
}

/** A pulumi-version that cannot be installed as asked (a range that names no release, an old version). */
export class PulumiVersionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PulumiVersionError";
  }
}

/** The highest release in `releases` that satisfies `range`, or undefined. */
export function highestMatchingRelease(
  range: string,
  releases: readonly ListedRelease[],
): ListedRelease | undefined {
  const versions = releases.map((release) => semver.clean(release.version)).filter((v) => v !== null);
  const best = semver.maxSatisfying(versions, range);
  return best === null ? undefined : releases.find((release) => semver.clean(release.version) === best);
}

/** Reads Pulumi's versions list: an array of `{version, downloads, checksums}`. */
export function parseReleaseList(text: string): ListedRelease[] {
  const parsed = JSON.parse(text) as unknown;
  if (!Array.isArray(parsed)) throw new Error("the releases list is not a JSON array");
  return parsed.filter(
    (entry): entry is ListedRelease =>
      entry !== null && typeof entry === "object" && typeof (entry as ListedRelease).version === "string",
  );
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
  if (semver.validRange(versionSpec) === null)
    throw new PulumiVersionError(
      `pulumi-version ${JSON.stringify(versionSpec)} is neither a version nor a range; use an exact version such as 3.252.0`,
    );
  if (request.pathBinary) {
    const version = await binaryVersion(request.pathBinary);
    if (version && semver.satisfies(version, versionSpec) && semver.gte(version, MINIMUM_CLI_VERSION)) {
      log(`Using pulumi ${version} from PATH (${request.pathBinary})`);
      return rootOf(request.pathBinary);
    }
    if (version && semver.lt(version, MINIMUM_CLI_VERSION))
      log(`Not using pulumi ${version} from PATH: inline programs need ${MINIMUM_CLI_VERSION} or later`);
  }
  const exact = semver.valid(semver.clean(versionSpec) ?? "");
  const release = exact ? { version: exact } : await resolveRange(versionSpec, request, cache, readText);
  if (semver.lt(release.version, MINIMUM_CLI_VERSION))
    throw new PulumiVersionError(
      `pulumi ${release.version} cannot run this action's inline programs (destroy and refresh need ${MINIMUM_CLI_VERSION} or later); set pulumi-version to a later release`,
    );
  const version = release.version;
  const cached = cache.find("pulumi", version, request.arch);
  if (cached) {
    log(`Using cached pulumi ${version} from ${cached}`);
    return cached;
  }
  const archiveName = releaseArchiveName(version, request.platform, request.arch);
  const base = `${request.releasesUrl.replace(/\/+$/, "")}/v${version}`;
  const platformKey = archiveName.replace(`pulumi-v${version}-`, "").replace(/\.(tar\.gz|zip)$/, "");
  const checksumsUrl = release.checksums || `${base}/pulumi-${version}-checksums.txt`;
  const archiveUrl = release.downloads?.[platformKey] || `${base}/${archiveName}`;
  log(`Downloading ${archiveName}`);
  const checksums = await readText(await cache.downloadTool(checksumsUrl));
  const expected = expectedChecksum(checksums, archiveName);
  if (!expected)
    throw new ChecksumError(
      `the checksums of pulumi ${version} do not list ${archiveName}; refusing to install an unverified binary`,
    );
  const archive = await cache.downloadTool(archiveUrl);
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

/** A range's highest release in Pulumi's versions list; refused when the list cannot say. */
async function resolveRange(
  range: string,
  request: PulumiCliRequest,
  cache: ToolCache,
  readText: (path: string) => Promise<string>,
): Promise<ListedRelease & { version: string }> {
  const refuse = (why: string) =>
    new PulumiVersionError(
      `pulumi-version ${JSON.stringify(range)} is a range and ${why}; set an exact version such as 3.252.0`,
    );
  if (!request.versionsUrl) throw refuse("no releases list is configured to resolve it");
  let releases: ListedRelease[];
  try {
    releases = parseReleaseList(await readText(await cache.downloadTool(request.versionsUrl)));
  } catch (error) {
    throw refuse(
      `the releases list could not be read (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  const best = highestMatchingRelease(range, releases);
  if (!best) throw refuse("no release in the releases list satisfies it");
  const version = semver.clean(best.version)!;
  request.log(`pulumi-version ${range} resolves to ${version}, its highest release`);
  return { ...best, version };
}

/**
 * The root the Automation API needs (it runs <root>/bin/pulumi) for a binary in any layout: the installer's
 * and Homebrew's `…/bin/pulumi` (a link there is run as it is), the tool cache's
 * `<tool-cache>/pulumi/<ver>/<arch>/pulumi`, or a symlink to either. Without a bin/ folder, a root in the
 * runner's temporary folder (emptied after the job) links bin/pulumi to the binary itself.
 */
export async function rootOf(
  binary: string,
  temporary = process.env.RUNNER_TEMP || tmpdir(),
): Promise<string> {
  const inBin = (path: string) =>
    basename(dirname(path)) === "bin" && basename(path).replace(/\.exe$/i, "") === "pulumi";
  if (inBin(binary)) return dirname(dirname(binary));
  const real = await realpath(binary);
  if (inBin(real)) return dirname(dirname(real));
  const name = real.toLowerCase().endsWith(".exe") ? "pulumi.exe" : "pulumi";
  const root = join(
    temporary,
    `cognito-action-pulumi-${createHash("sha256").update(real).digest("hex").slice(0, 12)}`,
  );
  const link = join(root, "bin", name);
  if ((await realpath(link).catch(() => undefined)) === real) return root;
  await mkdir(join(root, "bin"), { recursive: true });
  await rm(link, { force: true });
  await symlink(real, link);
  return root;
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
