// Previewing: the plan of every changed manifest, offline or by the engine, published as one report.
import { untrustedPullRequest } from "../run/request.ts";
import {
  adoptedStackWarning,
  failedPlan,
  mapWithConcurrency,
  planManifestChanges,
  renderPlanReportParts,
  reviewedPlanMarker,
  reviewedPlanOf,
  reviewKey,
  unchangedManifests,
} from "@cognito-action/provisioner";
import type {
  EngineFactory,
  EngineStack,
  ManifestChange,
  ManifestPlan,
  ReferenceScope,
  Claimant,
  SecretRegistry,
} from "@cognito-action/provisioner";
import { stackIdentity } from "@cognito-action/spec";
import { findManifestChanges } from "../manifests/changes.ts";
import { planOutputs, publishReport } from "../report/publish.ts";
import type { Inputs } from "../run/request.ts";
import { describeEngineError, openStack } from "../apply/update-stack.ts";
import { destroyedStacks, orphansUnknown, stacksWithoutManifest } from "../apply/deleted-stacks.ts";
import { ActionFailure } from "../run/errors.ts";
import type { Session } from "../run/types.ts";
import { invalidManifestsFailure } from "./validation.ts";
import type { Validation } from "./validation.ts";

/**
 * `command: preview`: the plan of what the change range changes (by the engine where it may run, else
 * offline), published; the run fails on invalid manifests, plans that failed, and drift under fail-on-drift.
 */
export async function previewCommand(session: Session, validation: Validation): Promise<void> {
  const { context, inputs, runner } = session;
  const engineWanted =
    inputs["preview-mode"] !== "offline" &&
    choosePreviewMode(
      inputs,
      session.engineUnavailable,
      context.pullRequest?.fromFork ?? false,
      untrustedPreviewReason(inputs, untrustedPullRequest(context)),
    ).mode === "pulumi";
  const result = await preview(
    session,
    engineWanted ? await prepareEngineForPreview(session) : { engine: undefined },
  );
  if (result.commentUrl) runner.setOutput("comment-url", result.commentUrl);
  // An engine mode asked for is an engine mode run: a drift check that could not look is not a green one.
  if (result.engineMissing !== undefined)
    throw new ActionFailure(
      "plan-failed",
      `preview-mode: pulumi needs the Pulumi engine, which cannot run: ${result.engineMissing}. Nothing was compared with the deployed stacks; fix that, or set preview-mode: auto to accept the offline plan`,
    );
  if (!validation.valid) throw invalidManifestsFailure(validation, inputs["fail-on"]);
  const failed = result.plans.filter((entry) => entry.plan.errors.length > 0);
  const drifted = result.driftCheck ? driftedStacks(result.plans) : [];
  if (drifted.length > 0)
    runner.warning(`Drift: ${drifted.length} stack(s) differ from their manifests: ${drifted.join("; ")}`);
  if (failed.length > 0) {
    const locked = failed.some((entry) => entry.plan.errors.some((error) => error.rule === "locked"));
    throw new ActionFailure(
      locked ? "locked" : "plan-failed",
      `${failed.length} manifest(s) could not be planned: ${failed.map((entry) => entry.name).join(", ")}`,
    );
  }
  if (drifted.length > 0 && inputs["fail-on-drift"])
    throw new ActionFailure(
      "drift",
      `${drifted.length} stack(s) differ from their manifests; see the report`,
    );
}

/** Each stack whose engine preview changes something, with the resources and properties that differ. */
function driftedStacks(plans: readonly ManifestPlan[]): string[] {
  return plans.flatMap(({ name, plan }) => {
    const changes = plan.changes.filter((change) => change.action !== "unchanged");
    if (changes.length === 0) return [];
    const what = changes.map(
      (change) =>
        `${change.name} ${change.action}${change.properties.length > 0 ? ` (${change.properties.map((property) => property.path).join(", ")})` : ""}`,
    );
    return [`${name} (${plan.stack}): ${what.join(", ")}`];
  });
}

/**
 * The engine for a preview. When it cannot be prepared (no CLI download), `preview-mode: auto` falls back to
 * the offline plan; under `preview-mode: pulumi` the preview reports why and the run fails.
 */
async function prepareEngineForPreview(session: Session): Promise<PreviewEngine> {
  try {
    return { engine: await session.engine() };
  } catch (error) {
    const failure = session.secrets.redact(error instanceof Error ? error.message : String(error));
    session.runner.warning(
      session.inputs["preview-mode"] === "pulumi"
        ? `The Pulumi engine could not be prepared: ${failure}`
        : `The Pulumi engine could not be prepared, so the preview is offline: ${failure}`,
    );
    return { engine: undefined, failure };
  }
}

