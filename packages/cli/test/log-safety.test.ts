// Untrusted text in the CLI's output never becomes a workflow command: teams run `cognito-action` inside their
// own CI jobs, where the runner reads every line a step prints (stdout and stderr) as a possible command. A
// manifest's labels, names and file names are the repository's, not the CLI's: `::stop-commands::` among them
// would turn off the job's secret masking. Only the annotations `validate --format github` issues are commands.
import { describe, expect, it, vi } from "vitest";
import { parse } from "yaml";
import { isWorkflowCommandLine } from "@cognito-action/spec";
import { poolYaml, temporaryDirectory, writeFile } from "./fixtures.ts";
import { runCli } from "./run-cli.ts";

vi.setConfig({ testTimeout: 60_000 });

/** Free text a manifest may hold, that is a runner command once it starts a line (CR, LF or CR LF end one). */
const HOSTILE = "Your code is {####}\n::stop-commands::x\r  ::add-mask::nothing\r\n##[stop-commands]legacy";

function hostileManifest(): string {
  return poolYaml("attack", {
    verificationMessageTemplate: { emailSubject: "Code ##[stop-commands]z", emailMessage: HOSTILE },
  });
}

function commandLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/).filter(isWorkflowCommandLine);
}

describe("untrusted text in the CLI's output", () => {
  it.each([
    ["plan (Markdown)", ["plan", "--base", "base.yaml", "--head", "attack.yaml"]],
    ["plan --format json", ["plan", "--base", "base.yaml", "--head", "attack.yaml", "--format", "json"]],
    ["synth --format markdown", ["synth", "attack.yaml", "--format", "markdown"]],
  ])("prints no line the runner would read as a command: %s", async (_name, args) => {
    const root = temporaryDirectory();
    writeFile(root, "base.yaml", poolYaml("attack"));
    writeFile(root, "attack.yaml", hostileManifest());
    const { stdout, stderr } = await runCli(args, root);
    expect(`${stdout}${stderr}`).toContain("stop-commands");
    expect(commandLines(stdout)).toEqual([]);
    expect(commandLines(stderr)).toEqual([]);
  });

  it.each([
    ["plan --format json", ["plan", "--base", "base.yaml", "--head", "attack.yaml", "--format", "json"]],
    ["synth --format json", ["synth", "attack.yaml", "--format", "json"]],
  ])("keeps JSON's values while no line is a command: %s", async (_name, args) => {
    const root = temporaryDirectory();
    writeFile(root, "base.yaml", poolYaml("attack"));
    writeFile(root, "attack.yaml", hostileManifest());
    const { stdout } = await runCli(args, root);
    expect(commandLines(stdout)).toEqual([]);
    expect(JSON.stringify(JSON.parse(stdout))).toContain(JSON.stringify(HOSTILE));
  });

  it("writes synth's YAML as it is: data for a file or a tool, read back exactly", async () => {
    const root = temporaryDirectory();
    writeFile(root, "base.yaml", poolYaml("attack"));
    writeFile(root, "attack.yaml", hostileManifest());
    const { stdout } = await runCli(["synth", "attack.yaml", "--format", "yaml"], root);
    expect(JSON.stringify(parse(stdout))).toContain(JSON.stringify(HOSTILE));
  });

  it("neutralises a hostile file name in a finding, on stderr", async () => {
    const root = temporaryDirectory();
    writeFile(
      root,
      "x\n::stop-commands::y.yaml",
      "apiVersion: aws.openmcf.org/v1\nkind: AwsCognitoUserPool\n",
    );
    const { code, stdout, stderr } = await runCli(["validate", "."], root);
    expect(code).toBe(1);
    expect(`${stdout}${stderr}`).toContain("stop-commands::y");
    expect(commandLines(stdout)).toEqual([]);
    expect(commandLines(stderr)).toEqual([]);
  });

  it("still issues the annotations of validate --format github, the only commands it writes", async () => {
    const root = temporaryDirectory();
    writeFile(
      root,
      "x\n::stop-commands::y.yaml",
      "apiVersion: aws.openmcf.org/v1\nkind: AwsCognitoUserPool\n",
    );
    const { code, stdout } = await runCli(["validate", ".", "--format", "github"], root);
    expect(code).toBe(1);
    const commands = commandLines(stdout);
    expect(commands.length).toBeGreaterThan(0);
    for (const line of commands)
      expect(line).toMatch(/^::(error|warning) file=x%0A%3A%3Astop-commands%3A%3Ay\.yaml,/);
  });
});
