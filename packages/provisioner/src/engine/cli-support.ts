// Which Pulumi CLI versions this adapter supports, and for what. Each limit is a defect of older CLIs read in
// pulumi/pulumi, refused up front with what to set rather than found half-way through an apply.

/** Inline programs need this CLI for destroy and refresh (sdk/nodejs/automation/stack.ts checkInlineSupport). */
export const MINIMUM_CLI_VERSION = "3.181.0";

/**
 * Self-managed backends store stack tags from this CLI on (pulumi/pulumi#19882, pkg/backend/diy/stack_tags.go).
 * Before it, `stack tag` answers "the current backend (…) does not support stack tags"
 * (pkg/cmd/pulumi/stack/stack_tag.go checks SupportsTags first) and DIY `stack ls` ignores tag filters, so the
 * action could neither record where a stack came from nor find the stacks of deleted manifests.
 */
export const MINIMUM_SELF_MANAGED_CLI_VERSION = "3.211.0";

/**
 * Adopting resources needs this CLI: before it, a resource imported and updated in the same run is saved with
 * `ImportID: ""`, and the next run plans `import-replacement` + `replace` for it (pulumi/pulumi#14836, fixed
 * by #23834, pkg/resource/deploy/step_generator.go). An adopted client would be deleted and made anew.
 */
export const MINIMUM_ADOPTION_CLI_VERSION = "3.252.0";

/** `a < b` for `major.minor.patch` versions (a leading `v` and any pre-release or build suffix ignored). */
export function versionBelow(a: string, b: string): boolean {
  const parts = (version: string) =>
    version
      .replace(/^v/, "")
      .split(/[-+]/)[0]!
      .split(".")
      .map((part) => Number.parseInt(part, 10) || 0);
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) < (y[i] ?? 0);
  return false;
}

/** Why the CLI at `version` cannot run this action's stacks on this backend; undefined when it can. */
export function cliSupportProblem(version: string, selfManagedBackend: boolean): string | undefined {
  if (versionBelow(version, MINIMUM_CLI_VERSION))
    return `Pulumi CLI ${version} cannot run this action's inline programs (destroy and refresh need ${MINIMUM_CLI_VERSION} or later); set pulumi-version to ${MINIMUM_ADOPTION_CLI_VERSION} or later`;
  if (selfManagedBackend && versionBelow(version, MINIMUM_SELF_MANAGED_CLI_VERSION))
    return `Pulumi CLI ${version} cannot store stack tags on a self-managed backend (s3://, file://, gs://, azblob://), where the action records which manifest each stack was deployed from; they need ${MINIMUM_SELF_MANAGED_CLI_VERSION} or later: set pulumi-version to ${MINIMUM_ADOPTION_CLI_VERSION} or later`;
  return undefined;
}

/** Why the CLI at `version` must not adopt (import) resources; undefined when it may. */
export function adoptionSupportProblem(version: string): string | undefined {
  return versionBelow(version, MINIMUM_ADOPTION_CLI_VERSION)
    ? `Pulumi CLI ${version} saves an adopted resource that is also updated in the same run without its import ID, so the next run would replace it (pulumi/pulumi#14836, fixed in ${MINIMUM_ADOPTION_CLI_VERSION}); set pulumi-version to ${MINIMUM_ADOPTION_CLI_VERSION} or later before adopting`
    : undefined;
}
