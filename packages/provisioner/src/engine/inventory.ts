// What the engine knows about the stacks themselves, beyond one manifest's stack: which stacks carry a tag,
// what their tags say, and removing a stack whose manifest is gone. Stack tags are the engine's own record
// of where a stack was deployed from, so the action converges without any state of its own.
/** A stack as the backend lists it, with its tags. */
export interface DeployedStack {
  /** The name the backend lists it under (what `stack select`/`stack rm` accept back). */
  name: string;
  tags: Readonly<Record<string, string>>;
}

/** The backend's stacks, as far as the action needs them. */
export interface EngineInventory {
  /** Every stack (of any project) whose tag `name` has `value`, with all its tags. */
  stacksTagged(name: string, value: string): Promise<DeployedStack[]>;
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
