// The rule cases of Lambda triggers (rules/lambda.ts): each rule with a manifest that breaks it (`# <-` marks the finding's
// line) and a close variant that does not. Gathered in rule-cases.ts.
import { manifest } from "../manifest-text.ts";
import { VALID_LAMBDA } from "./manifest-fragments.ts";
import type { RuleCase } from "./rule-case.ts";

export const LAMBDA_RULE_CASES: RuleCase[] = [
  {
    rule: "lambda-arn-format",
    failing: manifest(`
      lambdaConfig:
        preSignUp: arn:aws:lambda:us-east-1:123456789012:layer:pre-sign-up # <-
    `),
    path: "spec.lambdaConfig.preSignUp",
    passing: manifest(`
      lambdaConfig:
        preSignUp: ${VALID_LAMBDA}:live
    `),
  },
  {
    rule: "lambda-region",
    failing: manifest(`
      lambdaConfig:
        postConfirmation: # <-
          value: arn:aws:lambda:us-west-2:123456789012:function:welcome
    `),
    path: "spec.lambdaConfig.postConfirmation",
    passing: manifest(`
      lambdaConfig:
        postConfirmation:
          value: arn:aws:lambda:us-east-1:123456789012:function:welcome
    `),
  },
  {
    rule: "lambda-partition",
    failing: manifest(`
      lambdaConfig:
        postConfirmation: # <-
          value: arn:aws-cn:lambda:cn-north-1:123456789012:function:welcome
    `),
    path: "spec.lambdaConfig.postConfirmation",
    passing: manifest(`
      lambdaConfig:
        postConfirmation:
          value: arn:aws:lambda:eu-west-1:123456789012:function:welcome
    `),
  },
];
