// What the backend says this repository deployed: one listing of the stacks it tagged, the index stack that
// vouches for unchanged ones, and each remaining stack's own tags.
import {
  EngineConfigurationError,
  mapWithConcurrency,
  StackTagsUnsupportedError,
  commitRelation,
  checkIndex,
  indexStackOf,
  ORIGIN_TAGS,
  originOf,
} from "@cognito-action/provisioner";
import type { Claimant, CompareCommits, EngineInventory } from "@cognito-action/provisioner";
import type { RecordedStack } from "./decide.ts";
import type { DesiredManifest } from "../manifests/changes.ts";
import { ActionFailure } from "../run/errors.ts";
import type { Session } from "../run/types.ts";

/** The stacks this repository deployed: from one listing and the index, reading tags only where needed. */
export async function readDeployed(
  session: Session,
  inventory: EngineInventory,
  desired: readonly DesiredManifest[],
  { repository, scope }: Claimant,
  compare: CompareCommits | undefined,
): Promise<{ recorded: RecordedStack[]; verified: Set<string>; tagsSupported: boolean }> {
  const { runner, context } = session;
  try {
    return await runner.group("Deployed stacks", async () => {
      const [listed, index] = await Promise.all([
        inventory.stacksTagged(ORIGIN_TAGS.repository, repository),
        readIndexOrNothing(session, inventory, scope),
      ]);
      const { verified, unread } = checkIndex(desired, listed, index);
      runner.info(
        `${listed.length} stacks deployed by ${repository}: ${verified.size} up to date by the index, ${unread.length} to read`,
      );
      const digests = new Map(desired.map((manifest) => [manifest.stack, manifest.digest]));
      const recorded = await mapWithConcurrency(unread, 8, async (name): Promise<RecordedStack[]> => {
        const origin = originOf(await inventory.tagsOf(name));
        if (!origin || origin.repository !== repository) return [];
        return [
          {
            engineName: name,
            origin,
            relation:
              digests.get(origin.stack) === origin.digest
                ? undefined
                : await commitRelation(session.git, origin.commit, context.sha, compare),
          },
        ];
      });
      return { recorded: recorded.flat(), verified, tagsSupported: true };
    });
  } catch (error) {
    // The engine cannot run here as configured (a CLI too old for this backend): the message says what to set.
    if (error instanceof EngineConfigurationError)
      throw new ActionFailure("plan-failed", `The Pulumi engine cannot run: ${error.message}`, {
        cause: error,
      });
    if (!(error instanceof StackTagsUnsupportedError)) throw error;
    runner.warning(
      `The state backend cannot store stack tags (${error.message}): every stack is previewed, and stacks of deleted manifests cannot be found. Use Pulumi CLI 3.211 or later.`,
    );
    return { recorded: [], verified: new Set(), tagsSupported: false };
  }
}

/**
 * The index of the job's stacks, or nothing when it cannot be read (a damaged or foreign index stack, a
 * backend error): the index is a cache, so every stack's own tags are read instead, with a warning.
 */
async function readIndexOrNothing(
  session: Session,
  inventory: EngineInventory,
  scope: string,
): Promise<Record<string, string>> {
  const index = indexStackOf(scope);
  try {
    return await inventory.readIndex(index);
  } catch (error) {
    if (error instanceof StackTagsUnsupportedError) throw error;
    session.runner.warning(
      `Could not read the index stack ${index.project}/${index.stack}, so every stack's own tags are read instead: ${session.secrets.redact(error instanceof Error ? error.message : String(error))}`,
    );
    return {};
  }
}
