// cognito-action synth and plan, in process through main() and once through the bundled CLI.
import { execFile } from "node:child_process";
import { mkdirSync, renameSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { parse, stringify } from "yaml";
import { gitRepositoryIn, poolYaml, temporaryDirectory, writeFile } from "./fixtures.ts";
import { REPOSITORY, runCli } from "./run-cli.ts";

// Synth and plan load Pulumi and run whole programs; a busy machine can take seconds. Nothing here is timed.
vi.setConfig({ testTimeout: 60_000 });

const repository = REPOSITORY;
const bundledCli = join(repository, "dist/cli.js");
const run = runCli;

interface JsonGraph {
  stack: string;
  resources: { type: string; name: string; inputs: Record<string, unknown>; dependsOn?: string[] }[];
  outputs: Record<string, unknown>;
}

interface JsonPlan {
  stack: string;
  changes: { name: string; action: string; properties: { path: string }[] }[];
  summary: Record<string, number>;
  errors: { rule: string; message: string }[];
  warnings: { rule: string; message: string }[];
}

/** The one plan of a --base/--head or --engine-events run, from the report every plan mode prints. */
function onlyPlan(stdout: string): JsonPlan & { notes: { rule: string; message: string }[] } {
  const report = JSON.parse(stdout) as JsonRefPlan;
  expect(report.plans).toHaveLength(1);
  return report.plans[0]! as unknown as JsonPlan & { notes: { rule: string; message: string }[] };
}

interface JsonRefPlan {
  plans: (JsonPlan & { manifest: string; file: string; fileChange: string })[];
  summary: Record<string, number>;
  validationErrors: number;
}

describe("cognito-action synth", () => {
  it("prints the production example's graph as JSON", async () => {
    const { code, stdout, stderr } = await run(["synth", "examples/production.yaml"]);
    expect(code).toBe(0);
    expect(stderr).toBe("");
    const graph = JSON.parse(stdout) as JsonGraph;
    expect(graph.stack).toBe("acme/platform/prod.AwsCognitoUserPool.prod-auth");
    expect(graph.resources.map((resource) => resource.name)).toEqual([
      "aws",
      "prod-auth",
      "prod-auth-server-api",
      "prod-auth-risk",
      "prod-auth-logs",
      "prod-auth-waf",
      "prod-auth-web-spa",
      "prod-auth-api-server",
      "prod-auth-web-spa-risk",
      "prod-auth-domain",
      "prod-auth-branding-web-spa",
    ]);
    expect(graph.outputs.client_secrets).toEqual({ "api-server": "[secret]" });
    // Every resource says what it waits for: the machine client, for the server whose scopes it asks for.
    expect(
      Object.fromEntries(graph.resources.map((resource) => [resource.name, resource.dependsOn])),
    ).toEqual({
      aws: [],
      "prod-auth": [],
      "prod-auth-server-api": ["prod-auth"],
      "prod-auth-risk": ["prod-auth"],
      // The association takes the pool's ARN: AWS WAF associates it once the pool exists.
      "prod-auth-logs": ["prod-auth"],
      "prod-auth-waf": ["prod-auth"],
      "prod-auth-web-spa": ["prod-auth"],
      "prod-auth-api-server": ["prod-auth", "prod-auth-server-api"],
      "prod-auth-web-spa-risk": ["prod-auth", "prod-auth-web-spa"],
      "prod-auth-domain": ["prod-auth"],
      // The style waits for its client, and for the domain without which AWS brands nothing.
      "prod-auth-branding-web-spa": ["prod-auth", "prod-auth-domain", "prod-auth-web-spa"],
    });
    expect(stdout.endsWith("}\n")).toBe(true);
  });

  it("prints the same graph as YAML", async () => {
    const json = await run(["synth", "examples/production.yaml"]);
    const yaml = await run(["synth", "examples/production.yaml", "--format", "yaml"]);
    expect(yaml.code).toBe(0);
    expect(parse(yaml.stdout)).toEqual(JSON.parse(json.stdout));
  });

  it("prints the graph as Markdown", async () => {
    const { code, stdout } = await run(["synth", "examples/production.yaml", "--format", "markdown"]);
    expect(code).toBe(0);
    expect(stdout.startsWith("## Stack <code>acme/platform/prod.AwsCognitoUserPool.prod-auth</code>\n")).toBe(
      true,
    );
    expect(stdout).toContain(
      "### <code>prod-auth-domain</code> <sub>aws:cognito/userPoolDomain:UserPoolDomain</sub>",
    );
    expect(stdout).toContain("## Outputs");
  });

  it("refuses an unknown format", async () => {
    const { code, stderr } = await run(["synth", "examples/production.yaml", "--format", "toml"]);
    expect(code).toBe(2);
    expect(stderr).toContain('--format must be one of json, yaml, markdown, not "toml"');
  });

  describe("a file with several manifests", () => {
    const directory = temporaryDirectory();
    writeFile(directory, "pools.yaml", `${poolYaml("first-auth")}---\n${poolYaml("second-auth")}`);

    it("needs --name to choose one", async () => {
      const { code, stdout, stderr } = await run(["synth", "pools.yaml"], directory);
      expect(code).toBe(2);
      expect(stdout).toBe("");
      expect(stderr).toBe(
        "cognito-action: pools.yaml holds 2 manifests (first-auth, second-auth); choose one with --name\nRun cognito-action --help for usage.\n",
      );
    });

    it("synthesizes the one --name chooses", async () => {
      const { code, stdout } = await run(["synth", "pools.yaml", "--name", "second-auth"], directory);
      expect(code).toBe(0);
      expect((JSON.parse(stdout) as JsonGraph).stack).toBe("acme/cli-tests/test.second-auth");
    });

    it("says so when no manifest has that name", async () => {
      const { code, stderr } = await run(["synth", "pools.yaml", "--name", "third-auth"], directory);
      expect(code).toBe(2);
      expect(stderr).toBe(
        'cognito-action: pools.yaml has no AwsCognitoUserPool manifest named "third-auth"\n',
      );
    });
  });

  it("exits 1 with the findings on stderr for an invalid manifest", async () => {
    const directory = temporaryDirectory();
    writeFile(directory, "bad.yaml", poolYaml("bad-auth", { region: "mars-1" }));
    const { code, stdout, stderr } = await run(["synth", "bad.yaml"], directory);
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toBe(
      [
        'bad.yaml:10:3  error    spec.region "mars-1" is not an AWS region code; write it like us-east-1 or eu-west-2  [region-format]',
        "✖ 1 document: 0 valid, 1 invalid, 0 skipped; 1 error, 0 warnings",
        "",
      ].join("\n"),
    );
  });

  it("exits 2 naming a valueFrom it cannot resolve", async () => {
    const directory = temporaryDirectory();
    writeFile(
      directory,
      "hooked.yaml",
      poolYaml("hooked-auth", { lambdaConfig: { preSignUp: { valueFrom: { name: "sign-up-hook" } } } }),
    );
    const { code, stdout, stderr } = await run(["synth", "hooked.yaml"], directory);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toBe(
      "cognito-action: spec.lambdaConfig.preSignUp refers to AwsLambda/sign-up-hook status.outputs.function_arn, which was not found among the manifests under the current directory; there are no AwsLambda manifests there\n",
    );
  });

  it("resolves a valueFrom among the manifests under --refs", async () => {
    const directory = temporaryDirectory();
    writeFile(
      directory,
      "pools/hooked.yaml",
      poolYaml("hooked-auth", { lambdaConfig: { preSignUp: { valueFrom: { name: "sign-up-hook" } } } }),
    );
    writeFile(
      directory,
      "functions/hook.yaml",
      stringify({
        apiVersion: "aws.openmcf.org/v1",
        kind: "AwsLambda",
        metadata: { name: "sign-up-hook" },
        spec: {},
      }),
    );
    const { code, stdout } = await run(["synth", "pools/hooked.yaml", "--refs", "functions"], directory);
    expect(code).toBe(0);
    const pool = (JSON.parse(stdout) as JsonGraph).resources.find(
      (resource) => resource.name === "hooked-auth",
    );
    expect(pool?.inputs.lambdaConfig).toEqual({
      preSignUp: "(output function_arn of stack organization/cognito/sign-up-hook)",
    });
  });
});

describe("cognito-action plan --base --head", () => {
  const directory = temporaryDirectory();
  writeFile(directory, "base.yaml", poolYaml("plan-auth"));
  writeFile(directory, "head.yaml", poolYaml("plan-auth", { passwordPolicy: { minimumLength: 14 } }));
  writeFile(directory, "replaced.yaml", poolYaml("plan-auth", { usernameCaseSensitive: true }));

  it("prints {plans: [{manifest, file, fileChange, stack, changes, summary, …}], summary, validationErrors} as JSON", async () => {
    const { code, stdout, stderr } = await run(
      ["plan", "--base", "base.yaml", "--head", "head.yaml", "--format", "json"],
      directory,
    );
    expect(code).toBe(0);
    expect(stderr).toBe("");
    expect(Object.keys(JSON.parse(stdout) as object)).toEqual(["plans", "summary", "validationErrors"]);
    const plan = onlyPlan(stdout);
    expect(Object.keys(plan)).toEqual([
      "manifest",
      "file",
      "fileChange",
      "stack",
      "changes",
      "summary",
      "errors",
      "warnings",
      "notes",
    ]);
    expect(plan).toMatchObject({ manifest: "plan-auth", file: "head.yaml", fileChange: "modified" });
    expect(plan.stack).toBe("acme/cli-tests/test.plan-auth");
    expect(plan.changes.map(({ name, action }) => [name, action])).toEqual([
      ["aws", "unchanged"],
      ["plan-auth", "update"],
      ["plan-auth-web", "unchanged"],
    ]);
    expect(plan.changes[1]!.properties).toEqual([
      {
        path: "passwordPolicy",
        before: null,
        after: expect.objectContaining({ minimumLength: 14 }) as unknown,
        forcesReplacement: false,
      },
    ]);
    expect(plan.summary).toEqual({ create: 0, update: 1, replace: 0, delete: 0 });
    expect(plan.errors).toEqual([]);
    expect(plan.warnings).toEqual([]);
  });

  it("plans no change for a removed passwordPolicy, which AWS keeps, and notes how to reset it", async () => {
    const { code, stdout } = await run(
      ["plan", "--base", "head.yaml", "--head", "base.yaml", "--format", "json"],
      directory,
    );
    expect(code).toBe(0);
    const plan = onlyPlan(stdout);
    expect(plan.summary).toEqual({ create: 0, update: 0, replace: 0, delete: 0 });
    expect(plan.notes.map((note) => note.rule)).toEqual(["kept-when-omitted"]);
    expect(plan.notes[0]!.message).toContain("set spec.passwordPolicy explicitly");
  });

  it("prints the Markdown report by default", async () => {
    const { code, stdout } = await run(["plan", "--base", "base.yaml", "--head", "replaced.yaml"], directory);
    expect(code).toBe(0);
    expect(stdout.split("\n")[0]).toBe("### Cognito plan: ⚠️ 1 user pool destroyed");
    expect(stdout).toContain(
      "will be REPLACED because <code>usernameConfiguration.caseSensitive</code> cannot change in place",
    );
    expect(stdout).toContain("(replaced.yaml, modified)");
    expect(stdout).toContain("Planned offline from the manifests (no credentials needed).");
  });

  it("plans a new manifest from --head alone and a deleted one from --base alone", async () => {
    const created = onlyPlan(
      (await run(["plan", "--head", "head.yaml", "--format", "json"], directory)).stdout,
    );
    expect(created.summary).toEqual({ create: 3, update: 0, replace: 0, delete: 0 });
    const deleted = onlyPlan(
      (await run(["plan", "--base", "base.yaml", "--format", "json"], directory)).stdout,
    );
    expect(deleted.summary).toEqual({ create: 0, update: 0, replace: 0, delete: 3 });
  });

  it("exits 1 with the plan's errors when a head reference does not resolve", async () => {
    writeFile(
      directory,
      "refs/hooked.yaml",
      poolYaml("plan-auth", { lambdaConfig: { preSignUp: { valueFrom: { name: "gone" } } } }),
    );
    const { code, stdout } = await run(
      ["plan", "--base", "base.yaml", "--head", "refs/hooked.yaml", "--refs", "refs", "--format", "json"],
      directory,
    );
    expect(code).toBe(1);
    const plan = onlyPlan(stdout);
    expect(plan.changes).toEqual([]);
    expect(plan.errors).toEqual([
      {
        rule: "value-from-unresolved",
        message:
          "spec.lambdaConfig.preSignUp refers to AwsLambda/gone status.outputs.function_arn, which was not found among the manifests under refs; there are no AwsLambda manifests there",
      },
    ]);
  });

  it("redacts the credentials of its environment from the plan, in every form, as the action's comment", async () => {
    const passphrase = "correct horse/battery staple";
    writeFile(
      directory,
      "leaky.yaml",
      poolYaml("plan-auth", {
        clients: [
          {
            name: "web",
            explicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
            allowedOauthFlowsUserPoolClient: true,
            allowedOauthFlows: ["code"],
            allowedOauthScopes: ["openid"],
            supportedIdentityProviders: ["COGNITO"],
            callbackUrls: [
              `https://app.example.com/cb?k=${encodeURIComponent(passphrase)}`,
              `https://a.example.com/${passphrase.replace(/ /g, "")}`,
            ],
          },
        ],
      }),
    );
    const env = { PULUMI_CONFIG_PASSPHRASE: passphrase, AWS_SECRET_ACCESS_KEY: "horse/batterystaple" };
    for (const format of ["markdown", "json"]) {
      const { stdout, stderr } = await runCli(
        ["plan", "--base", "base.yaml", "--head", "leaky.yaml", "--format", format],
        directory,
        env,
      );
      expect(stdout, stderr).toContain("https://app.example.com/cb?k=***");
      expect(stdout).not.toContain(encodeURIComponent(passphrase));
      expect(stdout).not.toContain("horse/batterystaple");
      expect(stdout).not.toContain("horse%2Fbatterystaple");
    }
  });

  it("needs a side to compare", async () => {
    const { code, stderr } = await run(["plan"], directory);
    expect(code).toBe(2);
    expect(stderr).toContain(
      "plan needs --base FILE, --head FILE (or both), --base-ref REF, or --engine-events FILE",
    );
  });
});

describe("cognito-action plan --engine-events", () => {
  const directory = temporaryDirectory();
  const poolUrn = "urn:pulumi:test.plan-auth::cli-tests::aws:cognito/userPool:UserPool::plan-auth";
  const domainUrn =
    "urn:pulumi:test.plan-auth::cli-tests::aws:cognito/userPoolDomain:UserPoolDomain::plan-auth-domain";
  /** A step as `pulumi preview --event-log` writes it: a pre event and an outputs event, diffs null when none. */
  const stepEvents = (metadata: Record<string, unknown>) => [
    { resourcePreEvent: { metadata: { detailedDiff: null, ...metadata }, planning: true } },
    { resOutputsEvent: { metadata: { detailedDiff: null, ...metadata }, planning: true } },
  ];
  const poolState = (inputs: Record<string, unknown>) => ({
    type: "aws:cognito/userPool:UserPool",
    urn: poolUrn,
    inputs,
    outputs: inputs,
  });
  const domainState = (domain: string) => ({
    urn: domainUrn,
    inputs: { domain, userPoolId: "eu-west-1_AbC" },
  });
  const events = [
    { preludeEvent: { config: {} } },
    ...stepEvents({
      op: "refresh",
      urn: poolUrn,
      type: "aws:cognito/userPool:UserPool",
      old: poolState({ mfaConfiguration: "OFF" }),
      new: poolState({ mfaConfiguration: "OFF" }),
    }),
    ...stepEvents({
      op: "update",
      urn: poolUrn,
      type: "aws:cognito/userPool:UserPool",
      old: poolState({ mfaConfiguration: "OFF" }),
      new: poolState({ mfaConfiguration: "OPTIONAL" }),
      diffs: ["mfaConfiguration"],
      detailedDiff: { mfaConfiguration: { diffKind: "update", inputDiff: true } },
      logical: true,
    }),
    ...["delete-replaced", "replace", "create-replacement"].flatMap((op) =>
      stepEvents({
        op,
        urn: domainUrn,
        type: "aws:cognito/userPoolDomain:UserPoolDomain",
        old: domainState("plan-auth-login"),
        new: op === "delete-replaced" ? null : domainState("plan-auth-signin"),
        keys: ["domain"],
        ...(op === "delete-replaced"
          ? {}
          : { detailedDiff: { domain: { diffKind: "update-replace", inputDiff: true } } }),
        ...(op === "replace" ? { logical: true } : {}),
      }),
    ),
    {
      summaryEvent: {
        maybeCorrupt: false,
        durationSeconds: 2,
        resourceChanges: { update: 1, replace: 1 },
        isPreview: true,
      },
    },
    { cancelEvent: {} },
  ];
  const log = (list: readonly unknown[]) => list.map((event) => JSON.stringify(event)).join("\n") + "\n";
  writeFile(directory, "preview.jsonl", log(events));
  writeFile(directory, "lost.jsonl", log(events.slice(0, 5)));
  writeFile(directory, "head.yaml", poolYaml("plan-auth"));
  writeFile(directory, "broken.jsonl", `${JSON.stringify(events[0])}\nnot json\n`);

  it("renders a real preview's event log as the action's report", async () => {
    const { code, stdout } = await run(["plan", "--engine-events", "preview.jsonl"], directory);
    expect(code).toBe(0);
    expect(stdout).toContain(
      "| <code>plan-auth</code><br><sub>UserPool</sub> | 🟡 update | <code>mfaConfiguration</code> |",
    );
    expect(stdout).toContain("🔴 replace<br><sub>deleted, then created</sub> | <code>domain</code> 🔁 |");
    expect(stdout).toContain("<code>cli-tests/test.plan-auth</code>");
  });

  it("names the stack after the manifest given with --head, as JSON", async () => {
    const { code, stdout } = await run(
      ["plan", "--engine-events", "preview.jsonl", "--head", "head.yaml", "--format", "json"],
      directory,
    );
    expect(code).toBe(0);
    const plan = onlyPlan(stdout);
    expect(plan.stack).toBe("acme/cli-tests/test.plan-auth");
    expect(plan.summary).toEqual({ create: 0, update: 1, replace: 1, delete: 0 });
  });

  it("fails a log that ends before its summary, rather than reporting no changes", async () => {
    const { code, stdout } = await run(
      ["plan", "--engine-events", "lost.jsonl", "--format", "json"],
      directory,
    );
    expect(code).toBe(1);
    expect(onlyPlan(stdout).errors.map((error) => error.rule)).toEqual(["engine-events-incomplete"]);
  });

  it("names the line of a log that is not JSON events", async () => {
    const { code, stderr } = await run(["plan", "--engine-events", "broken.jsonl"], directory);
    expect(code).toBe(2);
    expect(stderr).toContain("broken.jsonl:2: not a JSON engine event");
  });

  it("cannot be combined with --base", async () => {
    const { code, stderr } = await run(
      ["plan", "--engine-events", "preview.jsonl", "--base", "head.yaml"],
      directory,
    );
    expect(code).toBe(2);
    expect(stderr).toContain("--engine-events cannot be combined with --base");
  });
});

/**
 * A repository with four manifests and a config file committed, then changed in the working tree: one
 * manifest modified, one deleted, one renamed (git mv), one added untracked, one left alone; the config file
 * and a text file change too.
 */
function changedRepository(): string {
  const root = temporaryDirectory();
  const git = gitRepositoryIn(root);
  writeFile(root, "pools/kept.yaml", poolYaml("kept-auth"));
  writeFile(root, "pools/modified.yaml", poolYaml("modified-auth"));
  writeFile(root, "pools/deleted.yaml", poolYaml("deleted-auth"));
  writeFile(root, "pools/old name.yaml", poolYaml("renamed-auth"));
  writeFile(root, "config/settings.yaml", "retries: 3\n");
  git("add", "--all");
  git("commit", "--quiet", "--message", "base");
  writeFile(
    root,
    "pools/modified.yaml",
    poolYaml("modified-auth", { mfaConfiguration: "OFF", passwordPolicy: { minimumLength: 12 } }),
  );
  git("rm", "--quiet", "pools/deleted.yaml");
  mkdirSync(join(root, "pools/moved"), { recursive: true });
  git("mv", "pools/old name.yaml", "pools/moved/new name.yaml");
  writeFile(root, "pools/added.yaml", poolYaml("added-auth"));
  writeFile(root, "config/settings.yaml", "retries: 5\n");
  writeFile(root, "notes.txt", "not YAML\n");
  return root;
}

describe("cognito-action plan --base-ref", () => {
  let root: string;
  beforeAll(() => {
    root = changedRepository();
  });

  it("plans exactly the added, modified, deleted and renamed manifests", async () => {
    const { code, stdout, stderr } = await run(["plan", "--base-ref", "HEAD", "--format", "json"], root);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as JsonRefPlan;
    const plans = report.plans.map(({ manifest, file, fileChange, summary }) => ({
      manifest,
      file,
      fileChange,
      summary,
    }));
    expect(plans.sort((a, b) => a.manifest.localeCompare(b.manifest))).toEqual([
      {
        manifest: "added-auth",
        file: "pools/added.yaml",
        fileChange: "added",
        summary: { create: 3, update: 0, replace: 0, delete: 0 },
      },
      {
        manifest: "deleted-auth",
        file: "pools/deleted.yaml",
        fileChange: "deleted",
        summary: { create: 0, update: 0, replace: 0, delete: 3 },
      },
      {
        manifest: "modified-auth",
        file: "pools/modified.yaml",
        fileChange: "modified",
        summary: { create: 0, update: 1, replace: 0, delete: 0 },
      },
      {
        manifest: "renamed-auth",
        file: "pools/moved/new name.yaml",
        fileChange: "renamed",
        summary: { create: 0, update: 0, replace: 0, delete: 0 },
      },
    ]);
    expect(report.summary).toEqual({ create: 3, update: 1, replace: 0, delete: 3 });
    expect(report.validationErrors).toBe(0);
    const deleted = report.plans.find((plan) => plan.manifest === "deleted-auth");
    expect(deleted?.changes.find((change) => change.name === "deleted-auth")).toMatchObject({
      destroysUsers: true,
    });
  });

  it("renders the same plans as Markdown, counting the unchanged manifest", async () => {
    const { code, stdout } = await run(["plan", "--base-ref", "HEAD"], root);
    expect(code).toBe(0);
    expect(stdout.split("\n")[0]).toBe("### Cognito plan: ⚠️ 1 user pool destroyed");
    expect(stdout).toContain("will be DELETED because its manifest is deleted");
    expect(stdout).toContain("1 unchanged manifest not planned.");
    expect(stdout).not.toContain("kept-auth");
  });

  it("looks only under the paths it is given", async () => {
    const { code, stdout } = await run(
      ["plan", "--base-ref", "HEAD", "--format", "json", "pools/moved"],
      root,
    );
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as JsonRefPlan).plans.map((plan) => plan.manifest)).toEqual(["renamed-auth"]);
  });

  it("plans a manifest moved without git mv as a move on its stack, not a deletion", async () => {
    const moved = temporaryDirectory();
    const git = gitRepositoryIn(moved);
    writeFile(moved, "auth.yaml", poolYaml("moved-auth"));
    git("add", "--all");
    git("commit", "--quiet", "--message", "base");
    renameSync(join(moved, "auth.yaml"), join(moved, "moved-auth.yaml"));
    const { code, stdout } = await run(["plan", "--base-ref", "HEAD", "--format", "json"], moved);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as JsonRefPlan;
    expect(report.plans.map(({ manifest, file, fileChange }) => ({ manifest, file, fileChange }))).toEqual([
      { manifest: "moved-auth", file: "moved-auth.yaml", fileChange: "renamed" },
    ]);
    expect(report.summary).toEqual({ create: 0, update: 0, replace: 0, delete: 0 });
  });

  it("plans a file git sees as renamed but holding another pool as a deletion plus a creation", async () => {
    const renamed = temporaryDirectory();
    const git = gitRepositoryIn(renamed);
    // Similar enough that git calls it a rename; a different stack all the same.
    writeFile(renamed, "old-auth.yaml", poolYaml("old-auth", { mfaConfiguration: "OFF" }));
    git("add", "--all");
    git("commit", "--quiet", "--message", "base");
    git("rm", "--quiet", "old-auth.yaml");
    writeFile(renamed, "brand-new.yaml", poolYaml("brand-new", { mfaConfiguration: "OFF" }));
    git("add", "--all");
    expect(git("diff", "--cached", "--name-status", "-M")).toMatch(
      /^R\d+\s+old-auth\.yaml\s+brand-new\.yaml/,
    );
    const json = await run(["plan", "--base-ref", "HEAD", "--format", "json"], renamed);
    const report = JSON.parse(json.stdout) as JsonRefPlan;
    expect(report.plans.map(({ manifest, file, fileChange }) => ({ manifest, file, fileChange }))).toEqual([
      { manifest: "brand-new", file: "brand-new.yaml", fileChange: "added" },
      { manifest: "old-auth", file: "old-auth.yaml", fileChange: "deleted" },
    ]);
    const markdown = await run(["plan", "--base-ref", "HEAD"], renamed);
    expect(markdown.stdout).toContain("will be DELETED because its manifest is deleted");
    expect(markdown.stdout).not.toContain("stack changes");
  });

  it("plans a manifest renamed to a name that is not YAML (git mv auth.yaml auth.yaml.bak) as a deletion", async () => {
    const hidden = temporaryDirectory();
    const git = gitRepositoryIn(hidden);
    writeFile(hidden, "auth.yaml", poolYaml("hidden-auth"));
    writeFile(hidden, "kept.yaml", poolYaml("kept-auth"));
    git("add", "--all");
    git("commit", "--quiet", "--message", "base");
    git("mv", "auth.yaml", "auth.yaml.bak");
    const json = await run(["plan", "--base-ref", "HEAD", "--format", "json"], hidden);
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout) as JsonRefPlan;
    expect(report.plans.map(({ manifest, file, fileChange }) => ({ manifest, file, fileChange }))).toEqual([
      { manifest: "hidden-auth", file: "auth.yaml", fileChange: "deleted" },
    ]);
    const markdown = await run(["plan", "--base-ref", "HEAD"], hidden);
    expect(markdown.stdout.split("\n")[0]).toBe("### Cognito plan: ⚠️ 1 user pool destroyed");
  });

  it("skips a changed Helm template instead of failing the plan on it", async () => {
    const charted = temporaryDirectory();
    const git = gitRepositoryIn(charted);
    writeFile(charted, "auth.yaml", poolYaml("charted-auth"));
    writeFile(charted, "chart/templates/svc.yaml", "{{- if .Values.enabled }}\nkind: Service\n{{- end }}\n");
    git("add", "--all");
    git("commit", "--quiet", "--message", "base");
    writeFile(charted, "chart/templates/svc.yaml", "{{- if .Values.service }}\nkind: Service\n{{- end }}\n");
    const { code, stdout } = await run(["plan", "--base-ref", "HEAD", "--format", "json"], charted);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ plans: [], validationErrors: 0 });
  });

  it("exits 2 for a ref git does not know, in one line", async () => {
    const { code, stderr } = await run(["plan", "--base-ref", "no-such-ref"], root);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^cognito-action: cannot compare with no-such-ref: .*no-such-ref/);
    expect(stderr.trimEnd().split("\n")).toHaveLength(1);
  });

  it("exits 2 in one line outside a Git repository, instead of git's usage text", async () => {
    const outside = temporaryDirectory();
    writeFile(outside, "auth.yaml", poolYaml("outside-auth"));
    const { code, stdout, stderr } = await run(["plan", "--base-ref", "main"], outside);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toBe(
      `cognito-action: plan --base-ref needs a Git repository, and ${outside} is not in one; run it inside one, or compare two files with --base FILE --head FILE\n`,
    );
  });
});

describe("the bundled CLI", () => {
  const node = (args: string[], cwd: string) =>
    promisify(execFile)(process.execPath, [bundledCli, ...args], {
      cwd,
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "1" },
    });

  it("synthesizes the production example as the sources do", async () => {
    const bundled = await node(["synth", "examples/production.yaml"], repository);
    const sources = await run(["synth", "examples/production.yaml"]);
    expect(bundled.stderr).toBe("");
    expect(bundled.stdout).toBe(sources.stdout);
  });

  it("plans a working tree against HEAD as the sources do", async () => {
    const root = changedRepository();
    const bundled = await node(["plan", "--base-ref", "HEAD", "--format", "json"], root);
    const sources = await run(["plan", "--base-ref", "HEAD", "--format", "json"], root);
    expect(bundled.stderr).toBe("");
    expect(bundled.stdout).toBe(sources.stdout);
    expect((JSON.parse(bundled.stdout) as JsonRefPlan).plans).toHaveLength(4);
  });
});
