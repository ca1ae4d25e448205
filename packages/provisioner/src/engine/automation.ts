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
import type { EngineEvent, OutputMap, Stack, StackSettings } from "@pulumi/pulumi/automation/index.js";
import awsPackage from "@pulumi/aws/package.json" with { type: "json" };
import { stackIdentity } from "@cognito-action/spec";
import type { StackIdentity } from "@cognito-action/spec";
import { cognitoProgram } from "../program/index.ts";
import { PROVIDER_DETAILS_DIGESTS_OUTPUT } from "../program/identity-providers.ts";
import type { StackOutputRef } from "../references.ts";
import {
  EngineConfigurationError,
  EngineOperationError,
  engineFailureMessage,
  EnginePlanMismatchError,
  EnginePlanViolationError,
  namedPlanViolations,
  lockHolderOf,
  StackLockedError,
} from "./errors.ts";
import { planFromEngineEvents, streamProblems } from "./events-to-plan.ts";
import type { Plan } from "../plan/plan-types.ts";
import { automationInventory, rejectsProjectNames } from "./automation-inventory.ts";
import { adoptionSupportProblem, cliSupportProblem } from "./cli-support.ts";
import { readStackTags, writeStackTags } from "./automation-tags.ts";
import { DIY_BACKEND, engineStackName } from "./stack-name.ts";
import type { DiyLayout } from "./stack-name.ts";
import type { PreviewEvent } from "./events-to-plan.ts";
import type { EngineFactory, EngineStack, EngineStackRequest, StackOutputs, UpHooks } from "./types.ts";

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
  /**
   * Save the preview's update plan and hold `up` to it (`--save-plan`/`--plan`; default true). Off, `up` runs
   * unconstrained and only the comparison of its events with the preview's catches a difference, after it.
   */
  updatePlans?: boolean;
  /**
   * An AWS endpoint (LocalStack, moto): the provider's endpoints for every service the program uses, and
   * AWS_ENDPOINT_URL for the CLI (whose s3:// backend and awskms:// secrets use the AWS SDK for Go, which
   * reads it) and the provider's other calls. Undefined: AWS itself.
   */
  awsEndpointUrl?: string | undefined;
  /** Engine output, chunk by chunk; the caller redacts and logs it. */
  onOutput?: (text: string) => void;
  /** Waits between attempts on a locked stack; the last failure is reported as StackLockedError. */
  lockRetryDelaysMs?: readonly number[];
  sleep?: (ms: number) => Promise<void>;
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
  // Learnt from the backend by the first command that a legacy bucket refuses (here or in the inventory),
  // then kept for the engine.
  const layout: { current: DiyLayout } = { current: "project" };
  let command: Promise<PulumiCommand> | undefined;
  // The CLI, found once and checked against what this backend needs before it runs anything.
  const cli = () =>
    (command ??= (
      options.pulumiRoot ? PulumiCommand.get({ root: options.pulumiRoot }) : PulumiCommand.get()
    ).then(
      (found) => {
        const problem = found.version
          ? cliSupportProblem(found.version.version, backendUrl !== undefined && DIY_BACKEND.test(backendUrl))
          : undefined;
        if (problem) throw new EngineConfigurationError(problem);
        return found;
      },
      (error: unknown) => {
        command = undefined;
        throw error;
      },
    ));
  const open = async (request: EngineStackRequest): Promise<EngineStack> => {
    checkConfiguration(options, backendUrl);
    const pulumiCommand = await cli();
    const identity = stackIdentity(request.manifest.metadata);
    const stackName = engineStackName(identity, backendUrl, layout.current);
    const references = request.references.map((reference) => ({
      ...reference,
      stack: engineStackName(stackIdentityOfName(reference.stack), backendUrl, layout.current),
    }));
    // Read from the stack's outputs before each preview, and by the program when it runs (see AutomationStack).
    const deployedDigests = new DeployedDetailsDigests(
      request.manifest.spec.identityProviders.some((idp) =>
        Object.values(idp.providerDetails).some((value) => "valueFromEnv" in value),
      ),
    );
    const workDir = await mkdtemp(join(tmpdir(), "cognito-action-"));
    const dispose = () => rm(workDir, { recursive: true, force: true });
    try {
      const stack = await withLockRetries(options, stackName, () =>
        LocalWorkspace.createOrSelectStack(
          {
            stackName,
            projectName: identity.project,
            // Values from the environment go in even when empty, so a missing one stops the program, never a
            // placeholder deployed in its place.
            program: cognitoProgram(request.manifest, {
              references,
              envValues: request.envValues ?? {},
              awsEndpointUrl: options.awsEndpointUrl,
              deployedProviderDetailsDigests: () => deployedDigests.current,
            }),
          },
          {
            workDir,
            pulumiCommand,
            projectSettings: {
              name: identity.project,
              runtime: "nodejs",
              ...(backendUrl ? { backend: { url: backendUrl } } : {}),
            },
            ...(options.secretsProvider ? { secretsProvider: options.secretsProvider } : {}),
            envVars: definedEnv(options.env, backendUrl, options.awsEndpointUrl),
          },
        ),
      );
      if (options.secretsProvider && !PASSPHRASE_PROVIDERS.has(options.secretsProvider))
        await keepSecretsProvider(stack, stackName, options.secretsProvider);
      await installPlugin(stack.workspace);
      await stack.setConfig("aws:region", { value: request.manifest.spec.region });
      return new AutomationStack(
        stack,
        stackName,
        options,
        dispose,
        join(workDir, "update-plan.json"),
        [...new Set(references.map((reference) => reference.stack))],
        pulumiCommand.version?.version,
        deployedDigests,
      );
    } catch (error) {
      await dispose();
      throw error;
    }
  };
  const openWithLayout = async (request: EngineStackRequest): Promise<EngineStack> => {
    try {
      return await open(request);
    } catch (error) {
      if (
        layout.current === "legacy" ||
        !backendUrl ||
        !DIY_BACKEND.test(backendUrl) ||
        !rejectsProjectNames(commandStderr(error))
      )
        throw error;
      layout.current = "legacy";
      return open(request);
    }
  };
  const inventory = automationInventory({
    pulumiRoot: options.pulumiRoot,
    backendUrl,
    env: definedEnv(options.env, backendUrl, options.awsEndpointUrl),
    installPlugin,
    secretsProvider: options.secretsProvider,
    cli,
    layout,
  });
  return Object.assign(openWithLayout, { inventory });
}

