// How the commit a stack records relates to this run's commit, asked of git: what keeps a slow run for an
// older commit from reverting what a newer commit's run deployed.
import type { Git } from "./git-file-changes.ts";

/**
 * How a recorded commit relates to this run's commit: the same, an ancestor (older), a descendant (newer),
 * unrelated (history rewritten), or unknown (not in the checkout's history).
 */
export type CommitRelation = "same" | "older" | "newer" | "unrelated" | "unknown";

/** GitHub's answer to how two commits relate, for a shallow checkout that lacks the recorded one. */
export type CompareCommits = (
  base: string,
  head: string,
) => Promise<"ahead" | "behind" | "identical" | "diverged">;

/**
 * How `recorded` relates to `head`: asked of the checkout's history, or of GitHub when the checkout is
 * shallow (actions/checkout fetches one commit by default) and does not have `recorded`.
 */
export async function commitRelation(
  git: Git,
  recorded: string,
  head: string,
  compare?: CompareCommits,
): Promise<CommitRelation> {
  if (recorded === head) return "same";
  if (!(await hasCommit(git, recorded)))
    return compare ? relationFromGitHub(compare, recorded, head) : "unknown";
  if (await isAncestor(git, recorded, head)) return "older";
  if (await isAncestor(git, head, recorded)) return "newer";
  return "unrelated";
}

async function relationFromGitHub(
  compare: CompareCommits,
  recorded: string,
  head: string,
): Promise<CommitRelation> {
  try {
    const status = await compare(recorded, head);
    return status === "ahead"
      ? "older"
      : status === "behind"
        ? "newer"
        : status === "identical"
          ? "same"
          : "unrelated";
  } catch {
    // Not found (a commit GitHub does not have) or the API failing: the order cannot be told.
    return "unknown";
  }
}

/** Whether the checkout has `commit` (a full or abbreviated SHA; anything else is not looked up). */
export async function hasCommit(git: Git, commit: string): Promise<boolean> {
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
