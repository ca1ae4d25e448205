// Stand-in engine: scripted engine output carrying runner commands, which the real CLI is not made to print
// here.
// The attack of issue 15, finding 1, against the bundled action: a pull request whose manifests carry a stack
// label that is a runner command once it starts a line (`::stop-commands::`), and an engine whose output
// starts with `::`. Were either read as a command, the `::add-mask::` of the deployed client secret that
// follows would be ignored and the secret printed in plain text in a public log.
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { startGitHubStandIn } from "./github-stand-in.ts";
import { pullRequestPayload, runBundledAction, TestRepository } from "./harness.ts";
import {
  edit,
  example,
  examplesOnMain,
  FAKE_PULUMI_VERSION,
  FakePulumi,
  poolUpdate,
  RUN_TIMEOUT,
  STACKS,
  startedPerTest,
} from "./scenario.ts";

const started = startedPerTest();
const CLIENT_SECRET = "deployed-client-secret-7f3a9c";
const HOSTILE_LABEL = "prod\n::stop-commands::x\n";

/** The commands the toolkit issues for the action: masks, annotations, debug lines, groups. */
const ACTION_COMMANDS = new Set(["add-mask", "warning", "error", "notice", "debug", "group", "endgroup"]);

/**
 * What a runner makes of a step's stdout, after actions/runner: lines end at CR, LF or CR LF; a line is a
 * command when it starts with `::` after white space (or holds `##[`); `::stop-commands::TOKEN` ignores every
 * command until `::TOKEN::`. Returns the commands it processed and the values it masked.
 */
function runnerReading(stdout: string): { commands: string[]; masks: string[] } {
  const commands: string[] = [];
  const masks: string[] = [];
  let stopToken: string | undefined;
  for (const line of stdout.split(/\r\n|\r|\n/)) {
    const trimmed = line.replace(/^[\s\u0085]+/u, "");
    const modern = /^::([A-Za-z-]+)(?: [^:]*)?::(.*)$/.exec(trimmed);
    const legacy = /##\[([A-Za-z-]+)[^\]]*\](.*)$/.exec(line);
    const match = modern ?? legacy;
    if (!match) continue;
    const [, command, data] = match as unknown as [string, string, string];
    if (stopToken !== undefined) {
      if (command === stopToken) stopToken = undefined;
      continue;
    }
    commands.push(command);
    if (command === "stop-commands") stopToken = data;
    if (command === "add-mask") masks.push(data);
  }
  return { commands, masks };
}

/** A manifest with the hostile stack label (one of several, so its warnings go beyond the tenth, to the log). */
function hostileManifest(index: number): string {
  return stringify({
    apiVersion: "aws.openmcf.org/v1",
    kind: "AwsCognitoUserPool",
    metadata: {
      name: `attack-${index}`,
      labels: {
        "pulumi.openmcf.org/organization": "my-org",
        "pulumi.openmcf.org/project": `attack-${index}`,
        "pulumi.openmcf.org/stack.name": HOSTILE_LABEL,
      },
    },
    spec: {
      region: "us-east-1",
      autoVerifiedAttributes: ["email"],
      clients: [{ name: "web", explicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] }],
    },
  });
}

describe("untrusted text in the log", () => {
  it(
    "cannot stop the runner's commands: a hostile label and engine output leave the client secret masked",
    async () => {
      started.repository = new TestRepository();
      const base = started.repository.commit({ ...examplesOnMain() }, "main");
      const attack = Object.fromEntries(
        Array.from({ length: 12 }, (_, index) => [`attack/pool-${index}.yaml`, hostileManifest(index)]),
      );
      const head = started.repository.commit(
        {
          ...attack,
          "examples/production.yaml": edit(example("production"), "minimumLength: 12", "minimumLength: 14"),
        },
        "pull request",
      );
      started.pulumi = new FakePulumi({
        [STACKS.production]: {
          secretOutputs: ["client_secrets"],
          previewEvents: [poolUpdate("prod-auth")],
          previewOutput: "::stop-commands::engine\n  ::add-mask::nothing\r##[stop-commands]legacy\n",
        },
      });
      started.pulumi.setState({ [STACKS.production]: { client_secrets: { web: CLIENT_SECRET } } });
      started.standIn = await startGitHubStandIn("acme", "identity");

      const run = await runBundledAction({
        workspace: started.repository.path,
        eventName: "pull_request",
        payload: pullRequestPayload(12, base, head),
        sha: head,
        inputs: { "github-token": "ghs_e2eTestToken", "pulumi-version": FAKE_PULUMI_VERSION },
        apiUrl: started.standIn.url,
        env: started.pulumi.env(),
      });

      // The attack's manifests are invalid; the engine previewed the production pool all the same.
      expect(run.outputs["failure-reason"], run.stdout).toBe("validation-failed");
      expect(started.pulumi.operations()).toEqual([`preview ${STACKS.production}`]);
      // The hostile text reached the log (the twelfth warning and the engine's output), as text.
      expect(run.stdout).toContain("stop-commands::x");
      expect(run.stdout).toContain("stop-commands::engine");
      const reading = runnerReading(run.stdout + run.stderr);
      expect(reading.commands.filter((command) => !ACTION_COMMANDS.has(command))).toEqual([]);
      expect(reading.masks).toContain(CLIENT_SECRET);
    },
    RUN_TIMEOUT,
  );
});
