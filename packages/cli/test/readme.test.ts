// The README as a new user pastes from it: its sample finding is what validate prints, its workflows do not
// set secrets they do not use, and its placeholders say how to fill them in.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { temporaryDirectory, writeFile } from "./fixtures.ts";
import { REPOSITORY, runCli } from "./run-cli.ts";

const readme = readFileSync(join(REPOSITORY, "README.md"), "utf8");

/** The README's fenced blocks of one language. */
function blocks(language: string): string[] {
  return [...readme.matchAll(new RegExp("```" + language + "\\n([\\s\\S]*?)```", "g"))].map(
    (match) => match[1]!,
  );
}

describe("README", () => {
  it("shows the finding validate prints for a client asking for an undeclared scope, line included", async () => {
    const sample = readme
      .split("\n")
      .find((line) => line.includes("[scope-resource-server-missing]") && line.startsWith("examples/"));
    expect(sample).toBeDefined();
    const root = temporaryDirectory();
    const production = readFileSync(join(REPOSITORY, "examples/production.yaml"), "utf8");
    expect(production.split("- api/write")).toHaveLength(2);
    writeFile(root, "examples/production.yaml", production.replace("- api/write", "- api/admin"));
    const { stdout } = await runCli(["validate", "examples/production.yaml"], root);
    expect(stdout.split("\n")).toContain(sample);
  });

  it("never sets PULUMI_CONFIG_PASSPHRASE in a workflow whose stacks are encrypted with a KMS key", () => {
    const workflows = blocks("yaml")
      .map((text) => parse(text) as unknown)
      .filter((workflow): workflow is Record<string, unknown> => typeof workflow === "object" && !!workflow);
    const kms = workflows.filter((workflow) =>
      JSON.stringify(workflow).includes('"secrets-provider":"awskms://'),
    );
    expect(kms.length).toBeGreaterThan(0);
    for (const workflow of kms) expect(JSON.stringify(workflow)).not.toContain("PULUMI_CONFIG_PASSPHRASE");
  });

  it("says how to fill in <owner> before its first use", () => {
    const first = readme.indexOf("<owner>/");
    expect(first).toBeGreaterThan(0);
    expect(readme.slice(0, first)).toMatch(/`<owner>`[^\n]*(replace|stands for)/i);
  });
});
