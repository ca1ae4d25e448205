import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Finding } from "@cognito-action/spec";
import { REPOSITORY, runCli } from "./run-cli.ts";
import { workflowCommand } from "../src/format-validation.ts";

const repository = REPOSITORY;

const run = runCli;

const temporaryDirectories: string[] = [];
afterAll(() => {
  for (const directory of temporaryDirectories) rmSync(directory, { recursive: true, force: true });
});

/** A temporary directory holding `files` (relative paths, parents created; text or raw bytes). */
function workspace(files: Record<string, string | Uint8Array>): string {
  const root = mkdtempSync(join(tmpdir(), "cli-"));
  temporaryDirectories.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

/** A manifest that is valid: every rule satisfied, the stack labels set. */
function validManifest(name: string, spec = ""): string {
  return `apiVersion: aws.openmcf.org/v1
kind: AwsCognitoUserPool
metadata:
  name: ${name}
  labels:
    pulumi.openmcf.org/organization: acme
    pulumi.openmcf.org/project: identity
    pulumi.openmcf.org/stack.name: dev.${name}
spec:
  region: us-east-1
  autoVerifiedAttributes: [email]
  clients:
    - name: web-app
      explicitAuthFlows: [ALLOW_USER_SRP_AUTH, ALLOW_REFRESH_TOKEN_AUTH]
${spec}`;
}

/** Valid, with one warning (ALLOW_USER_PASSWORD_AUTH is discouraged) on line 14, column 27. */
const WARNED_MANIFEST = validManifest("warned").replace(
  "explicitAuthFlows: [ALLOW_USER_SRP_AUTH,",
  "explicitAuthFlows: [ALLOW_USER_PASSWORD_AUTH,",
);

/** One error (region-format) on line 10. */
const INVALID_MANIFEST = validManifest("broken").replace("region: us-east-1", "region: us-east");

interface JsonReport {
  valid: boolean;
  documents: {
    file: string;
    index: number;
    kind: string | null;
    name: string | null;
    status: string;
    findings: Record<string, unknown>[];
  }[];
}

function parseJson(stdout: string): JsonReport {
  return JSON.parse(stdout) as JsonReport;
}

describe("cognito-action validate", () => {
  it("passes the examples and names the skipped API Gateway manifest", async () => {
    const { code, stdout } = await run(["validate", "examples"]);
    expect(code).toBe(0);
    expect(stdout).toContain("examples/api-gateway.yaml  skipped  AwsHttpApiGateway/my-api");
    expect(stdout).toMatch(/✔ 7 documents: 6 valid, 0 invalid, 1 skipped; 0 errors, 7 warnings/);
  });

  it("exits 1 with positioned findings for an invalid manifest", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cli-"));
    temporaryDirectories.push(dir);
    writeFileSync(
      join(dir, "bad.yaml"),
      "apiVersion: aws.openmcf.org/v1\nkind: AwsCognitoUserPool\nmetadata:\n  name: a\nspec:\n  region: us-east-1\n  mfaConfig: ON\n  clients: [{name: web}]\n",
    );
    const { code, stdout } = await run(["validate", "bad.yaml"], dir);
    expect(code).toBe(1);
    expect(stdout).toContain(
      'bad.yaml:7:3  error    unknown field "mfaConfig" in spec; did you mean "mfaConfiguration"?  [unknown-key]',
    );
  });

  it("refuses a manifest reading the job's credentials through valueFromEnv, at its line", async () => {
    const text = validManifest(
      "stealing",
      `  identityProviders:
    - providerName: corp
      providerType: OIDC
      providerDetails:
        client_id: abc
        client_secret: {valueFromEnv: PULUMI_CONFIG_PASSPHRASE}
        attributes_request_method: GET
        oidc_issuer: https://issuer.example.com
        authorize_scopes: openid
`,
    );
    const dir = workspace({ "stealing.yaml": text });
    const line = text.split("\n").findIndex((entry) => entry.includes("PULUMI_CONFIG_PASSPHRASE")) + 1;
    const { code, stdout } = await run(["validate", "stealing.yaml"], dir);
    expect(code).toBe(1);
    expect(stdout).toMatch(
      new RegExp(
        `stealing\\.yaml:${line}:\\d+  error .*PULUMI_CONFIG_PASSPHRASE.*\\[value-from-env-never-read\\]`,
      ),
    );
  });

  it("exits 2 for a path that matches nothing, without a stack trace", async () => {
    const { code, stderr } = await run(["validate", "no-such-dir"]);
    expect(code).toBe(2);
    expect(stderr).toBe(
      'cognito-action: nothing matches "no-such-dir": no such file, directory or YAML files\n',
    );
  });
});

