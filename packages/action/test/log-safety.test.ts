// Untrusted text in the log never becomes a workflow command: whatever a manifest's labels and names, a file's
// name or the engine's output hold, the only commands the runner reads are those the action issues itself.
import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import { annotateFindings, validateRepository } from "../src/manifests/workspace.ts";
import { isWorkflowCommandLine, neutraliseWorkflowCommands } from "@cognito-action/spec";
import { actionsRunner } from "../src/adapters/actions-runner.ts";
import { SecretRegistry } from "@cognito-action/provisioner";
import { redactingRunner } from "../src/run/execute.ts";
import { edit, example } from "./workspace.ts";

/** The lines of `text` as the runner reads them: .NET's ReadLine ends a line at CR, LF or CR LF. */
function runnerLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/**
 * Whether the runner would parse `line` as a command, written after actions/runner's ActionCommand: the `::`
 * form after TrimStart (.NET white space includes U+0085), the legacy `##[` form anywhere. Zero-width and
 * format characters are dropped first, as a culture-aware comparison would skip them.
 */
function runnerParsesCommand(line: string): boolean {
  const compared = line.replace(/[\p{Cf}\p{Mn}\p{Me}\p{Cc}]/gu, "");
  return compared.replace(/^[\s\u0085]+/u, "").startsWith("::") || compared.includes("##[");
}

/** Text an attacker writes: runner commands, line breaks of every kind, white space, zero-width characters. */
const hostileText = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        "::",
        "::stop-commands::x",
        "::add-mask::",
        "##[",
        "##[stop-commands]x",
        "\n",
        "\r",
        "\r\n",
        "\u2028",
        "\u0085",
        " ",
        "\t",
        "\u00a0",
        "\u200b",
        "\ufeff",
        ":",
        "#",
        "[",
        "%0A",
        "prod",
      ),
      fc.string({ unit: "binary", maxLength: 6 }),
    ),
    { maxLength: 12 },
  )
  .map((parts) => parts.join(""));

afterEach(() => {
  vi.restoreAllMocks();
});

/** Everything written to stdout while `work` runs (where @actions/core writes the log and its commands). */
function capturedStdout(work: () => void): string {
  let out = "";
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    out += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
    return true;
  });
  try {
    work();
  } finally {
    vi.restoreAllMocks();
  }
  return out;
}

describe("neutraliseWorkflowCommands", () => {
  it("leaves no line the runner would read as a command, whatever the text", () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        for (const line of runnerLines(neutraliseWorkflowCommands(text)))
          expect(runnerParsesCommand(line), JSON.stringify(line)).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it("keeps a secret of a command-like line whole, so the runner's mask still matches it", () => {
    const secret = "s3cr[et]-value";
    expect(neutraliseWorkflowCommands(`::stop-commands::x ${secret}`)).toContain(secret);
  });

  it("changes no line that could not be a command, and keeps every line break", () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        const before = runnerLines(text);
        const after = runnerLines(neutraliseWorkflowCommands(text));
        expect(after).toHaveLength(before.length);
        before.forEach((line, index) => {
          if (!isWorkflowCommandLine(line)) expect(after[index]).toBe(line);
        });
      }),
    );
  });

  it("escapes the attack of the issue: a label that stops commands so later masks print in plain text", () => {
    expect(neutraliseWorkflowCommands('stack "prod\n::stop-commands::x\n" has errors')).toBe(
      'stack "prod\n\\::stop-commands::x\n" has errors',
    );
    expect(neutraliseWorkflowCommands("  ::add-mask::x")).toBe("\\  ::add-mask::x");
    expect(neutraliseWorkflowCommands("output ##[stop-commands]x [a]")).toBe(
      "output ##\\[stop-commands]x [a]",
    );
    expect(neutraliseWorkflowCommands("#\u200b#[x]")).toBe("#\u200b#\\[x]");
    expect(neutraliseWorkflowCommands("\u200b::stop-commands::x")).toBe("\\\u200b::stop-commands::x");
  });
});

describe("the action's log on the runner", () => {
  it("holds no command but those the action issued, whatever labels, names and engine output it prints", () => {
    fc.assert(
      fc.property(hostileText, hostileText, hostileText, (label, name, engineOutput) => {
        const secrets = new SecretRegistry(actionsRunner);
        const runner = redactingRunner(actionsRunner, secrets);
        let issued = 0;
        const stdout = capturedStdout(() => {
          secrets.register("client-secret-value-4242");
          issued++;
          runner.info(`engine: ${engineOutput}`);
          runner.info(engineOutput);
          runner.info(`stack ${label} (${name})`);
          runner.warning(`stack ${label}: ${engineOutput}`, {
            title: `cognito-action: ${name}`,
            file: name,
            startLine: 1,
            startColumn: 1,
          });
          runner.error(label);
          runner.notice(name);
          runner.debug(engineOutput);
          issued += 4;
          // Findings beyond the tenth of a severity go to the plain log.
          annotateFindings(
            Array.from({ length: 12 }, (_, index) => ({
              severity: "error" as const,
              rule: "stack-collision",
              message: `stack ${label} of ${name}`,
              path: "metadata.name",
              file: `${name}/${index}.yaml`,
              line: 1,
              column: 1,
            })),
            runner,
            (text) => secrets.redact(text),
          );
          issued += 10;
        });
        const commands = runnerLines(stdout).filter(runnerParsesCommand);
        expect(commands).toHaveLength(issued);
        for (const command of commands)
          expect(command).toMatch(/^::(add-mask|warning|error|notice|debug)( [^:]*)?::/);
      }),
      { numRuns: 300 },
    );
  });

  it("puts a hostile label in the log, as a rule message quotes it, without a command or a second line", () => {
    fc.assert(
      fc.property(hostileText, (label) => {
        // A stack name that says production, so the production rules quote it in their warnings too.
        const manifest = edit(
          example("quick-start"),
          "pulumi.openmcf.org/stack.name: dev.AwsCognitoUserPool.my-auth",
          `pulumi.openmcf.org/stack.name: ${JSON.stringify(`prod.${label}`)}`,
        );
        const report = validateRepository([{ file: "auth.yaml", text: manifest }]);
        const messages = report.documents.flatMap((document) => document.findings.map((f) => f.message));
        expect(messages.length).toBeGreaterThan(0);
        for (const message of messages) {
          expect(runnerLines(message), JSON.stringify(message)).toHaveLength(1);
          const stdout = capturedStdout(() => actionsRunner.info(`auth.yaml:6:5: error: ${message}`));
          expect(runnerLines(stdout).filter(runnerParsesCommand)).toEqual([]);
        }
      }),
      { numRuns: 100 },
    );
  });
});
