// The one line and exit status for each way an AWS call fails, from the error the SDK throws.
import { describe, expect, it } from "vitest";
import { AwsCallError, describeAwsFailure } from "../../src/import/aws-errors.ts";

function failureOf(name: string, message: string, extra: Record<string, unknown> = {}) {
  const cause = Object.assign(new Error(message), { name, ...extra });
  return describeAwsFailure(
    new AwsCallError("DescribeUserPool", { cause }),
    "us-east-1_AbCdEf123",
    "us-east-1",
  );
}

describe("describeAwsFailure", () => {
  it.each([
    [
      "ResourceNotFoundException",
      "User pool us-east-1_AbCdEf123 does not exist.",
      2,
      "was not found in us-east-1",
    ],
    [
      "AccessDeniedException",
      "User: x is not authorized",
      1,
      "AWS refused DescribeUserPool (AccessDeniedException)",
    ],
    ["ExpiredTokenException", "The security token included in the request is expired", 1, "AWS refused"],
    ["TooManyRequestsException", "Too many requests", 1, "AWS throttled DescribeUserPool"],
    [
      "CredentialsProviderError",
      "Could not load credentials from any providers",
      1,
      "no AWS credentials found",
    ],
    ["TimeoutError", "socket timed out", 1, "Cognito did not answer DescribeUserPool in time"],
    [
      "InternalErrorException",
      "Internal error",
      1,
      "AWS answered DescribeUserPool with InternalErrorException",
    ],
  ])("%s: exit %i", (name, message, exitCode, expected) => {
    const failure = failureOf(name, message);
    expect(failure.exitCode).toBe(exitCode);
    expect(failure.message).toContain(expected);
  });

  it("names a connection that was refused, as a network failure", () => {
    const failure = failureOf("Error", "connect ECONNREFUSED 127.0.0.1:9", { code: "ECONNREFUSED" });
    expect(failure).toEqual({
      exitCode: 1,
      message:
        "could not reach Cognito for DescribeUserPool (ECONNREFUSED): connect ECONNREFUSED 127.0.0.1:9",
    });
  });

  it("keeps a multi-line AWS message on one line", () => {
    expect(failureOf("AccessDeniedException", "first line\n  second line").message).toContain(
      "first line second line",
    );
  });
});
