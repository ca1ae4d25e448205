// Secret values: registered with the runner before anything can print them, and redacted from everything
// the action writes itself (comments, summaries, annotations, outputs), which the runner's log masking never
// sees. What counts as a secret's trace (its lines, its JSON and URL forms) is the provisioner's redactor.
import { credentialValues, MIN_CREDENTIAL_LENGTH, SecretRedactor } from "@cognito-action/provisioner";
import { ActionFailure, ContextError } from "./errors.ts";
import type { MaskRegistrar, Runner } from "./runner.ts";

export { REDACTED } from "@cognito-action/provisioner";

/** The secret values of a run. */
export class SecretRegistry {
  readonly #redactor = new SecretRedactor();

  constructor(private readonly runner: MaskRegistrar) {}

  /**
   * Masks `value` in the log (and each of its lines: the runner matches masks line by line) and remembers it
   * for redaction, whatever its length: the runner may ignore short values, our redaction does not. Call
   * before anything that could print the value.
   */
  register(value: string): void {
    for (const piece of this.#redactor.add(value)) this.runner.setSecret(piece);
  }

  /** `text` with every registered secret, in every form it takes, replaced. */
  redact(text: string): string {
    return this.#redactor.redact(text);
  }
}

/** Registers the credentials of the job's environment and the token, so no report can carry them. */
export function registerCredentials(
  env: Readonly<Record<string, string | undefined>>,
  token: string,
  secrets: SecretRegistry,
): void {
  for (const value of [...credentialValues(env), token])
    if (value.trim().length >= MIN_CREDENTIAL_LENGTH) secrets.register(value);
}

/** `error` with its message redacted (typed failures keep their type and reason), for the run's failure. */
export function redactedError(error: unknown, secrets: SecretRegistry): unknown {
  if (!(error instanceof Error)) return typeof error === "string" ? secrets.redact(error) : error;
  const message = secrets.redact(error.message);
  if (message === error.message) return error;
  if (error instanceof ActionFailure) return new ActionFailure(error.reason, message, { cause: error.cause });
  if (error instanceof ContextError) return new ContextError(message, { cause: error.cause });
  // Anything else keeps its message redacted; its stack (printed to the debug log) is the new one's.
  const redacted = new Error(message);
  redacted.name = error.name;
  return redacted;
}

/** Outputs that carry secrets on purpose: masked in the log by the runner, never redacted. */
const SECRET_OUTPUTS = new Set(["client-secrets"]);

/**
 * The runner with everything the action writes through it redacted: log lines, annotations, the job
 * summary and outputs (but `client-secrets`, which exists to hand the secrets on, masked).
 */
export function redactingRunner(runner: Runner, secrets: SecretRegistry): Runner {
  const clean = (text: string) => secrets.redact(text);
  return {
    getInput: (name) => runner.getInput(name),
    info: (message) => runner.info(clean(message)),
    debug: (message) => runner.debug(clean(message)),
    notice: (message) => runner.notice(clean(message)),
    warning: (message, properties) =>
      runner.warning(
        clean(message),
        properties && { ...properties, title: properties.title && clean(properties.title) },
      ),
    error: (message, properties) =>
      runner.error(
        clean(message),
        properties && { ...properties, title: properties.title && clean(properties.title) },
      ),
    setOutput: (name, value) => runner.setOutput(name, SECRET_OUTPUTS.has(name) ? value : clean(value)),
    setSecret: (value) => runner.setSecret(value),
    appendSummary: (markdown) => runner.appendSummary(clean(markdown)),
    group: (name, work) => runner.group(clean(name), work),
  };
}

/** The outputs of a stack, as far as secrets are concerned: values and which of them are secret. */
export interface OutputsWithSecrets {
  values: Record<string, unknown>;
  secretNames: readonly string[];
}

/** Registers every string inside the secret outputs of a stack, so nothing can print them unmasked. */
export function registerStackSecrets(outputs: OutputsWithSecrets, secrets: SecretRegistry): void {
  for (const name of outputs.secretNames) {
    for (const value of leafStrings(outputs.values[name])) secrets.register(value);
  }
}

function leafStrings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(leafStrings);
  if (value !== null && typeof value === "object") return Object.values(value).flatMap(leafStrings);
  return [];
}
