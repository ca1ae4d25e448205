#!/usr/bin/env node
// A stand-in for the Pulumi CLI at the engine boundary: it answers the commands the Automation API runs
// with scripted results, so the engine adapter and the action are tested up to the real CLI's door.
//   FAKE_PULUMI_SCENARIO  JSON file: { version, stacks: { <stack>: { previewEvents, upEvents, outputs,
//                         secretOutputs, locked, lockHolder, failUp, failPreview } } }
//   FAKE_PULUMI_LOG       file to which every invocation is appended as one JSON line
//   FAKE_PULUMI_STATE     JSON file holding the outputs of stacks that were updated
"use strict";
const fs = require("node:fs");

const args = process.argv.slice(2);
const scenarioPath = process.env.FAKE_PULUMI_SCENARIO;
// `pulumi version` is also run without the test's environment (by PulumiCommand.get).
const scenario = scenarioPath ? JSON.parse(fs.readFileSync(scenarioPath, "utf8")) : { stacks: {} };
if (process.env.FAKE_PULUMI_LOG) fs.appendFileSync(process.env.FAKE_PULUMI_LOG, `${JSON.stringify(args)}\n`);

const option = (name) => {
  const index = args.indexOf(name);
  if (index >= 0) return args[index + 1];
  const inline = args.find((arg) => arg.startsWith(`${name}=`));
  return inline ? inline.slice(name.length + 1) : undefined;
};
const stackName = option("--stack") ?? option("-s");
const stack = (stackName && scenario.stacks[stackName]) || {};
const statePath = process.env.FAKE_PULUMI_STATE;
const readState = () =>
  statePath && fs.existsSync(statePath) ? JSON.parse(fs.readFileSync(statePath, "utf8")) : {};
const writeState = (state) => statePath && fs.writeFileSync(statePath, JSON.stringify(state));

function writeEvents(events) {
  const log = option("--event-log");
  if (!log) return;
  const lines = [
    { sequence: 0, timestamp: 0, preludeEvent: { config: {} } },
    ...events,
    {
      sequence: 99,
      timestamp: 0,
      summaryEvent: { maybeCorrupt: false, durationSeconds: 0, resourceChanges: {}, policyPacks: {} },
    },
  ];
  fs.appendFileSync(log, lines.map((event) => JSON.stringify(event)).join("\n") + "\n");
}

function lockedExit() {
  process.stderr.write(
    `error: the stack is currently locked by 1 lock(s). Either wait for the other process(es) to end or delete the lock file with \`pulumi cancel\`.\n  s3://state/.pulumi/locks/${stackName}/1.json: created by ${stack.lockHolder ?? "someone@host (pid 1)"} at 2026-11-26T09:00:00Z\n`,
  );
  process.exit(255);
}

const [command, sub] = args;
switch (command) {
  case "version":
    process.stdout.write(`v${scenario.version ?? "3.200.0"}\n`);
    break;
  case "whoami":
    process.stdout.write("ci\n");
    break;
  case "stack":
    if (sub === "history") {
      const update = {
        version: 1,
        kind: "update",
        startTime: "2026-11-26T09:00:00Z",
        endTime: "2026-11-26T09:00:01Z",
        message: "",
        environment: {},
        config: {},
        result: "succeeded",
        resourceChanges: {},
      };
      process.stdout.write(JSON.stringify([update]));
    } else if (sub === "output") {
      const outputs = readState()[stackName] ?? {};
      const shown = args.includes("--show-secrets")
        ? outputs
        : Object.fromEntries(
            Object.entries(outputs).map(([key, value]) => [
              key,
              (stack.secretOutputs ?? []).includes(key) ? "[secret]" : value,
            ]),
          );
      process.stdout.write(JSON.stringify(shown));
    }
    break;
  case "preview":
    if (stack.locked) lockedExit();
    writeEvents(stack.previewEvents ?? []);
    if (stack.failPreview) {
      process.stderr.write(`error: ${stack.failPreview}\n`);
      process.exit(255);
    }
    process.stdout.write("Previewing update\n");
    break;
  case "up": {
    if (stack.locked) lockedExit();
    writeEvents(stack.upEvents ?? []);
    if (stack.failUp) {
      process.stderr.write(`error: ${stack.failUp}\n`);
      process.exit(255);
    }
    const state = readState();
    state[stackName] = stack.outputs ?? {};
    writeState(state);
    process.stdout.write("Updating\n");
    break;
  }
  case "refresh":
    if (stack.locked) lockedExit();
    writeEvents(stack.refreshEvents ?? []);
    process.stdout.write("Refreshing\n");
    break;
  case "destroy": {
    if (stack.locked) lockedExit();
    const state = readState();
    delete state[stackName];
    writeState(state);
    break;
  }
  default:
    // config set, plugin install, stack select/init, install: nothing to do.
    break;
}
