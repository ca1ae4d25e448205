// Where a stack was deployed from, recorded in the engine's own metadata (stack tags), and the digest of what
// a manifest asks for, so an apply can tell without an engine call that a stack already matches its manifest.
import { createHash } from "node:crypto";
import { AWS_PLUGIN_VERSION } from "./automation.ts";
import type { Manifest } from "@cognito-action/spec";
import type { StackResource } from "./types.ts";

/**
 * Stack tag names (Pulumi Cloud allows 40 characters of [A-Za-z0-9-_.:]; values up to 256 bytes,
 * pkg/util/validation/stack.go, which measures with Go's len).
 */
export const ORIGIN_TAGS = {
  repository: "cognito-action:repository",
  scope: "cognito-action:scope",
  stack: "cognito-action:stack",
  manifest: "cognito-action:manifest",
  file: "cognito-action:file",
  digest: "cognito-action:digest",
  commit: "cognito-action:commit",
} as const;

/** What a stack records about the run that last deployed it. */
export interface StackOrigin {
  repository: string;
  /** The comment key of the job that deployed it: two jobs of one repository own different stacks. */
  scope: string;
  /** The stack's label (org/project/stack), as the manifest names it. */
  stack: string;
  manifest: string;
  file: string;
  digest: string;
  commit: string;
}

/** Bumped when the program changes what it deploys from the same manifest, so every stack is previewed again. */
const PROGRAM_REVISION = 1;

/** The digest of what a manifest asks to deploy: the defaulted manifest, the program and its AWS provider. */
export function manifestDigest(manifest: Manifest): string {
  return createHash("sha256")
    .update(canonicalJson({ program: PROGRAM_REVISION, aws: AWS_PLUGIN_VERSION, manifest }))
    .digest("hex");
}

/** The tags that record `origin` on a stack. */
export function originTags(origin: StackOrigin): Record<string, string> {
  return Object.fromEntries(
    (Object.keys(ORIGIN_TAGS) as (keyof StackOrigin)[]).map((key) => [
      ORIGIN_TAGS[key],
      // Only a very deep path comes near the limit, sooner with non-ASCII names.
      truncateUtf8(origin[key], MAX_TAG_VALUE_BYTES),
    ]),
  );
}

/** Pulumi Cloud's limit on a stack tag value, in UTF-8 bytes (its message says characters). */
const MAX_TAG_VALUE_BYTES = 256;

/** The longest prefix of `value` within `maxBytes` of UTF-8 that ends on a whole character. */
export function truncateUtf8(value: string, maxBytes: number): string {
  if (Buffer.byteLength(value, "utf8") <= maxBytes) return value;
  let bytes = 0;
  let end = 0;
  for (const character of value) {
    bytes += Buffer.byteLength(character, "utf8");
    if (bytes > maxBytes) break;
    end += character.length;
  }
  return value.slice(0, end);
}

/**
 * The tags that claim a stack for a repository's job before its first update: whose it is, without an origin
 * yet (so it is still previewed and converged).
 */
export function claimTags(claimant: Pick<StackOrigin, "repository" | "scope">): Record<string, string> {
  return { [ORIGIN_TAGS.repository]: claimant.repository, [ORIGIN_TAGS.scope]: claimant.scope };
}

/** The origin a stack's tags record; undefined when they are not (all) ours. */
export function originOf(tags: Readonly<Record<string, string>>): StackOrigin | undefined {
  const origin: Partial<StackOrigin> = {};
  for (const key of Object.keys(ORIGIN_TAGS) as (keyof StackOrigin)[]) {
    const value = tags[ORIGIN_TAGS[key]];
    if (value === undefined || value === "") return undefined;
    origin[key] = value;
  }
  return origin as StackOrigin;
}

/** JSON with object keys sorted, so equal values always give equal text. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item !== null && typeof item === "object" && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : item,
  );
}

// Whose a stack is, before the action touches it. A manifest's labels can name any stack of the backend, so a
// stack counts as ours only when its tags name this repository and this job (its comment key). A stack that
// holds resources and says otherwise (or nothing) is someone else's: refused, unless the manifest adopts it
// explicitly (`spec.adopt.stack: true`, shown in the pull request comment). Pure: the facts come in as values.
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
