import { parseArgs } from "node:util";
import type { ParseArgsConfig } from "node:util";
import { validateCommand } from "./commands/validate.ts";
import { InputError, UsageError } from "./errors.ts";
import { VALIDATE_FORMATS } from "./format-validation.ts";
import type { CliIo } from "./io.ts";
import packageJson from "../package.json" with { type: "json" };

export const USAGE = `Usage: cognito-action <command> [options]

Commands:
  validate [PATH|GLOB ...]   Check AwsCognitoUserPool manifests (directories are searched for *.yaml, *.yml)
      --format text|json|github   Output format (default: text)
      --strict                    Warnings fail the run too

Exit status: 0 valid, 1 invalid, 2 usage or input error.
`;

/** Runs the CLI and returns its exit status. Output goes through `io`; nothing here exits the process. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    return await dispatch(argv, io);
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

function dispatch(argv: readonly string[], io: CliIo): number | Promise<number> {
  const [command, ...rest] = argv;
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
      return validateCommand(
        {
          paths: positionals,
          format: oneOf("--format", values.format, VALIDATE_FORMATS),
          strict: values.strict === true,
        },
        io,
      );
    }
    default:
      throw new UsageError(`unknown command ${JSON.stringify(command)}`);
  }
}

function parse<T extends NonNullable<ParseArgsConfig["options"]>>(args: readonly string[], options: T) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error), { cause: error });
  }
}

/** Narrows an option value to its allowed set, or says which values are allowed. */
export function oneOf<T extends string>(flag: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value === "string" && (allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${flag} must be one of ${allowed.join(", ")}, not ${JSON.stringify(value)}`);
}
