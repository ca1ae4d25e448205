// Acting on one stack as the decision says: converge it (open, preview failing closed, the guard on what the
// engine plans, the reviewed plan, a last check that no newer commit deployed it meanwhile, up, record), or
// destroy it (a manifest's stack under `command: destroy`, or a deleted manifest's stack found by its tags).
import { StackTagsUnsupportedError } from "@cognito-action/provisioner";
import type {
  EngineFactory,
  EngineInventory,
  EngineStack,
  ReferenceTarget,
} from "@cognito-action/provisioner";
import type { StackStep } from "./decide.ts";
import { commitRelation } from "./commit-relation.ts";
import { compareOf } from "./deployed.ts";
import { stackDisplayName } from "../manifests/desired-manifests.ts";
import type { DesiredManifest } from "../manifests/desired-manifests.ts";
import { guardRefusal } from "./guard.ts";
import type { GuardSettings } from "./guard.ts";
import { openStack } from "./open-stack.ts";
import type { OpenedStack, OwnershipCheck } from "./open-stack.ts";
import { claimTags, originOf, originTags } from "./origin.ts";
import type { StackOrigin } from "./origin.ts";
import type { Claimant } from "./ownership.ts";
import { describeVerdict, reviewKey, reviewVerdict } from "./reviewed-plan.ts";
import type { Review } from "./reviewed-plan.ts";
import { registerStackSecrets } from "../run/secrets.ts";
import type { Session } from "../run/session.ts";
import { clientSecretsOf, engineFailure, previewFailure, stackResult, visibleOutputs } from "./outcome.ts";
import type { StackOutcome, StackResult } from "./outcome.ts";

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
          ? applyOwnershipCheck(context, session, stackDisplayName(manifest), manifest.adoptsStack === true)
          : undefined,
      },
      session.env,
      session.secrets,
    );
    if (opened.kind !== "open") return stackResult(entry, notOpened(opened));
    stack = opened.stack;
    const enginePlan = await stack.preview();
    const planned = { ...entry, plan: enginePlan };
    // Fail closed: a preview that failed, lost its events or disagrees with its summary is never applied.
    if (enginePlan.errors.length > 0) return stackResult(planned, previewFailure(planned, session.secrets));
    // The engine sees what is deployed, which the offline plan cannot: its plan goes through the guard too.
    const refusal = guardRefusal(planned, false, context.settings);
    if (refusal)
      return stackResult(planned, {
        kind: "refused",
        cause: "guard",
        message: `the engine's preview: ${refusal}`,
      });
    const verdict = reviewVerdict(context.review, reviewKey(manifest.manifest.metadata), enginePlan);
    const review = describeVerdict(verdict);
    if (session.inputs["require-reviewed-plan"] && verdict.kind !== "as-reviewed")
      return stackResult(planned, {
        kind: "refused",
        cause: "review",
        message: review
          ? `${review}; require-reviewed-plan refuses to apply it`
          : "no reviewed plan: no merged pull request comment of this job shows one, and require-reviewed-plan is set",
      });
    // Another run may have deployed this stack since it was listed: never move it back to an older commit.
    const meanwhile = context.tagsSupported
      ? await deployedMeanwhile(stack, manifest, session, "previewing")
      : undefined;
    if (meanwhile) return stackResult(planned, meanwhile);
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
      return stackResult(planned, error.verdict);
    }
    registerStackSecrets(outputs, session.secrets);
    const recorded = context.tagsSupported ? await recordOrigin(stack, session, origin) : false;
    return stackResult(
      planned,
      changes
        ? {
            kind: "applied",
            outputs: visibleOutputs(outputs),
            clientSecrets: clientSecretsOf(outputs),
            recorded,
          }
        : { kind: "unchanged", recorded },
      review,
    );
  } catch (error) {
    const failed = engineFailure(error, session.secrets, updating);
    // Once up has started, AWS may have changed whatever the error says: the stack's record must no longer
    // vouch for the manifest it was last converged to, or a later commit that asks for it again (a revert)
    // would be skipped as up to date.
    if (!updating || !stack || !context.tagsSupported || failed.kind !== "failed")
      return stackResult(entry, failed);
    const marked = await recordInterrupted(stack, session, origin);
    return stackResult(entry, { ...failed, message: `${failed.message || "the update failed"}; ${marked}` });
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
    if (opened.kind !== "open") return stackResult(step.entry, notOpened(opened));
    stack = opened.stack;
    updating = true;
    await stack.destroy();
    return stackResult(step.entry, { kind: "destroyed" });
  } catch (error) {
    return stackResult(step.entry, engineFailure(error, session.secrets, updating));
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
    return stackResult(
      step.entry,
      { kind: "destroyed", message: `its manifest ${origin.file} is gone; stack removed` },
      step.review,
    );
  } catch (error) {
    return stackResult(step.entry, engineFailure(error, session.secrets, true));
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
  const relation = await commitRelation(session.git, now.commit, session.context.sha, compareOf(session));
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
