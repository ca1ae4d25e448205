// Applying on merge: validate, plan offline, refuse destruction unless allowed (before any engine call),
// then preview and update each changed stack with the engine, independently, masking every secret first.
import {
  code,
  engineStackName,
  mapWithConcurrency,
  planManifestChanges,
  referenceTargets,
  StackTagsUnsupportedError,
  summarize,
  renderApplyReportParts,
  resolveReferences,
  SECRET_PLACEHOLDER,
} from "@cognito-action/provisioner";
import type {
  ApplyResult,
  EngineFactory,
  EngineInventory,
  EngineStack,
  ManifestChange,
  ManifestPlan,
  ReferenceScope,
  StackOutputs,
} from "@cognito-action/provisioner";
import { MANIFEST_KIND, stackIdentity } from "@cognito-action/spec";
import type { Manifest } from "@cognito-action/spec";
import { findManifestChanges } from "./changes.ts";
import { commentKey, findOwnComment, markerKey } from "./comment.ts";
import { commitRelation } from "./commit-relation.ts";
import type { CompareCommits } from "./commit-relation.ts";
import { decideConvergence, needingWork } from "./convergence.ts";
import type { Convergence, DesiredStack, RecordedStack, StackDecision } from "./convergence.ts";
import { manifestDigest, ORIGIN_TAGS, originOf, originTags } from "./origin.ts";
import type { StackOrigin } from "./origin.ts";
import { describeEngineError } from "./engine-errors.ts";
import { backendUrl, engineUnavailableReason } from "./engine-settings.ts";
import { checkIndex, indexKey, indexStackOf, indexValue } from "./deployed-index.ts";
import { ActionFailure } from "./errors.ts";
import type { FailureReason } from "./errors.ts";
import { guardRefusal } from "./guard.ts";
import type { GuardSettings } from "./guard.ts";
import { manifestFindings } from "./manifests.ts";
import { planOutputs } from "./outputs.ts";
import { mergedPullRequest, publishReport } from "./publish.ts";
import { secretEnvValues } from "./env-values.ts";
import { describeVerdict, reviewedPlansIn, reviewVerdict } from "./reviewed-plan.ts";
import { registerStackSecrets } from "./secrets.ts";
import type { SecretRegistry } from "./secrets.ts";
import type { Session } from "./session.ts";

/** Applies the changed manifests (every manifest for a manual apply; every stack for `destroy`). */
export async function apply(session: Session): Promise<void> {
  const { inputs, runner } = session;
  if (session.command === "plan") {
    const engine = await prepareEngine(session, undefined, []);
    if (!engine.inventory)
      throw new ActionFailure("plan-failed", "This engine cannot list stacks by their tags.");
    await converge(session, engine, engine.inventory, [], undefined, true);
    return;
  }
  const found = await findManifestChanges(session);
  const changes = session.command === "destroy" ? found.changes.map(asDeletion) : found.changes;
  const plans = await runner.group(`Offline plan of ${changes.length} manifests`, () =>
    planManifestChanges(changes, found.scope, inputs.parallel),
  );
  for (const [name, value] of Object.entries(planOutputs(plans))) runner.setOutput(name, value);
  const pullRequest = await mergedPullRequest(session);
  const settings: GuardSettings = {
    allowReplace: inputs["allow-replace"],
    allowDestroy: inputs["allow-destroy"],
  };

  const planFailures = plans.filter((entry) => entry.plan.errors.length > 0);
  if (planFailures.length > 0) {
    const results = plans.map((entry) =>
      resultOf(
        entry,
        entry.plan.errors.length > 0 ? "failed" : "skipped",
        entry.plan.errors.map((error) => error.message).join("; ") ||
          "not applied: another manifest's plan failed",
      ),
    );
    await finish(session, results, pullRequest, undefined);
    throw new ActionFailure(
      "plan-failed",
      `${planFailures.length} manifest(s) could not be planned; nothing was applied`,
    );
  }
  const refusals = plans.flatMap((entry, index) => {
    const deleted = changes[index]!.head === undefined;
    // An apply handles a deleted manifest's stack as an orphan, after applying everything else.
    if (deleted && session.command === "apply") return [];
    return guardRefusal(entry, deleted, settings) ?? [];
  });
  if (refusals.length > 0) {
    const message = `Refused before any change was made:\n${refusals.join("\n")}`;
    await finish(
      session,
      plans.map((entry) => resultOf(entry, "skipped", "not applied: the apply was refused")),
      pullRequest,
      message,
    );
    throw new ActionFailure("replacement-blocked", message);
  }
  const changing = plans
    .map((entry, index) => ({ entry, change: changes[index]! }))
    .filter(({ entry }) => entry.plan.changes.some((change) => change.action !== "unchanged"));
  if (session.command === "apply") {
    // Convergence looks at every stack, whatever the pushed range says: it needs the engine even when the
    // range changes nothing (a missed run, a refused change, a stack changed outside this repository).
    const engine = await prepareEngine(session, pullRequest, plans);
    if (engine.inventory) {
      await converge(session, engine, engine.inventory, found.changes, pullRequest);
      return;
    }
    session.runner.warning(
      "This engine cannot list stacks by their tags: only the pushed range is applied, and deleted manifests' stacks are not tracked.",
    );
    return applyChanging(session, engine, changing, found.scope, settings, plans, pullRequest);
  }
  if (changing.length === 0) {
    runner.info("No manifest changes anything; nothing to apply.");
    await finish(
      session,
      plans.map((entry) => resultOf(entry, "skipped", "no changes")),
      pullRequest,
      undefined,
    );
    return;
  }
  const engine = await prepareEngine(
    session,
    pullRequest,
    changing.map(({ entry }) => entry),
  );
  return applyChanging(session, engine, changing, found.scope, settings, plans, pullRequest);
}

