// The real world, for the entry point: @actions/core as the Runner, octokit, git, and the Pulumi engine with
// its CLI from the tool cache.
import { readFileSync, accessSync, constants, createWriteStream } from "node:fs";
import { readFile, mkdir } from "node:fs/promises";
import { delimiter, join } from "node:path";
import * as core from "@actions/core";
import type { Git } from "@cognito-action/provisioner";
import { tmpdir } from "node:os";
import type { FailureSink } from "../run/fail.ts";
import { neutraliseWorkflowCommands } from "@cognito-action/spec";
import type { ActionDeps, Runner } from "../run/types.ts";
import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";

/** Where Pulumi releases are downloaded from; PULUMI_RELEASES_URL points at a mirror instead. */
export const PULUMI_RELEASES_URL = "https://github.com/pulumi/pulumi/releases/download";
/** Pulumi's list of releases with their checksums, to resolve a version range; PULUMI_VERSIONS_URL overrides it. */
export const PULUMI_VERSIONS_URL = "https://raw.githubusercontent.com/pulumi/docs/master/data/versions.json";

/**
 * @actions/core as the Runner. Plain log lines carry text the action did not write (manifests, the engine's
 * output, GitHub's answers), so none of their lines may be a workflow command; the toolkit's own commands
 * (annotations, debug, groups, masks) escape their data and properties themselves.
 */
export const actionsRunner: Runner = {
  getInput: (name) => core.getInput(name),
  info: (message) => core.info(neutraliseWorkflowCommands(message)),
  debug: (message) => core.debug(message),
  notice: (message) => core.notice(message),
  warning: (message, properties) => core.warning(message, properties),
  error: (message, properties) => core.error(message, properties),
  setOutput: (name, value) => core.setOutput(name, value),
  setSecret: (value) => core.setSecret(value),
  appendSummary: async (markdown) => {
    await core.summary.addRaw(markdown, true).write();
  },
  group: (name, work) => core.group(name, work),
};

/** The dependencies of a real run on a GitHub runner. */
export function realDeps(env: NodeJS.ProcessEnv = process.env): ActionDeps {
  return {
    runner: actionsRunner,
    env,
    readEventPayload: () =>
      env.GITHUB_EVENT_PATH ? (JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, "utf8")) as unknown) : {},
    // The heavy modules (octokit, Pulumi) load only when a run needs them, after the first log line.
    createGitHubApi: async (token, context) => {
      const { octokitGitHubApi } = await import("./github-api.ts");
      return octokitGitHubApi(
        token,
        context.owner,
        context.repo,
        context.apiUrl,
        actionsRunner,
        fetchWithDeadline(
          deadlineSeconds(env.COGNITO_ACTION_HTTP_TIMEOUT_SECONDS, GITHUB_REQUEST_SECONDS),
          "GitHub API request",
        ),
      );
    },
    git: (workspace) => lazyGit(workspace),
    createEngine: async (inputs, secrets, backendUrl) => {
      const { ensurePulumiCli } = await import("./pulumi-cli.ts");
      const { automationEngine } = await import("@cognito-action/provisioner");
      const toolCache = await import("@actions/tool-cache");
      const downloadSeconds = deadlineSeconds(env.COGNITO_ACTION_HTTP_TIMEOUT_SECONDS, DOWNLOAD_SECONDS);
      const downloads = join(env.RUNNER_TEMP || tmpdir(), "cognito-action-downloads");
      const pulumiRoot = await core.group("Pulumi CLI", () =>
        ensurePulumiCli(
          {
            versionSpec: inputs["pulumi-version"],
            releasesUrl: env.PULUMI_RELEASES_URL || PULUMI_RELEASES_URL,
            versionsUrl: env.PULUMI_VERSIONS_URL || PULUMI_VERSIONS_URL,
            platform: process.platform,
            arch: process.arch,
            pathBinary: whichOnPath("pulumi", env.PATH ?? ""),
            log: (message) => actionsRunner.info(message),
          },
          // The tool cache's own download has no deadline: a mirror that never answers would hang the job.
          { ...toolCache, downloadTool: (url) => downloadWithDeadline(url, downloads, downloadSeconds) },
          (path) => readFile(path, "utf8"),
        ),
      );
      const lockRetryDelaysMs = lockRetryDelays(env.COGNITO_ACTION_LOCK_RETRY_SECONDS, (message) =>
        core.warning(message),
      );
      return automationEngine({
        pulumiRoot,
        backendUrl,
        secretsProvider: inputs["secrets-provider"] || undefined,
        awsEndpointUrl: inputs["aws-endpoint-url"] || undefined,
        env,
        // The engine compares with what is deployed, not only with its state: drift shows in the preview.
        refresh: true,
        // An escape hatch should the engine's plan check misjudge a change; up's events are compared anyway.
        updatePlans: env.COGNITO_ACTION_UPDATE_PLANS !== "off",
        onOutput: (text) => actionsRunner.info(secrets.redact(text.replace(/\n$/, ""))),
        ...(lockRetryDelaysMs ? { lockRetryDelaysMs } : {}),
      });
    },
  };
}

