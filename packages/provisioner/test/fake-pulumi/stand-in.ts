// The stand-in Pulumi CLI as TypeScript tests see it: its installer and state helpers (install.cjs) and the
// scenario a test gives each stack. Shared by the engine tests here and the action's end-to-end tests.
import { createRequire } from "node:module";

/** What the stand-in does for one stack: the events it streams, its outputs, and the failures it plays. */
export interface StackScenario {
  previewEvents?: unknown[];
  upEvents?: unknown[];
  refreshEvents?: unknown[];
  outputs?: Record<string, unknown>;
  secretOutputs?: string[];
  locked?: boolean;
  /** How long `up` holds the stack's lock after its steps (a slow update another run can meet). */
  upDelayMs?: number;
  lockHolder?: string;
  failUp?: string;
  failPreview?: string;
  /** What `preview` prints on stdout besides its events (the engine's diagnostics, which quote providers' text). */
  previewOutput?: string;
  /** "lost": the CLI cannot reach the SDK's event server and carries on without events. */
  eventStream?: "lost";
  /** The summary's counts, when a test needs them to disagree with the steps. */
  summary?: Record<string, number>;
}

/** install.cjs: puts the stand-in in a folder as `pulumi`, and reads or seeds a stack's checkpoint. */
export const standIn = createRequire(import.meta.url)("./install.cjs") as {
  installStandIn(folder: string, version?: string): string;
  seedStack(stateDir: string, name: string, fields: Record<string, unknown>): void;
  readStack(stateDir: string, name: string): Record<string, unknown> | undefined;
};
