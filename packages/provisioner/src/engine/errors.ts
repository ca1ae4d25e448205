// What can go wrong in the engine, as types the caller branches on.
import { stripAnsi } from "../report/markdown.ts";
import { urnName } from "./events-to-plan.ts";

/** Another update holds the stack's lock, still after the bounded wait. */
export class StackLockedError extends Error {
  constructor(
    readonly stackName: string,
    readonly holder: string | undefined,
    options?: ErrorOptions,
  ) {
    super(
      `stack ${stackName} is locked by another update${holder ? ` (${holder})` : ""}; wait for it to finish, or run \`pulumi cancel\` if it died`,
      options,
    );
    this.name = "StackLockedError";
  }
}

/** The engine cannot start: no backend, no credentials, no passphrase. The message says what to set. */
export class EngineConfigurationError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "EngineConfigurationError";
  }
}

/** The engine ran and the operation failed (usually AWS refusing a request); the message is the engine's. */
export class EngineOperationError extends Error {
  constructor(
    readonly stackName: string,
    readonly operation: "preview" | "up" | "destroy" | "refresh" | "list" | "tag",
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = "EngineOperationError";
  }
}

/**
 * The engine stopped an update held to its previewed plan (`up --plan`) because a step departed from it. The
 * plan is checked step by step (pkg/resource/deploy/step_generator.go validateSteps: "resource <urn> violates
 * plan: …") and, after the last step, for planned resources no step touched (deployment_executor.go: "expected
 * resource operations for <urn> but none were seen"): steps before the check may already have changed AWS.
 */
export class EnginePlanViolationError extends EngineOperationError {
  constructor(
    stackName: string,
    /** The engine's plan errors. */
    readonly violations: readonly string[],
    /** `<resource>: <action>` of each change that completed before the engine stopped. */
    readonly applied: readonly string[],
    options?: ErrorOptions,
  ) {
    super(
      stackName,
      "up",
      `the engine stopped the update of ${stackName} because it departed from the previewed plan (${violations.join("; ")}); ${
        applied.length > 0
          ? `before it stopped it had changed ${applied.map((entry) => entry.replace(/^(.*): (\w+)$/, "$1 ($2)")).join(", ")}`
          : "nothing had changed before it stopped"
      }`,
      options,
    );
    this.name = "EnginePlanViolationError";
  }
}

/** The engine's own update-plan errors among an update's error lines (see EnginePlanViolationError). */
export function planViolations(lines: readonly string[]): string[] {
  return lines.filter((line) =>
    /violates plan|is not allowed by the plan|expected resource operations for .* but none were seen/.test(
      line,
    ),
  );
}

/**
 * The engine's update-plan errors of a stopped update, each naming its resource. The step check's own text names
 * none (pkg/resource/deploy/step_generator.go validateSteps: "update is not allowed by the plan: this resource is
 * constrained to same"); its diagnostic event carries the URN. The same error comes again, unnamed, among the
 * failure's lines (stderr's `error: …`): said once, named.
 */
export function namedPlanViolations(
  diagnostics: readonly { urn?: string | undefined; message: string }[],
  failureLines: readonly string[],
): string[] {
  const plain = (line: string) =>
    stripAnsi(line)
      .trim()
      .replace(/^error:\s*/i, "");
  const named = diagnostics.map(({ urn, message }) =>
    urn && !message.includes(urn) ? `${urnName(urn)}: ${plain(message)}` : plain(message),
  );
  const violations = [...new Set(planViolations([...named, ...failureLines.map(plain)]))];
  return violations.filter((line) => !violations.some((other) => other.endsWith(`: ${line}`)));
}

/** The update did not do what its preview showed (the engine's own plan check aside): the run fails. */
export class EnginePlanMismatchError extends Error {
  constructor(
    readonly stackName: string,
    readonly differences: readonly string[],
    options?: ErrorOptions,
  ) {
    super(
      `the update of ${stackName} did not do what its preview showed (${differences.join("; ")}); check the stack before running again`,
      options,
    );
    this.name = "EnginePlanMismatchError";
  }
}

/** The lock holder named in Pulumi's "the stack is currently locked" message, when it says. */
export function lockHolderOf(message: string): string | undefined {
  const match = /created by ([^\n]+?) at /.exec(message) ?? /locked by ([^\n.;]+)/.exec(message);
  return match?.[1]?.trim();
}

/** The error lines of an engine failure (stderr and error diagnostics), without colours or the CLI's noise. */
export function engineFailureMessage(stderr: string, diagnostics: readonly string[]): string {
  // Colours off first: the CLI may colour the `error:` prefix itself. An Automation API CommandError's own
  // text (code, stdout, stderr, err) is a dump of everything: only its stderr says what went wrong.
  const plain = stderrOfDump(stripAnsi(stderr));
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const line of [...diagnostics, ...plain.split("\n").filter((entry) => /^\s*error:/i.test(entry))]) {
    const text = stripAnsi(line).trim();
    // The same failure arrives as a diagnostic and again as stderr's "error: …" line: said once.
    const said = text.replace(/^error:\s*/i, "");
    if (said === "" || seen.has(said)) continue;
    seen.add(said);
    lines.push(text);
  }
  return lines.length > 0 ? lines.join("\n") : plain.trim().split("\n").slice(-5).join("\n");
}

/** The stderr part of a CommandError's `code: … stdout: … stderr: … err?: …` text, or the text itself. */
function stderrOfDump(text: string): string {
  const match = /^code: -?\d+\n stdout: [\s\S]*?\n stderr: ([\s\S]*?)\n err\?: [\s\S]*$/.exec(text);
  return match ? match[1]! : text;
}
