// How a recorded commit relates to the run's commit: from the checkout's history, else from GitHub's compare.
import { afterEach, describe, expect, it } from "vitest";
import { gitIn, commitRelation } from "@cognito-action/provisioner";
import { httpError } from "./fakes.ts";
import { GitWorkspace } from "./workspace.ts";

const workspaces: GitWorkspace[] = [];
afterEach(() => {
  for (const workspace of workspaces.splice(0)) workspace.remove();
});

/** main: c1 → c2, and a branch from c1 with c3 (unrelated to c2 as far as ancestry goes). */
function history() {
  const workspace = new GitWorkspace();
  workspaces.push(workspace);
  const c1 = workspace.commit({ "a.txt": "1" }, "c1");
  const c2 = workspace.commit({ "a.txt": "2" }, "c2");
  workspace.git("checkout", "--quiet", "-b", "side", c1);
  const c3 = workspace.commit({ "a.txt": "3" }, "c3");
  return { git: gitIn(workspace.root), c1, c2, c3 };
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
