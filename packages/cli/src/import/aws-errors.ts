// What went wrong talking to AWS, as one line and an exit status: 2 when the input was wrong (no such pool),
// 1 when AWS refused (permissions, credentials, throttling) or could not be reached. Error names are the
// API's (the `__type` of its JSON error bodies) and the SDK's own (CredentialsProviderError).

/** An AWS call failed; `operation` names the API call. */
export class AwsCallError extends Error {
  constructor(
    readonly operation: string,
    options: { cause: unknown },
  ) {
    super(`${operation} failed`, options);
    this.name = "AwsCallError";
  }
}

/** One line for the terminal and the exit status that goes with it. */
export interface ImportFailure {
  exitCode: 1 | 2;
  message: string;
}

const REFUSALS = new Set([
  "AccessDeniedException",
  "NotAuthorizedException",
  "UnrecognizedClientException",
  "InvalidClientTokenId",
  "InvalidSignatureException",
  "ExpiredTokenException",
  "SignatureDoesNotMatch",
]);
const THROTTLES = new Set(["TooManyRequestsException", "ThrottlingException", "LimitExceededException"]);

/** Describes a failed call of the import for `userPoolId` in `region`. */
export function describeAwsFailure(error: AwsCallError, userPoolId: string, region: string): ImportFailure {
  const cause = error.cause;
  const name = cause instanceof Error ? cause.name : "Error";
  const message = oneLine(cause instanceof Error ? cause.message : String(cause));
  const attempts = (cause as { $metadata?: { attempts?: number } }).$metadata?.attempts;
  if (name === "ResourceNotFoundException")
    return {
      exitCode: 2,
      message: `user pool ${userPoolId} was not found in ${region} (${error.operation}: ${message}); check --user-pool-id and --region`,
    };
  if (REFUSALS.has(name))
    return {
      exitCode: 1,
      message: `AWS refused ${error.operation} (${name}): ${message}; import needs cognito-idp:Describe*, List* and Get* on the pool`,
    };
  if (THROTTLES.has(name))
    return {
      exitCode: 1,
      message: `AWS throttled ${error.operation} (${name}${attempts ? `, ${attempts} attempts` : ""}); wait a little and run import again`,
    };
  if (name === "CredentialsProviderError")
    return {
      exitCode: 1,
      message: `no AWS credentials found (${message}); set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or run where a role is available`,
    };
  if (name === "TimeoutError")
    return {
      exitCode: 1,
      message: `Cognito did not answer ${error.operation} in time (${message.replace(/^@smithy\/node-http-handler - \[ERROR\] /, "")}${attempts ? `, ${attempts} attempts` : ""}); try again`,
    };
  const code = (cause as { code?: unknown }).code;
  if (typeof code === "string" && /^(ECONNREFUSED|ENOTFOUND|ECONNRESET|ETIMEDOUT|EAI_AGAIN)$/.test(code))
    return { exitCode: 1, message: `could not reach Cognito for ${error.operation} (${code}): ${message}` };
  return { exitCode: 1, message: `AWS answered ${error.operation} with ${name}: ${message}` };
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ").trim();
}
