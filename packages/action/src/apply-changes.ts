// The per-change apply: each changed manifest's stack on its own, from the offline plan of the pushed range.
// `destroy` uses it for every stack; an apply falls back to it only on an engine that cannot list stacks by
// their tags, where the converging apply cannot find what is deployed.
import {
  mapWithConcurrency,
  resolveReferences,
  StackTagsUnsupportedError,
} from "@cognito-action/provisioner";
import type {
  EngineFactory,
  EngineStack,
  ManifestChange,
  ManifestPlan,
  ReferenceScope,
} from "@cognito-action/provisioner";
import type { Manifest } from "@cognito-action/spec";
import {
  clientSecretsOf,
  engineFailure,
  failure,
  failureReason,
  finish,
  finishUnchanged,
  notOwnedFailure,
  previewFailure,
  resultOf,
  setStackOutputs,
  visibleOutputs,
} from "./apply-results.ts";
import type { StackApplication } from "./apply-results.ts";
import { commentKey } from "./comment.ts";
import { checkOwnership } from "./converge-stack.ts";
import { secretEnvValues } from "./env-values.ts";
import { readReview } from "./read-review.ts";
import { describeVerdict, destroyVerdict, reviewKey, reviewVerdict } from "./reviewed-plan.ts";
import type { Review, ReviewVerdict } from "./reviewed-plan.ts";
import { ActionFailure } from "./errors.ts";
import { guardRefusal } from "./guard.ts";
import type { GuardSettings } from "./guard.ts";
import type { Claimant } from "./ownership.ts";
import { registerStackSecrets } from "./secrets.ts";
import type { Session } from "./session.ts";

/**
 * The per-change apply: each stack the pushed range (or `destroy`) changes, independently. `destroy` always
 * takes it; an apply only when the engine cannot list stacks by their tags, so convergence is impossible.
 */
export async function applyChanging(
  session: Session,
  engine: EngineFactory,
  changing: readonly { entry: ManifestPlan; change: ManifestChange }[],
  scope: ReferenceScope,
  settings: GuardSettings,
  plans: readonly ManifestPlan[],
  pullRequest: number | undefined,
): Promise<void> {
  const { inputs, runner } = session;
  if (changing.length === 0) return finishUnchanged(session, plans, pullRequest);
  // `destroy` is a deliberate run of its own; an apply is checked against its pull request's review.
  const review =
    session.command === "apply" && pullRequest !== undefined
      ? { reviewed: await readReview(session, pullRequest), required: inputs["require-reviewed-plan"] }
      : undefined;
  const claimant = {
    repository: `${session.context.owner}/${session.context.repo}`,
    scope: commentKey(inputs["comment-key"], inputs.manifests),
  };
  const results = await mapWithConcurrency(changing, inputs.parallel, ({ entry, change }) =>
    runner.group(`Apply ${entry.name} (${entry.plan.stack})`, () =>
      applyOne(engine, change, entry, scope, settings, session, claimant, review),
    ),
  );
  setStackOutputs(session, results);
  await finish(
    session,
    results.map(({ result }) => result),
    pullRequest,
    undefined,
  );
  const reason = failureReason(results);
  if (reason)
    throw new ActionFailure(
      reason,
      `${results.filter(({ result }) => result.status !== "applied" && result.status !== "destroyed").length} of ${results.length} stacks did not apply; see the report`,
    );
}

/** One stack: engine preview, the guard again on it, then up (or destroy for a deleted manifest). */
async function applyOne(
  engine: EngineFactory,
  change: ManifestChange,
  entry: ManifestPlan,
  scope: ReferenceScope,
  settings: GuardSettings,
  session: Session,
  claimant: Claimant,
  review: { reviewed: Review | undefined; required: boolean } | undefined,
): Promise<StackApplication> {
  const { secrets, env } = session;
  const manifest = (change.head?.manifest ?? change.base?.manifest) as Manifest;
  const deleted = change.head === undefined;
  if (deleted) {
    const refusal = guardRefusal(entry, true, settings);
    if (refusal) return failure(entry, "blocked", refusal);
    const unreviewed =
      review && unreviewedRefusal(entry, review, destroyVerdict(review.reviewed, entry.plan.stack));
    if (unreviewed) return unreviewed;
  }
  let stack: EngineStack | undefined;
  let updating = false;
  try {
    const references = resolveReferences(manifest, deleted ? scope.base : scope.head, scope.searchedIn);
    if (!references.ok) return failure(entry, "failed", references.errors.join("; "));
    // A destroy never runs the program, so it needs no values from the environment.
    const envValues = deleted ? undefined : secretEnvValues(manifest, env, secrets);
    if (envValues && !envValues.ok) return failure(entry, "failed", envValues.errors.join("; "));
    stack = await engine({
      manifest,
      references: references.value,
      ...(envValues?.ok ? { envValues: envValues.value } : {}),
    });
    // `destroy` above all: the labels may name any stack of the backend. Without stack tags nothing can tell.
    const ownership = await checkOwnership(
      stack,
      entry.plan.stack,
      claimant,
      manifest.spec.adopt?.stack === true,
      session,
    ).catch((error: unknown) => {
      if (error instanceof StackTagsUnsupportedError) return undefined;
      throw error;
    });
    if (ownership?.refusal) return notOwnedFailure(entry, ownership.refusal);
    registerStackSecrets(await stack.currentOutputs(), secrets);
    // Secrets read from other stacks through valueFrom are masked before the engine runs too.
    if (references.value.length > 0) registerStackSecrets(await stack.referencedOutputs(), secrets);
    if (deleted) {
      updating = true;
      await stack.destroy();
      return { result: resultOf(entry, "destroyed"), clientSecrets: {}, outputs: {} };
    }
    const enginePlan = await stack.preview();
    // Fail closed: a preview that failed, lost its events or disagrees with its summary is never applied.
    if (enginePlan.errors.length > 0) return previewFailure({ ...entry, plan: enginePlan }, secrets);
    // The engine sees what is deployed, which the offline plan cannot: check its plan against the guard too.
    const refusal = guardRefusal({ ...entry, plan: enginePlan }, false, settings);
    if (refusal)
      return failure({ ...entry, plan: enginePlan }, "blocked", `the engine's preview: ${refusal}`);
    const unreviewed =
      review &&
      unreviewedRefusal(
        { ...entry, plan: enginePlan },
        review,
        reviewVerdict(review.reviewed, reviewKey(manifest.metadata), enginePlan),
      );
    if (unreviewed) return unreviewed;
    updating = true;
    const outputs = await stack.up();
    registerStackSecrets(outputs, secrets);
    const visible = visibleOutputs(outputs);
    return {
      result: resultOf({ ...entry, plan: enginePlan }, "applied", undefined, visible),
      clientSecrets: clientSecretsOf(outputs),
      outputs: visible,
    };
  } catch (error) {
    return engineFailure(entry, error, secrets, updating);
  } finally {
    await stack?.dispose();
  }
}

/** The refusal of a stack whose plan or destroy is not the reviewed one, under require-reviewed-plan. */
function unreviewedRefusal(
  entry: ManifestPlan,
  review: { reviewed: Review | undefined; required: boolean },
  verdict: ReviewVerdict,
): StackApplication | undefined {
  if (!review.required || verdict.kind === "as-reviewed") return undefined;
  const described = describeVerdict(verdict);
  return {
    ...failure(
      entry,
      "blocked",
      described
        ? `${described}; require-reviewed-plan refuses to apply it`
        : "no reviewed plan: no merged pull request comment of this job shows one, and require-reviewed-plan is set",
    ),
    planChanged: true,
  };
}
