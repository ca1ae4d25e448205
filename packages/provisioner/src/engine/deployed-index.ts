// The index that keeps a large repository's apply cheap: one stack (in a project of its own) whose tags
// remember, per stack, the digest it was last converged to and the stack's last-update time at that moment.
// One listing gives every stack's current last-update time; where it still equals the index's, nothing has
// updated the stack since (no other run, no manual `pulumi up`, no refresh), so the digest still holds and
// the stack's own tags need not be read. Any mismatch falls back to the stack's tags, which stay the truth:
// a stale or lost index entry only costs a read, never a wrong skip.
import { createHash } from "node:crypto";
import type { IndexStack, ListedStack } from "./inventory.ts";

/** The Pulumi project of the index stacks. */
export const INDEX_PROJECT = "cognito-action-index";

/** The index stack of a job (its comment key), named as stack names allow. */
export function indexStackOf(scope: string): IndexStack {
  return { project: INDEX_PROJECT, stack: scope.replace(/[^A-Za-z0-9_.-]/g, "-").slice(0, 100) };
}

/** The index's tag for a stack: a digest of its name, within Pulumi's 40 characters for tag names. */
export function indexKey(engineName: string): string {
  return `cognito-action.i.${createHash("sha256").update(engineName).digest("hex").slice(0, 23)}`;
}

/** The index's value for a stack converged to `digest`, last updated at `lastUpdate`. */
export function indexValue(digest: string, lastUpdate: string): string {
  return `${digest}@${lastUpdate}`;
}

/** A manifest's stack as the index check needs it. */
export interface IndexedManifest {
  /** The stack's label (org/project/stack). */
  stack: string;
  /** The name the backend lists it under. */
  engineName: string;
  digest: string;
}

/** Which stacks the index shows up to date (by label), and which listed stacks need their tags read. */
export function checkIndex(
  desired: readonly IndexedManifest[],
  listed: readonly ListedStack[],
  index: Readonly<Record<string, string>>,
): { verified: Set<string>; unread: string[] } {
  const byEngineName = new Map(desired.map((manifest) => [manifest.engineName, manifest]));
  const verified = new Set<string>();
  const unread: string[] = [];
  for (const stack of listed) {
    const manifest = byEngineName.get(stack.name);
    if (
      manifest &&
      stack.lastUpdate !== undefined &&
      index[indexKey(stack.name)] === indexValue(manifest.digest, stack.lastUpdate)
    )
      verified.add(manifest.stack);
    else unread.push(stack.name);
  }
  return { verified, unread };
}