describe("validate --format json", () => {
  const dir = workspace({
    "a-valid.yaml": validManifest("pool-a"),
    "b-invalid.yaml": INVALID_MANIFEST,
    "c-empty.yaml": "",
    "d-lambda.yaml": "apiVersion: aws.openmcf.org/v1\nkind: AwsLambda\nmetadata:\n  name: hook\nspec: {}\n",
  });

  it("has exactly the documented shape", async () => {
    const { code, stdout } = await run(["validate", ".", "--format", "json"], dir);
    expect(code).toBe(1);
    const report = parseJson(stdout);
    expect(Object.keys(report)).toEqual(["valid", "documents"]);
    expect(report.valid).toBe(false);
    for (const document of report.documents) {
      expect(Object.keys(document)).toEqual(["file", "index", "kind", "name", "status", "findings"]);
      for (const finding of document.findings) {
        expect(Object.keys(finding)).toEqual(["severity", "rule", "message", "path", "line", "column"]);
      }
    }
    expect(report.documents).toEqual([
      {
        file: "a-valid.yaml",
        index: 0,
        kind: "AwsCognitoUserPool",
        name: "pool-a",
        status: "valid",
        findings: [],
      },
      {
        file: "b-invalid.yaml",
        index: 0,
        kind: "AwsCognitoUserPool",
        name: "broken",
        status: "invalid",
        findings: [
          {
            severity: "error",
            rule: "region-format",
            message: 'spec.region "us-east" is not an AWS region code; write it like us-east-1 or eu-west-2',
            path: "spec.region",
            line: 10,
            column: 3,
          },
        ],
      },
      {
        file: "c-empty.yaml",
        index: 0,
        kind: null,
        name: null,
        status: "skipped",
        findings: [
          {
            severity: "warning",
            rule: "empty-file",
            message: "the file has no YAML documents",
            path: "",
            line: 1,
            column: 1,
          },
        ],
      },
      { file: "d-lambda.yaml", index: 0, kind: "AwsLambda", name: "hook", status: "skipped", findings: [] },
    ]);
  });

  it("passes with an empty file, which is skipped with a warning", async () => {
    const { code, stdout } = await run(["validate", "a-valid.yaml", "c-empty.yaml", "--format", "json"], dir);
    expect(code).toBe(0);
    const report = parseJson(stdout);
    expect(report.valid).toBe(true);
    expect(report.documents[1]).toMatchObject({
      file: "c-empty.yaml",
      status: "skipped",
      findings: [{ severity: "warning", rule: "empty-file" }],
    });
  });

  it("says valid: false under --strict when a warning is all there is", async () => {
    const warned = workspace({ "warned.yaml": WARNED_MANIFEST });
    expect(parseJson((await run(["validate", "warned.yaml", "--format", "json"], warned)).stdout).valid).toBe(
      true,
    );
    const strict = await run(["validate", "warned.yaml", "--format", "json", "--strict"], warned);
    expect(strict.code).toBe(1);
    expect(parseJson(strict.stdout).valid).toBe(false);
  });
});