/** The result of a preview, for the outputs and the exit status. */
export interface PreviewResult {
  plans: ManifestPlan[];
  commentUrl: string | undefined;
  /** Every manifest was previewed by the engine against its deployed stack (no change range): a drift check. */
  driftCheck: boolean;
  /**
   * Why the engine preview that `preview-mode: pulumi` asks for did not run (no CLI, no backend, no
   * credentials), when it did not: the run fails, whatever the offline plan says.
   */
  engineMissing: string | undefined;
}

/** The engine a preview runs with: undefined when it is not used, or could not be prepared (and why). */
export interface PreviewEngine {
  engine: EngineFactory | undefined;
  failure?: string | undefined;
}

/** Plans the changed manifests (every manifest for a drift check) and publishes the report. */
export async function preview(session: Session, prepared: PreviewEngine): Promise<PreviewResult> {
  const { context, inputs, runner } = session;
  const found = await findManifestChanges(session);
  const untrusted = untrustedPreviewReason(inputs, untrustedPullRequest(context));
  const choice = choosePreviewMode(
    inputs,
    session.engineUnavailable,
    context.pullRequest?.fromFork ?? false,
    untrusted,
  );
  const { findings } = session;
  let plans: ManifestPlan[] = [];
  const engine = choice.mode === "pulumi" ? prepared.engine : undefined;
  const engineRuns = engine !== undefined;
  // A pull request the engine must not see (a fork's, or any under pull_request_target) is planned offline
  // by policy, and its comment says why; only an engine the workflow asked for and could not have fails.
  const engineMissing =
    inputs["preview-mode"] === "pulumi" && !engineRuns && untrusted === undefined
      ? (prepared.failure ??
        (context.pullRequest?.fromFork ? "pull requests from forks get no secrets" : undefined) ??
        session.engineUnavailable ??
        "the engine was not prepared")
      : undefined;
  let notChecked: string | undefined;
  let note = prepared.failure
    ? `The Pulumi engine could not be prepared (${prepared.failure}); this is the offline plan, which does not see drift.`
    : choice.note;
  if (engine) {
    plans = await runner.group(`Pulumi preview of ${found.changes.length} manifests`, () =>
      enginePlans(engine, found.changes, found.scope, inputs.parallel, session.secrets, session.env, {
        repository: `${context.owner}/${context.repo}`,
        scope: session.scope,
      }),
    );
  } else if (found.fromDiff) {
    plans = await runner.group(`Offline plan of ${found.changes.length} changed manifests`, () =>
      planManifestChanges(found.changes, found.scope, inputs.parallel),
    );
  } else {
    // Without a change range there is nothing to compare offline: only the engine sees drift.
    note = `No plan: a drift check needs the Pulumi engine (${prepared.failure ?? choice.note ?? "not configured"}). The manifests were validated.`;
    notChecked = "the deployed stacks were not compared with their manifests (no Pulumi engine)";
  }
  // Plans are in the order of the changes; a change without a head side deletes its manifest's stack (a
  // deleted or renamed-away file, or one document removed from a file that stays). A pull request's merge
  // also destroys this job's stacks that no manifest declares: the comment shows them, or says it cannot.
  const deletions = plans.filter((_, index) => found.changes[index]?.head === undefined);
  // Kept manifests are reviewed under their stack (reviewKey), so dev and prod of one name never share a digest.
  const kept = plans.flatMap((entry, index) => {
    const head = found.changes[index]?.head;
    if (head === undefined) return [];
    return [{ key: head.manifest ? reviewKey(head.manifest.metadata) : entry.name, plan: entry.plan }];
  });
  let orphans: ManifestPlan[] = [];
  let orphansNote: string | undefined;
  if (context.pullRequest && found.fromDiff) {
    const listed = engine
      ? await stacksWithoutManifest(
          session,
          engine.inventory,
          deletions.map((entry) => entry.plan.stack),
        )
      : { unknown: orphansUnknown("it did not read the state backend") };
    if ("plans" in listed) orphans = listed.plans;
    else orphansNote = listed.unknown;
  }
  const shown = [...plans, ...orphans];
  const rendered = renderPlanReportParts({
    plans: shown,
    findings,
    // How many manifests the range leaves alone: said in the comment, needed by no apply.
    unchanged: found.fromDiff ? unchangedManifests(session.head, found.changes) : 0,
    source: shown.length > 0 || note ? { mode: engineRuns ? "pulumi" : "offline", note } : undefined,
    notChecked,
  });
  // The merge's apply compares what it applies with this: what the comment shows rides along, hidden.
  const report = context.pullRequest
    ? {
        ...rendered,
        essential: [
          rendered.essential,
          ...(orphansNote ? [`<sub>${orphansNote}</sub>`] : []),
          reviewedPlanMarker(
            reviewedPlanOf(context.pullRequest.headSha, kept, destroyedStacks([...deletions, ...orphans])),
          ),
        ].join("\n\n"),
      }
    : rendered;
  const commentUrl = await publishReport(session, report, context.pullRequest?.number);
  for (const [name, value] of Object.entries(planOutputs(shown))) runner.setOutput(name, value);
  return { plans: shown, commentUrl, driftCheck: !found.fromDiff && engineRuns, engineMissing };
}

