// The real world, for the entry point: @actions/core as the Runner, octokit, git, and the Pulumi engine with
// its CLI from the tool cache.
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { delimiter, join } from "node:path";
import { accessSync, constants } from "node:fs";
import * as core from "@actions/core";
import type { Git } from "@cognito-action/provisioner";
import { tmpdir } from "node:os";
import {
  deadlineSeconds,
  DOWNLOAD_SECONDS,
  downloadWithDeadline,
  GITHUB_REQUEST_SECONDS,
} from "../run/deadline.ts";
import { backendUrl } from "../run/engine-settings.ts";
import type { FailureSink } from "../run/fail.ts";
import { neutraliseWorkflowCommands } from "@cognito-action/spec";

import type { ActionDeps } from "../run/action-deps.ts";
import type { Runner } from "../run/runner.ts";

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
        deadlineSeconds(env.COGNITO_ACTION_HTTP_TIMEOUT_SECONDS, GITHUB_REQUEST_SECONDS),
      );
    },
    git: (workspace) => lazyGit(workspace),
    createEngine: async (inputs, secrets) => {
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
        backendUrl: backendUrl(inputs, env),
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
