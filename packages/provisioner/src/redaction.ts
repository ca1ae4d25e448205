// Redacting secret values from text we write ourselves (comments, summaries, annotations, outputs, the CLI's
// report): log masking never sees those. A secret is found in the forms it takes on the way there: as it is,
// JSON-escaped (as JavaScript and Go write JSON), URL-encoded, and with the report's HTML and Markdown
// escapes applied to any of its characters.
import { resolveEnvValues } from "./env-value-resolution.ts";
import type { EnvValuesResolution } from "./env-value-resolution.ts";
import type { Manifest } from "@cognito-action/spec";

/** What a secret reads as wherever it would have appeared. */
export const REDACTED = "***";

/**
 * Environment variables whose values are credentials: redacted from every report, whether the action or the
 * CLI writes it (an engine message or a pasted value must not carry them into a comment).
 */
export const CREDENTIAL_VARIABLES = [
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "PULUMI_ACCESS_TOKEN",
  "PULUMI_CONFIG_PASSPHRASE",
  "GITHUB_TOKEN",
] as const;

/**
 * Credentials shorter than this are left out: a real key or token is far longer, and a short passphrase
 * ("test") would blank out ordinary words in every report.
 */
export const MIN_CREDENTIAL_LENGTH = 8;

/** The credential values set in `env` (see CREDENTIAL_VARIABLES), at least MIN_CREDENTIAL_LENGTH long. */
export function credentialValues(env: Readonly<Record<string, string | undefined>>): string[] {
  return CREDENTIAL_VARIABLES.flatMap((name) => {
    const value = env[name];
    return value === undefined || value.trim().length < MIN_CREDENTIAL_LENGTH ? [] : [value];
  });
}

/**
 * Lines of a multi-line secret shorter than this are not redacted on their own: they are structure ("}",
 * "--"), and blanking them would wipe ordinary text. A whole secret is redacted whatever its length.
 */
export const MIN_SECRET_LINE_LENGTH = 4;

/** The pieces of `value` to look for: the whole value, and each line of a multi-line one (trimmed). */
export function secretPieces(value: string): string[] {
  const whole = value.trim();
  const pieces = redactable(whole) ? [whole] : [];
  if (/[\r\n]/.test(whole)) {
    for (const line of whole.split(/\r?\n|\r/)) {
      const trimmed = line.trim();
      if (trimmed.length >= MIN_SECRET_LINE_LENGTH && redactable(trimmed) && !pieces.includes(trimmed))
        pieces.push(trimmed);
    }
  }
  return pieces;
}

/**
 * A value made only of asterisks and whitespace reads the same as the redaction itself: there is nothing
 * to hide in it, and replacing it would never end.
 */
function redactable(value: string): boolean {
  return /[^\s*]/.test(value);
}

/** Collects secret values and redacts them from text. */
export class SecretRedactor {
  readonly #pieces = new Set<string>();
  #pattern: RegExp | undefined;

