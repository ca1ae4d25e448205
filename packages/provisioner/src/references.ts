// Resolving valueFrom references to the stack outputs they read, before any program runs: a reference
// that cannot be resolved stops the plan with a message that says where it was looked for.
import {
  ambiguousReferenceMessage,
  describeRef,
  formatPath,
  matchReference,
  manifestReferences,
  splitFieldPath,
  stackIdentity,
} from "@cognito-action/spec";
import type { Manifest, ValueRef } from "@cognito-action/spec";

/** A manifest that a reference may point at: any kind, with the labels that name its stack. */
export interface ReferenceTarget {
  kind?: string | undefined;
  name?: string | undefined;
  env?: string | undefined;
  labels?: Record<string, string> | undefined;
  file?: string | undefined;
}

/** A resolved reference: which stack output (and map key) feeds which manifest field. */
export interface StackOutputRef {
  /** Path of the field in the manifest, e.g. `spec.lambdaConfig.preSignUp`. */
  path: string;
  ref: ValueRef;
  /** `organization/project/stack` of the referenced manifest. */
  stack: string;
  output: string;
  key?: string | undefined;
}

export type ReferenceResolution = { ok: true; value: StackOutputRef[] } | { ok: false; errors: string[] };

/**
 * Resolves every valueFrom of `manifest` against `targets` (the manifests of the repository).
 * `searchedIn` describes the targets for error messages ("the manifests matching **\/*.yaml").
 */
export function resolveReferences(
  manifest: Manifest,
  targets: readonly ReferenceTarget[],
  searchedIn: string,
): ReferenceResolution {
  const resolved: StackOutputRef[] = [];
  const errors: string[] = [];
  for (const { path, ref } of manifestReferences(manifest)) {
    const result = resolveReference(formatPath(path), ref, targets, searchedIn);
    if (typeof result === "string") errors.push(result);
    else resolved.push(result);
  }
  errors.push(...conflictingReads(resolved));
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: resolved };
}

/** An output is a single value or a map: references that read one output as both cannot all be right. */
function conflictingReads(references: readonly StackOutputRef[]): string[] {
  return references.flatMap((reference) => {
    if (reference.key === undefined) return [];
    const whole = references.find(
      (other) =>
        other.key === undefined && other.stack === reference.stack && other.output === reference.output,
    );
    return whole
      ? [
          `${reference.path} reads output ${reference.output} of stack ${reference.stack} as a map (key ${reference.key}), but ${whole.path} reads it as a single value; it cannot be both`,
        ]
      : [];
  });
}

/**
 * One reference resolved to its stack output, or the reasons it cannot be (a bad fieldPath and a missing or
 * ambiguous target are reported together, so fixing one does not reveal the next).
 */
export function resolveReference(
  field: string,
  ref: ValueRef,
  targets: readonly ReferenceTarget[],
  searchedIn: string,
): StackOutputRef | string {
  const problems: string[] = [];
  const fieldPath = splitFieldPath(ref.fieldPath);
  if (!fieldPath)
    problems.push(
      `${field}: fieldPath ${JSON.stringify(ref.fieldPath)} does not name an output (status.outputs.<output>)`,
    );
  const match = matchReference(ref, targets);
  if ("ambiguous" in match) {
    problems.push(ambiguousReferenceMessage(field, ref, match.ambiguous));
  } else if ("missing" in match || !match.found.name) {
    const candidates = targets
      .filter((candidate) => candidate.kind === ref.kind)
      .map((candidate) =>
        candidate.env === undefined ? candidate.name : `${candidate.name} (env ${candidate.env})`,
      );
    const known =
      candidates.length > 0
        ? `; the ${ref.kind} manifests there are ${[...new Set(candidates)].join(", ")}`
        : `; there are no ${ref.kind} manifests there`;
    problems.push(`${field} refers to ${describeRef(ref)}, which was not found among ${searchedIn}${known}`);
  }
  if (problems.length > 0 || !fieldPath || !("found" in match)) return problems.join("; ");
  const target = match.found;
  const stack = stackIdentity({ name: target.name ?? "", labels: target.labels }).fullName;
  return { path: field, ref, stack, output: fieldPath.output, key: fieldPath.key };
}