class AutomationStack implements EngineStack {
  /** The plan of this stack's last preview: `up` is held to it. */
  private previewed: Plan | undefined;

  constructor(
    private readonly stack: Stack,
    private readonly name: string,
    private readonly options: AutomationEngineOptions,
    readonly dispose: () => Promise<void>,
    /** Where the preview saves the engine's update plan (`--save-plan`), for `up --plan`. */
    private readonly planFile: string,
    private readonly referencedStacks: readonly string[],
    /** The CLI's version, where it says: adoption needs a recent one. */
    private readonly cliVersion: string | undefined,
    private readonly deployedDigests: DeployedDetailsDigests,
  ) {}

  async preview() {
    const events: PreviewEvent[] = [];
    const diagnostics: string[] = [];
    this.previewed = undefined;
    // The update runs the program again with what the preview read: both decide alike.
    if (this.deployedDigests.needed) this.deployedDigests.read(await this.stack.outputs());
    try {
      await this.run("preview", diagnostics, () => {
        // A retried attempt (a lock) starts a new stream.
        events.length = 0;
        diagnostics.length = 0;
        return this.stack.preview({
          refresh: this.options.refresh ?? false,
          ...(this.options.updatePlans === false ? {} : { plan: this.planFile }),
          onEvent: (event: EngineEvent) => {
            events.push(event);
            collectErrors(event, diagnostics);
          },
          ...(this.options.onOutput ? { onOutput: this.options.onOutput } : {}),
        });
      });
    } catch (error) {
      // A preview that failed with its stream whole and changes in it (a protected resource it would replace)
      // still shows what it found: the plan keeps the diff and carries the engine's errors. Other failures
      // (credentials, AWS refusing a read) stay errors.
      if (!(error instanceof EngineOperationError) || !events.some((event) => event.summaryEvent))
        throw error;
      const plan = planFromEngineEvents(this.name, events);
      if (plan.changes.every((change) => change.action === "unchanged")) throw error;
      if (plan.errors.length === 0)
        plan.errors.push({ rule: "engine-preview-failed", message: error.message });
      this.previewed = plan;
      return plan;
    }
    const plan = planFromEngineEvents(this.name, events);
    const adoptionProblem = this.cliVersion ? adoptionSupportProblem(this.cliVersion) : undefined;
    const adopted = plan.changes.filter((change) => change.action === "import").map((change) => change.name);
    if (adoptionProblem && adopted.length > 0)
      plan.errors.push({
        rule: "adoption-needs-newer-cli",
        message: `${adopted.join(", ")}: ${adoptionProblem}`,
      });
    this.previewed = plan;
    return plan;
  }

