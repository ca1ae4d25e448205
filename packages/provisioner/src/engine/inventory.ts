// What the engine knows about the stacks themselves, beyond one manifest's stack: which stacks carry a tag
// (with when each was last updated), what a stack's tags say, a small index stack whose tags remember what
// each stack was last converged to, and removing a stack whose manifest is gone. Stack tags are the engine's
// own record of where a stack was deployed from, so the action converges without any state of its own.

/** A stack as the backend lists it: no tags, but when it was last updated. */
export interface ListedStack {
  /** The name the backend lists it under (what `stack select`/`stack rm` accept back). */
  name: string;
  /** The time of its last update as the backend reports it; undefined when never updated. */
  lastUpdate: string | undefined;
}

/** A stack in a project of its own, for what the action records across stacks. */
export interface IndexStack {
  project: string;
  stack: string;
}

/** The backend's stacks, as far as the action needs them. */
export interface EngineInventory {
  /** Every stack (of any project) whose tag `name` has `value`: one listing, whatever their number. */
  stacksTagged(name: string, value: string): Promise<ListedStack[]>;
  /** The tags of stack `name`. */
  tagsOf(name: string): Promise<Record<string, string>>;
  /** The tags of the index stack; empty when it does not exist yet. */
  readIndex(index: IndexStack): Promise<Record<string, string>>;
  /** Sets these tags on the index stack, creating it when needed. */
  writeIndex(index: IndexStack, tags: Readonly<Record<string, string>>): Promise<void>;
  /** Destroys every resource of the stack `name` (of Pulumi project `project`) and removes it from the backend. */
  destroyAndRemove(name: string, project: string): Promise<void>;
}

/** The backend cannot store stack tags (self-managed backends before CLI 3.211). */
export class StackTagsUnsupportedError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "StackTagsUnsupportedError";
  }
}
