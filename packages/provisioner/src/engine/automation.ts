// The engine adapter over Pulumi's Automation API: one inline-program stack per manifest, in its own
// workspace, with the AWS plugin installed at the bundled @pulumi/aws version.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CommandError,
  ConcurrentUpdateError,
  LocalWorkspace,
  PulumiCommand,
} from "@pulumi/pulumi/automation/index.js";
import type { EngineEvent, OutputMap, Stack } from "@pulumi/pulumi/automation/index.js";
import awsPackage from "@pulumi/aws/package.json" with { type: "json" };
import { stackIdentity } from "@cognito-action/spec";
import type { StackIdentity } from "@cognito-action/spec";
import { cognitoProgram } from "../program.ts";
import type { StackOutputRef } from "../references.ts";
import {
  EngineConfigurationError,
  EngineOperationError,
  engineFailureMessage,
  lockHolderOf,
  StackLockedError,
} from "./errors.ts";
import { planFromEngineEvents } from "./events-to-plan.ts";
import { automationInventory } from "./automation-inventory.ts";
import { readStackTags, writeStackTags } from "./automation-tags.ts";
import type { PreviewEvent } from "./events-to-plan.ts";
import type { EngineFactory, EngineStack, EngineStackRequest, StackOutputs } from "./types.ts";

/** The AWS resource plugin the bundled @pulumi/aws needs: inline programs do not install plugins themselves. */
export const AWS_PLUGIN_VERSION = awsPackage.version;

export interface AutomationEngineOptions {
  /** Directory whose bin/ holds the Pulumi CLI; undefined: the `pulumi` on PATH. */
  pulumiRoot?: string | undefined;
  /** State backend (s3://…, file://…, https://api.pulumi.com); undefined: PULUMI_BACKEND_URL or Pulumi Cloud. */
  backendUrl?: string | undefined;
  /** Secrets provider for new stacks: passphrase, awskms://…; undefined: the backend's default. */
  secretsProvider?: string | undefined;
  /** Environment for the Pulumi CLI (credentials and the passphrase come from here). */
  env: Readonly<Record<string, string | undefined>>;
  /**
   * Refresh state from AWS before previewing and updating, so drift made outside the tool shows in the
   * preview and the update starts from what is really deployed (both, or the two would disagree).
   */
  refresh?: boolean;
  /** Engine output, chunk by chunk; the caller redacts and logs it. */
  onOutput?: (text: string) => void;
  /** Waits between attempts on a locked stack; the last failure is reported as StackLockedError. */
  lockRetryDelaysMs?: readonly number[];
  sleep?: (ms: number) => Promise<void>;
}

const DIY_BACKEND = /^(s3|file|azblob|gs):\/\//;

/**
 * The stack name the backend knows: self-managed (DIY) backends have a single organization literally
 * named "organization", so their stacks are `organization/<project>/<stack>` whatever the label says.
 */
export function engineStackName(identity: StackIdentity, backendUrl: string | undefined): string {
  return backendUrl !== undefined && DIY_BACKEND.test(backendUrl)
    ? `organization/${identity.project}/${identity.stack}`
    : identity.fullName;
}

/** An EngineFactory running real Pulumi. */
export function automationEngine(options: AutomationEngineOptions): EngineFactory {
  let pluginInstalled: Promise<void> | undefined;
  const backendUrl = options.backendUrl ?? options.env.PULUMI_BACKEND_URL;
  const installPlugin = (workspace: Stack["workspace"]) =>
    // Once per engine; a failed install is tried again by the next stack rather than remembered.
    (pluginInstalled ??= workspace.installPlugin("aws", `v${AWS_PLUGIN_VERSION}`).catch((error: unknown) => {
      pluginInstalled = undefined;
      throw error;
    }));
  const factory: EngineFactory = async (request) => {
    checkConfiguration(options, backendUrl);
    const identity = stackIdentity(request.manifest.metadata);
    const stackName = engineStackName(identity, backendUrl);
    const references = request.references.map((reference) => ({
      ...reference,
      stack: engineStackName(stackIdentityOfName(reference.stack), backendUrl),
    }));
    const workDir = await mkdtemp(join(tmpdir(), "cognito-action-"));
    const dispose = () => rm(workDir, { recursive: true, force: true });
    try {
      const pulumiCommand = options.pulumiRoot
        ? await PulumiCommand.get({ root: options.pulumiRoot })
        : undefined;
      const stack = await withLockRetries(options, stackName, () =>
        LocalWorkspace.createOrSelectStack(
          {
            stackName,
            projectName: identity.project,
            program: cognitoProgram(request.manifest, { references }),
          },
          {
            workDir,
            ...(pulumiCommand ? { pulumiCommand } : {}),
            projectSettings: {
              name: identity.project,
              runtime: "nodejs",
              ...(backendUrl ? { backend: { url: backendUrl } } : {}),
            },
            ...(options.secretsProvider ? { secretsProvider: options.secretsProvider } : {}),
            envVars: definedEnv(options.env, backendUrl),
          },
        ),
      );
      await installPlugin(stack.workspace);
      await stack.setConfig("aws:region", { value: request.manifest.spec.region });
      return new AutomationStack(stack, stackName, options, dispose);
    } catch (error) {
      await dispose();
      throw error;
    }
  };
  factory.inventory = automationInventory({
    pulumiRoot: options.pulumiRoot,
    backendUrl,
    env: definedEnv(options.env, backendUrl),
    installPlugin,
    secretsProvider: options.secretsProvider,
  });
  return factory;
}

class AutomationStack implements EngineStack {
  constructor(
    private readonly stack: Stack,
    private readonly name: string,
    private readonly options: AutomationEngineOptions,
    readonly dispose: () => Promise<void>,
  ) {}

