// Applying on merge: validate, plan offline, refuse destruction unless allowed (before any engine call),
// then preview and update each changed stack with the engine, independently, masking every secret first.
import {
  mapWithConcurrency,
  planManifestChanges,
  renderApplyReportParts,
  resolveReferences,
  SECRET_PLACEHOLDER,
} from "@cognito-action/provisioner";
import type {
  ApplyResult,
  EngineFactory,
  EngineStack,
  ManifestChange,
  ManifestPlan,
  ReferenceScope,
  StackOutputs,
} from "@cognito-action/provisioner";
import type { Manifest } from "@cognito-action/spec";
import { findManifestChanges } from "./changes.ts";
import { describeEngineError } from "./engine-errors.ts";
import { engineUnavailableReason } from "./engine-settings.ts";
import { ActionFailure } from "./errors.ts";
import type { FailureReason } from "./errors.ts";
import { guardRefusal } from "./guard.ts";
import type { GuardSettings } from "./guard.ts";
import { manifestFindings } from "./manifests.ts";
import { planOutputs } from "./outputs.ts";
import { mergedPullRequest, publishReport } from "./publish.ts";
import { secretEnvValues } from "./env-values.ts";
import { registerStackSecrets } from "./secrets.ts";
import type { SecretRegistry } from "./secrets.ts";
import type { Session } from "./session.ts";

/** Applies the changed manifests (every manifest for a manual apply; every stack for `destroy`). */
export async function apply(session: Session): Promise<void> {
  const { inputs, runner } = session;
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
  const refusals = plans.flatMap(
    (entry, index) => guardRefusal(entry, changes[index]!.head === undefined, settings) ?? [],
  );
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
  const missing = engineUnavailableReason(inputs, session.env);
  if (missing !== undefined || (!session.engine && !session.createEngine)) {
    const message = `The Pulumi engine cannot run: ${missing ?? "it is not available"}.`;
    await finish(
      session,
      changing.map(({ entry }) => resultOf(entry, "failed", message)),
      pullRequest,
      undefined,
    );
    throw new ActionFailure("apply-failed", message);
  }
  let engine: EngineFactory;
  try {
    engine = session.engine ?? (await session.createEngine!());
  } catch (error) {
    // Installing the Pulumi CLI failed (download, checksum): nothing was applied; say so where people look.
    const message = `The Pulumi engine could not be prepared: ${session.secrets.redact(error instanceof Error ? error.message : String(error))}`;
    await finish(
      session,
      changing.map(({ entry }) => resultOf(entry, "failed", message)),
      pullRequest,
      undefined,
    );
    throw new ActionFailure("apply-failed", message, { cause: error });
  }
  const results = await mapWithConcurrency(changing, inputs.parallel, ({ entry, change }) =>
    runner.group(`Apply ${entry.name} (${entry.plan.stack})`, () =>
      applyOne(engine, change, entry, found.scope, settings, session.secrets, session.env),
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
