// Deletions a pull request's comment must show: the stacks of deleted manifests it plans, and the deployed
// stacks of this job that no manifest at the pull request's head declares any more (globs narrowed, a
// manifest moved out of them earlier, a missed run): the merge's converging apply destroys those too.
import { RESOURCE_TYPES, summarize } from "@cognito-action/provisioner";
import type { EngineInventory, ManifestPlan, ResourceChange } from "@cognito-action/provisioner";
import { decideApply } from "./decide.ts";
import type { RecordedStack } from "./decide.ts";
import { readDeployed } from "./deployed.ts";
import { desiredManifests } from "../manifests/changes.ts";
import type { Session } from "../run/types.ts";

/** The sentence a comment carries when it could not list the deployed stacks, and `why`. */
export function orphansUnknown(why: string): string {
  return `This plan cannot know which deployed stacks have no manifest: ${why}. On merge, the apply destroys this job's stacks whose manifest is gone (with allow-destroy and allow-replace); require-reviewed-plan refuses each destroy this comment does not show.`;
}

/** The stack labels a comment shows destroyed: those of `deletions` planned without error. */
export function destroyedStacks(deletions: readonly ManifestPlan[]): string[] {
  return deletions.filter((entry) => entry.plan.errors.length === 0).map((entry) => entry.plan.stack);
}

/** A deployed stack without a manifest, as a deletion in the report: its pool goes, with every user. */
export function orphanPlan(stack: RecordedStack): ManifestPlan {
  const { origin } = stack;
  // The program names the pool after the manifest; the stack's other resources go with it.
  const changes: ResourceChange[] = [
    {
      type: RESOURCE_TYPES.userPool,
      name: origin.manifest,
      action: "delete",
      properties: [],
      destroysUsers: true,
    },
  ];
  return {
    name: origin.manifest,
    file: origin.file,
    fileChange: "deleted",
    plan: {
      stack: origin.stack,
      changes,
      summary: summarize(changes),
      errors: [],
      warnings: [
        {
          rule: "stack-without-manifest",
          message: `stack ${origin.stack} was deployed from ${origin.file} (commit ${origin.commit.slice(0, 7)}) and no manifest matching the globs declares it now: the merge destroys it and every resource in it (with allow-destroy and allow-replace)`,
          resource: origin.manifest,
        },
      ],
    },
  };
}

/**
 * The deployed stacks of this job (its comment key) that no manifest at this commit declares, except those
 * `shownDeleted` already shows, as deletions; or a sentence saying why they could not be listed.
 */
export async function stacksWithoutManifest(
  session: Session,
  inventory: EngineInventory,
  shownDeleted: readonly string[],
): Promise<{ plans: ManifestPlan[] } | { unknown: string }> {
  const { context } = session;
  const repository = `${context.owner}/${context.repo}`;
  const scope = session.scope;
  const desired = desiredManifests(session);
  try {
    const { recorded, verified, tagsSupported } = await readDeployed(
      session,
      inventory,
      desired,
      { repository, scope },
      session.compareCommits,
    );
    if (!tagsSupported) return { unknown: orphansUnknown("the state backend cannot store stack tags") };
    // The decision the merge's apply takes, with destroys allowed: every stack of a gone manifest it could
    // destroy (or would refuse to, when its commit cannot be placed), whatever the review will say.
    const { orphans } = decideApply({
      desired,
      recorded,
      verified,
      scope,
      only: [],
      allowDestroy: true,
      allowReplace: true,
      highlighted: new Set(),
      review: undefined,
      requireReviewedPlan: false,
    }).convergence;
    const shown = new Set(shownDeleted);
    return {
      plans: orphans
        .filter((orphan) => !shown.has(orphan.stack.origin.stack))
        .map((orphan) => orphanPlan(orphan.stack)),
    };
  } catch (error) {
    const why = session.secrets.redact(error instanceof Error ? error.message : String(error));
    session.runner.warning(`Could not list the deployed stacks: ${why}`);
    return { unknown: orphansUnknown(`listing the deployed stacks failed (${why})`) };
  }
}
