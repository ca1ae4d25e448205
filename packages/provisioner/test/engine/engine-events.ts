// Engine event streams in the shapes of the engine's recorded streams (pulumi/pulumi
// pkg/engine/lifecycletest/testdata/output/<Test>/<step>/eventstream.json): every step is a resourcePreEvent
// and a resOutputsEvent with the same metadata and `planning: true` in a preview; steps without a diff carry
// `detailedDiff: null`; `logical: true` marks the steps the summary counts (not refresh, create-replacement or
// delete-replaced); a stream opens with a preludeEvent and ends with a summaryEvent and a cancelEvent.
// These are our own fixtures for this project's resources, not copies of the recordings.
import { RESOURCE_TYPES } from "../../src/index.ts";
import type { PreviewEvent } from "../../src/index.ts";

export const STACK = "organization/platform/prod.AwsCognitoUserPool.prod-auth";
const STACK_SHORT = "prod.AwsCognitoUserPool.prod-auth";
const PROJECT = "platform";
const PROVIDER_URN = `urn:pulumi:${STACK_SHORT}::${PROJECT}::pulumi:providers:aws::aws`;
export const STACK_TYPE = "pulumi:pulumi:Stack";
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
/** A secret as serialized properties carry it (sig.Secret and the blinded value). */
export const BLINDED_SECRET = {
  "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
  value: "[secret]",
};

export const urn = (type: string, name: string) => `urn:pulumi:${STACK_SHORT}::${PROJECT}::${type}::${name}`;

/** The production pool's inputs as the AWS provider records them (with its own `__defaults`). */
export const POOL_INPUTS: Record<string, unknown> = {
  __defaults: [],
  name: "prod-auth",
  deletionProtection: "INACTIVE",
  usernameAttributes: ["email"],
  autoVerifiedAttributes: ["email"],
  mfaConfiguration: "OPTIONAL",
  passwordPolicy: { minimumLength: 12, requireSymbols: true, temporaryPasswordValidityDays: 3 },
  tags: { "managed-by": "cognito-action", "openmcf.org/name": "prod-auth" },
};

export interface StateSpec {
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  protect?: boolean;
  id?: string;
}

export interface StepSpec {
  op: string;
  type: string;
  name: string;
  old?: StateSpec | null;
  new?: StateSpec | null;
  keys?: string[];
  diffs?: string[];
  detailedDiff?: Record<string, { diffKind: string; inputDiff: boolean }>;
}

const COUNTED = new Set(["same", "create", "update", "delete", "replace", "import"]);

function state(type: string, name: string, spec: StateSpec | null | undefined) {
  if (!spec) return null;
  return {
    type,
    urn: urn(type, name),
    custom: type !== STACK_TYPE,
    id: spec.id ?? (type === STACK_TYPE ? "" : `${name}-id`),
    parent: type === STACK_TYPE ? "" : urn(STACK_TYPE, "platform-prod"),
    inputs: spec.inputs ?? {},
    outputs: spec.outputs ?? {},
    provider: type.startsWith("pulumi:") ? "" : `${PROVIDER_URN}::aws-provider-id`,
    ...(spec.protect ? { protect: true } : {}),
  };
}

function metadata(spec: StepSpec, newState = spec.new) {
  return {
    op: spec.op,
    urn: urn(spec.type, spec.name),
    type: spec.type,
    old: state(spec.type, spec.name, spec.old),
    new: state(spec.type, spec.name, newState),
    ...(spec.keys ? { keys: spec.keys } : {}),
    ...(spec.diffs ? { diffs: spec.diffs } : {}),
    detailedDiff: spec.detailedDiff ?? null,
    ...(COUNTED.has(spec.op) ? { logical: true } : {}),
    provider: spec.type.startsWith("pulumi:") ? "" : `${PROVIDER_URN}::aws-provider-id`,
  };
}

