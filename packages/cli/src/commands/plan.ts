import type { ValidationReport } from "@cognito-action/spec";
import { readFileSync, realpathSync } from "node:fs";
import { resolve } from "node:path";
import type {
  ChangedFile,
  ManifestChange,
  ManifestPlan,
  pairChangedManifests,
  Plan,
  PreviewEvent,
} from "@cognito-action/provisioner";
import { MANIFEST_KIND } from "@cognito-action/spec";
import type { DocumentReport } from "@cognito-action/spec";
import { InputError, UsageError } from "../errors.ts";
import { formatText } from "../format-validation.ts";
import type { CliIo } from "../io.ts";
import { stylesFor } from "../io.ts";
import { loadManifest, loadReferenceTargets } from "./load.ts";
import { findSelectedFiles, readSelected, validateFiles } from "./validate.ts";
import { selects, selectionOf, selectsAny } from "../selection.ts";
import type { Selection } from "../selection.ts";
import { describePaths } from "./synth.ts";

export const PLAN_FORMATS = ["json", "markdown"] as const;

export interface PlanCommandOptions {
  /** An event log written by `pulumi preview --event-log FILE`: rendered as the engine's plan. */
  engineEvents?: string | undefined;
  base?: string | undefined;
  head?: string | undefined;
  baseRef?: string | undefined;
  /** With --base-ref: where manifests are looked for. With --base/--head: where references are looked up. */
  paths: string[];
  name?: string | undefined;
  format: (typeof PLAN_FORMATS)[number];
  parallel: number;
  /** `--allow-security-downgrade`: a plan that weakens a pool (a security-relevant change) still exits 0. */
  allowSecurityDowngrade?: boolean | undefined;
}

/** `cognito-action plan`: what a change would do, offline. Exit 1 when a manifest is invalid or a plan fails. */
export async function planCommand(options: PlanCommandOptions, rawIo: CliIo): Promise<number> {
  const io = await redactingIo(rawIo);
  if (options.engineEvents !== undefined) {
    if (options.base !== undefined || options.baseRef !== undefined)
      throw new UsageError(
        "--engine-events cannot be combined with --base or --base-ref (--head names the manifest)",
      );
    return planEngineEvents(options.engineEvents, options, io);
  }
  if (options.baseRef !== undefined) {
    if (options.base !== undefined || options.head !== undefined)
      throw new UsageError("--base-ref cannot be combined with --base or --head");
    return planAgainstRef(options.baseRef, options, io);
  }
  if (options.base === undefined && options.head === undefined)
    throw new UsageError(
      "plan needs --base FILE, --head FILE (or both), --base-ref REF, or --engine-events FILE",
    );
  return planFiles(options, io);
}

/**
 * The CLI's streams with the credentials of its environment redacted, as the action redacts its comment:
 * a value pasted into a manifest, or quoted by an error, never reaches a terminal log or a pasted report.
 */
async function redactingIo(io: CliIo): Promise<CliIo> {
  const { credentialValues, SecretRedactor } = await import("@cognito-action/provisioner");
  const redactor = new SecretRedactor();
  for (const value of credentialValues(io.env)) redactor.add(value);
  if (redactor.size === 0) return io;
  return {
    ...io,
    stdout: (text) => io.stdout(redactor.redact(text)),
    stderr: (text) => io.stderr(redactor.redact(text)),
  };
}

/**
 * Plans one manifest's change from two files, as --base-ref plans a changed file: an invalid side is a
 * failed plan with its findings (on stderr and in the report), and a base and head on different stacks are
 * a deletion plus a creation, paired by stack as every other mode pairs them.
 */
