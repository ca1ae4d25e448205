#!/usr/bin/env node
// A stand-in for the Pulumi CLI at the engine boundary, modelled on pulumi/pulumi 3.248 (the CLI the
// Automation API drives). One small module per command under commands/; shared behaviour under shared/.
//
// What it models, from the real sources:
//   - `version` prints the version (FAKE_PULUMI_VERSION, else `.pulumi-version` beside the link that runs
//     it — PulumiCommand.get runs `version` without the workspace's environment — else the scenario's, else a
//     current 3.252.0); the SDK then streams events over its gRPC events server for versions after 3.205.0
//     (`--event-log tcp://127.0.0.1:<port>`, pulumirpc.Events/StreamEvents, sent with the SDK's own generated
//     client) and tails a file up to it.
//   - A self-managed (DIY) backend: each stack's checkpoint lives in the state folder (FAKE_PULUMI_STATE_DIR,
//     else the path of a file:// PULUMI_BACKEND_URL) and survives between runs; the stack's settings
//     (`Pulumi.<stack>.yaml`: secretsprovider, encryptedkey, encryptionsalt) live in the project folder (the
//     working directory), which the Automation API makes anew for every run, so they are lost between runs.
//     Secrets managers are chosen as pkg/cmd/pulumi/stack/secrets.go does: the settings file, else the
//     checkpoint's manager when PULUMI_FALLBACK_TO_STATE_SECRETS_MANAGER=true, else a new passphrase manager
//     (needing PULUMI_CONFIG_PASSPHRASE, with a new salt); a cloud provider named without a key gets a new
//     data key (pkg/secrets/cloud/manager.go). Updates record their manager in the checkpoint; `stack init`
//     does not (an empty deployment). Settings files are YAML read and written with the SDK's js-yaml.
//   - A bucket whose `.pulumi/meta.yaml` says `version: 0` is on the legacy layout: project-scoped names
//     (`organization/<project>/<stack>`) are refused as tokens.ParseStackName refuses them.
//   - `stack select` of a missing stack fails with "no stack named … found" (so the SDK runs `stack init`).
//   - Engine events: the scenario's scripted steps (whole events, in the shapes of the recorded streams in
//     pkg/engine/lifecycletest/testdata/output), framed by a preludeEvent, a summaryEvent counting the logical
//     steps per op (refresh, create-replacement and delete-replaced steps are not counted) and a cancelEvent.
//   - `preview --save-plan FILE` records each resource's steps; `up --plan FILE` refuses a step the plan
//     does not allow, with the engine's "<op> is not allowed by the plan" error.
//   - Locks: `up`, `refresh` and `destroy` hold a lock file in the state folder while they run (preview takes
//     none, as the DIY backend's Preview); meeting one, or a scenario's `locked`, fails with "the stack is
//     currently locked by 1 lock(s)", exit 255, at once. `upDelayMs` keeps an update (and its lock) going.
//     Scripted failures exit 255 too.
//
// What it does not model: it runs no program (the inline program's language server is never called), so
// steps come from the scenario, not from the manifest; no provider, no AWS, no encryption (secrets are kept in
// plain text in the state folder, marked by name). Stack tags, `stack ls` and `stack rm` are in
// commands/stack-tags.cjs (which says what of them it models).
//
// Environment:
//   FAKE_PULUMI_SCENARIO   JSON file: { version, stacks: { <stack>: { previewEvents, upEvents, refreshEvents,
//                          outputs, secretOutputs, locked, lockHolder, upDelayMs, failUp, failPreview, eventStream,
//                          summary } } }   (upEvents default to previewEvents: an update does what it previewed)
//                          eventStream: "lost" models a CLI that cannot reach the SDK's event server (it logs
//                          at verbosity 7 and carries on: no events, exit 0).
//                          summary: an object used as the summaryEvent's resourceChanges instead of the count.
//   FAKE_PULUMI_STATE_DIR  the backend's state folder (checkpoints), kept between runs
//   FAKE_PULUMI_LOG        file to which every invocation is appended as one JSON line
//   FAKE_PULUMI_VERSION    the version `pulumi version` reports
"use strict";
const { context } = require("./shared/cli.cjs");

const COMMANDS = {
  version: "./commands/version.cjs",
  whoami: "./commands/whoami.cjs",
  stack: "./commands/stack.cjs",
  config: "./commands/config.cjs",
  plugin: "./commands/plugin.cjs",
  preview: "./commands/preview.cjs",
  up: "./commands/up.cjs",
  refresh: "./commands/refresh.cjs",
  destroy: "./commands/destroy.cjs",
};

async function main() {
  const ctx = context(process.argv.slice(2));
  const module = COMMANDS[ctx.command];
  if (!module) {
    // install, cancel and the rest: nothing to do here.
    return;
  }
  await require(module).run(ctx);
}

main().catch((error) => {
  process.stderr.write(`error: ${error && error.message ? error.message : String(error)}\n`);
  process.exit(255);
});