describe("files that are not manifests", () => {
  it("lists an empty file as skipped with a warning, and passes", async () => {
    const dir = workspace({ "empty.yaml": "", "comment.yml": "# to do\n" });
    const { code, stdout } = await run(["validate", "empty.yaml", "comment.yml"], dir);
    expect(code).toBe(0);
    expect(stdout).toContain("empty.yaml:1:1  warning  the file has no YAML documents  [empty-file]");
    expect(stdout).toContain("comment.yml:1:1  warning  the file has no YAML documents  [empty-file]");
    expect(stdout).toMatch(/✔ 2 documents: 0 valid, 0 invalid, 2 skipped; 0 errors, 2 warnings/);
  });

  it("fails a file that does not parse when its text names AwsCognitoUserPool, and skips other prose", async () => {
    const dir = workspace({
      "broken.yaml": '{"apiVersion": "aws.openmcf.org/v1", "kind": [AwsCognitoUserPool}\n',
      "prose.yaml": "These are my notes about the user pool.\n",
    });
    const { code, stdout } = await run(["validate", "broken.yaml", "prose.yaml", "--format", "json"], dir);
    expect(code).toBe(1);
    const report = parseJson(stdout);
    expect(report.documents.map((document) => [document.file, document.status])).toEqual([
      ["broken.yaml", "invalid"],
      ["prose.yaml", "skipped"],
    ]);
    expect(report.documents[0]!.findings.map((finding) => finding.rule)).toContain("yaml-syntax");
    expect(report.documents[1]!.findings).toEqual([]);
  });

  it("skips and counts a repository's Helm chart and workflow files instead of failing on them", async () => {
    const dir = workspace({
      "pools/auth.yaml": validManifest("auth"),
      "chart/Chart.yaml": "apiVersion: v2\nname: web\nversion: 1.0.0\n",
      "chart/templates/deployment.yaml":
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n  labels: {{- include "web.labels" . | nindent 4 }}\n',
      ".github/workflows/ci.yml": "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n",
      "list.yaml": "- a\n- b\n",
    });
    const { code, stdout } = await run(["validate", "."], dir);
    expect(code).toBe(0);
    const summary = stdout.trimEnd().split("\n").at(-1)!;
    expect(summary).toMatch(/^✔ \d+ documents: 1 valid, 0 invalid, (\d+) skipped; 0 errors, 0 warnings$/);
    // The count of skipped documents is the number of skipped lines listed above it.
    const skipped = Number(/(\d+) skipped/.exec(summary)![1]);
    const listed = stdout.split("\n").filter((line) => line.includes("  skipped  "));
    expect(listed).toHaveLength(skipped);
    expect(listed.join("\n")).toContain("chart/templates/deployment.yaml  skipped  (not a Cognito manifest)");
    expect(listed.join("\n")).toContain("chart/Chart.yaml  skipped");
  });
});

describe("what a repository holds", () => {
  it("reads a UTF-16 manifest with a byte order mark", async () => {
    const dir = workspace({ "auth.yaml": Buffer.from(`\uFEFF${validManifest("wide")}`, "utf16le") });
    const { code, stdout } = await run(["validate", "auth.yaml"], dir);
    expect(stdout).toMatch(/✔ 1 document: 1 valid, 0 invalid, 0 skipped; 0 errors, 0 warnings\n$/);
    expect(code).toBe(0);
  });

  it("reports Latin-1 text at its byte offset rather than reading it", async () => {
    const text = validManifest("latin").replace("- name: web-app", "- name: web-app-é");
    const bytes = Buffer.from(text, "latin1");
    const dir = workspace({ "auth.yaml": bytes });
    const { code, stdout } = await run(["validate", "auth.yaml", "--format", "json"], dir);
    expect(code).toBe(1);
    const findings = parseJson(stdout).documents[0]!.findings;
    expect(findings.map((finding) => finding.rule)).toEqual(["file-encoding"]);
    expect(findings[0]!.message).toContain(`byte 0xE9 is not UTF-8 (byte offset ${bytes.indexOf(0xe9)})`);
    expect(stdout).not.toContain("\uFFFD");
  });

  it("refuses a YAML merge key by name", async () => {
    const text = validManifest("merged").replace(
      "  clients:\n",
      "  clients:\n    - &base\n      name: base-app\n    - <<: *base\n      name: other-app\n",
    );
    const dir = workspace({ "auth.yaml": text });
    const { code, stdout } = await run(["validate", "auth.yaml"], dir);
    expect(code).toBe(1);
    expect(stdout).toContain("YAML merge keys (<<) are not supported");
    expect(stdout).not.toContain("unknown field");
  });

  it("validates a manifest reached through a symbolic link loop once, without a collision", async () => {
    const dir = workspace({ "pools/auth.yaml": validManifest("looped") });
    symlinkSync("..", join(dir, "pools/loop"));
    const { code, stdout } = await run(["validate", "."], dir);
    expect(stdout).not.toContain("stack-collision");
    expect(stdout).toMatch(/✔ 1 document: 1 valid, 0 invalid, 0 skipped/);
    expect(code).toBe(0);
  });

  it("expands a brace glob without splitting it at the comma", async () => {
    const dir = workspace({ "a/x.yaml": validManifest("x"), "a/y.yaml": validManifest("y") });
    const { code, stdout } = await run(["validate", "a/{x,y}.yaml", "--format", "json"], dir);
    expect(code).toBe(0);
    expect(parseJson(stdout).documents.map((document) => document.file)).toEqual(["a/x.yaml", "a/y.yaml"]);
  });
});

