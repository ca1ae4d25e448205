// Acting on one stack as the decision says: open it (references resolved, environment values registered as
// secrets, its outputs masked, whose it is checked), then converge it (preview failing closed, the guard on
// what the engine plans, the reviewed plan, a last check that no newer commit deployed it meanwhile, up,
// record), or destroy it (a manifest's stack under `command: destroy`, or a deleted manifest's stack found by
// its tags). Every outcome, the engine's failures included, is a value.
import {
  SECRET_PLACEHOLDER,
  StackTagsUnsupportedError,
  commitRelation,
  guardRefusal,
  claimTags,
  originOf,
  originTags,
  describeVerdict,
  reviewKey,
  reviewVerdict,
  resolveReferences,
  notOwnedReason,
  stackOwnership,
  EngineConfigurationError,
  EngineOperationError,
  EnginePlanMismatchError,
  EnginePlanViolationError,
  StackLockedError,
} from "@cognito-action/provisioner";
import type {
  ManifestPlan,
  StackOutputs,
  EngineFactory,
  EngineInventory,
  EngineStack,
  ReferenceTarget,
  GuardSettings,
  StackOrigin,
  Claimant,
  Review,
  Ownership,
  SecretRegistry,
} from "@cognito-action/provisioner";
import type { StackStep } from "./decide.ts";
import type { DesiredManifest } from "../manifests/changes.ts";
import type { Session } from "../run/types.ts";
import type { StackOutcome, StackResult } from "../report/publish.ts";
import type { Manifest } from "@cognito-action/spec";
import type { FailureReason } from "../run/errors.ts";

/** What every stack of one run shares. */
export interface StackStepContext {
  engine: EngineFactory;
  claimant: Claimant;
  /** The backend stores stack tags: stacks are claimed, recorded and checked for newer deployments. */
  tagsSupported: boolean;
  /** What references at this commit may name, and where they were looked for. */
  headTargets: readonly ReferenceTarget[];
  searchedIn: string;
  settings: GuardSettings;
  /** The plan digests the merged pull request's comment showed, when there is one. */
  review: Review | undefined;
}

/** Acts on one stack the engine must see; every outcome, the engine's failures included, is a value. */
export function actOnStack(
  step: Exclude<StackStep, { kind: "settled" }>,
  context: StackStepContext,
  session: Session,
): Promise<StackResult> {
  const { runner } = session;
  switch (step.kind) {
    case "converge":
      return runner.group(`Apply ${step.manifest.name} (${step.manifest.stack})`, () =>
        convergeStack(step.manifest, step.entry, context, session),
      );
    case "destroy":
      return runner.group(`Destroy ${step.entry.name} (${step.entry.plan.stack})`, () =>
        destroyStack(step, context, session),
      );
    case "destroy-orphan":
      return runner.group(`Destroy ${step.stack.origin.manifest} (${step.stack.origin.stack})`, () =>
        destroyOrphan(step, context.engine.inventory, session),
      );
  }
}

/** What an open that did not end in an open stack comes to. */
function notOpened(opened: Exclude<OpenedStack, { kind: "open" }>): StackOutcome {
  return opened.kind === "not-owned"
    ? { kind: "refused", cause: "not-owned", message: opened.message }
    : { kind: "failed", cause: "apply", message: opened.errors.join("; ") };
}

/**
 * One manifest's stack: whose it is (refused unless this job's, empty or adopted), preview, guard, check no
 * newer commit deployed it meanwhile, up (looking again after every wait on its lock), then record where it
 * came from.
 */
