// How a recorded commit relates to the run's commit: from the checkout's history, else from GitHub's compare.
import { afterEach, describe, expect, it } from "vitest";
import { commitRelation } from "../src/git-commit-relation.ts";
import { gitIn } from "../src/git-file-changes.ts";
import { temporaryGitRepository } from "./git-repository.ts";
import type { GitRepository } from "./git-repository.ts";

const repositories: GitRepository[] = [];
afterEach(() => {
  for (const repository of repositories.splice(0)) repository.remove();
});

/** main: c1 → c2, and a branch from c1 with c3 (unrelated to c2 as far as ancestry goes). */
function history() {
  const repository = temporaryGitRepository();
  repositories.push(repository);
  const commit = (text: string, message: string) => {
    repository.write("a.txt", text);
    repository.commit(message);
    return repository.git("rev-parse", "HEAD").trim();
  };
  const c1 = commit("1", "c1");
  const c2 = commit("2", "c2");
  repository.git("checkout", "--quiet", "-b", "side", c1);
  const c3 = commit("3", "c3");
  return { git: gitIn(repository.root), c1, c2, c3 };
}

/** What octokit throws for an HTTP error status. */
function httpError(status: number): Error & { status: number } {
  return Object.assign(new Error(`HTTP ${status}`), { status });
}

const MISSING = "1234567890123456789012345678901234567890";

describe("commitRelation", () => {
  it("is same for the run's own commit", async () => {
    const { git, c2 } = history();
    expect(await commitRelation(git, c2, c2)).toBe("same");
  });
  it("is older for an ancestor", async () => {
    const { git, c1, c2 } = history();
    expect(await commitRelation(git, c1, c2)).toBe("older");
  });
  it("is newer for a descendant", async () => {
    const { git, c1, c2 } = history();
    expect(await commitRelation(git, c2, c1)).toBe("newer");
  });
  it("is unrelated for a commit on another line of history", async () => {
    const { git, c2, c3 } = history();
    expect(await commitRelation(git, c3, c2)).toBe("unrelated");
  });
  it("is unknown for a commit the checkout lacks, without GitHub", async () => {
    const { git, c2 } = history();
    expect(await commitRelation(git, MISSING, c2)).toBe("unknown");
  });
  it("asks GitHub for a commit a shallow checkout lacks", async () => {
    const { git, c2 } = history();
    const compare = (base: string, head: string) =>
      Promise.resolve(base === MISSING && head === c2 ? ("behind" as const) : ("diverged" as const));
    expect(await commitRelation(git, MISSING, c2, compare)).toBe("newer");
  });
  it("is unknown when GitHub cannot compare either", async () => {
    const { git, c2 } = history();
    expect(await commitRelation(git, MISSING, c2, () => Promise.reject(httpError(404)))).toBe("unknown");
  });
});
