// Opening a manifest's stack, the one sequence every engine step takes before it previews, updates or
// destroys: resolve the manifest's references, read its environment values, open the stack, see whose it
// is, then mask what it already holds (its outputs, and those of the stacks it reads) before the engine runs.
import { resolveReferences, StackTagsUnsupportedError } from "@cognito-action/provisioner";
import type { EngineFactory, EngineStack, ReferenceTarget } from "@cognito-action/provisioner";
import type { Manifest } from "@cognito-action/spec";
import { secretEnvValues } from "./stack-env-secrets.ts";
import { notOwnedReason, stackOwnership } from "./ownership.ts";
import type { Claimant, Ownership } from "./ownership.ts";
import { registerStackSecrets } from "../run/secrets.ts";
import type { SecretRegistry } from "../run/secrets.ts";

/** Whose the stack must be, and how a refusal names it. */
export interface OwnershipCheck {
  claimant: Claimant;
  /** The stack as the refusal names it. */
  label: string;
  /** `spec.adopt.stack`: another job's or tool's stack is taken over. */
  adoptsStack: boolean;
  /** Whether the refusal lists what the stack holds (not in a pull request: not its to show). */
  showResources: boolean;
  /** Told when the stack is taken over (spec.adopt.stack), with who deployed it. */
  onAdopted?: ((owner: string | undefined) => void) | undefined;
}

export interface OpenStackRequest {
  manifest: Manifest;
  /** What the manifest's references (valueFrom) may name. */
  targets: readonly ReferenceTarget[];
  /** Where the targets were looked for, for an unresolved reference's message. */
  searchedIn: string;
  /** Whether the program runs (preview, up): only then does it need the environment's values. */
  runsProgram: boolean;
  /** Undefined: whose the stack is is not checked (a backend that keeps no tags cannot tell). */
  ownership: OwnershipCheck | undefined;
}

/** The stack, open and masked; or why it was not opened, or not touched. */
export type OpenedStack =
  | { kind: "open"; stack: EngineStack; ownership: Ownership["kind"] | undefined }
  | { kind: "unresolved"; rule: "value-from-unresolved" | "value-from-env-missing"; errors: string[] }
  /** Opened, then left alone: another job's or tool's. It is disposed of already. */
  | { kind: "not-owned"; message: string };

/**
 * Opens the stack of `request.manifest`. The caller disposes of an open stack; a throw (the engine failing)
 * leaves nothing open.
 */
export async function openStack(
  engine: EngineFactory,
  request: OpenStackRequest,
  env: Readonly<Record<string, string | undefined>>,
  secrets: SecretRegistry,
): Promise<OpenedStack> {
  const { manifest } = request;
  const references = resolveReferences(manifest, request.targets, request.searchedIn);
  if (!references.ok) return { kind: "unresolved", rule: "value-from-unresolved", errors: references.errors };
  // A destroy never runs the program, so it needs no values from the environment.
  const envValues = request.runsProgram ? secretEnvValues(manifest, env, secrets) : undefined;
  if (envValues && !envValues.ok)
    return { kind: "unresolved", rule: "value-from-env-missing", errors: envValues.errors };
  const stack = await engine({
    manifest,
    references: references.value,
    ...(envValues?.ok ? { envValues: envValues.value } : {}),
  });
  try {
    // Whose the stack is comes first: the labels may name any stack of the backend.
    const ownership = request.ownership ? await checkOwnership(stack, request.ownership) : undefined;
    if (ownership?.kind === "not-owned") {
      await stack.dispose();
      return { kind: "not-owned", message: ownership.refusal };
    }
    registerStackSecrets(await stack.currentOutputs(), secrets);
    // Secrets read from other stacks through valueFrom are masked before the engine runs too.
    if (references.value.length > 0) registerStackSecrets(await stack.referencedOutputs(), secrets);
    return { kind: "open", stack, ownership: ownership?.kind };
  } catch (error) {
    await stack.dispose();
    throw error;
  }
}

/**
 * Reads whose the stack is and decides (ownership.ts). Without stack tags (an old self-managed backend)
 * nothing can tell: undefined.
 */
async function checkOwnership(
  stack: EngineStack,
  check: OwnershipCheck,
): Promise<{ kind: Ownership["kind"]; refusal: string } | undefined> {
  let facts;
  try {
    facts = { tags: await stack.tags(), resources: await stack.resources() };
  } catch (error) {
    if (error instanceof StackTagsUnsupportedError) return undefined;
    throw error;
  }
  const ownership = stackOwnership(facts, check.claimant, check.adoptsStack);
  if (ownership.kind === "adopted") check.onAdopted?.(ownership.owner);
  const refusal =
    ownership.kind === "not-owned"
      ? notOwnedReason(check.label, ownership.owner, check.showResources ? facts.resources : [])
      : "";
  return { kind: ownership.kind, refusal };
}