async function planFiles(options: PlanCommandOptions, io: CliIo): Promise<number> {
  const load = (file: string | undefined) =>
    file === undefined ? undefined : loadManifest(file, options.name, io.cwd);
  const base = load(options.base);
  const head = load(options.head);
  const findings = [base, head].flatMap((side) =>
    side && "invalid" in side ? side.invalid.documents.flatMap((document) => document.findings) : [],
  );
  for (const side of [base, head])
    if (side && "invalid" in side) io.stderr(formatText(side.invalid, false, stylesFor(io)));
  const provisioner = await import("@cognito-action/provisioner");
  const documentOf = (side: typeof base) =>
    side === undefined ? undefined : "invalid" in side ? side.candidate : side.document;
  const baseDocument = documentOf(base);
  const headDocument = documentOf(head);
  const manifests = [baseDocument?.manifest, headDocument?.manifest];
  const targets = provisioner.referenceTargets(loadReferenceTargets(options.paths, io.cwd, manifests));
  const scope = { base: targets, head: targets, searchedIn: describePaths(options.paths) };
  const changes = fileChanges(baseDocument, headDocument, provisioner.pairChangedManifests);
  const plans = await provisioner.planManifestChanges(changes, scope, 1);
  const errors = findings.filter((finding) => finding.severity === "error");
  io.stdout(
    options.format === "json"
      ? `${JSON.stringify(refPlanJson(plans, errors.length), null, 2)}\n`
      : `${provisioner.renderPlanReport({ plans, findings, source: { mode: "offline" } })}\n`,
  );
  return plans.some((entry) => entry.plan.errors.length > 0) ||
    errors.length > 0 ||
    refusesDowngrades(plans, options, io)
    ? 1
    : 0;
}

/** The change from a base document to a head document (either may be absent), paired by stack. */
function fileChanges(
  base: DocumentReport | undefined,
  head: DocumentReport | undefined,
  pair: typeof pairChangedManifests,
): ManifestChange[] {
  if (base?.kind === MANIFEST_KIND && head?.kind === MANIFEST_KIND) {
    // Two versions of one file, wherever each was saved: on one stack, a modification.
    return pair(
      [{ status: "modified", path: head.file }],
      { valid: true, documents: [{ ...base, file: head.file }] },
      { valid: true, documents: [head] },
    );
  }
  const fileChange = !base ? "added" : !head ? "deleted" : "modified";
  return [
    {
      // A file that does not parse has no name yet: it is known by its path.
      name: head?.name ?? base?.name ?? head?.file ?? base?.file ?? "",
      file: head?.file ?? base?.file ?? "",
      fileChange,
      base,
      head,
    },
  ];
}

/**
 * Whether the run fails on security-relevant changes (as the action's guard refuses them), saying so on stderr:
 * the report names each one; this names the flag that accepts them.
 */
function refusesDowngrades(
  plans: readonly Pick<ManifestPlan, "name" | "plan">[],
  options: PlanCommandOptions,
  io: CliIo,
): boolean {
  if (options.allowSecurityDowngrade === true) return false;
  const weakened = plans.filter((entry) =>
    entry.plan.changes.some((change) => (change.securityDowngrades?.length ?? 0) > 0),
  );
  if (weakened.length === 0) return false;
  io.stderr(
    `cognito-action: ${weakened.map((entry) => entry.name).join(", ")}: the plan has security-relevant changes (a setting of the deployed pool turned off, lowered or reset; listed in the report); pass --allow-security-downgrade to accept them\n`,
  );
  return true;
}

/**
 * The engine's preview from its event log, as the same report the action comments: a user (or a test) checks a
 * real `pulumi preview --event-log FILE` against what the action would say. A log without its summary is a
 * failed plan, as in the action.
 */
async function planEngineEvents(file: string, options: PlanCommandOptions, io: CliIo): Promise<number> {
  const events = readEventLog(file, io.cwd);
  const head = options.head === undefined ? undefined : loadManifest(options.head, options.name, io.cwd);
  if (head && "invalid" in head) {
    io.stderr(formatText(head.invalid, false, stylesFor(io)));
    return 1;
  }
  const provisioner = await import("@cognito-action/provisioner");
  const { stackIdentity } = await import("@cognito-action/spec");
  const manifest = head?.document.manifest;
  const stack = manifest ? stackIdentity(manifest.metadata).fullName : stackOfEvents(events);
  const plan = provisioner.planFromEngineEvents(stack, events);
  const entry: ManifestPlan = { name: head?.document.name ?? stack, file: options.head ?? file, plan };
  io.stdout(
    options.format === "json"
      ? `${JSON.stringify(refPlanJson([entry], 0), null, 2)}\n`
      : `${provisioner.renderPlanReport({ plans: [entry], source: { mode: "pulumi" } })}\n`,
  );
  return plan.errors.length > 0 || refusesDowngrades([entry], options, io) ? 1 : 0;
}

