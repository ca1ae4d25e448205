import { parseArgs } from "node:util";
import type { ParseArgsConfig } from "node:util";
import { PLAN_FORMATS, planCommand } from "./commands/plan.ts";
import { SYNTH_FORMATS, synthCommand } from "./commands/synth.ts";
import { validateCommand } from "./commands/validate.ts";
import { InputError, UsageError } from "./errors.ts";
import { VALIDATE_FORMATS } from "./format-validation.ts";
import { ioForFormat, neutralisingIo } from "./io.ts";
import type { CliIo } from "./io.ts";
import packageJson from "../package.json" with { type: "json" };

const VALIDATE_USAGE = `  validate [PATH|GLOB ...]   Check AwsCognitoUserPool manifests (directories are searched for *.yaml, *.yml;
                             other YAML, such as Helm charts and workflows, is skipped and counted)
      --format text|json|github   Output format (default: text)
      --strict                    Warnings fail the run too
`;

const SYNTH_USAGE = `  synth FILE                 Show the resources a manifest creates (offline, under Pulumi's mock runtime)
      --format json|yaml|markdown Output format (default: json)
      --name NAME                 The manifest to use when FILE holds several
      --refs PATH                 Where valueFrom references are looked up (repeatable; default: .)
`;

const PLAN_USAGE = `  plan --base FILE --head FILE   What changing one manifest would do (either side may be left out)
  plan --base-ref REF [PATH ...] What every manifest changed since a Git ref would do (in a Git repository)
  plan --engine-events FILE      The report of a real engine preview: FILE is what
                                 \`pulumi preview --event-log FILE\` writes (--head names its manifest)
      --format json|markdown      Output format (default: markdown); json is {plans, summary, validationErrors}
                                  in every mode
      --name NAME                 The manifest to use when a file holds several
      --refs PATH                 With --base/--head: where references are looked up (default: .)
      --parallel N                Manifests planned at once (default: 4)
      --allow-security-downgrade  Exit 0 even when a plan turns off, lowers or resets a security
                                  setting of the deployed pool (otherwise exit 1, as the action refuses it)
`;

const IMPORT_USAGE = `  import --region REGION --user-pool-id ID   Write a manifest that adopts a deployed pool (read-only AWS calls)
      --name NAME                 metadata.name; must be the pool's own name (the default)
      --output FILE               Write the manifest there instead of stdout (never overwrites)
      --aws-endpoint-url URL      Call Cognito there (LocalStack, moto) instead of AWS
      Credentials: the AWS SDK's standard chain (environment, profile, SSO, role);
      AWS_ENDPOINT_URL(_COGNITO_IDENTITY_PROVIDER) and AWS_MAX_ATTEMPTS are honoured. Each request
      ends after 30 s and the import after 120 s (COGNITO_ACTION_HTTP_TIMEOUT_SECONDS sets the request's).
      No client secret is written: after the first apply, the action's client-secrets output has them.
`;

const EXIT_STATUS = `Exit status: 0 valid (and plans made), 1 invalid manifest, failed plan or a security-relevant change without --allow-security-downgrade (import: AWS refused), 2 usage or input error.
`;

export const USAGE = `Usage: cognito-action <command> [options]

Commands:
${VALIDATE_USAGE}
${SYNTH_USAGE}
${PLAN_USAGE}
${IMPORT_USAGE}
Run cognito-action <command> --help for one command.
${EXIT_STATUS}`;

/** Each command's own help: `cognito-action <command> --help`. */
const COMMAND_USAGE: Record<string, string> = {
  validate: `Usage: cognito-action validate [PATH|GLOB ...] [options]\n\n${VALIDATE_USAGE}\n${EXIT_STATUS}`,
  synth: `Usage: cognito-action synth FILE [options]\n\n${SYNTH_USAGE}\n${EXIT_STATUS}`,
  plan: `Usage: cognito-action plan (--base FILE --head FILE | --base-ref REF [PATH ...] | --engine-events FILE) [options]\n\n${PLAN_USAGE}\n${EXIT_STATUS}`,
  import: `Usage: cognito-action import --region REGION --user-pool-id ID [options]\n\n${IMPORT_USAGE}\n${EXIT_STATUS}`,
};