async function convergeStack(
  manifest: DesiredManifest,
  entry: StackResult["entry"],
  context: StackStepContext,
  session: Session,
): Promise<StackResult> {
  let stack: EngineStack | undefined;
  let updating = false;
  const origin: StackOrigin = {
    ...context.claimant,
    stack: manifest.stack,
    manifest: manifest.name,
    file: manifest.file,
    digest: manifest.digest,
    commit: session.context.sha,
  };
  try {
    const opened = await openStack(
      context.engine,
      {
        manifest: manifest.manifest,
        targets: context.headTargets,
        searchedIn: context.searchedIn,
        runsProgram: true,
        ownership: context.tagsSupported
          ? applyOwnershipCheck(context, session, manifest.displayName, manifest.adoptsStack === true)
          : undefined,
      },
      session.env,
      session.secrets,
    );
    if (opened.kind !== "open") return { entry, outcome: notOpened(opened) };
    stack = opened.stack;
    const enginePlan = await stack.preview();
    const planned = { ...entry, plan: enginePlan };
    // Fail closed: a preview that failed, lost its events or disagrees with its summary is never applied.
    if (enginePlan.errors.length > 0)
      return { entry: planned, outcome: previewFailure(planned, session.secrets) };
    // The engine sees what is deployed, which the offline plan cannot: its plan goes through the guard too.
    const refusal = guardRefusal(planned, false, context.settings);
    if (refusal)
      return {
        entry: planned,
        outcome: {
          kind: "refused",
          cause: "guard",
          message: `the engine's preview: ${refusal}`,
        },
      };
    const verdict = reviewVerdict(context.review, reviewKey(manifest.manifest.metadata), enginePlan);
    const review = describeVerdict(verdict);
    if (session.inputs["require-reviewed-plan"] && verdict.kind !== "as-reviewed")
      return {
        entry: planned,
        outcome: {
          kind: "refused",
          cause: "review",
          message: review
            ? `${review}; require-reviewed-plan refuses to apply it`
            : "no reviewed plan: no merged pull request comment of this job shows one, and require-reviewed-plan is set",
        },
      };
    // Another run may have deployed this stack since it was listed: never move it back to an older commit.
    const meanwhile = context.tagsSupported
      ? await deployedMeanwhile(stack, manifest, session, "previewing")
      : undefined;
    if (meanwhile) return { entry: planned, outcome: meanwhile };
    const changes = enginePlan.changes.some((change) => change.action !== "unchanged");
    // Claimed before the update, so a run that dies before recording the origin leaves the stack ours.
    if (changes && opened.ownership !== undefined && opened.ownership !== "ours")
      await recordOrigin(stack, session, context.claimant);
    updating = changes;
    // The check above ran before the lock: an update met holding it may have been a newer commit's, so `up`
    // looks again after every wait on the lock, and stops rather than overwrite it.
    const openStackNow = stack;
    const afterLockWait = async () => {
      const verdict = await deployedMeanwhile(openStackNow, manifest, session, "waiting on the stack's lock");
      if (verdict) throw new DeployedMeanwhileError(verdict);
    };
    let outputs;
    try {
      outputs = changes
        ? await stack.up(context.tagsSupported ? { afterLockWait } : {})
        : await stack.currentOutputs();
    } catch (error) {
      if (!(error instanceof DeployedMeanwhileError)) throw error;
      return { entry: planned, outcome: error.verdict };
    }
    session.secrets.registerStackOutputs(outputs);
    const recorded = context.tagsSupported ? await recordOrigin(stack, session, origin) : false;
    return {
      entry: planned,
      outcome: changes
        ? {
            kind: "applied",
            outputs: visibleOutputs(outputs),
            clientSecrets: clientSecretsOf(outputs),
            recorded,
          }
        : { kind: "unchanged", recorded },
      review,
    };
  } catch (error) {
    const failed = engineFailure(error, session.secrets, updating);
    // Once up has started, AWS may have changed whatever the error says: the stack's record must no longer
    // vouch for the manifest it was last converged to, or a later commit that asks for it again (a revert)
    // would be skipped as up to date.
    if (!updating || !stack || !context.tagsSupported || failed.kind !== "failed")
      return { entry, outcome: failed };
    const marked = await recordInterrupted(stack, session, origin);
    return { entry, outcome: { ...failed, message: `${failed.message || "the update failed"}; ${marked}` } };
  } finally {
    await stack?.dispose();
  }
}

