// The provider plugin's translation between pulumi-aws's argument names and the Cognito API's
// (src/aws-provider/resources.ts): mostly a capital first letter, except where the API spells a name otherwise.
import { describe, expect, it } from "vitest";
import { fromApi, toApi } from "../src/aws-provider/resources.ts";

const FUNCTION = "arn:aws:lambda:us-east-1:123456789012:function:sender";
const KEY = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

describe("the API's names", () => {
  it("sends a custom SMS sender and its KMS key under the names LambdaConfigType gives them", () => {
    expect(toApi({ customSmsSender: { lambdaArn: FUNCTION, lambdaVersion: "V1_0" }, kmsKeyId: KEY })).toEqual(
      {
        CustomSMSSender: { LambdaArn: FUNCTION, LambdaVersion: "V1_0" },
        KMSKeyID: KEY,
      },
    );
  });

  it("reads them back under the provider's names", () => {
    expect(
      fromApi({ CustomSMSSender: { LambdaArn: FUNCTION, LambdaVersion: "V1_0" }, KMSKeyID: KEY }),
    ).toEqual({
      customSmsSender: { lambdaArn: FUNCTION, lambdaVersion: "V1_0" },
      kmsKeyId: KEY,
    });
  });
});
