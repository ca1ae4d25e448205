// The Lambda permissions that let the pool invoke its triggers, when the manifest asks the tool to manage
// them (spec.manageLambdaPermissions; beyond OpenMCF).
import { Permission } from "@pulumi/aws/lambda/permission.js";
import { LAMBDA_TRIGGERS } from "@cognito-action/spec";
import { lambdaPermissionResourceName } from "../naming.ts";
import type { PoolContext } from "./program-context.ts";

/** The service principal Cognito invokes triggers as (DG: Lambda triggers, resource-based policy). */
export const COGNITO_PRINCIPAL = "cognito-idp.amazonaws.com";

/** Declares one invoke permission per trigger the manifest sets, when it manages them. */
export function declareLambdaPermissions({ manifest, pool, provider, resolve }: PoolContext): Permission[] {
  const { spec } = manifest;
  if (!spec.manageLambdaPermissions) return [];
  return LAMBDA_TRIGGERS.flatMap((trigger) => {
    const value = spec.lambdaConfig?.[trigger];
    if (!value) return [];
    const target = "value" in value ? splitQualifier(value.value) : undefined;
    return [
      new Permission(
        lambdaPermissionResourceName(manifest, trigger),
        {
          action: "lambda:InvokeFunction",
          function: target ? target.function : resolve(value, ["spec", "lambdaConfig", trigger]),
          ...(target?.qualifier !== undefined ? { qualifier: target.qualifier } : {}),
          principal: COGNITO_PRINCIPAL,
          // Only this pool may invoke the function through this grant (confused-deputy protection).
          sourceArn: pool.arn,
        },
        { provider },
      ),
    ];
  });
}

/**
 * A trigger ARN as the permission takes it: the provider reads a statement back as the unqualified function and a
 * separate qualifier (terraform lambda permission.go), so a version or alias goes into `qualifier`.
 */
export function splitQualifier(arn: string): { function: string; qualifier?: string } {
  const match = /^(arn:[^:]+:lambda:[^:]*:\d*:function:[^:]+):([^:]+)$/.exec(arn);
  return match ? { function: match[1]!, qualifier: match[2]! } : { function: arn };
}
