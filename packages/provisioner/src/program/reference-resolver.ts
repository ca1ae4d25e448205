// How a manifest's string values become resource inputs inside the program: literals as they are,
// `valueFrom` references through the referenced stack's outputs.
import * as pulumi from "@pulumi/pulumi";
import { formatPath } from "@cognito-action/spec";
import type { StringValueOrRef } from "@cognito-action/spec";
import type { StackOutputRef } from "../references.ts";

/** How a manifest value becomes a resource input: literals as they are, references through stack outputs. */
export type Resolve = (value: StringValueOrRef, path: (string | number)[]) => pulumi.Input<string>;

/** Literal values as they are; references read from the referenced stack's outputs. */
export function referenceResolver(references: readonly StackOutputRef[]): Resolve {
  const stacks = new Map<string, pulumi.StackReference>();
  const stackReference = (name: string) => {
    let reference = stacks.get(name);
    if (!reference) {
      reference = new pulumi.StackReference(name, { name });
      stacks.set(name, reference);
    }
    return reference;
  };
  return (value, path) => {
    if ("value" in value) return value.value;
    const field = formatPath(path);
    const resolved = references.find((reference) => reference.path === field);
    // resolveReferences runs before any program; reaching this is a bug in the caller, not a user mistake.
    if (!resolved) throw new Error(`valueFrom at ${field} was not resolved before the program ran`);
    const output = stackReference(resolved.stack).requireOutput(resolved.output);
    const key = resolved.key;
    if (key === undefined) return output.apply(String);
    // A missing key must stop the deployment, not send the text "undefined" to AWS.
    return output.apply((map: Record<string, unknown>) => {
      if (map === null || typeof map !== "object" || !Object.hasOwn(map, key)) {
        throw new Error(`${field}: stack ${resolved.stack} has no ${resolved.output}.${key}`);
      }
      return String(map[key]);
    });
  };
}

/** For building arguments outside a program (tests, docs): literals only, a reference is a caller bug. */
export const literalOnly: Resolve = (value, path) => {
  if ("value" in value) return value.value;
  throw new Error(`valueFrom at ${formatPath(path)} needs resolved references`);
};
