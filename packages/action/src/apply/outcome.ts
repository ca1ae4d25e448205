// What acting on one stack came to, as one value per stack (a discriminated union, so every consumer handles
// every case), and how those values reach people: the report's lines, the stack outputs, the failure-reason.
import { renderApplyReportParts, SECRET_PLACEHOLDER, summarize } from "@cognito-action/provisioner";
import type { ApplyResult, ManifestPlan, StackOutputs } from "@cognito-action/provisioner";
import { describeEngineError } from "./engine-errors.ts";
import type { FailureReason } from "../run/errors.ts";
import { manifestFindings } from "../manifests/workspace.ts";
import { publishReport } from "../report/publish.ts";
import type { SecretRegistry } from "../run/secrets.ts";
import type { Session } from "../run/session.ts";

/** Why a stack was refused before anything changed in it. */
export type RefusalCause =
  /** The guard: destruction or a security downgrade the workflow does not allow. */
  | "guard"
  /** require-reviewed-plan: the plan or destroy is not the one the merged pull request showed. */
  | "review"
  /** The stack is another job's or tool's (ownership.ts). */
  | "not-owned"
  /** Deployed from a commit this one cannot be ordered against. */
  | "unordered";

/** Why acting on a stack failed. */
export type FailureCause =
  /** The engine's preview failed or could not be trusted: nothing was changed. */
  | "plan"
  /** The update or destroy failed once it had started: the stack may have changed. */
  | "apply"
  /** Another update holds the stack's lock. */
  | "locked";

/** What acting on one stack came to. */
export type StackOutcome =
  | {
      kind: "applied";
      /** Stack outputs, secret ones with their values replaced. */
      outputs: Record<string, unknown>;
      /** client name → client secret, for the client-secrets output. */
      clientSecrets: Record<string, string>;
      /** The stack now records this manifest (its tags were set by this run). */
      recorded: boolean;
    }
  /** The engine planned no change: the stack already matches, and its record was brought up to date. */
  | { kind: "unchanged"; recorded: boolean }
  | { kind: "destroyed"; message?: string | undefined }
  /** Not acted on, and rightly so: up to date, or a newer commit deployed it. */
  | { kind: "skipped"; message: string }
  | { kind: "refused"; cause: RefusalCause; message: string }
  | { kind: "failed"; cause: FailureCause; message: string };

/** One stack's line in the run: the plan it was acted on with, what came of it, and the review's note. */
export interface StackResult {
  entry: ManifestPlan;
  outcome: StackOutcome;
  /** How the plan compares with the reviewed one, when there was a review to compare with. */
  review?: string | undefined;
}

/** A stack result, in one call. */
export function stackResult(entry: ManifestPlan, outcome: StackOutcome, review?: string): StackResult {
  return { entry, outcome, ...(review !== undefined ? { review } : {}) };
}

/** Whether the outcome leaves the stack recording this run's manifest (the index may vouch for it). */
export function isRecorded(outcome: StackOutcome): boolean {
  return (outcome.kind === "applied" || outcome.kind === "unchanged") && outcome.recorded;
}

/** The report's line for one stack. */
export function applyResultOf({ entry, outcome, review }: StackResult): ApplyResult {
  const line = (status: ApplyResult["status"], message?: string, outputs?: Record<string, unknown>) => ({
    name: entry.name,
    file: entry.file,
    stack: entry.plan.stack,
    status,
    plan: entry.plan,
    message,
    outputs,
    ...(review !== undefined ? { review } : {}),
  });
  switch (outcome.kind) {
    case "applied":
      return line("applied", undefined, outcome.outputs);
    case "unchanged":
      return line("skipped", "no changes: the deployed stack already matches; its record is updated");
    case "destroyed":
      return line("destroyed", outcome.message);
    case "skipped":
      return line("skipped", outcome.message);
    case "refused":
      return line("blocked", outcome.message);
    case "failed":
      return line(outcome.cause === "locked" ? "locked" : "failed", outcome.message);
  }
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

/** The stack-outputs and client-secrets outputs, from the stacks that were applied. */
export function stackOutputsOf(
  results: readonly StackResult[],
): Record<"stack-outputs" | "client-secrets", string> {
  const stackOutputs: Record<string, unknown> = {};
  const clientSecrets: Record<string, Record<string, string>> = {};
  const applied = results.flatMap(({ entry, outcome }) =>
    outcome.kind === "applied" ? [{ name: entry.name, stack: entry.plan.stack, outcome }] : [],
  );
  const keys = outputKeys(applied);
  applied.forEach(({ outcome }, index) => {
    stackOutputs[keys[index]!] = outcome.outputs;
    if (Object.keys(outcome.clientSecrets).length > 0) clientSecrets[keys[index]!] = outcome.clientSecrets;
  });
  // Every client secret is registered as a secret already, so the runner masks it wherever it appears.
  return { "stack-outputs": JSON.stringify(stackOutputs), "client-secrets": JSON.stringify(clientSecrets) };
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
export function failureReason(outcomes: readonly StackOutcome[]): FailureReason | undefined {
  const refused = (cause: RefusalCause) =>
    outcomes.some((outcome) => outcome.kind === "refused" && outcome.cause === cause);
  const failed = (cause: FailureCause) =>
    outcomes.some((outcome) => outcome.kind === "failed" && outcome.cause === cause);
  // First: a manifest pointed at someone else's stack is what a reviewer must hear about before anything else.
  if (refused("not-owned")) return "stack-not-owned";
  if (failed("locked")) return "locked";
  if (failed("plan")) return "plan-failed";
  if (failed("apply")) return "apply-failed";
  if (refused("review")) return "plan-changed";
  if (refused("guard") || refused("unordered")) return "replacement-blocked";
  return undefined;
}

/** Whether the stack did not go through (refused or failed): what the failure message counts. */
export function didNotApply(outcome: StackOutcome): boolean {
  return outcome.kind === "refused" || outcome.kind === "failed";
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

/** Publishes the apply's report (merged pull request, else job summary) and sets comment-url. */
export async function publishApplyReport(
  session: Session,
  results: readonly ApplyResult[],
  pullRequest: number | undefined,
  blocked: string | undefined,
): Promise<void> {
  const report = renderApplyReportParts({
    results: [...results],
    findings: manifestFindings(session.head),
    blockedBeforeEngine: blocked,
  });
  const url = await publishReport(session, report, pullRequest);
  if (url) session.runner.setOutput("comment-url", url);
}