/** Runs the CLI and returns its exit status. Output goes through `io`; nothing here exits the process. */
export async function main(argv: readonly string[], rawIo: CliIo): Promise<number> {
  const io = neutralisingIo(rawIo);
  try {
    return await dispatch(argv, io, rawIo);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`cognito-action: ${error.message}\nRun cognito-action --help for usage.\n`);
      return 2;
    }
    if (error instanceof InputError) {
      io.stderr(`cognito-action: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

function dispatch(argv: readonly string[], io: CliIo, rawIo: CliIo): number | Promise<number> {
  const [command, ...rest] = argv;
  // Help wins over everything else on the line: `validate --bogus --help` still shows how to call it.
  const usage = command === undefined ? undefined : COMMAND_USAGE[command];
  if (usage !== undefined && rest.some((arg) => arg === "--help" || arg === "-h")) {
    io.stdout(usage);
    return 0;
  }
  switch (command) {
    case undefined:
    case "help":
    case "--help":
    case "-h":
      io.stdout(USAGE);
      return command === undefined ? 2 : 0;
    case "--version":
    case "-v":
      io.stdout(`${packageJson.version}\n`);
      return 0;
    case "validate": {
      const { values, positionals } = parse(rest, {
        format: { type: "string", default: "text" },
        strict: { type: "boolean", default: false },
      });
      const format = oneOf("--format", values.format, VALIDATE_FORMATS);
      return validateCommand(
        { paths: positionals, format, strict: values.strict === true },
        // The annotations are the commands this format exists to issue; their text is escaped as the runner
        // reads it (format-validation.ts workflowCommand), so none can end its line and start another.
        format === "github"
          ? { ...io, stdout: (text) => rawIo.stdout(text) }
          : ioForFormat(io, rawIo, format),
      );
    }
    case "synth": {
      const { values, positionals } = parse(rest, {
        format: { type: "string", default: "json" },
        name: { type: "string" },
        refs: { type: "string", multiple: true, default: [] },
      });
      if (positionals.length !== 1) throw new UsageError("synth takes exactly one FILE");
      const format = oneOf("--format", values.format, SYNTH_FORMATS);
      return synthCommand(
        { file: positionals[0]!, name: values.name, format, refs: values.refs ?? [] },
        ioForFormat(io, rawIo, format),
      );
    }
    case "plan": {
      const { values, positionals } = parse(rest, {
        base: { type: "string" },
        head: { type: "string" },
        "base-ref": { type: "string" },
        "engine-events": { type: "string" },
        format: { type: "string", default: "markdown" },
        name: { type: "string" },
        refs: { type: "string", multiple: true, default: [] },
        parallel: { type: "string", default: "4" },
        "allow-security-downgrade": { type: "boolean", default: false },
      });
      if (values["base-ref"] === undefined && positionals.length > 0)
        throw new UsageError(
          "PATH arguments go with --base-ref; use --refs to say where references are looked up",
        );
      const format = oneOf("--format", values.format, PLAN_FORMATS);
      return planCommand(
        {
          engineEvents: values["engine-events"],
          base: values.base,
          head: values.head,
          baseRef: values["base-ref"],
          paths: values["base-ref"] === undefined ? (values.refs ?? []) : positionals,
          name: values.name,
          format,
          parallel: positiveInteger("--parallel", values.parallel),
          allowSecurityDowngrade: values["allow-security-downgrade"],
        },
        ioForFormat(io, rawIo, format),
      );
    }
    case "import":
      // Its stdout is the pool's manifest as YAML, data to read back exactly.
      return runImport(rest, ioForFormat(io, rawIo, "yaml"));
    default:
      throw new UsageError(`unknown command ${JSON.stringify(command)}`);
  }
}

async function runImport(args: readonly string[], io: CliIo): Promise<number> {
  if (args.includes("--help") || args.includes("-h")) {
    io.stdout(USAGE);
    return 0;
  }
  const { values, positionals } = parse(args, {
    region: { type: "string" },
    "user-pool-id": { type: "string" },
    name: { type: "string" },
    output: { type: "string" },
    "aws-endpoint-url": { type: "string" },
  });
  if (positionals.length > 0) throw new UsageError("import takes no FILE; use --output to write to one");
  if (values.region === undefined) throw new UsageError("import needs --region");
  if (values["user-pool-id"] === undefined) throw new UsageError("import needs --user-pool-id");
  // Loaded only here: the AWS SDK is bundled apart (dist/cli-import.js), so other commands never parse it.
  const { importCommand } = await import("./commands/import.ts");
  return importCommand(
    {
      region: values.region,
      userPoolId: values["user-pool-id"],
      name: values.name,
      output: values.output,
      awsEndpointUrl: values["aws-endpoint-url"],
    },
    io,
  );
}

function parse<T extends NonNullable<ParseArgsConfig["options"]>>(args: readonly string[], options: T) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error), { cause: error });
  }
}

function positiveInteger(flag: string, value: unknown): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1)
    throw new UsageError(`${flag} must be a whole number of at least 1, not ${JSON.stringify(value)}`);
  return number;
}

/** Narrows an option value to its allowed set, or says which values are allowed. */
export function oneOf<T extends string>(flag: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value === "string" && (allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${flag} must be one of ${allowed.join(", ")}, not ${JSON.stringify(value)}`);
}