  /** Adds a secret; returns the pieces newly looked for (the whole value and its lines). */
  add(value: string): string[] {
    const added = secretPieces(value).filter((piece) => !this.#pieces.has(piece));
    for (const piece of added) this.#pieces.add(piece);
    if (added.length > 0) this.#pattern = undefined;
    return added;
  }

  /** How many distinct pieces are looked for. */
  get size(): number {
    return this.#pieces.size;
  }

  /** `text` with every form of every secret replaced by REDACTED. */
  redact(text: string): string {
    if (this.#pieces.size === 0) return text;
    this.#pattern ??= secretPattern([...this.#pieces]);
    // A replacement next to what remains can form a secret again (a secret "a*" in "aa*"): repeat until
    // nothing matches. Each pass removes characters other than asterisks, so this ends.
    let current = text;
    for (let pass = 0; pass < 64; pass++) {
      const next = current.replace(this.#pattern, REDACTED);
      if (next === current) return current;
      current = next;
    }
    return current;
  }
}

/** The forms a piece takes in text that embeds it: as it is, JSON-escaped, URL-encoded. */
export function encodedForms(piece: string): string[] {
  const forms = new Set<string>();
  // Terminal colour codes are stripped from what reports quote.
  for (const base of [piece, stripEscapes(piece)]) {
    if (base === "") continue;
    forms.add(base);
    const json = JSON.stringify(base).slice(1, -1);
    forms.add(json);
    // Go's encoding/json (the Pulumi CLI's output) escapes HTML characters and the line separators.
    forms.add(
      json
        .replace(/</g, "\\u003c")
        .replace(/>/g, "\\u003e")
        .replace(/&/g, "\\u0026")
        .replace(/\u2028/g, "\\u2028")
        .replace(/\u2029/g, "\\u2029"),
    );
    // ASCII-only JSON (\uXXXX for everything else), as some encoders write it.
    forms.add(
      json.replace(/[^\x20-\x7e]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`),
    );
    const url = safeEncode(encodeURIComponent, base);
    if (url !== undefined) {
      forms.add(url);
      forms.add(url.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase()));
      // Form encoding: a space as "+".
      forms.add(url.replace(/%20/g, "+"));
    }
    const uri = safeEncode(encodeURI, base);
    if (uri !== undefined) forms.add(uri);
  }
  return [...forms];
}

/** How the reports escape a character (HTML entities, Markdown) besides writing it as it is. */
const CHARACTER_ESCAPES: Readonly<Record<string, readonly string[]>> = {
  "&": ["&amp;"],
  "<": ["&lt;"],
  ">": ["&gt;"],
  '"': ["&quot;", "&#34;"],
  "'": ["&#39;", "&#x27;"],
  "|": ["&#124;", "\\|"],
  "~": ["&#126;"],
  "*": ["&#42;", "\\*"],
  "@": ["&#64;"],
  "]": ["&#93;", "\\]"],
  "[": ["\\["],
  _: ["&#95;", "\\_"],
  "`": ["&#96;"],
  "\n": ["<br>", "\r\n"],
};

/** One regular expression that finds every form of every piece, longest first. */
function secretPattern(pieces: readonly string[]): RegExp {
  const forms = [...new Set(pieces.flatMap(encodedForms))].sort((a, b) => b.length - a.length);
  return new RegExp(forms.map(tolerantSource).join("|"), "g");
}

/** A pattern matching `form` with any of its characters written as itself or as one of its escapes. */
function tolerantSource(form: string): string {
  let source = "";
  for (const char of form) {
    const escapes = CHARACTER_ESCAPES[char];
    if (char === "\r") source += "\\r?";
    else if (escapes) source += `(?:${[char, ...escapes].map(escapeRegExp).join("|")})`;
    else source += escapeRegExp(char);
  }
  return source;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
}

// eslint-disable-next-line no-control-regex -- matching the escape character is the point
const TERMINAL_ESCAPE = /\u001b\[[0-9;?]*[ -/]*[@-~]/g;

function stripEscapes(text: string): string {
  return text.replace(TERMINAL_ESCAPE, "");
}

/** encodeURIComponent throws on a lone surrogate: such a value has no URL form. */
function safeEncode(encode: (text: string) => string, text: string): string | undefined {
  try {
    return encode(text);
  } catch {
    return undefined;
  }
}

// The registry of a run's secret values, on top of the redactor above: each value is masked in the log (by
// whatever masks the caller's log) before anything can print it, and redacted from everything it writes.
/** The part of a runner that masks values in its log. */
export interface MaskRegistrar {
  setSecret(value: string): void;
}

/** The secret values of a run: masked in the log as they are registered, and redacted from what is written. */
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

  /** Registers the credentials of the job's environment and the token, so no report can carry them. */
  registerCredentials(env: Readonly<Record<string, string | undefined>>, token: string): void {
    for (const value of [...credentialValues(env), token])
      if (value.trim().length >= MIN_CREDENTIAL_LENGTH) this.register(value);
  }

  /** Registers every string inside the secret outputs of a stack, so nothing can print them unmasked. */
  registerStackOutputs(outputs: OutputsWithSecrets): void {
    for (const name of outputs.secretNames)
      for (const value of leafStrings(outputs.values[name])) this.register(value);
  }

  /**
   * The values a manifest takes from the run's environment ({valueFromEnv: NAME}, a GitHub secret passed as
   * env:), each registered before the engine sees it; or the variables that are missing.
   */
  envValuesOf(manifest: Manifest, env: Readonly<Record<string, string | undefined>>): EnvValuesResolution {
    const resolution = resolveEnvValues(manifest, env);
    if (resolution.ok) for (const value of Object.values(resolution.value)) this.register(value);
    return resolution;
  }

  /** `text` with every registered secret, in every form it takes, replaced. */
  redact(text: string): string {
    return this.#redactor.redact(text);
  }
}

/** The outputs of a stack, as far as secrets are concerned: values and which of them are secret. */
export interface OutputsWithSecrets {
  values: Record<string, unknown>;
  secretNames: readonly string[];
}

function leafStrings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(leafStrings);
  if (value !== null && typeof value === "object") return Object.values(value).flatMap(leafStrings);
  return [];
}
