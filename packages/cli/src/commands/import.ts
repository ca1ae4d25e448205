// `cognito-action import`: reads a deployed user pool (read-only API calls) and writes a manifest that
// describes it and adopts it on the first apply. Bundled apart from the CLI (dist/cli-import.js) and loaded
// only for this command, so validate never pays for the AWS SDK.
import { existsSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import type { CognitoIdentityProviderClientConfig } from "@aws-sdk/client-cognito-identity-provider";
import { WAFV2Client } from "@aws-sdk/client-wafv2";
import {
  isEndpointUrl,
  isUserPoolId,
  REGION_PATTERN,
  userPoolIdRegion,
  validateSources,
} from "@cognito-action/spec";
import type { CliIo } from "../io.ts";
import { AwsCallError, describeAwsFailure } from "../import/aws-errors.ts";
import { importedManifest } from "../import/pool-manifest.ts";
import { downloadImage, readDeployedPool } from "../import/read-pool.ts";
import { renderImportedManifest } from "../import/render-manifest.ts";

export interface ImportCommandOptions {
  region: string;
  userPoolId: string;
  /** metadata.name; must be the pool's own name (renaming a pool replaces it). */
  name?: string | undefined;
  /** Where to write the manifest (relative to the working directory); stdout when absent. */
  output?: string | undefined;
  /** Where to call Cognito instead of AWS (LocalStack, moto); wins over the environment's endpoints. */
  awsEndpointUrl?: string | undefined;
}

/** Runs the import and returns the exit status; every failure is one line on stderr. */
export async function importCommand(options: ImportCommandOptions, io: CliIo): Promise<number> {
  const fail = (exitCode: number, message: string) => {
    io.stderr(`cognito-action: ${message}\n`);
    return exitCode;
  };
  if (!REGION_PATTERN.test(options.region))
    return fail(2, `--region ${JSON.stringify(options.region)} is not an AWS region code, e.g. us-east-1`);
  if (!isUserPoolId(options.userPoolId))
    return fail(
      2,
      `--user-pool-id ${JSON.stringify(options.userPoolId)} is not a user pool ID, e.g. us-east-1_AbCdEf123`,
    );
  if (userPoolIdRegion(options.userPoolId) !== options.region)
    return fail(
      2,
      `--user-pool-id ${options.userPoolId} is a pool in ${userPoolIdRegion(options.userPoolId)}, not in --region ${options.region}`,
    );
  if (options.awsEndpointUrl !== undefined && !isEndpointUrl(options.awsEndpointUrl))
    return fail(
      2,
      `--aws-endpoint-url ${JSON.stringify(options.awsEndpointUrl)} is not an http:// or https:// URL, e.g. http://localhost:4566`,
    );
  const output = options.output === undefined ? undefined : resolve(io.cwd, options.output);
  if (output !== undefined && existsSync(output))
    return fail(
      2,
      `${options.output} already exists; import does not overwrite files, choose another --output`,
    );

  // The SDK warns on Node < 22 that its *future* releases will need it; this bundle pins its SDK, so the
  // warning would only add lines to output people read (and the one-line errors) without applying to them.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const deadlines = importDeadlines(io.env);
  const client = new CognitoIdentityProviderClient(
    clientConfig(options.region, io.env, options.awsEndpointUrl, deadlines),
  );
  // The pool's web ACL is AWS WAF's to say (GetWebACLForResource), through a client of its own.
  const waf = new WAFV2Client(
    clientConfig(options.region, io.env, options.awsEndpointUrl, deadlines, "AWS_ENDPOINT_URL_WAFV2"),
  );
  let deployed;
  try {
    deployed = await withDeadline(
      readDeployedPool(client, options.region, options.userPoolId, {
        waf,
        readImage: (url) => downloadImage(url, deadlines.requestMs),
      }),
      deadlines.overallMs,
    );
  } catch (error) {
    if (error instanceof ImportDeadlineError)
      return fail(
        1,
        `import of ${options.userPoolId} did not finish within ${deadlines.overallMs / 1000} s (timed out): Cognito in ${options.region} is not answering; try again, or check AWS_ENDPOINT_URL and the network`,
      );
    if (!(error instanceof AwsCallError)) throw error;
    const failure = describeAwsFailure(error, options.userPoolId, options.region);
    return fail(failure.exitCode, failure.message);
  } finally {
    // Closes the clients' sockets: a call still waiting on a silent endpoint ends here too.
    client.destroy();
    waf.destroy();
  }
  if (options.name !== undefined && options.name !== deployed.pool.Name)
    return fail(
      2,
      `--name ${JSON.stringify(options.name)} is not the pool's name ${JSON.stringify(deployed.pool.Name)}: metadata.name is the pool's name, and renaming a pool replaces it (every user lost); leave --name out`,
    );

  const imported = importedManifest(deployed);
  const text = renderImportedManifest(imported, deployed);
  const file = options.output ?? "imported.yaml";
  const findings = validateSources([{ file, text }]).documents.flatMap((document) => document.findings);
  const errors = findings.filter((finding) => finding.severity === "error");
  if (output === undefined) io.stdout(text);
  else writeFileSync(output, text);

  for (const warning of imported.warnings) io.stderr(`cognito-action: warning: ${warning}\n`);
  const where = output === undefined ? "" : ` to ${options.output}`;
  const lacking = imported.notes.length + imported.clientNotes.flat().length;
  io.stderr(
    `Imported ${deployed.pool.Id} (${deployed.clients.length} clients${deployed.domain ? `, domain ${deployed.domain.Domain}` : ""})${where}; ${lacking === 0 ? "every deployed setting is in the manifest" : `${lacking} deployed settings the manifest cannot express are listed in its comments`}.\n`,
  );
  if (imported.adoptionBlockedBy.length > 0)
    return fail(
      1,
      `not marked for adoption: the pool has settings the manifest cannot express (${imported.adoptionBlockedBy.join(", ")}), and the first apply would reset them to AWS's defaults; the manifest is written without spec.adopt`,
    );
  if (errors.length > 0) {
    for (const finding of errors)
      io.stderr(`${finding.file}:${finding.line}:${finding.column} ${finding.message} (${finding.rule})\n`);
    return fail(
      1,
      `the imported manifest does not validate as it stands; fix the findings above before adopting`,
    );
  }
  return 0;
}

/**
 * The SDK's client settings: the region given, the standard credential chain (environment, profiles, SSO,
 * roles), the --aws-endpoint-url given, else the service's own variable (AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER,
 * AWS_ENDPOINT_URL_WAFV2) / AWS_ENDPOINT_URL, and AWS_MAX_ATTEMPTS as the SDK reads them, taken from the
 * environment the CLI was given.
 */
function clientConfig(
  region: string,
  env: Readonly<Record<string, string | undefined>>,
  awsEndpointUrl: string | undefined,
  deadlines: ImportDeadlines,
  serviceEndpointVariable = "AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER",
): CognitoIdentityProviderClientConfig {
  const endpoint = awsEndpointUrl ?? env[serviceEndpointVariable] ?? env.AWS_ENDPOINT_URL;
  const attempts = Number(env.AWS_MAX_ATTEMPTS);
  const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey } = env;
  return {
    region,
    // A CLI must not hang on a dead connection: the SDK waits forever by default, and its requestTimeout
    // only logs a warning unless throwOnRequestTimeout makes it end the request.
    requestHandler: {
      connectionTimeout: Math.min(5_000, deadlines.requestMs),
      requestTimeout: deadlines.requestMs,
      throwOnRequestTimeout: true,
    },
    ...(endpoint ? { endpoint } : {}),
    ...(Number.isInteger(attempts) && attempts > 0 ? { maxAttempts: attempts } : {}),
    // The chain's first link, read from the CLI's environment; without it the SDK walks the whole chain.
    ...(accessKeyId && secretAccessKey
      ? {
          credentials: {
            accessKeyId,
            secretAccessKey,
            ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
          },
        }
      : {}),
  };
}

