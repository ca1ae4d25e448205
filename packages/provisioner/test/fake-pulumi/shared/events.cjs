// Engine events: the scripted steps framed as the engine frames them, sent where `--event-log` says — a file
// (CLI ≤ 3.205) or the SDK's gRPC events server (`tcp://127.0.0.1:<port>`, pulumirpc.Events/StreamEvents,
// EventRequest{string event = 1}).
"use strict";
const fs = require("node:fs");
const { sdkModule } = require("./sdk.cjs");

/** Steps that are not counted in the summary (the engine counts logical steps only). */
const UNCOUNTED = new Set(["refresh", "create-replacement", "delete-replaced", "discard-replaced"]);

/**
 * A default provider's step (`pulumi:providers:<pkg>::default*`): internal, so in the event log but never in the
 * summary (pkg/engine/update.go isInternalStep, sdk/go/common/providers/reference.go IsDefaultProvider).
 */
function isDefaultProviderStep(step) {
  return /^pulumi:providers:[^:]+$/.test(step.type) && (step.urn.split("::")[3] ?? "").startsWith("default");
}

/** resourceChanges of the summaryEvent: logical steps per op, one per resource, internal steps left out. */
function countChanges(events) {
  const seen = new Set();
  const counts = {};
  for (const event of events) {
    const step = event.resourcePreEvent && event.resourcePreEvent.metadata;
    if (!step || UNCOUNTED.has(step.op) || isDefaultProviderStep(step) || seen.has(`${step.op} ${step.urn}`))
      continue;
    seen.add(`${step.op} ${step.urn}`);
    counts[step.op] = (counts[step.op] ?? 0) + 1;
  }
  return counts;
}

/** The whole stream: prelude, the steps, summary and cancel, numbered. */
function frame(ctx, steps, options) {
  const summary = {
    maybeCorrupt: false,
    durationSeconds: 1,
    resourceChanges: ctx.script.summary ?? countChanges(steps),
    PolicyPacks: {},
    isPreview: options.isPreview,
    result: options.failed ? "failed" : "succeeded",
  };
  const events = [
    { preludeEvent: { config: {} } },
    ...steps,
    ...(options.withSummary === false ? [] : [{ summaryEvent: summary }]),
    { cancelEvent: {} },
  ];
  return events.map((event, index) => ({ ...event, sequence: index, timestamp: 1_764_147_600 + index }));
}

/** Sends the events where --event-log says; a lost stream sends nothing (and the CLI carries on). */
async function emit(ctx, events) {
  const target = ctx.option("--event-log");
  if (!target || ctx.script.eventStream === "lost") return;
  if (target.startsWith("tcp://")) return streamOverGrpc(target.slice("tcp://".length), events);
  fs.appendFileSync(target, events.map((event) => `${JSON.stringify(event)}\n`).join(""));
}

function streamOverGrpc(address, events) {
  const grpc = sdkModule("@grpc/grpc-js");
  const { EventsClient } = sdkModule("@pulumi/pulumi/proto/events_grpc_pb.js");
  const { EventRequest } = sdkModule("@pulumi/pulumi/proto/events_pb.js");
  const client = new EventsClient(address, grpc.credentials.createInsecure());
  return new Promise((resolve, reject) => {
    const call = client.streamEvents((error) => {
      client.close();
      if (error) reject(error);
      else resolve();
    });
    for (const event of events) {
      const request = new EventRequest();
      request.setEvent(JSON.stringify(event));
      call.write(request);
    }
    call.end();
  });
}

module.exports = { frame, emit, countChanges };