/** `command: destroy`: a manifest's stack, opened through its manifest, checked to be this job's, destroyed. */
async function destroyStack(
  step: Extract<StackStep, { kind: "destroy" }>,
  context: StackStepContext,
  session: Session,
): Promise<StackResult> {
  let stack: EngineStack | undefined;
  let updating = false;
  try {
    // The labels may name any stack of the backend: without stack tags nothing can tell whose it is.
    const opened = await openStack(
      context.engine,
      {
        manifest: step.manifest,
        targets: step.targets,
        searchedIn: context.searchedIn,
        runsProgram: false,
        ownership: applyOwnershipCheck(
          context,
          session,
          step.entry.plan.stack,
          step.manifest.spec.adopt?.stack === true,
        ),
      },
      session.env,
      session.secrets,
    );
    if (opened.kind !== "open") return { entry: step.entry, outcome: notOpened(opened) };
    stack = opened.stack;
    updating = true;
    await stack.destroy();
    return { entry: step.entry, outcome: { kind: "destroyed" } };
  } catch (error) {
    return { entry: step.entry, outcome: engineFailure(error, session.secrets, updating) };
  } finally {
    await stack?.dispose();
  }
}

/** A deleted manifest's stack, found by its tags: destroyed and removed from the backend. */
async function destroyOrphan(
  step: Extract<StackStep, { kind: "destroy-orphan" }>,
  inventory: EngineInventory,
  session: Session,
): Promise<StackResult> {
  const { origin, engineName } = step.stack;
  try {
    await inventory.destroyAndRemove(engineName, projectOf(origin.stack));
    return {
      entry: step.entry,
      outcome: { kind: "destroyed", message: `its manifest ${origin.file} is gone; stack removed` },
      review: step.review,
    };
  } catch (error) {
    return { entry: step.entry, outcome: engineFailure(error, session.secrets, true) };
  }
}

/** The Pulumi project of a stack label `org/project/stack`. */
function projectOf(stack: string): string {
  return stack.split("/")[1] ?? stack;
}

/** Whose the stack must be before an apply or destroy touches it; a takeover is said in the log. */
function applyOwnershipCheck(
  context: StackStepContext,
  session: Session,
  label: string,
  adoptsStack: boolean,
): OwnershipCheck {
  return {
    claimant: context.claimant,
    label,
    adoptsStack,
    showResources: true,
    onAdopted: (owner) =>
      session.runner.warning(
        `Taking over stack ${label} (spec.adopt.stack): it was ${owner ? `deployed by ${owner}` : "not recorded as deployed by cognito-action"}.`,
      ),
  };
}

/** The digest recorded for a stack whose update stopped part-way: it matches no manifest. */
export function interruptedDigest(digest: string): string {
  return `interrupted:${digest.slice(0, 32)}`;
}

/**
 * Records on a stack whose update failed after it started that it is in no known state, and says so: the
 * next apply previews it again, whatever its manifest then asks for.
 */
async function recordInterrupted(stack: EngineStack, session: Session, origin: StackOrigin): Promise<string> {
  try {
    await stack.setTags(originTags({ ...origin, digest: interruptedDigest(origin.digest) }));
    return "AWS changed: the stack is recorded as interrupted, so the next apply previews it again; review that plan";
  } catch (error) {
    return `AWS may have changed, and recording the stack as interrupted failed too (${session.secrets.redact(error instanceof Error ? error.message : String(error))}): run workflow_dispatch with command: apply to preview and converge it`;
  }
}

/**
 * Records where the stack now comes from on it. A self-managed backend before CLI 3.211 cannot store tags:
 * the stack is applied all the same, and the run says the record is missing.
 */
async function recordOrigin(
  stack: EngineStack,
  session: Session,
  origin: StackOrigin | Claimant,
): Promise<boolean> {
  try {
    await stack.setTags("commit" in origin ? originTags(origin) : claimTags(origin));
    return true;
  } catch (error) {
    if (!(error instanceof StackTagsUnsupportedError)) throw error;
    session.runner.warning(
      `The state backend cannot store stack tags (${error.message}): this stack is applied, but the next apply previews it again and cannot find it if its manifest is deleted. Use Pulumi CLI 3.211 or later.`,
    );
    return false;
  }
}

/** Stops an update that met a newer deployment after waiting on the stack's lock. */
class DeployedMeanwhileError extends Error {
  constructor(readonly verdict: StackOutcome) {
    super("deployed meanwhile");
    this.name = "DeployedMeanwhileError";
  }
}