/** The engine's preview of each changed manifest; a deleted manifest is planned offline (its stack is destroyed). */
async function enginePlans(
  engine: EngineFactory,
  changes: readonly ManifestChange[],
  scope: ReferenceScope,
  parallel: number,
  secrets: SecretRegistry,
  env: Session["env"],
  claimant: Claimant,
): Promise<ManifestPlan[]> {
  return mapWithConcurrency(changes, parallel, async (change) => {
    const manifest = change.head?.manifest;
    if (!manifest) return (await planManifestChanges([change], scope, 1))[0]!;
    const entry = { name: change.name, file: change.file, fileChange: change.fileChange };
    const stackName = stackIdentity(manifest.metadata).fullName;
    let stack: EngineStack | undefined;
    try {
      const opened = await openStack(
        engine,
        {
          manifest,
          targets: scope.head,
          searchedIn: scope.searchedIn,
          runsProgram: true,
          // A stack that is not this job's is not previewed: the merge would refuse it, and its contents are
          // not this pull request's to show.
          ownership: {
            claimant,
            label: stackName,
            adoptsStack: manifest.spec.adopt?.stack === true,
            showResources: false,
          },
        },
        env,
        secrets,
      );
      if (opened.kind === "unresolved")
        return {
          ...entry,
          plan: failedPlan(
            stackName,
            opened.errors.map((message) => ({ rule: opened.rule, message })),
          ),
        };
      if (opened.kind === "not-owned")
        return {
          ...entry,
          plan: failedPlan(stackName, [{ rule: "stack-not-owned", message: opened.message }]),
        };
      stack = opened.stack;
      const plan = await stack.preview();
      // The engine does not know the marker: the reviewer must still read that the stack is taken over.
      const adoption = adoptedStackWarning(manifest);
      if (adoption) plan.warnings.push(adoption);
      return { ...entry, plan };
    } catch (error) {
      const { rule, message } = describeEngineError(error);
      return {
        ...entry,
        plan: failedPlan(stackName, [{ rule, message: secrets.redact(message) }]),
      };
    } finally {
      // Its temporary workspace goes, as after an apply.
      await stack?.dispose();
    }
  });
}

/** Why the engine does not preview this pull request (see choosePreviewMode), unless the workflow opted in. */
export function untrustedPreviewReason(
  inputs: Pick<Inputs, "allow-engine-preview-of-untrusted-pull-requests">,
  untrusted: string | undefined,
): string | undefined {
  return inputs[UNTRUSTED_PREVIEW_INPUT] ? undefined : untrusted;
}

/** The input with which a workflow lets the engine preview pull requests from outside the repository. */
export const UNTRUSTED_PREVIEW_INPUT = "allow-engine-preview-of-untrusted-pull-requests" as const;

/**
 * Which planner previews a pull request, and the sentence the comment says about it. `untrusted` says why the
 * pull request's manifests were written outside the repository's trust (a fork, pull_request_target) when the
 * workflow has not opted in: with credentials, the engine would read deployed pools and other stacks' outputs
 * that the manifests name, into a public comment, so such a preview stays offline.
 */
export function choosePreviewMode(
  inputs: Pick<Inputs, "preview-mode">,
  /** What the job lacks for the engine (Session.engineUnavailable); undefined when it can run. */
  missing: string | undefined,
  fromFork: boolean,
  untrusted?: string,
): { mode: "offline" | "pulumi"; note?: string } {
  const requested = inputs["preview-mode"];
  if (requested === "offline") return { mode: "offline" };
  // Withheld by policy, whether or not the job has credentials: the comment names the reason and the input.
  if (untrusted !== undefined)
    return {
      mode: "offline",
      note: `This pull request ${untrusted}, so this is the offline plan, which does not see drift: the Pulumi engine never previews manifests from outside the repository with this job's credentials (a workflow that trusts them sets ${UNTRUSTED_PREVIEW_INPUT}: true).`,
    };
  if (missing === undefined) return { mode: "pulumi" };
  if (requested === "pulumi") {
    const why = fromFork ? "pull requests from forks get no secrets" : missing;
    return {
      mode: "offline",
      note: `The Pulumi preview was requested but cannot run: ${why}. This is the offline plan, which does not see drift.`,
    };
  }
  // auto without credentials is the normal case for forks and for repositories that only review: say it briefly.
  if (fromFork)
    return {
      mode: "offline",
      note: "Pull requests from forks get no secrets, so this is the offline plan, which does not see drift.",
    };
  return {
    mode: "offline",
    note: "Configure a state backend and AWS credentials to preview with the Pulumi engine, drift included.",
  };
}
