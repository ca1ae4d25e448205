// Stand-in engine: two runs racing on one stack, the newer holding the lock for a scripted time (upDelayMs);
// test/engine's lock scenario holds a lock file instead.
// Two applies of one stack at once, end to end with the bundled action: the newer commit's run holds the
// stack's lock in a slow update (the stand-in CLI keeps a lock file in its file:// state while `up` runs),
// and the older commit's run, started meanwhile, meets that lock. After waiting it must look at the stack
// again and stop, never overwrite the newer commit's deployment.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startGitHubStandIn } from "./github-stand-in.ts";
import type { GitHubStandIn } from "./github-stand-in.ts";
import { runBundledAction, TestRepository } from "./harness.ts";
import {
  edit,
  example,
  examplesOnMain,
  FAKE_PULUMI_VERSION,
  FakePulumi,
  poolUpdate,
  pushPayload,
  RUN_TIMEOUT,
  STACKS,
} from "./scenario.ts";

/** How long the newer run's update holds the lock, and how long the older one waits before trying again. */
const UPDATE_MS = 10_000;
const LOCK_WAIT_SECONDS = "14";

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

/** Waits until `check` holds, polling. */
async function until(check: () => boolean, timeoutMs: number): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("two applies of one stack at once", () => {
  it(
    "the older commit's run waits on the newer's lock, looks again, and stops without overwriting it",
    async () => {
      const repository = new TestRepository();
      const pulumi = new FakePulumi({
        [STACKS.production]: { previewEvents: [poolUpdate("prod-auth")], upDelayMs: UPDATE_MS },
      });
      const github: GitHubStandIn = await startGitHubStandIn("acme", "identity");
      const scratch = mkdtempSync(join(tmpdir(), "cognito-action-concurrent-"));
      cleanup = async () => {
        await github.close();
        repository.remove();
        pulumi.remove();
        rmSync(scratch, { recursive: true, force: true });
      };
      const first = repository.commit(examplesOnMain(), "examples");
      pulumi.deployedFrom(examplesOnMain(), first);
      const older = repository.commit(
        { "examples/production.yaml": edit(example("production"), "minimumLength: 12", "minimumLength: 14") },
        "older",
      );
      const newer = repository.commit(
        { "examples/production.yaml": edit(example("production"), "minimumLength: 12", "minimumLength: 16") },
        "newer",
      );
      /** Each run gets a checkout of its own commit, as two runners do. */
      const checkout = (sha: string) => {
        const path = join(scratch, sha.slice(0, 8));
        repository.git("worktree", "add", "--quiet", "--detach", path, sha);
        mkdirSync(join(path, ".tmp"));
        return path;
      };
      const apply = (before: string, sha: string, env: Record<string, string> = {}) => {
        const workspace = checkout(sha);
        return runBundledAction({
          workspace,
          eventName: "push",
          payload: pushPayload(before, sha),
          sha,
          inputs: { "github-token": "ghs_e2eTestToken", "pulumi-version": FAKE_PULUMI_VERSION },
          apiUrl: github.url,
          env: { ...pulumi.env(), TMPDIR: join(workspace, ".tmp"), ...env },
        });
      };
      const locks = join(pulumi.stateDir, ".pulumi", "locks", ...STACKS.production.split("/"));

      const newerRun = apply(older, newer);
      await until(() => existsSync(locks) && readdirSync(locks).length > 0, 60_000);
      const olderRun = apply(first, older, { COGNITO_ACTION_LOCK_RETRY_SECONDS: LOCK_WAIT_SECONDS });
      const [newerResult, olderResult] = await Promise.all([newerRun, olderRun]);

      expect(newerResult.code, newerResult.stdout).toBe(0);
      expect(olderResult.code, olderResult.stdout).toBe(0);
      expect(pulumi.recordedCommit(STACKS.production)).toBe(newer);
      expect(olderResult.summary).toContain(
        "newer than this one, deployed it while this run was waiting on the stack's lock",
      );
      // The older run's only update attempt is the one that met the lock.
      const ups = pulumi.invocations().filter((args) => args[0] === "up" && args.includes(STACKS.production));
      expect(ups).toHaveLength(2);
    },
    RUN_TIMEOUT,
  );
});
