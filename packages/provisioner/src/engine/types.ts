// The engine as its callers see it: a stack per manifest that previews (as the same Plan the offline planner
// produces), applies and destroys. The Automation API implements it; callers' tests pass fakes.
import type { Manifest } from "@cognito-action/spec";
import type { Plan } from "../plan/plan-types.ts";
import type { StackOutputRef } from "../references.ts";
import type { EngineInventory } from "./inventory.ts";

/** What the engine needs to run one manifest's stack. */
export interface EngineStackRequest {
  manifest: Manifest;
  references: readonly StackOutputRef[];
  /** Values of the manifest's `{valueFromEnv}` variables (resolveEnvValues); they reach Pulumi as secrets. */
  envValues?: Readonly<Record<string, string>>;
}

/** Stack outputs after an update, with the names of the secret ones, so they are masked before anything prints them. */
export interface StackOutputs {
  values: Record<string, unknown>;
  secretNames: string[];
}

/** What the caller of `up` does between attempts on a locked stack. */
export interface UpHooks {
  afterLockWait?: () => Promise<void>;
}

/** A resource in a stack's state. */
export interface StackResource {
  type: string;
  name: string;
}

/** One manifest's stack in the engine. */
export interface EngineStack {
  /** The engine's preview against the deployed stack: authoritative, drift included. */
  preview(): Promise<Plan>;
  /** The outputs of the last update (empty for a new stack): their secrets are masked before `up` runs. */
  currentOutputs(): Promise<StackOutputs>;
  /**
   * The outputs of the stacks the manifest's valueFrom references read (their secret ones included), so
   * their secrets are masked before the engine can print them. Empty without references.
   */
  referencedOutputs(): Promise<StackOutputs>;
  /**
   * Applies the manifest and returns the stack outputs. When another update holds the stack's lock, `up`
   * waits and tries again; `afterLockWait` runs after each wait, before the next attempt, so the caller can
   * look at the stack again (the other update may have changed everything) and stop by throwing.
   */
  up(hooks?: UpHooks): Promise<StackOutputs>;
  /** Reads the deployed resources back from AWS into the stack's state (what drift detection compares to). */
  refresh(): Promise<void>;
  /** Destroys every resource of the stack (a deleted manifest). */
  destroy(): Promise<void>;
  /**
   * The resources the stack's state holds, by type and name (the stack itself and providers left out): empty
   * for a new stack, or one only ever previewed.
   */
  resources(): Promise<StackResource[]>;
  /** The stack's tags (empty for a new stack): where it was last deployed from. */
  tags(): Promise<Record<string, string>>;
  /** Sets these tags on the stack (others are kept). */
  setTags(tags: Readonly<Record<string, string>>): Promise<void>;
  /** Releases what the stack holds locally (its temporary workspace). */
  dispose(): Promise<void>;
}

/**
 * Opens (creating when needed) the stack of a manifest. `inventory` lists and removes stacks by their tags:
 * every engine has one, since an apply converges from what is deployed (a backend that cannot store tags
 * says so through StackTagsUnsupportedError).
 */
export type EngineFactory = ((request: EngineStackRequest) => Promise<EngineStack>) & {
  readonly inventory: EngineInventory;
};