/** One step: its pre event and its outputs event, as a preview emits them. */
export function step(spec: StepSpec): PreviewEvent[] {
  return [
    { resourcePreEvent: { metadata: metadata(spec), planning: true } },
    { resOutputsEvent: { metadata: metadata(spec), planning: true } },
  ] as PreviewEvent[];
}

/** A refresh step: the pre event shows the state before, the outputs event the state read back. */
export function refresh(
  type: string,
  name: string,
  before: StateSpec,
  after: StateSpec | null,
): PreviewEvent[] {
  const spec: StepSpec = { op: "refresh", type, name, old: before, new: before };
  return [
    { resourcePreEvent: { metadata: metadata(spec), planning: true } },
    { resOutputsEvent: { metadata: metadata(spec, after), planning: true } },
  ] as PreviewEvent[];
}

/** An error diagnostic as the engine colours it. */
export function errorDiagnostic(resourceUrn: string | undefined, message: string): PreviewEvent {
  return {
    diagnosticEvent: {
      ...(resourceUrn ? { urn: resourceUrn } : {}),
      prefix: "\u001b[31merror: \u001b[0m",
      message: `\u001b[0m${message}\u001b[0m\n`,
      color: "raw",
      severity: "error",
    },
  } as PreviewEvent;
}

/**
 * resourceChanges as the engine counts them: the steps marked logical, per op, once per resource, leaving out
 * internal steps (pkg/engine/update.go isInternalStep: default providers, `pulumi:providers:<pkg>::default*`).
 */
export function summaryCounts(events: readonly PreviewEvent[]): Record<string, number> {
  const counts: Record<string, number> = {};
  const seen = new Set<string>();
  for (const event of events) {
    const step = event.resourcePreEvent?.metadata;
    if (!step?.logical || seen.has(`${step.op} ${step.urn}`)) continue;
    if (step.type.startsWith("pulumi:providers:") && (step.urn.split("::")[3] ?? "").startsWith("default"))
      continue;
    seen.add(`${step.op} ${step.urn}`);
    counts[step.op] = (counts[step.op] ?? 0) + 1;
  }
  return counts;
}

export interface StreamOptions {
  /** false: the stream was lost before its summary; an object: the summary's counts as given. */
  summary?: false | Record<string, number>;
  failed?: boolean;
}

/** A whole preview stream: prelude, the events numbered, summary, cancel. */
export function previewStream(events: readonly PreviewEvent[], options: StreamOptions = {}): PreviewEvent[] {
  const summary =
    options.summary === false
      ? []
      : [
          {
            summaryEvent: {
              maybeCorrupt: false,
              durationSeconds: 1,
              resourceChanges: options.summary ?? summaryCounts(events),
              PolicyPacks: {},
              isPreview: true,
              result: options.failed ? "failed" : "succeeded",
            },
          },
        ];
  return [{ preludeEvent: { config: {} } }, ...events, ...summary, { cancelEvent: {} }].map(
    (event, sequence) => ({ sequence, timestamp: 1_764_147_600, ...event }),
  ) as PreviewEvent[];
}

/** The steps of a stack that is there and stays: its Stack resource and the explicit provider. */
export function unchangedFrame(): PreviewEvent[] {
  return [
    ...step({ op: "same", type: STACK_TYPE, name: "platform-prod", old: {}, new: {} }),
    ...step({
      op: "same",
      type: RESOURCE_TYPES.provider,
      name: "aws",
      old: { inputs: { region: "us-east-1" } },
      new: { inputs: { region: "us-east-1" } },
    }),
  ];
}

/** Refresh steps for the stack's resources, unchanged, as `--refresh` puts them before the program's steps. */
export function quietRefresh(
  ...resources: { type: string; name: string; inputs: Record<string, unknown> }[]
) {
  return resources.flatMap(({ type, name, inputs }) =>
    refresh(type, name, { inputs, outputs: inputs }, { inputs, outputs: inputs }),
  );
}
