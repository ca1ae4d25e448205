// Lambda triggers. Sources: botocore LambdaConfigType members (ArnType), terraform verify.ValidARN, and the
// Developer Guide's Lambda triggers page (whose same-Region limit is the console's, not the API's).
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

  // Only the console limits triggers to the pool's Region (DG "select a function in the same AWS Region"); the API
  // model (LambdaConfigType, ArnType) accepts any Lambda ARN, so another Region is a caution, not a refusal.
  defineRule("lambda-region", "warning", (manifest) =>
    eachTrigger(manifest, (trigger, arnText) => {
      const arn = parseArn(arnText);
      const { region } = manifest.spec;
      if (
        !arn ||
        arn.service !== "lambda" ||
        arn.region === "" ||
        arn.region === region ||
        arn.partition !== partitionOf(region)
      )
        return undefined;
      return {
        path: ["spec", "lambdaConfig", trigger],
        message: `lambdaConfig.${trigger} is in ${arn.region}, but the pool is in ${region}: AWS accepts it, but every call crosses Regions (latency, and an outage there stops sign-ins here); the console would only offer functions in ${region}`,
      };
    }),
  ),

  // AWS partitions (aws, aws-cn, aws-us-gov) are isolated from each other: a pool can never invoke a function in
  // another partition, whatever the API accepts.
  defineRule("lambda-partition", "error", (manifest) =>
    eachTrigger(manifest, (trigger, arnText) => {
      const arn = parseArn(arnText);
      const partition = partitionOf(manifest.spec.region);
      if (!arn || arn.service !== "lambda" || arn.partition === partition) return undefined;
      return {
        path: ["spec", "lambdaConfig", trigger],
        message: `lambdaConfig.${trigger} is in the ${arn.partition} partition, but the pool in ${manifest.spec.region} is in ${partition}; partitions are isolated, so Cognito can never invoke it`,
      };
    }),
  ),
];