/** How long one AWS request, and the whole import (its retries included), may take. */
interface ImportDeadlines {
  requestMs: number;
  overallMs: number;
}

/**
 * 30 s a request and 120 s in all; COGNITO_ACTION_HTTP_TIMEOUT_SECONDS sets the request's deadline (the
 * whole import then gets four times it), for a slow network or a test.
 */
export function importDeadlines(env: Readonly<Record<string, string | undefined>>): ImportDeadlines {
  const seconds = Number(env.COGNITO_ACTION_HTTP_TIMEOUT_SECONDS);
  if (env.COGNITO_ACTION_HTTP_TIMEOUT_SECONDS?.trim() && Number.isFinite(seconds) && seconds > 0)
    return { requestMs: seconds * 1000, overallMs: seconds * 4000 };
  return { requestMs: 30_000, overallMs: 120_000 };
}

/** The import ran past its overall deadline. */
class ImportDeadlineError extends Error {
  constructor() {
    super("the import ran past its deadline");
    this.name = "ImportDeadlineError";
  }
}

/** `work`, or an ImportDeadlineError after `ms`; the timer never keeps the process alive. */
async function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ImportDeadlineError()), ms);
  });
  // The losing call's later failure (its socket closed by destroy()) is not an unhandled rejection.
  work.catch(() => undefined);
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