  async resources() {
    // The state holds secrets decrypted here; only types and names leave this method.
    const state = (await this.stack.exportStack()) as {
      deployment?: { resources?: { urn?: string; type?: string }[] };
    };
    return (state.deployment?.resources ?? []).flatMap(({ urn = "", type = "" }) =>
      type === "pulumi:pulumi:Stack" || type.startsWith("pulumi:providers:")
        ? []
        : [{ type, name: urn.slice(urn.lastIndexOf("::") + 2) }],
    );
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

  async referencedOutputs() {
    const values: Record<string, unknown> = {};
    const secretNames: string[] = [];
    for (const name of this.referencedStacks) {
      // Named by stack, so outputs of the same name in two stacks stay apart.
      const outputs = toStackOutputs(await this.stack.workspace.stackOutputs(name));
      for (const [output, value] of Object.entries(outputs.values)) values[`${name}:${output}`] = value;
      secretNames.push(...outputs.secretNames.map((output) => `${name}:${output}`));
    }
    return { values, secretNames };
  }

  async up(hooks: UpHooks = {}) {
    const previewed = this.previewed;
    if (previewed && previewed.errors.length > 0)
      throw new EngineOperationError(
        this.name,
        "up",
        `not updated: the preview of ${this.name} failed (${previewed.errors.map((error) => error.message).join("; ")})`,
      );
    const events: PreviewEvent[] = [];
    const diagnostics: string[] = [];
    const result = await this.heldToPlan(events, () =>
      this.run(
        "up",
        diagnostics,
        () => {
          events.length = 0;
          return this.stack.up({
            refresh: this.options.refresh ?? false,
            // Held to the previewed plan, the engine itself refuses any step the preview did not show.
            ...(previewed && this.options.updatePlans !== false ? { plan: this.planFile } : {}),
            onEvent: (event: EngineEvent) => {
              events.push(event);
              collectErrors(event, diagnostics);
            },
            ...(this.options.onOutput ? { onOutput: this.options.onOutput } : {}),
          });
        },
        hooks.afterLockWait,
      ),
    );
    if (previewed) {
      // And checked here too: what the update reports doing must be what was previewed, step for step.
      const problems = streamProblems(this.name, events);
      if (problems.length > 0)
        throw new EngineOperationError(
          this.name,
          "up",
          `the update of ${this.name} ran, but ${problems.map((problem) => problem.message).join("; ")}; check the stack`,
        );
      const differences = planDifferences(previewed, planFromEngineEvents(this.name, events));
      if (differences.length > 0) throw new EnginePlanMismatchError(this.name, differences);
    }
    return toStackOutputs(result.outputs);
  }

  /**
   * An update the engine stopped for departing from its plan becomes an EnginePlanViolationError naming the
   * changes that completed before it stopped (each step's outputs event is sent once the step is done).
   */
  private async heldToPlan<T>(events: PreviewEvent[], work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof EngineOperationError)) throw error;
      const violations = namedPlanViolations(
        events.flatMap((event) =>
          event.diagnosticEvent?.severity === "error" ? [event.diagnosticEvent] : [],
        ),
        error.message.split("\n"),
      );
      if (violations.length === 0) throw error;
      const completed = events.flatMap((event) =>
        event.resOutputsEvent ? [{ resourcePreEvent: event.resOutputsEvent }] : [],
      );
      const applied = planFromEngineEvents(this.name, completed)
        .changes.filter((change) => change.action !== "unchanged")
        .map((change) => `${change.name}: ${change.action}`);
      throw new EnginePlanViolationError(this.name, violations, applied, { cause: error });
    }
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
    afterLockWait?: () => Promise<void>,
  ): Promise<T> {
    try {
      return await withLockRetries(this.options, this.name, work, afterLockWait);
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

/**
 * The identity provider details digests the stack's last update output (PROVIDER_DETAILS_DIGESTS_OUTPUT), for
 * a manifest with secrets in its providers' details; empty for a new stack or an older one without them.
 */
class DeployedDetailsDigests {
  current: Readonly<Record<string, string>> = {};
  constructor(readonly needed: boolean) {}

  read(outputs: OutputMap): void {
    const value = outputs[PROVIDER_DETAILS_DIGESTS_OUTPUT]?.value as unknown;
    this.current =
      value !== null && typeof value === "object"
        ? Object.fromEntries(
            Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
          )
        : {};
  }
}

const PASSPHRASE_PROVIDERS = new Set(["passphrase", "default"]);

/**
 * A stack made by an earlier run (a pull request's preview) but never updated has no secrets manager in its
 * state for PULUMI_FALLBACK_TO_STATE_SECRETS_MANAGER to find, and its settings file went with that run's
 * folder: the CLI would take a new passphrase manager. Nothing was ever encrypted for it, so naming the
 * provider again (the CLI makes a new data key) is safe; a stack with updates keeps the one in its state.
 */
async function keepSecretsProvider(stack: Stack, name: string, provider: string): Promise<void> {
  const settings = await stack.workspace.stackSettings(name).catch((): StackSettings => ({}));
  if (settings.secretsProvider) return;
  const history = await stack.history(1, 1, false);
  if (history.length > 0) return;
  await stack.workspace.saveStackSettings(name, { ...settings, secretsProvider: provider });
}

/** How an update differs from its preview: each resource whose action changed, appeared or disappeared. */
export function planDifferences(previewed: Plan, applied: Plan): string[] {
  const actions = (plan: Plan) =>
    new Map(
      plan.changes
        .filter((change) => change.action !== "unchanged")
        .map((change) => [`${change.type} ${change.name}`, change] as const),
    );
  const before = actions(previewed);
  const after = actions(applied);
  const differences: string[] = [];
  for (const [key, change] of after) {
    const planned = before.get(key)?.action ?? "unchanged";
    if (planned !== change.action)
      differences.push(`${change.name}: previewed ${planned}, updated ${change.action}`);
  }
  for (const [key, change] of before)
    if (!after.has(key)) differences.push(`${change.name}: previewed ${change.action}, updated unchanged`);
  return differences;
}

/** Retries `work` while another update holds the stack's lock, then reports who holds it. */
async function withLockRetries<T>(
  options: AutomationEngineOptions,
  stack: string,
  work: () => Promise<T>,
  afterWait?: () => Promise<void>,
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
      // Whatever held the lock may have changed the stack: the caller looks again before the next attempt.
      await afterWait?.();
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
  awsEndpointUrl?: string,
): Record<string, string> {
  const defined = Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  // Never ask questions: a prompt in CI waits forever.
  return {
    ...defined,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_SKIP_CONFIRMATIONS: "true",
    // Each run's project folder is new, so the stack's settings file (secrets provider, encrypted key, salt)
    // is gone: without this the CLI assumes a new passphrase manager, so an awskms:// stack fails (or silently
    // moves to a passphrase) and a passphrase stack gets a new salt (pkg/cmd/pulumi/stack/secrets.go).
    PULUMI_FALLBACK_TO_STATE_SECRETS_MANAGER: "true",
    ...(backendUrl ? { PULUMI_BACKEND_URL: backendUrl } : {}),
    ...(awsEndpointUrl ? { AWS_ENDPOINT_URL: awsEndpointUrl } : {}),
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
