// Whose a stack is, before the action touches it. A manifest's labels can name any stack of the backend, so a
// stack counts as ours only when its tags name this repository and this job (its comment key). A stack that
// holds resources and says otherwise (or nothing) is someone else's: refused, unless the manifest adopts it
// explicitly (`spec.adopt.stack: true`, shown in the pull request comment). Pure: the facts come in as values.
import type { StackResource } from "@cognito-action/provisioner";
import { ORIGIN_TAGS } from "./origin.ts";

/** What the backend says about a stack before anything is changed in it. */
export interface StackFacts {
  tags: Readonly<Record<string, string>>;
  resources: readonly StackResource[];
}

/** Who this run is: the repository and the job's comment key. */
export interface Claimant {
  repository: string;
  scope: string;
}

export type Ownership =
  /** Its tags name this repository and job. */
  | { kind: "ours" }
  /** Nothing in it yet (a new stack, or one only ever previewed): whoever deploys first owns it. */
  | { kind: "empty" }
  /** Someone else's, taken over because the manifest says `spec.adopt.stack: true`. */
  | { kind: "adopted"; owner: string | undefined }
  /** Someone else's: not touched. */
  | { kind: "not-owned"; owner: string | undefined };

/** Decides whether this run may change the stack. */
export function stackOwnership(facts: StackFacts, claimant: Claimant, adoptsStack: boolean): Ownership {
  const repository = facts.tags[ORIGIN_TAGS.repository];
  const scope = facts.tags[ORIGIN_TAGS.scope];
  if (repository === claimant.repository && scope === claimant.scope) return { kind: "ours" };
  if (facts.resources.length === 0 && repository === undefined) return { kind: "empty" };
  const owner = ownerOf(facts.tags);
  return adoptsStack ? { kind: "adopted", owner } : { kind: "not-owned", owner };
}

/** Who the tags say deployed the stack, in words; undefined when they say nothing. */
export function ownerOf(tags: Readonly<Record<string, string>>): string | undefined {
  const repository = tags[ORIGIN_TAGS.repository];
  if (repository === undefined) return undefined;
  const scope = tags[ORIGIN_TAGS.scope];
  return scope === undefined ? `repository ${repository}` : `repository ${repository}, comment-key ${scope}`;
}

/** Why a stack that is not ours is refused, and how to take it over when that is really meant. */
export function notOwnedReason(
  stack: string,
  owner: string | undefined,
  resources: readonly StackResource[],
): string {
  const holds =
    resources.length > 0
      ? `; it holds ${resources.length} resources (${resources
          .slice(0, 5)
          .map((resource) => `${resource.type} ${resource.name}`)
          .join(", ")}${resources.length > 5 ? ", …" : ""})`
      : "";
  const by = owner
    ? `its tags say it belongs to ${owner}`
    : "its tags do not record any cognito-action repository (deployed by hand or by another tool)";
  return `stack-not-owned: stack ${stack} exists and is not this job's: ${by}${holds}. Nothing was changed. Point the manifest's labels at a stack of its own, or, to take this one over, add spec.adopt.stack: true in a reviewed pull request`;
}