/**
 * Reads the stack's record again: a commit newer than this run's (or one that cannot be placed) deployed it
 * since it was listed, and this run must not move it back.
 */
async function deployedMeanwhile(
  stack: EngineStack,
  manifest: DesiredManifest,
  session: Session,
  activity: string,
): Promise<StackOutcome | undefined> {
  const now = originOf(await stack.tags());
  if (!now || now.digest === manifest.digest) return undefined;
  const relation = await commitRelation(session.git, now.commit, session.context.sha, session.compareCommits);
  const commit = now.commit.slice(0, 7);
  if (relation === "newer")
    return {
      kind: "skipped",
      message: `not applied: commit ${commit}, newer than this one, deployed it while this run was ${activity}`,
    };
  if (relation !== "same" && relation !== "older")
    return {
      kind: "refused",
      cause: "unordered",
      message: `commit ${commit} deployed it while this run was ${activity}, and is not an ancestor of this commit`,
    };
  return undefined;
}

// Opening a manifest's stack, the one sequence every engine step takes before it previews, updates or
// destroys: resolve the manifest's references, read its environment values, open the stack, see whose it
// is, then mask what it already holds (its outputs, and those of the stacks it reads) before the engine runs.
/** Whose the stack must be, and how a refusal names it. */
export interface OwnershipCheck {
  claimant: Claimant;
  /** The stack as the refusal names it. */
  label: string;
  /** `spec.adopt.stack`: another job's or tool's stack is taken over. */
  adoptsStack: boolean;
  /** Whether the refusal lists what the stack holds (not in a pull request: not its to show). */
  showResources: boolean;
  /** Told when the stack is taken over (spec.adopt.stack), with who deployed it. */
  onAdopted?: ((owner: string | undefined) => void) | undefined;
}

export interface OpenStackRequest {
  manifest: Manifest;
  /** What the manifest's references (valueFrom) may name. */
  targets: readonly ReferenceTarget[];
  /** Where the targets were looked for, for an unresolved reference's message. */
  searchedIn: string;
  /** Whether the program runs (preview, up): only then does it need the environment's values. */
  runsProgram: boolean;
  /** Undefined: whose the stack is is not checked (a backend that keeps no tags cannot tell). */
  ownership: OwnershipCheck | undefined;
}

/** The stack, open and masked; or why it was not opened, or not touched. */
export type OpenedStack =
  | { kind: "open"; stack: EngineStack; ownership: Ownership["kind"] | undefined }
  | { kind: "unresolved"; rule: "value-from-unresolved" | "value-from-env-missing"; errors: string[] }
  /** Opened, then left alone: another job's or tool's. It is disposed of already. */
  | { kind: "not-owned"; message: string };

/**
 * Opens the stack of `request.manifest`. The caller disposes of an open stack; a throw (the engine failing)
 * leaves nothing open.
 */
export async function openStack(
  engine: EngineFactory,
  request: OpenStackRequest,
  env: Readonly<Record<string, string | undefined>>,
  secrets: SecretRegistry,
): Promise<OpenedStack> {
  const { manifest } = request;
  const references = resolveReferences(manifest, request.targets, request.searchedIn);
  if (!references.ok) return { kind: "unresolved", rule: "value-from-unresolved", errors: references.errors };
  // A destroy never runs the program, so it needs no values from the environment.
  const envValues = request.runsProgram ? secrets.envValuesOf(manifest, env) : undefined;
  if (envValues && !envValues.ok)
    return { kind: "unresolved", rule: "value-from-env-missing", errors: envValues.errors };
  const stack = await engine({
    manifest,
    references: references.value,
    ...(envValues?.ok ? { envValues: envValues.value } : {}),
  });
  try {
    // Whose the stack is comes first: the labels may name any stack of the backend.
    const ownership = request.ownership ? await checkOwnership(stack, request.ownership) : undefined;
    if (ownership?.kind === "not-owned") {
      await stack.dispose();
      return { kind: "not-owned", message: ownership.refusal };
    }
    secrets.registerStackOutputs(await stack.currentOutputs());
    // Secrets read from other stacks through valueFrom are masked before the engine runs too.
    if (references.value.length > 0) secrets.registerStackOutputs(await stack.referencedOutputs());
    return { kind: "open", stack, ownership: ownership?.kind };
  } catch (error) {
    await stack.dispose();
    throw error;
  }
}

