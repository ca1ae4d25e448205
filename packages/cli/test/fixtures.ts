// Scratch repositories for the CLI's tests: temporary directories (removed after the file's tests), files,
// pool manifests and Git.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll } from "vitest";
import { stringify } from "yaml";

const temporaryDirectories: string[] = [];

afterAll(() => {
  for (const directory of temporaryDirectories) rmSync(directory, { recursive: true, force: true });
});

/** A fresh directory under the system's temporary one, removed after the test file. */
export function temporaryDirectory(): string {
  const directory = mkdtempSync(join(tmpdir(), "cognito-action-cli-"));
  temporaryDirectories.push(directory);
  return directory;
}

/** Writes `text` to `path` under `root`, making its directories. */
export function writeFile(root: string, path: string, text: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

/** A valid pool manifest as YAML, on its own stack; `spec` is merged over a minimal one. */
export function poolYaml(name: string, spec: Record<string, unknown> = {}): string {
  return stringify({
    apiVersion: "aws.openmcf.org/v1",
    kind: "AwsCognitoUserPool",
    metadata: {
      name,
      labels: {
        "pulumi.openmcf.org/organization": "acme",
        "pulumi.openmcf.org/project": "cli-tests",
        "pulumi.openmcf.org/stack.name": `test.${name}`,
      },
    },
    spec: {
      region: "eu-west-1",
      autoVerifiedAttributes: ["email"],
      clients: [{ name: "web", explicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] }],
      ...spec,
    },
  });
}

/** Makes `root` an empty Git repository with a local identity; returns a runner of git in it. */
export function gitRepositoryIn(root: string): (...args: string[]) => string {
  const git = (...args: string[]) => execFileSync("git", args, { cwd: root, encoding: "utf8" });
  git("init", "--quiet", "--initial-branch=main");
  git("config", "user.name", "Test Author");
  git("config", "user.email", "test@example.com");
  git("config", "commit.gpgsign", "false");
  return git;
}