/** The events of a log, one JSON object a line; a line that is not one is an input error naming it. */
function readEventLog(file: string, cwd: string): PreviewEvent[] {
  let text: string;
  try {
    text = readFileSync(resolve(cwd, file), "utf8");
  } catch (error) {
    throw new InputError(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  const events: PreviewEvent[] = [];
  text.split("\n").forEach((line, index) => {
    if (line.trim() === "") return;
    let event: unknown;
    try {
      event = JSON.parse(line);
    } catch {
      throw new InputError(
        `${file}:${index + 1}: not a JSON engine event; pass the file \`pulumi preview --event-log FILE\` writes`,
      );
    }
    if (event === null || typeof event !== "object" || Array.isArray(event))
      throw new InputError(`${file}:${index + 1}: not an engine event (expected a JSON object)`);
    events.push(event);
  });
  return events;
}

/** `<project>/<stack>` from the events' URNs (`urn:pulumi:<stack>::<project>::…`), when no manifest names it. */
function stackOfEvents(events: readonly PreviewEvent[]): string {
  const urn = events
    .map((event) => event.resourcePreEvent?.metadata.urn)
    .find((value) => value !== undefined);
  const [, stack = "", project = ""] = /^urn:pulumi:([^:]*)::([^:]*)::/.exec(urn ?? "") ?? [];
  return stack === "" ? "(unknown stack)" : `${project}/${stack}`;
}

async function planAgainstRef(ref: string, options: PlanCommandOptions, io: CliIo): Promise<number> {
  const provisioner = await import("@cognito-action/provisioner");
  let root: string;
  try {
    root = (await provisioner.gitIn(io.cwd)(["rev-parse", "--show-toplevel"])).trim();
  } catch (error) {
    throw new InputError(
      (error as NodeJS.ErrnoException).code === "ENOENT"
        ? "plan --base-ref needs git, which is not on PATH; install it, or compare two files with --base FILE --head FILE"
        : `plan --base-ref needs a Git repository, and ${io.cwd} is not in one; run it inside one, or compare two files with --base FILE --head FILE`,
      { cause: error },
    );
  }
  // Git runs at the root, so every path (changed, deleted, on disk) is relative to it, whatever the
  // arguments' spelling or the directory the command runs in.
  const git = provisioner.gitIn(root);
  let changed;
  try {
    changed = await provisioner.changedFilesBetween(git, ref);
  } catch (error) {
    throw new InputError(`cannot compare with ${ref}: ${gitMessage(error)}`, { cause: error });
  }
  const selection = selectionOf(options.paths, io.cwd, realpathSync.native(root));
  const changes = selectedChanges(changed, selection, ref);
  const readBase = (path: string) => provisioner.readFileAtRef(git, ref, path);
  const base = validateFiles(await provisioner.readBaseVersions(changes.relevant, readBase));
  const head = validateFiles(readSelected(changes.headFiles, selection.root));
  const paired = provisioner.pairChangedManifests(changes.relevant, base, head);
  const scope = provisioner.referenceScope(base, head, changes.relevant, describePaths(options.paths));
  const plans = await provisioner.planManifestChanges(paired, scope, options.parallel);
  const findings = relevantFindings(
    head,
    changes.relevant.map((file) => file.path),
  );
  if (options.format === "json") {
    io.stdout(
      `${JSON.stringify(refPlanJson(plans, findings.filter((finding) => finding.severity === "error").length), null, 2)}\n`,
    );
  } else {
    const unchanged = provisioner.unchangedManifests(head, paired);
    io.stdout(
      `${provisioner.renderPlanReport({ plans, findings, unchanged, source: { mode: "offline" } })}\n`,
    );
  }
  return plans.some((entry) => entry.plan.errors.length > 0) ||
    findings.some((finding) => finding.severity === "error") ||
    refusesDowngrades(plans, options, io)
    ? 1
    : 0;
}

/**
 * The changed YAML files the selection chooses, and the files to read at head. A file on disk counts when
 * the selection finds it; a file that is gone (deleted, or renamed away) counts when the selection matches
 * its base path, so a glob or a directory that held it at the base plans its deletion. A rename that
 * matched on either side is planned whole, so a manifest moved out of the selection is a move, not a
 * deletion. Each argument must match something on disk or among the base paths.
 */
function selectedChanges(changed: readonly ChangedFile[], selection: Selection, ref: string) {
  const yaml = /\.ya?ml$/i;
  const onDisk = selection.entries.map((entry) => {
    try {
      return findSelectedFiles({ ...selection, entries: [entry] });
    } catch (error) {
      if (error instanceof InputError) return [];
      throw error;
    }
  });
  const headFiles = new Set(onDisk.flat());
  const atBase = (file: ChangedFile) =>
    file.status === "added" ? undefined : (file.previousPath ?? file.path);
  const relevant = changed
    // A manifest renamed to a name no manifest has (auth.yaml → auth.yaml.bak) is the deletion of its old
    // path: read at its new name it would pass for a kept manifest and hide the deletion.
    .map((file): ChangedFile =>
      file.status === "renamed" && !yaml.test(file.path) && file.previousPath !== undefined
        ? { status: "deleted", path: file.previousPath }
        : file,
    )
    .filter((file) => {
      if (!yaml.test(file.path) && !yaml.test(atBase(file) ?? "")) return false;
      const basePath = atBase(file);
      const matchedAtBase = basePath !== undefined && selectsAny(selection, basePath);
      if (file.status === "deleted") return matchedAtBase;
      return headFiles.has(file.path) || (file.status === "renamed" && matchedAtBase);
    });
  selection.entries.forEach((entry, index) => {
    const matched =
      onDisk[index]!.length > 0 ||
      relevant.some((file) => {
        const basePath = atBase(file);
        return basePath !== undefined && selects(entry, basePath);
      });
    if (!matched)
      throw new InputError(
        `nothing matches ${JSON.stringify(entry.given)}: no YAML file there now, and no changed one there at ${ref}`,
      );
  });
  // A manifest renamed out of the selection is read at its new place too, so its stack is seen as kept.
  for (const file of relevant) if (file.status !== "deleted") headFiles.add(file.path);
  return { relevant, headFiles: [...headFiles].sort() };
}

function relevantFindings(report: ValidationReport, files: readonly string[]) {
  return report.documents
    .filter((document) => files.includes(document.file))
    .flatMap((document) => document.findings);
}

/**
 * The plan as JSON: `{stack, changes, summary, errors, warnings, notes}`. A value the plan cannot know is
 * `{"unknown": "<why>"}` wherever a before or after value goes.
 */
function planJson(plan: Plan) {
  return {
    stack: plan.stack,
    changes: plan.changes,
    summary: plan.summary,
    errors: plan.errors,
    warnings: plan.warnings,
    notes: plan.notes ?? [],
  };
}

function refPlanJson(plans: readonly ManifestPlan[], validationErrors: number) {
  const summary: Plan["summary"] = { create: 0, update: 0, replace: 0, delete: 0 };
  for (const { plan } of plans) {
    for (const action of ["create", "update", "replace", "delete"] as const)
      summary[action] += plan.summary[action];
    if (plan.summary.import !== undefined) summary.import = (summary.import ?? 0) + plan.summary.import;
  }
  return {
    plans: plans.map((entry) => ({
      manifest: entry.name,
      file: entry.file,
      fileChange: entry.fileChange,
      ...planJson(entry.plan),
    })),
    summary,
    validationErrors,
  };
}

/** Git's own reason, in one line: its first line of stderr that says something (never a page of usage). */
function gitMessage(error: unknown): string {
  const stderr = (error as { stderr?: unknown }).stderr;
  const text =
    typeof stderr === "string" && stderr.trim() !== ""
      ? stderr
      : error instanceof Error
        ? error.message
        : String(error);
  const line = text
    .split("\n")
    .map((entry) => entry.trim())
    .find((entry) => entry !== "" && !/^usage:/i.test(entry));
  return (line ?? "git failed").replace(/^(fatal|error): /, "");
}