  async preview() {
    const events: PreviewEvent[] = [];
    const diagnostics: string[] = [];
    await this.run("preview", diagnostics, () =>
      this.stack.preview({
        refresh: this.options.refresh ?? false,
        onEvent: (event: EngineEvent) => {
          events.push(event);
          collectErrors(event, diagnostics);
        },
        ...(this.options.onOutput ? { onOutput: this.options.onOutput } : {}),
      }),
    );
    return planFromEngineEvents(this.name, events);
  }

  tags() {
    return readStackTags(this.stack, this.name);
  }

  setTags(tags: Readonly<Record<string, string>>) {
    return writeStackTags(this.stack, this.name, tags);
  }

  async currentOutputs() {
    return toStackOutputs(await this.stack.outputs());
  }

  async up() {
    const diagnostics: string[] = [];
    const result = await this.run("up", diagnostics, () =>
      this.stack.up({
        refresh: this.options.refresh ?? false,
        onEvent: (event: EngineEvent) => collectErrors(event, diagnostics),
        ...(this.options.onOutput ? { onOutput: this.options.onOutput } : {}),
      }),
    );
    return toStackOutputs(result.outputs);
  }

  async refresh() {
    const diagnostics: string[] = [];
    await this.run("refresh", diagnostics, () =>
      this.stack.refresh({
        onEvent: (event: EngineEvent) => collectErrors(event, diagnostics),
        ...(this.options.onOutput ? { onOutput: this.options.onOutput } : {}),
      }),
    );
  }

  async destroy() {
    const diagnostics: string[] = [];
    await this.run("destroy", diagnostics, () =>
      this.stack.destroy({
        onEvent: (event: EngineEvent) => collectErrors(event, diagnostics),
        ...(this.options.onOutput ? { onOutput: this.options.onOutput } : {}),
      }),
    );
  }

  /** Runs an operation with lock retries, turning the CLI's failures into typed errors. */
  private async run<T>(
    operation: "preview" | "up" | "destroy" | "refresh",
    diagnostics: string[],
    work: () => Promise<T>,
  ): Promise<T> {
    try {
      return await withLockRetries(this.options, this.name, work);
    } catch (error) {
      if (error instanceof StackLockedError || !(error instanceof CommandError)) throw error;
      throw new EngineOperationError(
        this.name,
        operation,
        engineFailureMessage(commandStderr(error), diagnostics),
        { cause: error },
      );
    }
  }
}

/** Retries `work` while another update holds the stack's lock, then reports who holds it. */
async function withLockRetries<T>(
  options: AutomationEngineOptions,
  stack: string,
  work: () => Promise<T>,
): Promise<T> {
  const delays = options.lockRetryDelaysMs ?? [15_000, 30_000, 45_000];
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let attempt = 0; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof ConcurrentUpdateError)) throw error;
      if (attempt >= delays.length)
        throw new StackLockedError(stack, lockHolderOf(commandStderr(error)), { cause: error });
      await sleep(delays[attempt]!);
    }
  }
}

function checkConfiguration(options: AutomationEngineOptions, backendUrl: string | undefined): void {
  if (!backendUrl && !options.env.PULUMI_ACCESS_TOKEN) {
    throw new EngineConfigurationError(
      "no Pulumi backend: set the pulumi-backend-url input (s3://bucket/prefix) or PULUMI_BACKEND_URL, or PULUMI_ACCESS_TOKEN for Pulumi Cloud",
    );
  }
  const passphraseSecrets = (options.secretsProvider ?? "passphrase") === "passphrase";
  if (
    backendUrl &&
    DIY_BACKEND.test(backendUrl) &&
    passphraseSecrets &&
    options.env.PULUMI_CONFIG_PASSPHRASE === undefined &&
    !options.env.PULUMI_CONFIG_PASSPHRASE_FILE
  ) {
    throw new EngineConfigurationError(
      "a self-managed backend with the passphrase secrets provider needs PULUMI_CONFIG_PASSPHRASE (a repository secret), or set secrets-provider: awskms://…",
    );
  }
}

/** `org/project/stack` back into its parts, for references resolved from labels. */
function stackIdentityOfName(fullName: string): StackIdentity {
  const [organization = "", project = "", ...rest] = fullName.split("/");
  return { organization, project, stack: rest.join("/"), fullName, defaulted: [] };
}

function definedEnv(
  env: Readonly<Record<string, string | undefined>>,
  backendUrl: string | undefined,
): Record<string, string> {
  const defined = Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  // Never ask questions: a prompt in CI waits forever.
  return {
    ...defined,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_SKIP_CONFIRMATIONS: "true",
    ...(backendUrl ? { PULUMI_BACKEND_URL: backendUrl } : {}),
  };
}

function collectErrors(event: EngineEvent, diagnostics: string[]): void {
  const diagnostic = event.diagnosticEvent;
  if (diagnostic?.severity === "error") diagnostics.push(diagnostic.message);
}

function commandStderr(error: unknown): string {
  const result = (error as { commandResult?: { stderr?: string } }).commandResult;
  return result?.stderr ?? (error instanceof Error ? error.message : String(error));
}

function toStackOutputs(outputs: OutputMap): StackOutputs {
  const values: Record<string, unknown> = {};
  const secretNames: string[] = [];
  for (const [name, output] of Object.entries(outputs)) {
    values[name] = output.value;
    if (output.secret) secretNames.push(name);
  }
  return { values, secretNames };
}

/** Exported for the engine's callers: the request shape, with references. */
export type { EngineStackRequest, StackOutputRef };
