import type { PathSegment } from "./finding.ts";
import { LAMBDA_TRIGGERS } from "./schema.ts";
import type { Manifest, StringValueOrRef, ValueRef } from "./schema.ts";

/** A StringValueOrRef field of a manifest, with where it sits. */
export interface ManifestValue {
  path: PathSegment[];
  value: StringValueOrRef;
}

/** Every StringValueOrRef field that is set: the SES identity, the Lambda triggers, the certificate. */
export function manifestValues(manifest: Manifest): ManifestValue[] {
  const { spec } = manifest;
  const found: ManifestValue[] = [];
  if (spec.emailConfiguration?.sourceArn) {
    found.push({
      path: ["spec", "emailConfiguration", "sourceArn"],
      value: spec.emailConfiguration.sourceArn,
    });
  }
  for (const trigger of LAMBDA_TRIGGERS) {
    const value = spec.lambdaConfig?.[trigger];
    if (value) found.push({ path: ["spec", "lambdaConfig", trigger], value });
  }
  // Beyond OpenMCF: the custom senders' KMS key and the SMS role.
  if (spec.lambdaConfig?.kmsKeyId)
    found.push({ path: ["spec", "lambdaConfig", "kmsKeyId"], value: spec.lambdaConfig.kmsKeyId });
  if (spec.smsConfiguration)
    found.push({
      path: ["spec", "smsConfiguration", "snsCallerArn"],
      value: spec.smsConfiguration.snsCallerArn,
    });
  if (spec.domain?.certificateArn)
    found.push({ path: ["spec", "domain", "certificateArn"], value: spec.domain.certificateArn });
  // Beyond OpenMCF: group roles.
  spec.groups.forEach((group, index) => {
    if (group.roleArn) found.push({ path: ["spec", "groups", index, "roleArn"], value: group.roleArn });
  });
  return found;
}

/** The `valueFrom` references of a manifest, with where each sits. */
export function manifestReferences(manifest: Manifest): { path: PathSegment[]; ref: ValueRef }[] {
  return manifestValues(manifest).flatMap(({ path, value }) =>
    "valueFrom" in value ? [{ path, ref: value.valueFrom }] : [],
  );
}

/** The literal string of a StringValueOrRef, or undefined for a reference. */
export function literalValue(value: StringValueOrRef | undefined): string | undefined {
  return value && "value" in value ? value.value : undefined;
}

/** Splits `status.outputs.<output>[.<key>]` into the output's name and the optional map key. */
export function splitFieldPath(fieldPath: string): { output: string; key?: string } | undefined {
  const match = /^status\.outputs\.([A-Za-z0-9_]+)(?:\.(.+))?$/.exec(fieldPath);
  if (!match) return undefined;
  return match[2] === undefined ? { output: match[1]! } : { output: match[1]!, key: match[2] };
}

/** How a reference reads in messages: `AwsLambda/post-confirm status.outputs.function_arn`. */
export function describeRef(ref: ValueRef): string {
  return `${ref.kind}/${ref.name}${ref.env ? ` (env ${ref.env})` : ""} ${ref.fieldPath}`;
}