/** Git in `workspace`, through the provisioner's adapter once it is loaded. */
function lazyGit(workspace: string): Git {
  let git: Promise<Git> | undefined;
  return async (args) => {
    git ??= import("@cognito-action/provisioner").then(({ gitIn }) => gitIn(workspace));
    return (await git)(args);
  };
}

/**
 * COGNITO_ACTION_LOCK_RETRY_SECONDS: how long to wait before each new attempt on a stack another update has
 * locked, as comma-separated seconds (`15,30,45` by default; `0` retries once at once; `none` never
 * retries). Undefined when unset, or invalid (with a warning): the engine's default waits apply.
 */
export function lockRetryDelays(
  value: string | undefined,
  warn: (message: string) => void,
): number[] | undefined {
  const text = value?.trim() ?? "";
  if (text === "") return undefined;
  if (text === "none") return [];
  const seconds = text.split(",").map((part) => Number(part.trim()));
  if (
    seconds.some((entry) => !Number.isFinite(entry) || entry < 0) ||
    text.split(",").some((part) => part.trim() === "")
  ) {
    warn(
      `COGNITO_ACTION_LOCK_RETRY_SECONDS must be comma-separated seconds (e.g. 15,30,45) or none, not ${JSON.stringify(value)}; using the default waits`,
    );
    return undefined;
  }
  return seconds.map((entry) => entry * 1000);
}

/** The first executable `name` on PATH, like `which`. */
function whichOnPath(name: string, path: string): string | undefined {
  const names = process.platform === "win32" ? [`${name}.exe`, `${name}.cmd`] : [name];
  for (const directory of path.split(delimiter).filter((entry) => entry !== "")) {
    for (const candidate of names) {
      try {
        accessSync(join(directory, candidate), constants.X_OK);
        return join(directory, candidate);
      } catch {
        // not here; keep looking
      }
    }
  }
  return undefined;
}

/** Where fail() reports, through @actions/core. */
export const coreFailureSink: FailureSink = {
  setFailed: (message) => core.setFailed(message),
  setOutput: (name, value) => core.setOutput(name, value),
  debug: (message) => core.debug(message),
};

// Deadlines for the action's network calls: a server that accepts a connection and never answers must end
// the call with one line naming what timed out, not hold the job until GitHub cancels it hours later.
/** How long one GitHub API request may take, unless COGNITO_ACTION_HTTP_TIMEOUT_SECONDS says otherwise. */
export const GITHUB_REQUEST_SECONDS = 60;
/** How long one Pulumi download (the release archive is about 100 MB) may take, unless overridden. */
export const DOWNLOAD_SECONDS = 600;

/** A network call that did not finish within its deadline. */
export class DeadlineError extends Error {
  constructor(what: string, seconds: number, options?: ErrorOptions) {
    super(`${what} did not finish within ${seconds} s (timed out)`, options);
    this.name = "DeadlineError";
  }
}

/**
 * COGNITO_ACTION_HTTP_TIMEOUT_SECONDS, when set to a positive number, replaces every default deadline (for a
 * slow mirror, or a test); otherwise `fallback`.
 */
export function deadlineSeconds(value: string | undefined, fallback: number): number {
  const seconds = Number(value);
  return value !== undefined && value.trim() !== "" && Number.isFinite(seconds) && seconds > 0
    ? seconds
    : fallback;
}

/**
 * `fetch` whose every call is aborted after `seconds`, naming the request. The abort closes the socket, so
 * nothing keeps the process waiting after the call has failed.
 */
export function fetchWithDeadline(seconds: number, label: string): typeof fetch {
  return async (input, init) => {
    const deadline = AbortSignal.timeout(seconds * 1000);
    const signal = init?.signal ? AbortSignal.any([init.signal, deadline]) : deadline;
    try {
      return await fetch(input, { ...init, signal });
    } catch (error) {
      if (deadline.aborted) throw new DeadlineError(`${label} ${describeRequest(input, init)}`, seconds);
      throw error;
    }
  };
}

function describeRequest(input: Parameters<typeof fetch>[0], init: RequestInit | undefined): string {
  const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
  return `${init?.method ?? "GET"} ${url}`;
}

/**
 * Downloads `url` into a new file under `directory`, the whole transfer within `seconds`; an HTTP error
 * status is an error naming the URL. Replaces the tool cache's download, which has no deadline at all.
 */
export async function downloadWithDeadline(url: string, directory: string, seconds: number): Promise<string> {
  const deadline = AbortSignal.timeout(seconds * 1000);
  const file = join(directory, randomUUID());
  await mkdir(directory, { recursive: true });
  try {
    const response = await fetch(url, { signal: deadline, redirect: "follow" });
    if (!response.ok || response.body === null)
      throw new Error(`downloading ${url} failed: HTTP ${response.status} ${response.statusText}`);
    await pipeline(
      Readable.fromWeb(response.body as WebReadableStream<Uint8Array>),
      createWriteStream(file),
      { signal: deadline },
    );
    return file;
  } catch (error) {
    if (deadline.aborted) throw new DeadlineError(`downloading ${url}`, seconds, { cause: error });
    throw error;
  }
}
