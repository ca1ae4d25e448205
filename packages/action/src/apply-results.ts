// What applying a stack produces, and how the results reach people: the report, the outputs and the
// failure-reason. Shared by the converging apply and the per-change apply, so both report alike.
import { renderApplyReportParts, SECRET_PLACEHOLDER, summarize } from "@cognito-action/provisioner";
import type { ApplyResult, ManifestPlan, StackOutputs } from "@cognito-action/provisioner";
import { describeEngineError } from "./engine-errors.ts";
import type { FailureReason } from "./errors.ts";
import { manifestFindings } from "./manifests.ts";
import { publishReport } from "./publish.ts";
import type { SecretRegistry } from "./secrets.ts";
import type { Session } from "./session.ts";

/** What applying one stack produced: its report line, and the outputs only a successful apply has. */
export interface StackApplication {
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
  /** Refused before any change: the stack is not this job's (ownership.ts). */
  notOwned?: boolean;
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

/** Sets the stack-outputs and client-secrets outputs from the stacks that were applied. */
export function setStackOutputs(session: Session, applications: readonly StackApplication[]): void {
  const stackOutputs: Record<string, unknown> = {};
  const clientSecrets: Record<string, Record<string, string>> = {};
  const applied = applications.filter(({ result }) => result.status === "applied");
  const keys = outputKeys(applied.map(({ result }) => result));
  applied.forEach(({ outputs, clientSecrets: secrets }, index) => {
    stackOutputs[keys[index]!] = outputs;
    if (Object.keys(secrets).length > 0) clientSecrets[keys[index]!] = secrets;
  });
  session.runner.setOutput("stack-outputs", JSON.stringify(stackOutputs));
  // Every value in it is registered as a secret already, so the runner masks it wherever it appears.
  session.runner.setOutput("client-secrets", JSON.stringify(clientSecrets));
}

/**
 * The key of each result in the stack-outputs and client-secrets outputs: its manifest name, or
 * `name@stack` (the stack as the engine's plan names it) for a name several manifests share (dev and prod of
 * one pool), so no stack hides another.
 */
export function outputKeys(results: readonly Pick<ApplyResult, "name" | "stack">[]): string[] {
  const count = new Map<string, number>();
  for (const { name } of results) count.set(name, (count.get(name) ?? 0) + 1);
  return results.map(({ name, stack }) => (count.get(name)! > 1 ? `${name}@${stack}` : name));
}

/** The run's failure-reason, most urgent first, or none when every stack went through. */
export function failureReason(applications: readonly StackApplication[]): FailureReason | undefined {
  const results = applications.map(({ result }) => result);
  // First: a manifest pointed at someone else's stack is what a reviewer must hear about before anything else.
  if (applications.some((application) => application.notOwned)) return "stack-not-owned";
  if (results.some((result) => result.status === "locked")) return "locked";
  if (applications.some((application) => application.planFailed)) return "plan-failed";
  if (results.some((result) => result.status === "failed")) return "apply-failed";
  if (applications.some((application) => application.planChanged)) return "plan-changed";
  if (results.some((result) => result.status === "blocked")) return "replacement-blocked";
  return undefined;
}

/** A stack refused because it is not this job's: nothing was changed in it. */
export function notOwnedFailure(entry: ManifestPlan, reason: string): StackApplication {
  return { ...failure(entry, "blocked", reason), notOwned: true };
}

/** A stack that was not applied, with why. */
export function failure(
  entry: ManifestPlan,
  status: ApplyResult["status"],
  message: string,
): StackApplication {
  return { result: resultOf(entry, status, message), clientSecrets: {}, outputs: {} };
}

/** The report's line for one manifest's stack. */
export function resultOf(
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

/** A plan entry with no changes, for a stack reported without an engine preview (skipped, refused, orphaned). */
export function emptyEntry(
  name: string,
  file: string,
  fileChange: ManifestPlan["fileChange"],
  stack: string,
): ManifestPlan {
  return {
    name,
    file,
    fileChange,
    plan: { stack, changes: [], summary: summarize([]), errors: [], warnings: [] },
  };
}

/** A preview that failed, lost its events or disagrees with its summary: the stack is not applied. */
export function previewFailure(planned: ManifestPlan, secrets: SecretRegistry): StackApplication {
  return {
    ...failure(
      planned,
      "failed",
      `not applied: the engine's preview failed: ${secrets.redact(planned.plan.errors.map((error) => error.message).join("; "))}`,
    ),
    planFailed: true,
  };
}

/** An engine call that threw: locked, or failed; a plan failure only while nothing was being changed yet. */
export function engineFailure(
  entry: ManifestPlan,
  error: unknown,
  secrets: SecretRegistry,
  updating: boolean,
): StackApplication {
  const described = describeEngineError(error);
  return {
    ...failure(entry, described.reason === "locked" ? "locked" : "failed", secrets.redact(described.message)),
    // Once up has started, whatever failed is an apply failure: the stack may have changed.
    planFailed: described.reason === "plan-failed" && !updating,
  };
}

/** Publishes the apply's report (merged pull request, else job summary) and sets comment-url. */
export async function finish(
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

/** Reports that no manifest changes anything: every plan skipped, nothing applied. */
export async function finishUnchanged(
  session: Session,
  plans: readonly ManifestPlan[],
  pullRequest: number | undefined,
): Promise<void> {
  session.runner.info("No manifest changes anything; nothing to apply.");
  await finish(
    session,
    plans.map((entry) => resultOf(entry, "skipped", "no changes")),
    pullRequest,
    undefined,
  );
}
