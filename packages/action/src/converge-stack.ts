// Converging one stack: whose it is (refused when not this job's), engine preview (fail closed), the guard on
// what the engine plans, the reviewed plan, a last check that no newer commit deployed the stack meanwhile,
// the update, and the stack's new record.
import { resolveReferences, StackTagsUnsupportedError } from "@cognito-action/provisioner";
import type { EngineFactory, EngineStack, ManifestPlan, referenceTargets } from "@cognito-action/provisioner";
import {
  clientSecretsOf,
  engineFailure,
  failure,
  notOwnedFailure,
  previewFailure,
  resultOf,
  visibleOutputs,
} from "./apply-results.ts";
import type { StackApplication } from "./apply-results.ts";
import { commitRelation } from "./commit-relation.ts";
import { compareOf } from "./deployed-stacks.ts";
import { stackDisplayName } from "./desired-manifests.ts";
import type { DesiredManifest } from "./desired-manifests.ts";
import { secretEnvValues } from "./env-values.ts";
import { guardRefusal } from "./guard.ts";
import type { GuardSettings } from "./guard.ts";
import { claimTags, originOf, originTags } from "./origin.ts";
import type { StackOrigin } from "./origin.ts";
import { notOwnedReason, stackOwnership } from "./ownership.ts";
import type { Claimant, Ownership } from "./ownership.ts";
import { describeVerdict, reviewKey, reviewVerdict } from "./reviewed-plan.ts";
import type { Review } from "./reviewed-plan.ts";
import { registerStackSecrets } from "./secrets.ts";
import type { Session } from "./session.ts";

/** What every stack of one converging apply shares. */
export interface ConvergeContext {
  repository: string;
  scope: string;
  tagsSupported: boolean;
  headTargets: ReturnType<typeof referenceTargets>;
  searchedIn: string;
  /** The plan digests the merged pull request's comment showed, when there is one. */
  review: Review | undefined;
}

/**
 * One stack: whose it is (refused unless this job's, empty or adopted), preview, guard, check no newer commit
 * deployed it meanwhile, up (looking again after every wait on its lock), then record where it came from.
 */