/**
 * Reads whose the stack is and decides (the provisioner's stack-origin.ts). Without stack tags (an old self-managed backend)
 * nothing can tell: undefined.
 */
async function checkOwnership(
  stack: EngineStack,
  check: OwnershipCheck,
): Promise<{ kind: Ownership["kind"]; refusal: string } | undefined> {
  let facts;
  try {
    facts = { tags: await stack.tags(), resources: await stack.resources() };
  } catch (error) {
    if (error instanceof StackTagsUnsupportedError) return undefined;
    throw error;
  }
  const ownership = stackOwnership(facts, check.claimant, check.adoptsStack);
  if (ownership.kind === "adopted") check.onAdopted?.(ownership.owner);
  const refusal =
    ownership.kind === "not-owned"
      ? notOwnedReason(check.label, ownership.owner, check.showResources ? facts.resources : [])
      : "";
  return { kind: ownership.kind, refusal };
}

// Engine failures as plan errors and failure reasons: a locked stack is its own failure, with who holds it.
/** A rule id and message for an engine failure, for the report. */
export function describeEngineError(error: unknown): {
  rule: string;
  message: string;
  reason: FailureReason;
} {
  if (error instanceof StackLockedError) return { rule: "locked", message: error.message, reason: "locked" };
  if (error instanceof EngineConfigurationError)
    return { rule: "engine-configuration", message: error.message, reason: "plan-failed" };
  // The update ran and did something its preview did not show: an apply failure to look at, not a plan one.
  if (error instanceof EnginePlanMismatchError)
    return { rule: "engine-up-differs-from-preview", message: error.message, reason: "apply-failed" };
  // The engine stopped an update that left its previewed plan: steps before the check may have run.
  if (error instanceof EnginePlanViolationError)
    return { rule: "engine-plan-violated", message: error.message, reason: "apply-failed" };
  if (error instanceof EngineOperationError)
    return {
      rule: `engine-${error.operation}-failed`,
      message: error.message,
      reason: error.operation === "preview" ? "plan-failed" : "apply-failed",
    };
  return {
    rule: "engine-failed",
    message: error instanceof Error ? error.message : String(error),
    reason: "plan-failed",
  };
}

/** A preview that failed, lost its events or disagrees with its summary: the stack is not applied. */
export function previewFailure(planned: ManifestPlan, secrets: SecretRegistry): StackOutcome {
  return {
    kind: "failed",
    cause: "plan",
    message: `not applied: the engine's preview failed: ${secrets.redact(planned.plan.errors.map((error) => error.message).join("; "))}`,
  };
}

/** An engine call that threw: locked, or failed; a plan failure only while nothing was being changed yet. */
export function engineFailure(error: unknown, secrets: SecretRegistry, updating: boolean): StackOutcome {
  const described = describeEngineError(error);
  const message = secrets.redact(described.message);
  if (described.reason === "locked") return { kind: "failed", cause: "locked", message };
  // Once up has started, whatever failed is an apply failure: the stack may have changed.
  return {
    kind: "failed",
    cause: described.reason === "plan-failed" && !updating ? "plan" : "apply",
    message,
  };
}

/** Outputs for reports and the stack-outputs output: secret ones keep their shape, values replaced. */
export function visibleOutputs(outputs: StackOutputs): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(outputs.values).map(([name, value]) => [
      name,
      outputs.secretNames.includes(name)
        ? value !== null && typeof value === "object"
          ? Object.fromEntries(Object.keys(value).map((key) => [key, SECRET_PLACEHOLDER]))
          : SECRET_PLACEHOLDER
        : value,
    ]),
  );
}

/** client name → client secret, from a stack's `client_secrets` output. */
export function clientSecretsOf(outputs: StackOutputs): Record<string, string> {
  const secrets = outputs.values.client_secrets;
  if (secrets === null || typeof secrets !== "object") return {};
  return Object.fromEntries(
    Object.entries(secrets).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
  );
}
