// The Pulumi CLI versions the suite runs: the oldest the action supports, its default, and the newest the Go
// module proxy serves (pinned here; moved by hand, so a new release never changes a run by itself).
import { readFileSync } from "node:fs";
import { join } from "node:path";

const ACTION_YML = join(import.meta.dirname, "../../../action.yml");

/** The action's default `pulumi-version`, read from action.yml. */
export function defaultPulumiVersion(): string {
  const text = readFileSync(ACTION_YML, "utf8");
  const match = /^ {2}pulumi-version:\n(?: {4}.*\n)*? {4}default: "?([0-9.]+)"?$/m.exec(text);
  if (!match) throw new Error(`${ACTION_YML}: no default for pulumi-version`);
  return match[1]!;
}

/**
 * The oldest CLI version the action accepts on a self-managed backend (every backend this suite can run): 3.211.0,
 * the first that stores stack tags there (pulumi/pulumi#19882). The Go module proxy serves none of 3.209–3.213, so
 * the oldest pinned here is the nearest served version above it. (On Pulumi Cloud the action accepts 3.181.0, whose
 * Go module does not build anyway: pkg/v3 v3.181.0 uses apitype.TemplateMetadata, which sdk/v3 v3.181.0 lacks.)
 */
export const OLDEST_PULUMI_VERSION = "3.214.0";
/** The newest version `go list -m -versions github.com/pulumi/pulumi/pkg/v3` served when this was pinned. */
export const NEWEST_PULUMI_VERSION = "3.277.0";

export interface VersionSet {
  oldest: string;
  default: string;
  newest: string;
}

export function pulumiVersions(): VersionSet {
  return { oldest: OLDEST_PULUMI_VERSION, default: defaultPulumiVersion(), newest: NEWEST_PULUMI_VERSION };
}

/**
 * The versions this run builds and runs: all three by default; ENGINE_VERSIONS=default (or a comma list of
 * oldest, default, newest) narrows it for a quick local run.
 */
export function selectedVersions(env: NodeJS.ProcessEnv = process.env): (keyof VersionSet)[] {
  const names = (env.ENGINE_VERSIONS ?? "oldest,default,newest").split(",").map((name) => name.trim());
  const known: (keyof VersionSet)[] = ["oldest", "default", "newest"];
  for (const name of names)
    if (!known.includes(name as keyof VersionSet))
      throw new Error(`ENGINE_VERSIONS: unknown "${name}" (use ${known.join(", ")})`);
  return known.filter((name) => names.includes(name));
}
