// How the commit a stack records relates to this run's commit, asked of git: what keeps a slow run for an
// older commit from reverting what a newer commit's run deployed.
import type { Git } from "@cognito-action/provisioner";
import type { CommitRelation } from "./convergence.ts";

/** How `recorded` relates to `head` in the checkout's history. */
export async function commitRelation(git: Git, recorded: string, head: string): Promise<CommitRelation> {
  if (recorded === head) return "same";
  if (!(await exists(git, recorded))) return "unknown";
  if (await isAncestor(git, recorded, head)) return "older";
  if (await isAncestor(git, head, recorded)) return "newer";
  return "unrelated";
}

async function exists(git: Git, commit: string): Promise<boolean> {
  if (!/^[0-9a-f]{7,64}$/i.test(commit)) return false;
  try {
    await git(["cat-file", "-e", `${commit}^{commit}`]);
    return true;
  } catch {
    return false;
  }
}

/** `git merge-base --is-ancestor` answers with its exit status: 0 yes, 1 no, anything else an error. */
async function isAncestor(git: Git, ancestor: string, descendant: string): Promise<boolean> {
  try {
    await git(["merge-base", "--is-ancestor", ancestor, descendant]);
    return true;
  } catch (error) {
    if ((error as { code?: unknown }).code === 1) return false;
    throw error;
  }
}
