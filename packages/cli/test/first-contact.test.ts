// What a new user meets first: files that do not parse, the JSON of each plan mode, and the small things a
// first read trips over.
import { symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { parse, stringify } from "yaml";
import { gitRepositoryIn, poolYaml, temporaryDirectory, writeFile } from "./fixtures.ts";
import { runCli } from "./run-cli.ts";

vi.setConfig({ testTimeout: 60_000 });

/** Files meant as manifests that do not parse, each as validate reports it. */
function unparsableManifests(): string {
  const root = temporaryDirectory();
  writeFile(root, "tab.yaml", poolYaml("tab-auth").replace("  name: tab-auth", "\tname: tab-auth"));
  writeFile(
    root,
    "duplicate.yaml",
    poolYaml("duplicate-auth").replace("spec:\n", "spec:\n  region: eu-west-1\n"),
  );
  writeFileSync(
    join(root, "latin1.yaml"),
    Buffer.from(poolYaml("latin-auth").replace("acme", "acm\u00e9"), "latin1"),
  );
  return root;
}

describe("synth and plan --head on a file that does not parse", () => {
  const root = unparsableManifests();
  for (const file of ["tab.yaml", "duplicate.yaml", "latin1.yaml"]) {
    it(`report ${file}'s YAML error as validate does, not "no manifest"`, async () => {
      const validate = await runCli(["validate", file], root);
      expect(validate.code).toBe(1);
      const finding = validate.stdout.split("\n").find((line) => line.startsWith(`${file}:`));
      expect(finding).toBeDefined();
      for (const args of [
        ["synth", file],
        ["plan", "--head", file],
      ]) {
        const result = await runCli(args, root);
        expect({ args, code: result.code }).toEqual({ args, code: 1 });
        expect(result.stderr).not.toContain("has no AwsCognitoUserPool manifest");
        expect(result.stderr).toContain(finding);
      }
    });
  }
});

interface JsonReport {
  plans: {
    manifest: string;
    file: string;
    fileChange: string;
    summary: Record<string, number>;
    errors: { rule: string }[];
  }[];
  summary: Record<string, number>;
  validationErrors: number;
}

/** What a plan report says, mode by mode comparable: each plan's manifest, file change, summary, failures. */
function gist(stdout: string) {
  const report = JSON.parse(stdout) as JsonReport;
  return {
    plans: report.plans
      .map(({ manifest, fileChange, summary, errors }) => ({
        manifest,
        fileChange,
        summary,
        errors: errors.map((error) => error.rule),
      }))
      .sort((a, b) => a.manifest.localeCompare(b.manifest)),
    summary: report.summary,
    validationErrors: report.validationErrors,
  };
}

/** A repository where auth.yaml's last change is `head`, with the committed version also saved as base.yaml. */
function changedFile(base: string, head: string): string {
  const root = temporaryDirectory();
  const git = gitRepositoryIn(root);
  writeFile(root, "auth.yaml", base);
  git("add", "--all");
  git("commit", "--quiet", "--message", "base");
  writeFile(root, "auth.yaml", head);
  writeFile(root, "saved/base.yaml", base);
  return root;
}

describe("--format json, the same in every plan mode", () => {
  it("prints the report of an invalid head on stdout, as --base-ref does, exit 1", async () => {
    const root = changedFile(poolYaml("auth"), poolYaml("auth", { mfaConfiguration: "SOMETIMES" }));
    const files = await runCli(
      ["plan", "--base", "saved/base.yaml", "--head", "auth.yaml", "--format", "json"],
      root,
    );
    const ref = await runCli(["plan", "--base-ref", "HEAD", "--format", "json", "auth.yaml"], root);
    expect(files.code).toBe(1);
    expect(ref.code).toBe(1);
    expect(gist(files.stdout)).toEqual(gist(ref.stdout));
    expect(gist(files.stdout)).toMatchObject({
      plans: [{ manifest: "auth", errors: ["invalid-manifest"] }],
      validationErrors: 1,
    });
  });

  it("plans a changed stack as a deletion plus a creation in both modes", async () => {
    const moved = parse(poolYaml("auth")) as { metadata: { labels: Record<string, string> } };
    moved.metadata.labels["pulumi.openmcf.org/stack.name"] = "test.elsewhere";
    const root = changedFile(poolYaml("auth"), stringify(moved));
    const files = await runCli(
      ["plan", "--base", "saved/base.yaml", "--head", "auth.yaml", "--format", "json"],
      root,
    );
    const ref = await runCli(["plan", "--base-ref", "HEAD", "--format", "json", "auth.yaml"], root);
    expect(gist(files.stdout)).toEqual(gist(ref.stdout));
    expect(gist(files.stdout).summary).toEqual({ create: 3, update: 0, replace: 0, delete: 3 });
    const markdown = await runCli(["plan", "--base", "saved/base.yaml", "--head", "auth.yaml"], root);
    expect(markdown.stdout).not.toContain("left as they are");
    expect(markdown.stdout).toContain("DELETED");
  });
});

describe("validate: stack collisions", () => {
  it("names a collision between two manifests even while one has other errors", async () => {
    const root = temporaryDirectory();
    writeFile(root, "a.yaml", poolYaml("shared-auth"));
    writeFile(root, "b.yaml", poolYaml("shared-auth", { mfaConfiguration: "SOMETIMES" }));
    const { code, stdout } = await runCli(["validate", "--format", "json"], root);
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as {
      documents: { file: string; findings: { rule: string; message: string }[] }[];
    };
    const collisions = report.documents.map((document) =>
      document.findings
        .filter((finding) => finding.rule === "stack-collision")
        .map((finding) => finding.message),
    );
    expect(collisions).toEqual([
      [
        "this manifest and b.yaml (shared-auth) both deploy to the stack acme/cli-tests/test.shared-auth; give each its own pulumi.openmcf.org/stack.name label",
      ],
      [
        "this manifest and a.yaml (shared-auth) both deploy to the stack acme/cli-tests/test.shared-auth; give each its own pulumi.openmcf.org/stack.name label",
      ],
    ]);
  });
});

describe("validate: a typo in an identity provider's secret", () => {
  /** A pool with one identity provider of `type` whose details are `details`. */
  const providerPool = (type: string, details: Record<string, unknown>) =>
    poolYaml("idp-auth", {
      identityProviders: [
        { providerName: type === "OIDC" ? "Sso" : type, providerType: type, providerDetails: details },
      ],
      clients: [
        {
          name: "web",
          explicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
          supportedIdentityProviders: [type === "OIDC" ? "Sso" : type],
        },
      ],
    });
  const errorsOf = async (text: string) => {
    const root = temporaryDirectory();
    writeFile(root, "idp.yaml", text);
    const { stdout } = await runCli(["validate", "--format", "json"], root);
    const report = JSON.parse(stdout) as {
      documents: { findings: { severity: string; message: string }[] }[];
    };
    return report.documents[0]!.findings.filter((finding) => finding.severity === "error").map(
      (finding) => finding.message,
    );
  };

  it("suggests valueFromEnv, the one form a secret takes, and nothing after it", async () => {
    expect(
      await errorsOf(
        providerPool("Google", {
          client_id: "abc",
          client_secret: { valueFrmEnv: "GOOGLE_SECRET" },
          authorize_scopes: "openid",
        }),
      ),
    ).toEqual([
      'spec.identityProviders[0].providerDetails.client_secret must be {valueFromEnv: NAME}, not a mapping; did you mean "valueFromEnv" instead of "valueFrmEnv"?',
    ]);
  });

  it("says 'an OIDC provider'", async () => {
    expect(await errorsOf(providerPool("OIDC", { client_id: "abc", authorize_scopes: "openid" }))).toEqual([
      "an OIDC provider needs providerDetails client_secret, attributes_request_method, oidc_issuer",
    ]);
  });
});

describe("nits a first read trips over", () => {
  it("describes an environment variable name in words, not as a regular expression", async () => {
    const root = temporaryDirectory();
    writeFile(
      root,
      "idp.yaml",
      poolYaml("idp-auth", {
        identityProviders: [
          {
            providerName: "Google",
            providerType: "Google",
            providerDetails: {
              client_id: "abc",
              client_secret: { valueFromEnv: "GOOGLE-SECRET" },
              authorize_scopes: "openid",
            },
          },
        ],
        clients: [
          {
            name: "web",
            explicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
            supportedIdentityProviders: ["Google"],
          },
        ],
      }),
    );
    const { code, stdout } = await runCli(["validate", "idp.yaml"], root);
    expect(code).toBe(1);
    expect(stdout).toContain(
      "spec.identityProviders[0].providerDetails.client_secret.valueFromEnv: must be an environment variable name: letters, digits and underscores, not starting with a digit",
    );
    expect(stdout).not.toContain("/^");
  });

  it("marks a pure rename as renamed in the summary table", async () => {
    const root = temporaryDirectory();
    const git = gitRepositoryIn(root);
    writeFile(root, "old.yaml", poolYaml("moved-auth"));
    git("add", "--all");
    git("commit", "--quiet", "--message", "base");
    git("mv", "old.yaml", "new.yaml");
    const { code, stdout } = await runCli(["plan", "--base-ref", "HEAD"], root);
    expect(code).toBe(0);
    expect(stdout).toContain(
      "| <code>moved-auth</code><br><sub>renamed</sub> | <code>acme/cli-tests/test.moved-auth</code> | · |",
    );
  });

  it("shows no empty stack cell for a manifest that could not be planned", async () => {
    const root = unparsableManifests();
    const { code, stdout } = await runCli(["plan", "--head", "tab.yaml"], root);
    expect(code).toBe(1);
    expect(stdout).toContain("❌ 1 plan failed");
    expect(stdout).not.toContain("<code></code>");
  });

  it("quotes OFF in synth --format yaml, which YAML 1.1 would read as false", async () => {
    const root = temporaryDirectory();
    writeFile(root, "auth.yaml", poolYaml("mfa-auth", { mfaConfiguration: "OFF" }));
    const { code, stdout } = await runCli(["synth", "auth.yaml", "--format", "yaml"], root);
    expect(code).toBe(0);
    expect(stdout).toContain('mfaConfiguration: "OFF"');
    const graph = parse(stdout, { version: "1.1" }) as { resources: { inputs: Record<string, unknown> }[] };
    expect(graph.resources.map((resource) => resource.inputs.mfaConfiguration)).toContain("OFF");
  });

  it("says it skipped a symbolic link leading out of the repository", async () => {
    const root = temporaryDirectory();
    gitRepositoryIn(root);
    const elsewhere = temporaryDirectory();
    writeFile(elsewhere, "shared.yaml", poolYaml("shared-auth"));
    writeFile(root, "cognito/auth.yaml", poolYaml("auth"));
    symlinkSync(join(elsewhere, "shared.yaml"), join(root, "cognito/shared.yaml"));
    const { code, stdout } = await runCli(["validate", "cognito"], root);
    expect(code).toBe(0);
    expect(stdout).toContain(
      "cognito/shared.yaml  skipped  (a symbolic link leading out of the repository, not followed)\n",
    );
    expect(stdout).toContain("2 documents: 1 valid, 0 invalid, 1 skipped");
  });

  it("counts Cognito resources in the report's totals, not the stack's AWS provider", async () => {
    const root = temporaryDirectory();
    writeFile(root, "auth.yaml", poolYaml("new-auth"));
    const { code, stdout } = await runCli(["plan", "--head", "auth.yaml"], root);
    expect(code).toBe(0);
    // One pool and its one client: two resources, though the engine creates the provider too.
    expect(stdout).toContain("| <code>new-auth</code> | <code>acme/cli-tests/test.new-auth</code> | **2** |");
    expect(stdout).toContain("<b>new-auth</b>: 2 to create (auth.yaml, added)");
  });

  it("names --engine-events in plan --help's usage line", async () => {
    const { code, stdout } = await runCli(["plan", "--help"]);
    expect(code).toBe(0);
    expect(stdout.split("\n")[0]).toContain("--engine-events FILE");
  });
});