/** The engine, or a failure reported on `reported` (nothing was applied) when it cannot run. */
async function prepareEngine(
  session: Session,
  pullRequest: number | undefined,
  reported: readonly ManifestPlan[],
): Promise<EngineFactory> {
  const missing = engineUnavailableReason(session.inputs, session.env);
  if (missing !== undefined || (!session.engine && !session.createEngine)) {
    const message = `The Pulumi engine cannot run: ${missing ?? "it is not available"}.`;
    await finish(
      session,
      reported.map((entry) => resultOf(entry, "failed", message)),
      pullRequest,
      undefined,
    );
    throw new ActionFailure("apply-failed", message);
  }
  try {
    return session.engine ?? (await session.createEngine!());
  } catch (error) {
    // Installing the Pulumi CLI failed (download, checksum): nothing was applied; say so where people look.
    const message = `The Pulumi engine could not be prepared: ${session.secrets.redact(error instanceof Error ? error.message : String(error))}`;
    await finish(
      session,
      reported.map((entry) => resultOf(entry, "failed", message)),
      pullRequest,
      undefined,
    );
    throw new ActionFailure("apply-failed", message, { cause: error });
  }
}

/** The range-based apply, for engines that cannot list stacks by tag: each changed stack, independently. */
async function applyChanging(
  session: Session,
  engine: EngineFactory,
  changing: readonly { entry: ManifestPlan; change: ManifestChange }[],
  scope: ReferenceScope,
  settings: GuardSettings,
  plans: readonly ManifestPlan[],
  pullRequest: number | undefined,
): Promise<void> {
  const { inputs, runner } = session;
  if (changing.length === 0) {
    runner.info("No manifest changes anything; nothing to apply.");
    await finish(
      session,
      plans.map((entry) => resultOf(entry, "skipped", "no changes")),
      pullRequest,
      undefined,
    );
    return;
  }
  const results = await mapWithConcurrency(changing, inputs.parallel, ({ entry, change }) =>
    runner.group(`Apply ${entry.name} (${entry.plan.stack})`, () =>
      applyOne(engine, change, entry, scope, settings, session.secrets, session.env),
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

interface StackApplication {
  result: ApplyResult;
  /** The stack now matches its manifest and records it (its tags were set by this run). */
  recorded?: boolean;
  /** Refused because its plan differs from the reviewed one (require-reviewed-plan). */
  planChanged?: boolean;
  /** client name → client secret, for the client-secrets output. */
  clientSecrets: Record<string, string>;
  outputs: Record<string, unknown>;
  /** The engine's preview failed (or could not be trusted), so nothing was applied to this stack. */
  planFailed?: boolean;
}

/** One stack: engine preview, the guard again on it, then up (or destroy for a deleted manifest). */
async function applyOne(
  engine: EngineFactory,
  change: ManifestChange,
  entry: ManifestPlan,
  scope: ReferenceScope,
  settings: GuardSettings,
  secrets: SecretRegistry,
  env: Session["env"],
): Promise<StackApplication> {
  const manifest = (change.head?.manifest ?? change.base?.manifest) as Manifest;
  const deleted = change.head === undefined;
  if (deleted) {
    const refusal = guardRefusal(entry, true, settings);
    if (refusal) return failure(entry, "blocked", refusal);
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
    if (enginePlan.errors.length > 0)
      return {
        ...failure(
          { ...entry, plan: enginePlan },
          "failed",
          `not applied: the engine's preview failed: ${secrets.redact(enginePlan.errors.map((error) => error.message).join("; "))}`,
        ),
        planFailed: true,
      };
    // The engine sees what is deployed, which the offline plan cannot: check its plan against the guard too.
    const refusal = guardRefusal({ ...entry, plan: enginePlan }, false, settings);
    if (refusal)
      return failure({ ...entry, plan: enginePlan }, "blocked", `the engine's preview: ${refusal}`);
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
    const described = describeEngineError(error);
    return {
      ...failure(
        entry,
        described.reason === "locked" ? "locked" : "failed",
        secrets.redact(described.message),
      ),
      // Once up has started, whatever failed is an apply failure: the stack may have changed.
      planFailed: described.reason === "plan-failed" && !updating,
    };
  } finally {
    await stack?.dispose();
  }
}

/** Outputs for reports and the stack-outputs output: secret ones keep their shape, values replaced. */
function visibleOutputs(outputs: StackOutputs): Record<string, unknown> {
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

function clientSecretsOf(outputs: StackOutputs): Record<string, string> {
  const secrets = outputs.values.client_secrets;
  if (secrets === null || typeof secrets !== "object") return {};
  return Object.fromEntries(
    Object.entries(secrets).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
  );
}

function setStackOutputs(session: Session, applications: readonly StackApplication[]): void {
  const stackOutputs: Record<string, unknown> = {};
  const clientSecrets: Record<string, Record<string, string>> = {};
  for (const { result, outputs, clientSecrets: secrets } of applications) {
    if (result.status !== "applied") continue;
    stackOutputs[result.name] = outputs;
    if (Object.keys(secrets).length > 0) clientSecrets[result.name] = secrets;
  }
  session.runner.setOutput("stack-outputs", JSON.stringify(stackOutputs));
  // Every value in it is registered as a secret already, so the runner masks it wherever it appears.
  session.runner.setOutput("client-secrets", JSON.stringify(clientSecrets));
}

function failureReason(applications: readonly StackApplication[]): FailureReason | undefined {
  const results = applications.map(({ result }) => result);
  if (results.some((result) => result.status === "locked")) return "locked";
  if (applications.some((application) => application.planFailed)) return "plan-failed";
  if (results.some((result) => result.status === "failed")) return "apply-failed";
  if (applications.some((application) => application.planChanged)) return "plan-changed";
  if (results.some((result) => result.status === "blocked")) return "replacement-blocked";
  return undefined;
}

function failure(entry: ManifestPlan, status: ApplyResult["status"], message: string): StackApplication {
  return { result: resultOf(entry, status, message), clientSecrets: {}, outputs: {} };
}

function resultOf(
  entry: ManifestPlan,
  status: ApplyResult["status"],
  message?: string,
  outputs?: Record<string, unknown>,
): ApplyResult {
  return {
    name: entry.name,
    file: entry.file,
    stack: entry.plan.stack,
    status,
    plan: entry.plan,
    message,
    outputs,
  };
}

/** `destroy`: every manifest's stack goes, as if its manifest were deleted. */
function asDeletion(change: ManifestChange): ManifestChange {
  return { ...change, fileChange: "deleted", base: change.head ?? change.base, head: undefined };
}

/** Reports an apply refused because manifests are invalid, where people will look: the merged pull request. */
export async function refuseInvalidApply(session: Session, message: string): Promise<void> {
  await finish(session, [], await mergedPullRequest(session), `Nothing was applied: ${message}.`);
}

async function finish(
  session: Session,
  results: ApplyResult[],
  pullRequest: number | undefined,
  blocked: string | undefined,
): Promise<void> {
  const report = renderApplyReportParts({
    results,
    findings: manifestFindings(session.head),
    blockedBeforeEngine: blocked,
  });
  const url = await publishReport(session, report, pullRequest);
  if (url) session.runner.setOutput("comment-url", url);
}

/** A manifest at this commit with what converging its stack needs. */
interface DesiredManifest extends DesiredStack {
  manifest: Manifest;
  /** The name the backend lists its stack under. */
  engineName: string;
}

/**
 * The convergence apply: every manifest at this commit against what its stack records (stack tags). Stacks
 * whose recorded digest matches are skipped without an engine call; the others are previewed, guarded and
 * updated; this job's stacks whose manifest is gone are destroyed with both allow inputs, or reported.
 */
async function converge(
  session: Session,
  engine: EngineFactory,
  inventory: EngineInventory,
  rangeChanges: readonly ManifestChange[],
  pullRequest: number | undefined,
  /** `command: plan`: decide and say, apply nothing. */
  planOnly = false,
): Promise<void> {
  const { inputs, runner, context } = session;
  const repository = `${context.owner}/${context.repo}`;
  const scope = commentKey(inputs["comment-key"], inputs.manifests);
  const desired = desiredManifests(session);
  const headTargets = referenceTargets(session.head);
  const searchedIn = `the files matching ${inputs.manifests.join(", ")}`;
  const { recorded, verified, tagsSupported } = await readDeployed(
    session,
    inventory,
    desired,
    repository,
    scope,
  );
  const decision = decideConvergence({
    desired,
    recorded,
    verified,
    scope,
    only: inputs.only,
    allowDestroy: inputs["allow-destroy"],
    allowReplace: inputs["allow-replace"],
  });
  const work = needingWork(decision);
  runner.setOutput("changed", JSON.stringify(work.manifests));
  runner.setOutput("has-changes", String(work.manifests.length + work.orphans.length > 0));
  const upToDate = decision.stacks.filter((stack) => stack.kind === "up-to-date").length;
  runner.info(
    `${desired.length} manifests: ${upToDate} up to date, ${work.manifests.length} to converge, ${work.orphans.length} deleted manifests' stacks to destroy${decision.orphansLeftToFullRun ? "; stacks of deleted manifests are left to runs without only" : ""}`,
  );
  if (planOnly) {
    await runner.appendSummary(convergencePlanSummary(decision));
    return;
  }
  const review = pullRequest !== undefined ? await reviewedPlanOf(session, pullRequest) : undefined;
  const highlighted = new Set(rangeChanges.map((change) => change.name));
  const settings: GuardSettings = {
    allowReplace: inputs["allow-replace"],
    allowDestroy: inputs["allow-destroy"],
  };
  const byName = new Map(desired.map((manifest) => [manifest.name, manifest]));
  const applications = await mapWithConcurrency(decision.stacks, inputs.parallel, async (stackDecision) => {
    const manifest = byName.get(stackDecision.desired.name)!;
    const entry = planEntry(manifest);
    switch (stackDecision.kind) {
      case "not-selected":
        return undefined;
      case "up-to-date":
        return highlighted.has(manifest.name)
          ? failure(
              entry,
              "skipped",
              stackDecision.origin
                ? `up to date: deployed from ${stackDecision.origin.commit.slice(0, 7)}`
                : "up to date",
            )
          : undefined;
      case "newer":
        return failure(
          entry,
          "skipped",
          `not applied: commit ${stackDecision.origin.commit.slice(0, 7)}, newer than this one, deployed it`,
        );
      case "refused":
        return failure(entry, "blocked", stackDecision.reason);
      case "converge":
        return runner.group(`Apply ${manifest.name} (${manifest.stack})`, () =>
          convergeOne(engine, manifest, entry, settings, session, {
            repository,
            scope,
            tagsSupported,
            headTargets,
            searchedIn,
            review,
          }),
        );
    }
  });
  const orphanResults = await mapWithConcurrency(decision.orphans, inputs.parallel, async (orphan) => {
    const { origin, engineName } = orphan.stack;
    const entry = orphanEntry(origin);
    if (orphan.kind !== "destroy") return resultOf(entry, "blocked", orphan.reason);
    try {
      await runner.group(`Destroy ${origin.manifest} (${origin.stack})`, () =>
        inventory.destroyAndRemove(engineName, projectOf(origin.stack)),
      );
      return resultOf(entry, "destroyed", `its manifest ${origin.file} is gone; stack removed`);
    } catch (error) {
      const described = describeEngineError(error);
      return resultOf(
        entry,
        described.reason === "locked" ? "locked" : "failed",
        session.secrets.redact(described.message),
      );
    }
  });
  const done = applications.filter((application) => application !== undefined);
  if (tagsSupported) {
    // What this run converged, and the stacks it had to read, go into the index with their update times.
    const converged = new Set(
      decision.stacks.flatMap((stack, index) => {
        if (stack.kind === "converge") return applications[index]?.recorded ? [stack.desired.stack] : [];
        return stack.kind === "up-to-date" && stack.origin !== undefined ? [stack.desired.stack] : [];
      }),
    );
    await recordInIndex(
      session,
      inventory,
      desired.filter((manifest) => converged.has(manifest.stack)),
      repository,
      scope,
    );
  }
  setStackOutputs(session, done);
  const results = [...done.map(({ result }) => result), ...orphanResults];
  if (results.length === 0) runner.info("Every stack matches its manifest; nothing to apply.");
  await finish(session, results, pullRequest, undefined);
  const reason = failureReason([
    ...done,
    ...orphanResults.map((result) => ({ result, clientSecrets: {}, outputs: {} })),
  ]);
  if (reason) {
    const notApplied = results.filter((result) => ["blocked", "failed", "locked"].includes(result.status));
    throw new ActionFailure(
      reason,
      `${notApplied.length} of ${results.length} stacks did not apply; see the report`,
    );
  }
}

interface ConvergeContext {
  repository: string;
  scope: string;
  tagsSupported: boolean;
  headTargets: ReturnType<typeof referenceTargets>;
  searchedIn: string;
  /** The plan digests the merged pull request's comment showed, when there is one. */
  review: { pullRequest: number; digests: Record<string, string> } | undefined;
}

/** One stack: preview, guard, check no newer commit deployed it meanwhile, up, then record where it came from. */
async function convergeOne(
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
    registerStackSecrets(await stack.currentOutputs(), session.secrets);
    // Secrets read from other stacks through valueFrom are masked before the engine runs too.
    if (references.value.length > 0) registerStackSecrets(await stack.referencedOutputs(), session.secrets);
    const enginePlan = await stack.preview();
    const planned = { ...entry, plan: enginePlan };
    // Fail closed: a preview that failed, lost its events or disagrees with its summary is never applied.
    if (enginePlan.errors.length > 0)
      return {
        ...failure(
          planned,
          "failed",
          `not applied: the engine's preview failed: ${session.secrets.redact(enginePlan.errors.map((error) => error.message).join("; "))}`,
        ),
        planFailed: true,
      };
    const refusal = guardRefusal(planned, false, settings);
    if (refusal) return failure(planned, "blocked", `the engine's preview: ${refusal}`);
    const verdict = reviewVerdict(context.review, manifest.name, enginePlan);
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
    if (context.tagsSupported) {
      const now = originOf(await stack.tags());
      if (now && now.digest !== manifest.digest) {
        const relation = await commitRelation(
          session.git,
          now.commit,
          session.context.sha,
          compareOf(session),
        );
        if (relation === "newer")
          return failure(
            planned,
            "skipped",
            `not applied: commit ${now.commit.slice(0, 7)}, newer than this one, deployed it while this run was previewing`,
          );
        if (relation !== "same" && relation !== "older")
          return failure(
            planned,
            "blocked",
            `commit ${now.commit.slice(0, 7)} deployed it meanwhile, and is not an ancestor of this commit`,
          );
      }
    }
    const changes = enginePlan.changes.some((change) => change.action !== "unchanged");
    updating = changes;
    const outputs = changes ? await stack.up() : await stack.currentOutputs();
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
    const described = describeEngineError(error);
    return {
      ...failure(
        entry,
        described.reason === "locked" ? "locked" : "failed",
        session.secrets.redact(described.message),
      ),
      // Once up has started, whatever failed is an apply failure: the stack may have changed.
      planFailed: described.reason === "plan-failed" && !updating,
    };
  } finally {
    await stack?.dispose();
  }
}

/**
 * Records where the stack now comes from on it. A self-managed backend before CLI 3.211 cannot store tags:
 * the stack is applied all the same, and the run says the record is missing.
 */
async function recordOrigin(stack: EngineStack, session: Session, origin: StackOrigin): Promise<boolean> {
  try {
    await stack.setTags(originTags(origin));
    return true;
  } catch (error) {
    if (!(error instanceof StackTagsUnsupportedError)) throw error;
    session.runner.warning(
      `The state backend cannot store stack tags (${error.message}): this stack is applied, but the next apply previews it again and cannot find it if its manifest is deleted. Use Pulumi CLI 3.211 or later.`,
    );
    return false;
  }
}

/** The plan digests this job's comment on the merged pull request carries, when it has one. */
async function reviewedPlanOf(
  session: Session,
  pullRequest: number,
): Promise<{ pullRequest: number; digests: Record<string, string> } | undefined> {
  const github = session.github;
  if (!github) return undefined;
  try {
    const comments = await github.listIssueComments(pullRequest);
    const key = commentKey(session.inputs["comment-key"], session.inputs.manifests);
    // Only our own comment counts: a marker pasted by someone else must not pass for a review.
    const own = comments.some((comment) => markerKey(comment.body) === key)
      ? findOwnComment(comments, key, await github.viewerLogin())
      : undefined;
    const digests = own ? reviewedPlansIn(own.body) : undefined;
    return digests ? { pullRequest, digests } : undefined;
  } catch (error) {
    session.runner.warning(
      `Could not read the reviewed plan of #${pullRequest}: ${error instanceof Error ? error.message : String(error)}`,
    );
    return undefined;
  }
}

/** The stacks this repository deployed: from one listing and the index, reading tags only where needed. */
async function readDeployed(
  session: Session,
  inventory: EngineInventory,
  desired: readonly DesiredManifest[],
  repository: string,
  scope: string,
): Promise<{ recorded: RecordedStack[]; verified: Set<string>; tagsSupported: boolean }> {
  const { runner, context } = session;
  try {
    return await runner.group("Deployed stacks", async () => {
      const [listed, index] = await Promise.all([
        inventory.stacksTagged(ORIGIN_TAGS.repository, repository),
        inventory.readIndex(indexStackOf(scope)),
      ]);
      const { verified, unread } = checkIndex(desired, listed, index);
      runner.info(
        `${listed.length} stacks deployed by ${repository}: ${verified.size} up to date by the index, ${unread.length} to read`,
      );
      const digests = new Map(desired.map((manifest) => [manifest.stack, manifest.digest]));
      const recorded = await mapWithConcurrency(unread, 8, async (name): Promise<RecordedStack[]> => {
        const origin = originOf(await inventory.tagsOf(name));
        if (!origin || origin.repository !== repository) return [];
        return [
          {
            engineName: name,
            origin,
            relation:
              digests.get(origin.stack) === origin.digest
                ? undefined
                : await commitRelation(session.git, origin.commit, context.sha, compareOf(session)),
          },
        ];
      });
      return { recorded: recorded.flat(), verified, tagsSupported: true };
    });
  } catch (error) {
    if (!(error instanceof StackTagsUnsupportedError)) throw error;
    runner.warning(
      `The state backend cannot store stack tags (${error.message}): every stack is previewed, and stacks of deleted manifests cannot be found. Use Pulumi CLI 3.211 or later.`,
    );
    return { recorded: [], verified: new Set(), tagsSupported: false };
  }
}

/** Records converged stacks in the index, with their update times as the backend now lists them. */
async function recordInIndex(
  session: Session,
  inventory: EngineInventory,
  converged: readonly DesiredManifest[],
  repository: string,
  scope: string,
): Promise<void> {
  if (converged.length === 0) return;
  try {
    const listed = new Map(
      (await inventory.stacksTagged(ORIGIN_TAGS.repository, repository)).map((stack) => [
        stack.name,
        stack.lastUpdate,
      ]),
    );
    const entries = Object.fromEntries(
      converged.flatMap((manifest) => {
        const lastUpdate = listed.get(manifest.engineName);
        return lastUpdate ? [[indexKey(manifest.engineName), indexValue(manifest.digest, lastUpdate)]] : [];
      }),
    );
    if (Object.keys(entries).length > 0) await inventory.writeIndex(indexStackOf(scope), entries);
  } catch (error) {
    // The index only saves reads: without it the next run reads the stacks' own tags.
    session.runner.warning(
      `Could not update the index of converged stacks: ${session.secrets.redact(error instanceof Error ? error.message : String(error))}`,
    );
  }
}

/** What `command: plan` decided, for the job summary. */
function convergencePlanSummary(decision: Convergence): string {
  const line = (kind: StackDecision["kind"]) =>
    decision.stacks.filter((stack) => stack.kind === kind).map((stack) => code(stack.desired.name));
  const toApply = line("converge");
  const orphans = decision.orphans.map(
    (orphan) =>
      `${code(orphan.stack.origin.manifest)} (${code(orphan.stack.origin.stack)}): ${orphan.kind === "destroy" ? "to destroy" : orphan.reason}`,
  );
  return [
    "### Cognito convergence plan",
    "",
    `${toApply.length} to apply${toApply.length > 0 ? `: ${toApply.join(", ")}` : ""}; ${line("up-to-date").length} up to date.`,
    ...(orphans.length > 0
      ? ["", "Stacks whose manifest is gone:", "", ...orphans.map((text) => `- ${text}`)]
      : []),
    "",
  ].join("\n");
}

/** GitHub's compare, for recorded commits a shallow checkout lacks. */
function compareOf(session: Session): CompareCommits | undefined {
  const github = session.github;
  return github ? (base, head) => github.compareCommits(base, head) : undefined;
}

/** Every manifest at this commit, with its stack and digest. */
function desiredManifests(session: Session): DesiredManifest[] {
  const backend = backendUrl(session.inputs, session.env);
  return session.head.documents.flatMap((document) => {
    if (document.kind !== MANIFEST_KIND || !document.manifest) return [];
    const manifest = document.manifest;
    return [
      {
        name: document.name ?? manifest.metadata.name,
        file: document.file,
        stack: stackIdentity(manifest.metadata).fullName,
        engineName: engineStackName(stackIdentity(manifest.metadata), backend),
        digest: manifestDigest(manifest),
        manifest,
      },
    ];
  });
}

function planEntry(manifest: DesiredManifest): ManifestPlan {
  return {
    name: manifest.name,
    file: manifest.file,
    fileChange: "modified",
    plan: { stack: manifest.stack, changes: [], summary: summarize([]), errors: [], warnings: [] },
  };
}

function orphanEntry(origin: StackOrigin): ManifestPlan {
  return {
    name: origin.manifest,
    file: origin.file,
    fileChange: "deleted",
    plan: { stack: origin.stack, changes: [], summary: summarize([]), errors: [], warnings: [] },
  };
}

/** The Pulumi project of a stack label `org/project/stack`. */
function projectOf(stack: string): string {
  return stack.split("/")[1] ?? stack;
}
