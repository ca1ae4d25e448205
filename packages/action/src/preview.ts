// Previewing: the plan of every changed manifest, offline or by the engine, published as one report.
import {
  failedPlan,
  mapWithConcurrency,
  planManifestChanges,
  renderPlanReportParts,
  resolveReferences,
} from "@cognito-action/provisioner";
import type {
  EngineFactory,
  EngineStack,
  ManifestChange,
  ManifestPlan,
  ReferenceScope,
} from "@cognito-action/provisioner";
import { stackIdentity } from "@cognito-action/spec";
import { findManifestChanges } from "./changes.ts";
import { choosePreviewMode, engineUnavailableReason } from "./engine-settings.ts";
import { describeEngineError } from "./engine-errors.ts";
import { manifestFindings } from "./manifests.ts";
import { planOutputs } from "./outputs.ts";
import { publishReport } from "./publish.ts";
import { secretEnvValues } from "./env-values.ts";
import { reviewedPlanMarker } from "./reviewed-plan.ts";
import { registerStackSecrets } from "./secrets.ts";
import type { SecretRegistry } from "./secrets.ts";
import type { Session } from "./session.ts";

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

/** Plans the changed manifests (every manifest for a drift check) and publishes the report. */
export async function preview(session: Session): Promise<PreviewResult> {
  const { context, inputs, runner } = session;
  const found = await findManifestChanges(session);
  const choice = choosePreviewMode(inputs, session.env, context.pullRequest?.fromFork ?? false);
  const findings = manifestFindings(session.head);
  let plans: ManifestPlan[] = [];
  const engineRuns = choice.mode === "pulumi" && !!session.engine;
  const engineMissing =
    inputs["preview-mode"] === "pulumi" && !engineRuns
      ? (session.engineFailure ??
        (context.pullRequest?.fromFork ? "pull requests from forks get no secrets" : undefined) ??
        engineUnavailableReason(inputs, session.env) ??
        "the engine was not prepared")
      : undefined;
  let notChecked: string | undefined;
  let note = session.engineFailure
    ? `The Pulumi engine could not be prepared (${session.engineFailure}); this is the offline plan, which does not see drift.`
    : choice.note;
  if (engineRuns) {
    plans = await runner.group(`Pulumi preview of ${found.changes.length} manifests`, () =>
      enginePlans(session.engine!, found.changes, found.scope, inputs.parallel, session.secrets, session.env),
    );
  } else if (found.fromDiff) {
    plans = await runner.group(`Offline plan of ${found.changes.length} changed manifests`, () =>
      planManifestChanges(found.changes, found.scope, inputs.parallel),
    );
  } else {
    // Without a change range there is nothing to compare offline: only the engine sees drift.
    note = `No plan: a drift check needs the Pulumi engine (${session.engineFailure ?? choice.note ?? "not configured"}). The manifests were validated.`;
    notChecked = "the deployed stacks were not compared with their manifests (no Pulumi engine)";
  }
  const rendered = renderPlanReportParts({
    plans,
    findings,
    unchanged: found.unchanged,
    source: plans.length > 0 || note ? { mode: engineRuns ? "pulumi" : "offline", note } : undefined,
    notChecked,
  });
  // The merge's apply compares what it applies with this: the digests ride along, hidden, in the report.
  const report = context.pullRequest
    ? { ...rendered, essential: `${rendered.essential}\n\n${reviewedPlanMarker(plans)}` }
    : rendered;
  const commentUrl = await publishReport(session, report, context.pullRequest?.number);
  for (const [name, value] of Object.entries(planOutputs(plans))) runner.setOutput(name, value);
  return { plans, commentUrl, driftCheck: !found.fromDiff && engineRuns, engineMissing };
}

/** The engine's preview of each changed manifest; a deleted manifest is planned offline (its stack is destroyed). */
async function enginePlans(
  engine: EngineFactory,
  changes: readonly ManifestChange[],
  scope: ReferenceScope,
  parallel: number,
  secrets: SecretRegistry,
  env: Session["env"],
): Promise<ManifestPlan[]> {
  return mapWithConcurrency(changes, parallel, async (change) => {
    const manifest = change.head?.manifest;
    if (!manifest) return (await planManifestChanges([change], scope, 1))[0]!;
    const entry = { name: change.name, file: change.file, fileChange: change.fileChange };
    const references = resolveReferences(manifest, scope.head, scope.searchedIn);
    if (!references.ok)
      return {
        ...entry,
        plan: failedPlan(
          stackIdentity(manifest.metadata).fullName,
          references.errors.map((message) => ({ rule: "value-from-unresolved", message })),
        ),
      };
    const envValues = secretEnvValues(manifest, env, secrets);
    if (!envValues.ok)
      return {
        ...entry,
        plan: failedPlan(
          stackIdentity(manifest.metadata).fullName,
          envValues.errors.map((message) => ({ rule: "value-from-env-missing", message })),
        ),
      };
    let stack: EngineStack | undefined;
    try {
      stack = await engine({ manifest, references: references.value, envValues: envValues.value });
      // The deployed stack's secrets are masked before the engine runs, as an apply does.
      registerStackSecrets(await stack.currentOutputs(), secrets);
      // Secrets read from other stacks through valueFrom are masked before the engine runs too.
      if (references.value.length > 0) registerStackSecrets(await stack.referencedOutputs(), secrets);
      return { ...entry, plan: await stack.preview() };
    } catch (error) {
      const { rule, message } = describeEngineError(error);
      return {
        ...entry,
        plan: failedPlan(stackIdentity(manifest.metadata).fullName, [
          { rule, message: secrets.redact(message) },
        ]),
      };
    } finally {
      // Its temporary workspace goes, as after an apply.
      await stack?.dispose();
    }
  });
}
