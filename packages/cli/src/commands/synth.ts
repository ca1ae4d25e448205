import { stringify } from "yaml";
import type { CliIo } from "../io.ts";
import { stylesFor } from "../io.ts";
import { formatText } from "../format-validation.ts";
import { InputError } from "../errors.ts";
import { loadManifest, loadReferenceTargets } from "./load.ts";

export const SYNTH_FORMATS = ["json", "yaml", "markdown"] as const;

export interface SynthCommandOptions {
  file: string;
  name?: string | undefined;
  format: (typeof SYNTH_FORMATS)[number];
  /** Where valueFrom references are looked up. */
  refs: string[];
}

/** `cognito-action synth FILE`: the resource graph, without the cloud. */
export async function synthCommand(options: SynthCommandOptions, io: CliIo): Promise<number> {
  const loaded = loadManifest(options.file, options.name, io.cwd);
  if ("invalid" in loaded) {
    io.stderr(formatText(loaded.invalid, false, stylesFor(io)));
    return 1;
  }
  // Loaded only here: validate never pays for Pulumi.
  const { referenceTargets, renderGraphMarkdown, resolveReferences, synth } =
    await import("@cognito-action/provisioner");
  const targets = referenceTargets(loadReferenceTargets(options.refs, io.cwd, [loaded.document.manifest]));
  const references = resolveReferences(loaded.document.manifest, targets, describePaths(options.refs));
  if (!references.ok) throw new InputError(references.errors.join("\n"));
  const graph = await synth(loaded.document.manifest, { references: references.value });
  io.stdout(
    options.format === "json"
      ? `${JSON.stringify(graph, null, 2)}\n`
      : options.format === "yaml"
        ? // Quoted for YAML 1.1 readers too (PyYAML, many tools): there, a bare OFF or yes is a boolean.
          stringify(graph, { version: "1.1" })
        : renderGraphMarkdown(graph),
  );
  return 0;
}

/** How the reference search paths read in messages. */
export function describePaths(paths: readonly string[]): string {
  return paths.length === 0
    ? "the manifests under the current directory"
    : `the manifests under ${paths.join(", ")}`;
}
