// Declarations for the parts of @pulumi/pulumi's runtime that synth uses but the package does not type:
// the per-run state store the Automation API's language server runs each program in, and the RPC queue.
declare module "@pulumi/pulumi/runtime/state.js" {
  /** Runs `callback` with a fresh runtime state (settings, monitor, stack) isolated by async context. */
  export function withLocalStorage<T>(callback: () => T): T;
}

declare module "@pulumi/pulumi/runtime/settings.js" {
  /** Waits until every resource registration of the current run has been answered. */
  export function waitForRPCs(): Promise<void>;
}
