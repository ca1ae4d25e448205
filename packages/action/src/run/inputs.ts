// The action's inputs, parsed once through one zod object, every problem reported together.
import * as z from "zod";
import semver from "semver";
import { isEndpointUrl } from "@cognito-action/spec";
import { InputsError } from "./errors.ts";

const booleanInput = (name: string) =>
  // The YAML 1.2 core schema booleans, as the Actions toolkit's getBooleanInput accepts them.
  z
    .enum(["true", "True", "TRUE", "false", "False", "FALSE"], {
      error: (issue) => `${name} must be true or false, not ${JSON.stringify(issue.input)}`,
    })
    .transform((value) => value.toLowerCase() === "true");

const oneOf = <T extends readonly [string, ...string[]]>(name: string, values: T) =>
  z.enum(values, {
    error: (issue) => `${name} must be one of ${values.join(", ")}, not ${JSON.stringify(issue.input)}`,
  });

/** An env-secrets entry: a variable's name, a prefix ending in `*` (`OKTA_*`), or `*` for any. */
const ENV_SECRET_ENTRY = /^(?:[A-Za-z_][A-Za-z0-9_]*\*?|\*)$/;

export const inputsSchema = z.object({
  manifests: z
    .string()
    .transform((value) =>
      splitGlobList(value)
        .map((glob) => glob.trim())
        .filter((glob) => glob !== ""),
    )
    .pipe(z.array(z.string()).min(1, "manifests must list at least one glob")),
  command: oneOf("command", ["auto", "validate", "preview", "apply", "destroy", "plan"] as const),
  "github-token": z.string(),
  "comment-on-pr": booleanInput("comment-on-pr"),
  "comment-key": z.string(),
  "preview-mode": oneOf("preview-mode", ["auto", "offline", "pulumi"] as const),
  "fail-on": oneOf("fail-on", ["error", "warning"] as const),
  parallel: z
    .string()
    .regex(/^\d+$/, "parallel must be a whole number")
    .transform(Number)
    .pipe(z.number().int().min(1, "parallel must be at least 1").max(32, "parallel must be at most 32")),
  "pulumi-version": z.string().refine((value) => semver.validRange(value) !== null, {
    error: (issue) =>
      `pulumi-version must be a version or a semver range, not ${JSON.stringify(issue.input)}`,
  }),
  "pulumi-backend-url": z.string(),
  "secrets-provider": z.string(),
  "aws-endpoint-url": z.string().refine((value) => value === "" || isEndpointUrl(value), {
    error: (issue) =>
      `aws-endpoint-url must be an http:// or https:// URL such as http://localhost:4566, not ${JSON.stringify(issue.input)}`,
  }),
  "allow-replace": booleanInput("allow-replace"),
  "allow-destroy": booleanInput("allow-destroy"),
  "allow-security-downgrade": booleanInput("allow-security-downgrade"),
  "fail-on-drift": booleanInput("fail-on-drift"),
  "require-reviewed-plan": booleanInput("require-reviewed-plan"),
  "allow-engine-preview-of-untrusted-pull-requests": booleanInput(
    "allow-engine-preview-of-untrusted-pull-requests",
  ),
  // The variables manifests may read through valueFromEnv; none by default, and never the job's credentials.
  "env-secrets": z
    .string()
    .transform((value) =>
      value
        .split(/[\n,]/)
        .map((entry) => entry.trim())
        .filter((entry) => entry !== ""),
    )
    .superRefine((entries, context) => {
      for (const entry of entries) {
        if (!ENV_SECRET_ENTRY.test(entry))
          context.addIssue({
            code: "custom",
            message: `env-secrets: ${JSON.stringify(entry)} is not a variable name or a prefix ending in * (like OKTA_CLIENT_SECRET or OKTA_*)`,
          });
      }
    }),
  only: z.string().transform((value) =>
    value
      .split(/[\n,]/)
      .map((name) => name.trim())
      .filter((name) => name !== ""),
  ),
});

/**
 * A list of globs, one per line or separated by commas; a comma inside braces belongs to the glob
 * (`a/{x,y}.yaml` is one glob matching two files).
 */
export function splitGlobList(value: string): string[] {
  const globs: string[] = [];
  let depth = 0;
  let current = "";
  for (const character of value) {
    if (character === "{") depth++;
    else if (character === "}" && depth > 0) depth--;
    if (character === "\n" || (character === "," && depth === 0)) {
      globs.push(current);
      current = "";
      // A line break ends an unclosed brace too: globs never span lines.
      if (character === "\n") depth = 0;
    } else {
      current += character;
    }
  }
  globs.push(current);
  return globs;
}

/** The parsed inputs. */
export type Inputs = z.output<typeof inputsSchema>;

/** The defaults of action.yml, for inputs a runner did not set (local runs and tests). */
export const INPUT_DEFAULTS: Readonly<Record<keyof Inputs, string>> = {
  manifests: "**/*.yaml\n**/*.yml",
  command: "auto",
  "github-token": "",
  "comment-on-pr": "true",
  "comment-key": "",
  "preview-mode": "auto",
  "fail-on": "error",
  parallel: "4",
  "pulumi-version": "3.252.0",
  "pulumi-backend-url": "",
  "secrets-provider": "",
  "aws-endpoint-url": "",
  "allow-replace": "false",
  "allow-destroy": "false",
  "allow-security-downgrade": "false",
  "fail-on-drift": "false",
  "require-reviewed-plan": "false",
  "allow-engine-preview-of-untrusted-pull-requests": "false",
  "env-secrets": "",
  only: "",
};

/** Reads every input through `read` (core.getInput) and parses them together; throws InputsError listing all problems. */
export function parseInputs(read: (name: string) => string): Inputs {
  const raw = Object.fromEntries(
    Object.keys(INPUT_DEFAULTS).map((name) => {
      const value = read(name).trim();
      return [
        name,
        value === "" && name !== "github-token" && name !== "only"
          ? INPUT_DEFAULTS[name as keyof Inputs]
          : value,
      ];
    }),
  );
  const parsed = inputsSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw new InputsError(parsed.error.issues.map((issue) => issue.message));
}