export async function convergeOne(
  engine: EngineFactory,
  manifest: DesiredManifest,
  entry: ManifestPlan,
  settings: GuardSettings,
  session: Session,
  context: ConvergeContext,
): Promise<StackApplication> {
  let stack: EngineStack | undefined;
  let updating = false;
  try {
    const references = resolveReferences(manifest.manifest, context.headTargets, context.searchedIn);
    if (!references.ok) return failure(entry, "failed", references.errors.join("; "));
    const envValues = secretEnvValues(manifest.manifest, session.env, session.secrets);
    if (!envValues.ok) return failure(entry, "failed", envValues.errors.join("; "));
    stack = await engine({
      manifest: manifest.manifest,
      references: references.value,
      envValues: envValues.value,
    });
    // Whose the stack is comes first: the labels may name any stack of the backend.
    const claimant = { repository: context.repository, scope: context.scope };
    const ownership = context.tagsSupported
      ? await checkOwnership(
          stack,
          stackDisplayName(manifest),
          claimant,
          manifest.adoptsStack === true,
          session,
        )
      : undefined;
    if (ownership?.refusal) return notOwnedFailure(entry, ownership.refusal);
    registerStackSecrets(await stack.currentOutputs(), session.secrets);
    // Secrets read from other stacks through valueFrom are masked before the engine runs too.
    if (references.value.length > 0) registerStackSecrets(await stack.referencedOutputs(), session.secrets);
    const enginePlan = await stack.preview();
    const planned = { ...entry, plan: enginePlan };
    // Fail closed: a preview that failed, lost its events or disagrees with its summary is never applied.
    if (enginePlan.errors.length > 0) return previewFailure(planned, session.secrets);
    const refusal = guardRefusal(planned, false, settings);
    if (refusal) return failure(planned, "blocked", `the engine's preview: ${refusal}`);
    const verdict = reviewVerdict(context.review, reviewKey(manifest.manifest.metadata), enginePlan);
    const review = describeVerdict(verdict);
    if (session.inputs["require-reviewed-plan"] && verdict.kind !== "as-reviewed")
      return {
        ...failure(
          planned,
          "blocked",
          review
            ? `${review}; require-reviewed-plan refuses to apply it`
            : "no reviewed plan: no merged pull request comment of this job shows one, and require-reviewed-plan is set",
        ),
        planChanged: true,
      };
    // Another run may have deployed this stack since it was listed: never move it back to an older commit.
    const meanwhile = context.tagsSupported
      ? await deployedMeanwhile(stack, manifest, session, "previewing")
      : undefined;
    if (meanwhile) return failure(planned, meanwhile.status, meanwhile.message);
    const changes = enginePlan.changes.some((change) => change.action !== "unchanged");
    // Claimed before the update, so a run that dies before recording the origin leaves the stack ours.
    if (changes && ownership && ownership.kind !== "ours") await recordOrigin(stack, session, claimant);
    updating = changes;
    // The check above ran before the lock: an update met holding it may have been a newer commit's, so `up`
    // looks again after every wait on the lock, and stops rather than overwrite it.
    const afterLockWait = async () => {
      const verdict = await deployedMeanwhile(stack!, manifest, session, "waiting on the stack's lock");
      if (verdict) throw new DeployedMeanwhileError(verdict);
    };
    let outputs;
    try {
      outputs = changes
        ? await stack.up(context.tagsSupported ? { afterLockWait } : {})
        : await stack.currentOutputs();
    } catch (error) {
      if (!(error instanceof DeployedMeanwhileError)) throw error;
      return failure(planned, error.verdict.status, error.verdict.message);
    }
    registerStackSecrets(outputs, session.secrets);
    let recorded = context.tagsSupported;
    if (recorded)
      recorded = await recordOrigin(stack, session, {
        repository: context.repository,
        scope: context.scope,
        stack: manifest.stack,
        manifest: manifest.name,
        file: manifest.file,
        digest: manifest.digest,
        commit: session.context.sha,
      });
    const visible = visibleOutputs(outputs);
    return {
      result: {
        ...(changes
          ? resultOf(planned, "applied", undefined, visible)
          : resultOf(
              planned,
              "skipped",
              "no changes: the deployed stack already matches; its record is updated",
            )),
        review,
      },
      clientSecrets: changes ? clientSecretsOf(outputs) : {},
      outputs: visible,
      recorded,
    };
  } catch (error) {
    const failed = engineFailure(entry, error, session.secrets, updating);
    // Once up has started, AWS may have changed whatever the error says: the stack's record must no longer
    // vouch for the manifest it was last converged to, or a later commit that asks for it again (a revert)
    // would be skipped as up to date.
    if (!updating || !stack || !context.tagsSupported) return failed;
    const marked = await recordInterrupted(stack, session, {
      repository: context.repository,
      scope: context.scope,
      stack: manifest.stack,
      manifest: manifest.name,
      file: manifest.file,
      digest: manifest.digest,
      commit: session.context.sha,
    });
    return {
      ...failed,
      result: { ...failed.result, message: `${failed.result.message ?? "the update failed"}; ${marked}` },
    };
  } finally {
    await stack?.dispose();
  }
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

/**
 * Reads whose the stack is and decides (ownership.ts): a refusal for a stack that is not this job's, and a
 * warning in the log for one the manifest adopts.
 */
export async function checkOwnership(
  stack: EngineStack,
  label: string,
  claimant: Claimant,
  adoptsStack: boolean,
  session: Session,
): Promise<{ kind: Ownership["kind"]; refusal?: string }> {
  const facts = { tags: await stack.tags(), resources: await stack.resources() };
  const ownership = stackOwnership(facts, claimant, adoptsStack);
  if (ownership.kind === "not-owned")
    return { kind: ownership.kind, refusal: notOwnedReason(label, ownership.owner, facts.resources) };
  if (ownership.kind === "adopted")
    session.runner.warning(
      `Taking over stack ${label} (spec.adopt.stack): it was ${ownership.owner ? `deployed by ${ownership.owner}` : "not recorded as deployed by cognito-action"}.`,
    );
  return { kind: ownership.kind };
}

/** Another run deployed the stack while this one was previewing or waiting: skipped, or blocked. */
interface MeanwhileVerdict {
  status: "skipped" | "blocked";
  message: string;
}

/** Stops an update that met a newer deployment after waiting on the stack's lock. */
class DeployedMeanwhileError extends Error {
  constructor(readonly verdict: MeanwhileVerdict) {
    super(verdict.message);
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
): Promise<MeanwhileVerdict | undefined> {
  const now = originOf(await stack.tags());
  if (!now || now.digest === manifest.digest) return undefined;
  const relation = await commitRelation(session.git, now.commit, session.context.sha, compareOf(session));
  const commit = now.commit.slice(0, 7);
  if (relation === "newer")
    return {
      status: "skipped",
      message: `not applied: commit ${commit}, newer than this one, deployed it while this run was ${activity}`,
    };
  if (relation !== "same" && relation !== "older")
    return {
      status: "blocked",
      message: `commit ${commit} deployed it while this run was ${activity}, and is not an ancestor of this commit`,
    };
  return undefined;
}
