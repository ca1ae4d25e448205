import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { InputsError } from "../src/run/errors.ts";
import { INPUT_DEFAULTS, parseInputs } from "../src/run/request.ts";

/** A getInput over a map: inputs the map lacks are empty, as the runner reports unset inputs. */
function reader(values: Record<string, string> = {}): (name: string) => string {
  return (name) => values[name] ?? "";
}

/** The InputsError parseInputs throws for `values`. */
function inputsError(values: Record<string, string>): InputsError {
  try {
    parseInputs(reader(values));
  } catch (error) {
    if (error instanceof InputsError) return error;
    throw error;
  }
  throw new Error(`parseInputs accepted ${JSON.stringify(values)}`);
}

describe("parseInputs", () => {
  it("fills empty inputs with the defaults of action.yml, leaving github-token empty", () => {
    expect(parseInputs(reader())).toEqual({
      manifests: ["**/*.yaml", "**/*.yml"],
      command: "auto",
      "github-token": "",
      "comment-on-pr": true,
      "comment-key": "",
      "preview-mode": "auto",
      "fail-on": "error",
      parallel: 4,
      "pulumi-version": "3.252.0",
      "pulumi-backend-url": "",
      "secrets-provider": "",
      "aws-endpoint-url": "",
      "allow-replace": false,
      "allow-destroy": false,
      "allow-security-downgrade": false,
      "fail-on-drift": false,
      "require-reviewed-plan": false,
      "allow-engine-preview-of-untrusted-pull-requests": false,
      "env-secrets": [],
      only: [],
    });
  });

  it("treats whitespace-only inputs as unset", () => {
    const inputs = parseInputs(reader({ command: "  ", parallel: "\n" }));
    expect(inputs.command).toBe("auto");
    expect(inputs.parallel).toBe(4);
  });

  it("keeps the defaults in step with action.yml", () => {
    const actionYml = parse(readFileSync(join(import.meta.dirname, "../../../action.yml"), "utf8")) as {
      inputs: Record<string, { default?: string }>;
    };
    const declared = actionYml.inputs;
    expect(Object.keys(INPUT_DEFAULTS).sort()).toEqual(Object.keys(declared).sort());
    // The token's default is an expression only the runner expands; locally it stays empty.
    expect(declared["github-token"]?.default).toBe("${{ github.token }}");
    const fromActionYml = parseInputs((name) =>
      name === "github-token" ? "" : String(declared[name]?.default ?? ""),
    );
    expect(fromActionYml).toEqual(parseInputs(reader()));
  });

  it("passes a set token and strings through", () => {
    const inputs = parseInputs(
      reader({
        "github-token": "ghs_token",
        "comment-key": "prod",
        "pulumi-backend-url": "s3://bucket/prefix",
        "secrets-provider": "passphrase",
      }),
    );
    expect(inputs["github-token"]).toBe("ghs_token");
    expect(inputs["comment-key"]).toBe("prod");
    expect(inputs["pulumi-backend-url"]).toBe("s3://bucket/prefix");
    expect(inputs["secrets-provider"]).toBe("passphrase");
  });

  it.each([
    ["newlines", "infra/*.yaml\nauth/**/*.yml\n", ["infra/*.yaml", "auth/**/*.yml"]],
    ["commas", "infra/*.yaml, auth/**/*.yml", ["infra/*.yaml", "auth/**/*.yml"]],
    ["both, with blanks", " a.yaml ,\n\n b.yaml,,\r\n c.yaml ", ["a.yaml", "b.yaml", "c.yaml"]],
    ["commas outside braces only", "a/{x,y}.yaml, b/{p,q{r,s}}.yml", ["a/{x,y}.yaml", "b/{p,q{r,s}}.yml"]],
  ])("splits manifests on %s", (_label, value, expected) => {
    expect(parseInputs(reader({ manifests: value })).manifests).toEqual(expected);
  });

  it("refuses manifests that list no glob", () => {
    expect(inputsError({ manifests: ", ,\n," }).problems).toEqual(["manifests must list at least one glob"]);
  });

  it.each(["true", "True", "TRUE"])("accepts %s as true", (value) => {
    const inputs = parseInputs(
      reader({ "comment-on-pr": value, "allow-replace": value, "allow-destroy": value }),
    );
    expect([inputs["comment-on-pr"], inputs["allow-replace"], inputs["allow-destroy"]]).toEqual([
      true,
      true,
      true,
    ]);
  });

  it.each(["false", "False", "FALSE"])("accepts %s as false", (value) => {
    const inputs = parseInputs(
      reader({ "comment-on-pr": value, "allow-replace": value, "allow-destroy": value }),
    );
    expect([inputs["comment-on-pr"], inputs["allow-replace"], inputs["allow-destroy"]]).toEqual([
      false,
      false,
      false,
    ]);
  });

  it.each([
    [
      "command",
      "deploy",
      'command must be one of auto, validate, preview, apply, destroy, plan, not "deploy"',
    ],
    ["comment-on-pr", "yes", 'comment-on-pr must be true or false, not "yes"'],
    ["preview-mode", "online", 'preview-mode must be one of auto, offline, pulumi, not "online"'],
    ["fail-on", "never", 'fail-on must be one of error, warning, not "never"'],
    ["parallel", "0", "parallel must be at least 1"],
    ["parallel", "x", "parallel must be a whole number"],
    ["parallel", "33", "parallel must be at most 32"],
    ["parallel", "-1", "parallel must be a whole number"],
    ["parallel", "2.5", "parallel must be a whole number"],
    ["pulumi-version", "banana", 'pulumi-version must be a version or a semver range, not "banana"'],
    ["allow-replace", "1", 'allow-replace must be true or false, not "1"'],
    ["fail-on-drift", "yes", 'fail-on-drift must be true or false, not "yes"'],
    ["allow-destroy", "yes", 'allow-destroy must be true or false, not "yes"'],
    [
      "aws-endpoint-url",
      "localhost:4566",
      'aws-endpoint-url must be an http:// or https:// URL such as http://localhost:4566, not "localhost:4566"',
    ],
  ])("refuses %s: %j", (name, value, problem) => {
    const error = inputsError({ [name]: value });
    expect(error.problems).toEqual([problem]);
    expect(error.message).toContain(problem);
  });

  it.each([
    ["parallel", "1", 1],
    ["parallel", "32", 32],
    ["pulumi-version", "^3.200.0", "^3.200.0"],
    ["pulumi-version", "3.x", "3.x"],
    ["aws-endpoint-url", "http://localhost:4566", "http://localhost:4566"],
    ["aws-endpoint-url", "https://moto.internal:5000/", "https://moto.internal:5000/"],
  ])("accepts %s %j", (name, value, expected) => {
    expect(
      parseInputs(reader({ [name]: value }))[name as "parallel" | "pulumi-version" | "aws-endpoint-url"],
    ).toEqual(expected);
  });

  it("reports every bad input together in one InputsError", () => {
    const error = inputsError({
      command: "deploy",
      "comment-on-pr": "yes",
      "preview-mode": "online",
      "fail-on": "never",
      parallel: "0",
      "pulumi-version": "banana",
      "allow-replace": "1",
    });
    expect(error).toBeInstanceOf(InputsError);
    expect(error.problems).toHaveLength(7);
    expect(error.problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining("command must be one of"),
        expect.stringContaining("comment-on-pr must be true or false"),
        expect.stringContaining("preview-mode must be one of"),
        expect.stringContaining("fail-on must be one of"),
        "parallel must be at least 1",
        expect.stringContaining("pulumi-version must be a version"),
        expect.stringContaining("allow-replace must be true or false"),
      ]),
    );
    // One message, one line per problem.
    for (const problem of error.problems) expect(error.message).toContain(`  - ${problem}`);
    expect(error.message.split("\n")).toHaveLength(8);
  });
});

describe("only", () => {
  it("splits manifest names on commas and newlines, dropping blanks", () => {
    expect(parseInputs(reader({ only: "prod-auth, webapp-*\n\nmy-auth" })).only).toEqual([
      "prod-auth",
      "webapp-*",
      "my-auth",
    ]);
  });

  it("is empty (every manifest) when unset", () => {
    expect(parseInputs(reader()).only).toEqual([]);
  });
});

describe("env-secrets", () => {
  it("splits names and prefixes on commas and newlines, dropping blanks", () => {
    expect(
      parseInputs(reader({ "env-secrets": "OKTA_*, GOOGLE_CLIENT_SECRET\n\n*" }))["env-secrets"],
    ).toEqual(["OKTA_*", "GOOGLE_CLIENT_SECRET", "*"]);
  });

  it("lets no manifest read anything when unset", () => {
    expect(parseInputs(reader())["env-secrets"]).toEqual([]);
  });

  it("refuses an entry that is neither a name nor a prefix, naming it", () => {
    expect(() => parseInputs(reader({ "env-secrets": "OKTA_*, $SECRET" }))).toThrow(
      /env-secrets: "\$SECRET" is not a variable name or a prefix ending in \*/,
    );
  });
});
