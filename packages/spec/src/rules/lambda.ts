// Lambda triggers. Sources: botocore LambdaConfigType members (ArnType), terraform verify.ValidARN, and the
// Developer Guide's Lambda triggers page (functions in the pool's Region).
import { parseArn, partitionOf } from "../aws-formats.ts";
import { LAMBDA_TRIGGERS } from "../schema.ts";
import { literalValue } from "../references.ts";
import { defineRule } from "./rule.ts";
import type { RuleHit } from "./rule.ts";
import type { Manifest } from "../schema.ts";

function eachTrigger(
  manifest: Manifest,
  check: (trigger: string, arnText: string) => RuleHit | undefined,
): RuleHit[] {
  if (!manifest.spec.lambdaConfig) return [];
  return LAMBDA_TRIGGERS.flatMap((trigger) => {
    const arnText = literalValue(manifest.spec.lambdaConfig?.[trigger]);
    const hit = arnText === undefined ? undefined : check(trigger, arnText);
    return hit ? [hit] : [];
  });
}

const FUNCTION_RESOURCE = /^function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9_$-]+)?$/;

export const lambdaRules = [
  // arn:<partition>:lambda:<region>:<account>:function:<name>[:<version or alias>].
  defineRule("lambda-arn-format", "error", (manifest) =>
    eachTrigger(manifest, (trigger, arnText) => {
      const arn = parseArn(arnText);
      if (
        arn?.service === "lambda" &&
        arn.region !== "" &&
        arn.account.length === 12 &&
        FUNCTION_RESOURCE.test(arn.resource)
      )
        return undefined;
      return {
        path: ["spec", "lambdaConfig", trigger],
        message: `lambdaConfig.${trigger} must be a Lambda function ARN like arn:aws:lambda:${manifest.spec.region}:123456789012:function:my-function, not ${JSON.stringify(arnText)}`,
      };
    }),
  ),

  // DG: Cognito invokes functions in the pool's own Region (and partition).
  defineRule("lambda-region", "error", (manifest) =>
    eachTrigger(manifest, (trigger, arnText) => {
      const arn = parseArn(arnText);
      const { region } = manifest.spec;
      if (
        !arn ||
        arn.service !== "lambda" ||
        (arn.region === region && arn.partition === partitionOf(region))
      )
        return undefined;
      return {
        path: ["spec", "lambdaConfig", trigger],
        message: `lambdaConfig.${trigger} is in ${arn.region || "no region"}, but the pool is in ${region}; Cognito invokes functions in the pool's own region`,
      };
    }),
  ),
];