describe("valueFrom references across environments", () => {
  it("fails a pool whose reference both dev/fn.yaml and prod/fn.yaml answer, naming both", async () => {
    const lambda = (env: string) =>
      `apiVersion: aws.openmcf.org/v1\nkind: AwsLambda\nmetadata:\n  name: post-confirm\n  env: ${env}\n  labels:\n    pulumi.openmcf.org/stack.name: ${env}.AwsLambda.post-confirm\nspec: {}\n`;
    const pool = validManifest(
      "prod-auth",
      "  lambdaConfig:\n    postConfirmation:\n      valueFrom:\n        name: post-confirm\n",
    );
    const dir = workspace({
      "dev/fn.yaml": lambda("dev"),
      "prod/fn.yaml": lambda("prod"),
      "prod/pool.yaml": pool,
    });
    const { code, stdout } = await run(["validate", "."], dir);
    expect(code).toBe(1);
    expect(stdout).toContain("prod/pool.yaml:16:5  error");
    expect(stdout).toContain("[value-from-ambiguous]");
    expect(stdout).toMatch(
      /dev\/fn\.yaml \(env dev, .*prod\/fn\.yaml \(env prod, .*add env \("dev" or "prod"\)/,
    );
  });
});

describe("validate --format github", () => {
  it("emits one workflow command per finding, on the finding's line and column", async () => {
    const text = `${INVALID_MANIFEST}---\n${WARNED_MANIFEST}`;
    const warningLine = text.split("\n").findIndex((line) => line.includes("ALLOW_USER_PASSWORD_AUTH")) + 1;
    const dir = workspace({ "pools.yaml": text });
    const { code, stdout } = await run(["validate", "pools.yaml", "--format", "github"], dir);
    expect(code).toBe(1);
    expect(stdout).toBe(
      [
        '::error file=pools.yaml,line=10,col=3,title=cognito-action%3A region-format::spec.region "us-east" is not an AWS region code; write it like us-east-1 or eu-west-2',
        `::warning file=pools.yaml,line=${warningLine},col=27,title=cognito-action%3A user-password-auth-discouraged::client "web-app" allows ALLOW_USER_PASSWORD_AUTH, which sends passwords in the request; prefer ALLOW_USER_SRP_AUTH`,
        "",
      ].join("\n"),
    );
  });

  it("escapes the file name and the message as the runner expects", async () => {
    const dir = workspace({ "odd,name:x.yaml": validManifest("pool").replace("us-east-1", "us-east-100%") });
    const { stdout } = await run(["validate", "odd,name:x.yaml", "--format", "github"], dir);
    expect(stdout).toBe(
      '::error file=odd%2Cname%3Ax.yaml,line=10,col=3,title=cognito-action%3A region-format::spec.region "us-east-100%25" is not an AWS region code; write it like us-east-1 or eu-west-2\n',
    );
  });

  it("prints nothing for a clean run", async () => {
    const dir = workspace({ "pool.yaml": validManifest("pool") });
    expect(await run(["validate", "pool.yaml", "--format", "github"], dir)).toEqual({
      code: 0,
      stdout: "",
      stderr: "",
    });
  });
});

describe("workflowCommand", () => {
  const finding: Finding = {
    severity: "error",
    rule: "some-rule",
    message: "100% sure:\r\nline two, with a comma",
    path: "spec",
    file: "dir,with:colon/%.yaml",
    line: 3,
    column: 7,
  };

  it("escapes % and line breaks in the message, and also : and , in properties", () => {
    expect(workflowCommand(finding)).toBe(
      "::error file=dir%2Cwith%3Acolon/%25.yaml,line=3,col=7,title=cognito-action%3A some-rule::100%25 sure:%0D%0Aline two, with a comma",
    );
  });

  it("uses ::warning for warnings", () => {
    expect(workflowCommand({ ...finding, severity: "warning", message: "m" })).toMatch(/^::warning file=/);
  });
});

describe("validate --strict", () => {
  const dir = workspace({ "warned.yaml": WARNED_MANIFEST });

  it("passes warnings without it", async () => {
    const { code, stdout } = await run(["validate", "warned.yaml"], dir);
    expect(code).toBe(0);
    expect(stdout).toMatch(/✔ 1 document: 1 valid, 0 invalid, 0 skipped; 0 errors, 1 warning\n$/);
  });

  it("fails warnings with it", async () => {
    const { code, stdout } = await run(["validate", "--strict", "warned.yaml"], dir);
    expect(code).toBe(1);
    expect(stdout).toMatch(
      /✖ 1 document: 1 valid, 0 invalid, 0 skipped; 0 errors, 1 warning \(--strict: warnings fail\)\n$/,
    );
  });
});

describe("usage errors", () => {
  it.each([
    [["validate", "--bogus"], "Unknown option '--bogus'"],
    [["validate", "--format", "xml"], '--format must be one of text, json, github, not "xml"'],
    [["validate", "--format"], "--format"],
    [["frobnicate"], 'unknown command "frobnicate"'],
  ])("%j exits 2 and points at --help", async (args, message) => {
    const { code, stdout, stderr } = await run(args);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain(message);
    expect(stderr).toMatch(/Run cognito-action --help for usage\.\n$/);
  });
});

describe("help", () => {
  it.each([["--help"], ["-h"], ["help"]])("%s prints every command and exits 0", async (flag) => {
    const { code, stdout, stderr } = await run([flag]);
    expect(code).toBe(0);
    expect(stderr).toBe("");
    for (const command of ["validate", "synth FILE", "plan --base-ref REF"])
      expect(stdout).toContain(command);
  });

  it.each([
    ["validate", "--strict"],
    ["synth", "--refs PATH"],
    ["plan", "--parallel N"],
  ])("%s --help prints that command's options and exits 0", async (command, option) => {
    for (const flag of ["--help", "-h"]) {
      const { code, stdout, stderr } = await run([command, flag]);
      expect(code).toBe(0);
      expect(stderr).toBe("");
      expect(stdout).toMatch(new RegExp(`^Usage: cognito-action ${command} `));
      expect(stdout).toContain(option);
    }
  });

  it("shows a command's help even next to an option it does not know", async () => {
    const { code, stdout } = await run(["validate", "--bogus", "--help"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: cognito-action validate /);
  });
});

describe("multi-document files", () => {
  it("reports every document with its index, on the file's lines", async () => {
    const lambda = "apiVersion: aws.openmcf.org/v1\nkind: AwsLambda\nmetadata:\n  name: hook\n";
    const text = `${validManifest("first")}---\n${lambda}---\n${INVALID_MANIFEST}`;
    const dir = workspace({ "all.yaml": text });
    const { code, stdout } = await run(["validate", "all.yaml", "--format", "json"], dir);
    expect(code).toBe(1);
    const report = parseJson(stdout);
    expect(report.documents.map((document) => [document.index, document.name, document.status])).toEqual([
      [0, "first", "valid"],
      [1, "hook", "skipped"],
      [2, "broken", "invalid"],
    ]);
    const regionLine = text.split("\n").findIndex((line) => line === "  region: us-east") + 1;
    expect(report.documents[2]!.findings).toEqual([
      expect.objectContaining({ rule: "region-format", line: regionLine }),
    ]);
  });
});

describe("finding files", () => {
  const dir = workspace({
    "pools/a.yaml": validManifest("a"),
    "pools/b.yml": validManifest("b"),
    "pools/nested/c.yaml": validManifest("c"),
    "pools/notes.txt": validManifest("txt").replace("region: us-east-1", "region: [us-east-1"),
    "pools/d.json": "{}",
    "pools/node_modules/dependency/broken.yaml": "a: [",
    "pools/.git/broken.yaml": "a: [",
    "node_modules/broken.yml": "a: [",
    "other/e.yml": validManifest("e"),
  });
  const filesOf = async (args: string[]) => {
    const { code, stdout } = await run(["validate", ...args, "--format", "json"], dir);
    expect(code).toBe(0);
    return parseJson(stdout).documents.map((document) => document.file);
  };

  it("walks a directory for .yaml and .yml, never into node_modules or .git", async () => {
    expect(await filesOf(["pools"])).toEqual(["pools/a.yaml", "pools/b.yml", "pools/nested/c.yaml"]);
  });

  it("searches the working directory when given no paths", async () => {
    expect(await filesOf([])).toEqual(["other/e.yml", "pools/a.yaml", "pools/b.yml", "pools/nested/c.yaml"]);
  });

  it("expands globs, without node_modules or .git", async () => {
    expect(await filesOf(["**/*.yml"])).toEqual(["other/e.yml", "pools/b.yml"]);
    expect(await filesOf(["pools/*.yaml"])).toEqual(["pools/a.yaml"]);
  });

  it("lists a file given twice once", async () => {
    expect(await filesOf(["pools/a.yaml", "pools/*.yaml", "pools"])).toEqual([
      "pools/a.yaml",
      "pools/b.yml",
      "pools/nested/c.yaml",
    ]);
  });

  it("takes a file named directly whatever its extension", async () => {
    const { code, stdout } = await run(["validate", "pools/notes.txt"], dir);
    expect(code).toBe(1);
    expect(stdout).toContain("pools/notes.txt:11:");
  });

  it("exits 2 for a glob that matches nothing", async () => {
    const { code, stderr } = await run(["validate", "nowhere/**/*.yaml"], dir);
    expect(code).toBe(2);
    expect(stderr).toContain('nothing matches "nowhere/**/*.yaml"');
  });
});

describe("the bundled CLI", () => {
  it("validates the examples with plain node", () => {
    const result = spawnSync(process.execPath, ["dist/cli.js", "validate", "examples"], {
      cwd: repository,
      encoding: "utf8",
    });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/✔ 7 documents: 6 valid, 0 invalid, 1 skipped; 0 errors, 7 warnings\n$/);
  });

  it("ends quietly when its reader closes the pipe early, as `| head` does", () => {
    // A report larger than the pipe's buffer: head reads one line and exits while the CLI is still writing.
    const many = workspace(
      Object.fromEntries(
        Array.from({ length: 400 }, (_, index) => [
          `pools/pool-${index}.yaml`,
          validManifest(`pool-${index}`),
        ]),
      ),
    );
    const cli = join(repository, "dist/cli.js");
    const result = spawnSync(
      "sh",
      ["-c", `"${process.execPath}" "${cli}" validate pools --format json | head -n 1`],
      { cwd: many, encoding: "utf8" },
    );
    expect(result.stdout).toBe("{\n");
    expect(result.stderr).toBe("");
  });
});
