// Secret values: registered with the runner before anything can print them, and redacted from everything
// the action writes itself (comments, summaries, annotations), which the runner's log masking never sees.

/** The part of the runner's toolkit that masks values in the log. */
export interface MaskRegistrar {
  setSecret(value: string): void;
}

/** What a secret reads as wherever it would have appeared. */
export const REDACTED = "***";

/** The secret values of a run. */
export class SecretRegistry {
  readonly #values = new Set<string>();

  constructor(private readonly runner: MaskRegistrar) {}

  /**
   * Masks `value` in the log (and each of its lines: the runner matches masks line by line) and remembers it
   * for redaction. Call before anything that could print the value.
   */
  register(value: string): void {
    for (const part of [value, ...value.split(/\r?\n/)]) {
      const trimmed = part.trim();
      // Very short fragments would blank out ordinary words everywhere; AWS secrets are never that short.
      if (trimmed.length < 4 || this.#values.has(trimmed)) continue;
      this.#values.add(trimmed);
      this.runner.setSecret(trimmed);
    }
  }

  /** `text` with every registered secret replaced, longest first (a secret may contain another). */
  redact(text: string): string {
    let redacted = text;
    for (const value of [...this.#values].sort((a, b) => b.length - a.length))
      redacted = redacted.split(value).join(REDACTED);
    return redacted;
  }
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
