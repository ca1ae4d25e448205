// Stand-in engine: which stacks a run converges, decided from many commits' histories; scripted engine
// answers keep each case to seconds.
// The bundled action converging main to the backend over several runs, end to end: one stand-in Pulumi
// CLI whose file:// state (checkpoints and stack tags) persists between runs, one repository whose history
// grows, the GitHub stand-in for the merged pull requests' comments.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startGitHubStandIn } from "./github-stand-in.ts";
import type { GitHubStandIn } from "./github-stand-in.ts";
import { pullRequestPayload, runBundledAction, TestRepository } from "./harness.ts";
import type { ActionRun } from "./harness.ts";
import {
  edit,
  example,
  examplesOnMain,
  FAKE_PULUMI_VERSION,
  FakePulumi,
  POOL,
  poolUpdate,
  pushPayload,
  resourceStep,
  RUN_TIMEOUT,
  STACKS,
} from "./scenario.ts";

const NO_COMMIT = "0000000000000000000000000000000000000000";

/** Every stack previews an in-place update of its pool (what a changed manifest shows). */
const UPDATING = {
  [STACKS.production]: { previewEvents: [poolUpdate("prod-auth")], upEvents: [poolUpdate("prod-auth")] },
  [STACKS.hostedUi]: { previewEvents: [poolUpdate("webapp-auth")], upEvents: [poolUpdate("webapp-auth")] },
  [STACKS.quickStart]: { previewEvents: [poolUpdate("my-auth")], upEvents: [poolUpdate("my-auth")] },
};

const PROD_CHANGE = {
  "examples/production.yaml": edit(example("production"), "minimumLength: 12", "minimumLength: 14"),
};
const WEBAPP_CHANGE = {
  "examples/hosted-ui.yaml": edit(example("hosted-ui"), "minimumLength: 10", "minimumLength: 12"),
};

/** One repository, one backend and one GitHub across the runs of a test. */
class Pipeline {
  readonly repository = new TestRepository();
  readonly pulumi = new FakePulumi(UPDATING);
  readonly scratch = mkdtempSync(join(tmpdir(), "cognito-action-tmp-"));
  constructor(readonly github: GitHubStandIn) {}

  static async start(): Promise<Pipeline> {
    return new Pipeline(await startGitHubStandIn("acme", "identity"));
  }

  /** Runs the action for `eventName` at `sha` with the checkout at `sha`. */
  async run(eventName: string, sha: string, payload: unknown, inputs: Record<string, string> = {}) {
    this.repository.git("checkout", "--quiet", sha);
    const temp = join(this.scratch, sha.slice(0, 8) + Math.random().toString(36).slice(2, 6));
    mkdirSync(temp);
    return runBundledAction({
      workspace: this.repository.path,
      eventName,
      payload,
      sha,
      inputs: { "github-token": "ghs_e2eTestToken", "pulumi-version": FAKE_PULUMI_VERSION, ...inputs },
      apiUrl: this.github.url,
      env: { ...this.pulumi.env(), TMPDIR: temp },
    });
  }

  push(before: string, after: string, inputs: Record<string, string> = {}): Promise<ActionRun> {
    return this.run("push", after, pushPayload(before, after), inputs);
  }

  /** The engine operations since `from` invocations, with stack tag changes. */
  operationsSince(from: number): string[] {
    return this.pulumi
      .invocations()
      .slice(from)
      .filter((args) => ["preview", "up", "destroy"].includes(args[0]!) || args[1] === "rm")
      .map((args) =>
        args[1] === "rm"
          ? `rm ${args.slice(2).find((arg) => !arg.startsWith("-"))}`
          : `${args[0]} ${args[args.indexOf("--stack") + 1]}`,
      );
  }

  async close(): Promise<void> {
    await this.github.close();
    this.repository.remove();
    this.pulumi.remove();
    rmSync(this.scratch, { recursive: true, force: true });
  }
}

let pipeline: Pipeline | undefined;
afterEach(async () => {
  await pipeline?.close();
  pipeline = undefined;
});

/** A pipeline whose first push (of the examples) has been applied. */
async function deployedMain(
  inputs: Record<string, string> = {},
): Promise<{ pipeline: Pipeline; first: string }> {
  pipeline = await Pipeline.start();
  const first = pipeline.repository.commit(examplesOnMain(), "examples");
  const run = await pipeline.push(NO_COMMIT, first, inputs);
  expect(run.code, run.stdout + run.stderr).toBe(0);
  return { pipeline, first };
}

/** The merged pull request `number` of a pushed commit, as GitHub lists it, merged at its head `headSha`. */
function mergedAt(number: number, headSha: string) {
  return [{ number, merged_at: "2026-11-29T09:00:00Z", head: { sha: headSha } }];
}

/** The body of this job's latest comment on pull request `number`. */
function commentOn(pipeline: Pipeline, number: number): string {
  return pipeline.github.state.comments.get(number)?.at(-1)?.body ?? "";
}

describe("convergence, end to end", () => {
  it(
    "the first push of a repository applies every manifest and records it on its stack",
    async () => {
      pipeline = await Pipeline.start();
      const first = pipeline.repository.commit(examplesOnMain(), "examples");
      const run = await pipeline.push(NO_COMMIT, first);
      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(
        pipeline
          .operationsSince(0)
          .filter((operation) => operation.startsWith("up"))
          .sort(),
      ).toEqual([`up ${STACKS.hostedUi}`, `up ${STACKS.quickStart}`, `up ${STACKS.production}`].sort());
      for (const stack of Object.values(STACKS)) expect(pipeline.pulumi.recordedCommit(stack)).toBe(first);
    },
    RUN_TIMEOUT,
  );

  it(
    "a later push with nothing to converge lists the stacks and runs no engine operation",
    async () => {
      const { pipeline, first } = await deployedMain();
      const docs = pipeline.repository.commit({ "README.md": "docs\n" }, "docs");
      const from = pipeline.pulumi.invocations().length;
      const run = await pipeline.push(first, docs);
      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(pipeline.operationsSince(from)).toEqual([]);
      expect(run.outputs.changed).toBe("[]");
      // Not a single command names one of the Cognito stacks: the index answered for all three.
      const stacks: string[] = Object.values(STACKS);
      expect(
        pipeline.pulumi
          .invocations()
          .slice(from)
          .filter((args) => args.some((arg) => stacks.includes(arg))),
      ).toEqual([]);
    },
    RUN_TIMEOUT,
  );

  it(
    "a missed run is healed: c2's run is lost, c3's run applies c2's change and its own",
    async () => {
      const { pipeline } = await deployedMain();
      const c2 = pipeline.repository.commit(PROD_CHANGE, "c2: prod-auth");
      const c3 = pipeline.repository.commit(WEBAPP_CHANGE, "c3: webapp-auth");
      const from = pipeline.pulumi.invocations().length;
      const run = await pipeline.push(c2, c3);
      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(pipeline.operationsSince(from).sort()).toEqual(
        [
          `preview ${STACKS.hostedUi}`,
          `up ${STACKS.hostedUi}`,
          `preview ${STACKS.production}`,
          `up ${STACKS.production}`,
        ].sort(),
      );
      expect(pipeline.pulumi.recordedCommit(STACKS.production)).toBe(c3);
    },
    RUN_TIMEOUT,
  );

  it(
    "workflow_dispatch with command: apply converges what differs",
    async () => {
      const { pipeline } = await deployedMain();
      const c2 = pipeline.repository.commit(PROD_CHANGE, "c2: prod-auth");
      const from = pipeline.pulumi.invocations().length;
      const run = await pipeline.run(
        "workflow_dispatch",
        c2,
        {
          ref: "refs/heads/main",
          inputs: {},
          repository: { default_branch: "main", full_name: "acme/identity" },
        },
        { command: "apply" },
      );
      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(pipeline.operationsSince(from)).toEqual([
        `preview ${STACKS.production}`,
        `up ${STACKS.production}`,
      ]);
    },
    RUN_TIMEOUT,
  );

  it(
    "a refused deletion is reported by every later apply, then destroyed and removed with both allow inputs",
    async () => {
      const { pipeline, first } = await deployedMain();
      const c2 = pipeline.repository.commit({ "examples/hosted-ui.yaml": undefined }, "c2: drop webapp-auth");
      const refused = await pipeline.push(first, c2);
      expect(refused.code).toBe(1);
      expect(refused.outputs["failure-reason"]).toBe("replacement-blocked");
      const c3 = pipeline.repository.commit(PROD_CHANGE, "c3: prod-auth");
      const from = pipeline.pulumi.invocations().length;
      const later = await pipeline.push(c2, c3);
      // c3's own change is applied, and the orphan is reported again.
      expect(pipeline.operationsSince(from)).toEqual([
        `preview ${STACKS.production}`,
        `up ${STACKS.production}`,
      ]);
      expect(later.code).toBe(1);
      expect(later.outputs["failure-reason"]).toBe("replacement-blocked");
      expect(later.summary).toContain("webapp-auth");
      expect(later.summary).toContain("its manifest examples/hosted-ui.yaml is gone");
      expect(pipeline.pulumi.checkpoint(STACKS.hostedUi)).toBeDefined();

      const c4 = pipeline.repository.commit({ "README.md": "allow it\n" }, "c4");
      const allowed = await pipeline.push(c3, c4, { "allow-destroy": "true", "allow-replace": "true" });
      expect(allowed.code, allowed.stdout + allowed.stderr).toBe(0);
      expect(pipeline.operationsSince(from).slice(-2)).toEqual([
        `destroy ${STACKS.hostedUi}`,
        `rm ${STACKS.hostedUi}`,
      ]);
      expect(pipeline.pulumi.checkpoint(STACKS.hostedUi)).toBeUndefined();
      expect(allowed.summary).toContain("destroyed");
    },
    RUN_TIMEOUT,
  );

  it(
    "a slow run for an older commit finishing after a newer one's does not revert it",
    async () => {
      const { pipeline, first } = await deployedMain();
      const c3 = pipeline.repository.commit(PROD_CHANGE, "c3");
      const c4 = pipeline.repository.commit(
        { "examples/production.yaml": edit(example("production"), "minimumLength: 12", "minimumLength: 16") },
        "c4",
      );
      expect((await pipeline.push(c3, c4)).code).toBe(0);
      const from = pipeline.pulumi.invocations().length;
      const slow = await pipeline.push(first, c3);
      expect(slow.code, slow.stdout + slow.stderr).toBe(0);
      expect(pipeline.operationsSince(from)).toEqual([]);
      expect(pipeline.pulumi.recordedCommit(STACKS.production)).toBe(c4);
      expect(slow.summary).toContain("newer than this one");
    },
    RUN_TIMEOUT,
  );

  it(
    "only applies exactly the named manifests",
    async () => {
      pipeline = await Pipeline.start();
      const first = pipeline.repository.commit(examplesOnMain(), "examples");
      const run = await pipeline.push(NO_COMMIT, first, { only: "prod-auth" });
      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(pipeline.operationsSince(0)).toEqual([
        `preview ${STACKS.production}`,
        `up ${STACKS.production}`,
      ]);
      expect(pipeline.pulumi.checkpoint(STACKS.hostedUi)).toBeUndefined();
    },
    RUN_TIMEOUT,
  );

  it(
    "a scheduled drift check with fail-on-drift fails with drift, naming the stack and property",
    async () => {
      const { pipeline, first } = await deployedMain();
      // Someone changed prod-auth's password policy in the console: only the engine sees it.
      pipeline.pulumi.setScenario({ [STACKS.production]: { previewEvents: [poolUpdate("prod-auth")] } });
      const run = await pipeline.run(
        "schedule",
        first,
        { schedule: "0 6 * * *", repository: { default_branch: "main", full_name: "acme/identity" } },
        { "fail-on-drift": "true" },
      );
      expect(run.code).toBe(1);
      expect(run.outputs["failure-reason"]).toBe("drift");
      expect(run.outputs["has-changes"]).toBe("true");
      expect(run.stdout).toContain(
        `Drift: 1 stack(s) differ from their manifests: prod-auth (${STACKS.production}): prod-auth update (passwordPolicy.minimumLength)`,
      );
      expect(run.summary).toContain("passwordPolicy.minimumLength");
    },
    RUN_TIMEOUT,
  );

  describe("what was reviewed vs what is applied", () => {
    /** main deployed; pull request #7 changing prod-auth previewed by the engine; then merged. */
    async function reviewed() {
      const { pipeline, first } = await deployedMain();
      const head = pipeline.repository.commit(PROD_CHANGE, "Merge pull request #7");
      const preview = await pipeline.run("pull_request", head, pullRequestPayload(7, first, head));
      expect(preview.code, preview.stdout + preview.stderr).toBe(0);
      pipeline.github.state.commitPulls.set(head, mergedAt(7, head));
      return { pipeline, first, head };
    }
    /** The engine now plans another property of prod-auth than the pull request showed (drift since). */
    const drifted = {
      [STACKS.production]: {
        previewEvents: [
          resourceStep("update", POOL, "prod-auth", {
            old: { inputs: { mfaConfiguration: "OFF" } },
            new: { inputs: { mfaConfiguration: "OPTIONAL" } },
            detailedDiff: { mfaConfiguration: { diffKind: "update", inputDiff: true } },
          }),
        ],
      },
    };

    it(
      "the merge's apply marks the stack as reviewed when the plan is the one the pull request showed",
      async () => {
        const { pipeline, first, head } = await reviewed();
        const run = await pipeline.push(first, head);
        expect(run.code, run.stdout + run.stderr).toBe(0);
        expect(run.summary).toContain("as reviewed in #7");
      },
      RUN_TIMEOUT,
    );

    it(
      "a plan that changed since the review is marked, and applied without require-reviewed-plan",
      async () => {
        const { pipeline, first, head } = await reviewed();
        pipeline.pulumi.setScenario(drifted);
        const from = pipeline.pulumi.invocations().length;
        const run = await pipeline.push(first, head);
        expect(run.code, run.stdout + run.stderr).toBe(0);
        expect(run.summary).toContain("differs from the reviewed plan in #7");
        expect(pipeline.operationsSince(from)).toEqual([
          `preview ${STACKS.production}`,
          `up ${STACKS.production}`,
        ]);
      },
      RUN_TIMEOUT,
    );

    it(
      "with require-reviewed-plan, a changed plan is refused before any update, with plan-changed",
      async () => {
        const { pipeline, first, head } = await reviewed();
        pipeline.pulumi.setScenario(drifted);
        const from = pipeline.pulumi.invocations().length;
        const run = await pipeline.push(first, head, { "require-reviewed-plan": "true" });
        expect(run.code).toBe(1);
        expect(run.outputs["failure-reason"]).toBe("plan-changed");
        expect(pipeline.operationsSince(from)).toEqual([`preview ${STACKS.production}`]);
      },
      RUN_TIMEOUT,
    );
  });

  describe("deletions are always reviewed", () => {
    /** production.yaml renamed out of the globs (`git mv auth.yaml auth.yaml.bak`). */
    const RENAMED_AWAY = {
      "examples/production.yaml": undefined,
      "examples/production.yaml.bak": example("production"),
    };
    const DESTROY = { "allow-destroy": "true", "allow-replace": "true", "require-reviewed-plan": "true" };

    it(
      "a manifest renamed out of the globs is a deletion in the pull request's comment, with the user pool warning",
      async () => {
        const { pipeline, first } = await deployedMain();
        const head = pipeline.repository.commit(RENAMED_AWAY, "Hide the production manifest");
        const preview = await pipeline.run("pull_request", head, pullRequestPayload(7, first, head), {
          "preview-mode": "offline",
        });
        expect(preview.code, preview.stdout + preview.stderr).toBe(0);
        const comment = commentOn(pipeline, 7);
        expect(comment).not.toContain("No changes");
        expect(comment).toContain("⚠️ 1 user pool destroyed");
        expect(comment).toContain("will be DELETED because its manifest is deleted");
        expect(comment).toContain("cannot know which deployed stacks have no manifest");
      },
      RUN_TIMEOUT,
    );

    it(
      "the engine preview lists the stacks of deleted manifests once, and the merge destroys them as reviewed",
      async () => {
        const { pipeline, first } = await deployedMain();
        const head = pipeline.repository.commit(RENAMED_AWAY, "Merge pull request #7");
        const preview = await pipeline.run("pull_request", head, pullRequestPayload(7, first, head));
        expect(preview.code, preview.stdout + preview.stderr).toBe(0);
        const comment = commentOn(pipeline, 7);
        expect(comment).toContain("⚠️ 1 user pool destroyed");
        expect(comment.split("will be DELETED").length - 1).toBe(1);
        pipeline.github.state.commitPulls.set(head, mergedAt(7, head));
        const from = pipeline.pulumi.invocations().length;
        const run = await pipeline.push(first, head, DESTROY);
        expect(run.code, run.stdout + run.stderr).toBe(0);
        expect(run.summary).toContain("as reviewed in #7");
        expect(pipeline.operationsSince(from)).toContain(`destroy ${STACKS.production}`);
      },
      RUN_TIMEOUT,
    );

    it(
      "a rename pushed after the review is refused on merge with plan-changed, and nothing is destroyed",
      async () => {
        const { pipeline, first } = await deployedMain();
        const reviewedHead = pipeline.repository.commit({ "README.md": "# identity\n" }, "Docs");
        const preview = await pipeline.run(
          "pull_request",
          reviewedHead,
          pullRequestPayload(7, first, reviewedHead),
        );
        expect(preview.code, preview.stdout + preview.stderr).toBe(0);
        expect(commentOn(pipeline, 7)).toContain("No changes");
        // The author pushes the rename and merges before the pull request's job comments again.
        const head = pipeline.repository.commit(RENAMED_AWAY, "Merge pull request #7");
        pipeline.github.state.commitPulls.set(head, mergedAt(7, head));
        const from = pipeline.pulumi.invocations().length;
        const run = await pipeline.push(first, head, DESTROY);
        expect(run.code).toBe(1);
        expect(run.outputs["failure-reason"]).toBe("plan-changed");
        expect(run.summary).toContain("differs from the reviewed plan in #7");
        expect(pipeline.operationsSince(from)).not.toContain(`destroy ${STACKS.production}`);
        expect(pipeline.pulumi.checkpoint(STACKS.production)).toBeDefined();
      },
      RUN_TIMEOUT,
    );

    /** The workflow's globs narrowed to leave production.yaml out, under a fixed comment key. */
    const NARROWED = {
      "comment-key": "identity",
      manifests: "examples/hosted-ui.yaml\nexamples/quick-start.yaml",
    };

    it(
      "narrowed globs: an orphan destroy the offline comment could not show is refused under require-reviewed-plan",
      async () => {
        const { pipeline, first } = await deployedMain({ "comment-key": "identity" });
        const head = pipeline.repository.commit({ "README.md": "# identity\n" }, "Merge pull request #7");
        const preview = await pipeline.run("pull_request", head, pullRequestPayload(7, first, head), {
          ...NARROWED,
          "preview-mode": "offline",
        });
        expect(preview.code, preview.stdout + preview.stderr).toBe(0);
        expect(commentOn(pipeline, 7)).toContain("cannot know which deployed stacks have no manifest");
        pipeline.github.state.commitPulls.set(head, mergedAt(7, head));
        const from = pipeline.pulumi.invocations().length;
        const run = await pipeline.push(first, head, { ...NARROWED, ...DESTROY });
        expect(run.code).toBe(1);
        expect(run.outputs["failure-reason"]).toBe("plan-changed");
        expect(run.summary).toContain("not shown in the reviewed plan of #7");
        expect(pipeline.operationsSince(from)).not.toContain(`destroy ${STACKS.production}`);
      },
      RUN_TIMEOUT,
    );

    it(
      "narrowed globs: the engine preview lists the orphan as a deletion, and the merge destroys it as reviewed",
      async () => {
        const { pipeline, first } = await deployedMain({ "comment-key": "identity" });
        const head = pipeline.repository.commit({ "README.md": "# identity\n" }, "Merge pull request #7");
        const preview = await pipeline.run(
          "pull_request",
          head,
          pullRequestPayload(7, first, head),
          NARROWED,
        );
        expect(preview.code, preview.stdout + preview.stderr).toBe(0);
        const comment = commentOn(pipeline, 7);
        expect(comment).toContain("⚠️ 1 user pool destroyed");
        expect(comment).toContain(
          "(<code>acme/platform/prod.AwsCognitoUserPool.prod-auth</code>) will be DELETED",
        );
        pipeline.github.state.commitPulls.set(head, mergedAt(7, head));
        const from = pipeline.pulumi.invocations().length;
        const run = await pipeline.push(first, head, { ...NARROWED, ...DESTROY });
        expect(run.code, run.stdout + run.stderr).toBe(0);
        expect(run.summary).toContain("as reviewed in #7");
        expect(pipeline.operationsSince(from)).toContain(`destroy ${STACKS.production}`);
      },
      RUN_TIMEOUT,
    );
  });

  describe("reviewed means the same values", () => {
    const HOOK = "arn:aws:lambda:us-east-1:123456789012:function:hook-v2";
    const ATTACKER = "arn:aws:lambda:us-east-1:999999999999:function:attacker";
    const HOOK_CHANGE = {
      "examples/production.yaml": edit(
        example("production"),
        "  mfaConfiguration: OPTIONAL\n",
        `  mfaConfiguration: OPTIONAL\n  lambdaConfig:\n    preSignUp: ${HOOK}\n`,
      ),
    };
    /** The engine plans prod-auth's pre sign-up trigger to become `arn`. */
    const preSignUpTo = (arn: string) => {
      const step = resourceStep("update", POOL, "prod-auth", {
        old: { inputs: { lambdaConfig: {} } },
        new: { inputs: { lambdaConfig: { preSignUp: arn } } },
        detailedDiff: { "lambdaConfig.preSignUp": { diffKind: "add", inputDiff: true } },
      });
      return { [STACKS.production]: { previewEvents: [step], upEvents: [step] } };
    };

    async function reviewedHook() {
      const { pipeline, first } = await deployedMain();
      pipeline.pulumi.setScenario(preSignUpTo(HOOK));
      const head = pipeline.repository.commit(HOOK_CHANGE, "Merge pull request #7");
      const preview = await pipeline.run("pull_request", head, pullRequestPayload(7, first, head));
      expect(preview.code, preview.stdout + preview.stderr).toBe(0);
      expect(commentOn(pipeline, 7)).toContain("function:hook-v2");
      pipeline.github.state.commitPulls.set(head, mergedAt(7, head));
      return { pipeline, first, head };
    }

    it(
      "the merge applying another value than the comment showed differs, and is refused under require-reviewed-plan",
      async () => {
        const { pipeline, first, head } = await reviewedHook();
        pipeline.pulumi.setScenario(preSignUpTo(ATTACKER));
        const from = pipeline.pulumi.invocations().length;
        const run = await pipeline.push(first, head, { "require-reviewed-plan": "true" });
        expect(run.code).toBe(1);
        expect(run.outputs["failure-reason"]).toBe("plan-changed");
        expect(run.summary).toContain("differs from the reviewed plan in #7");
        expect(pipeline.operationsSince(from)).toEqual([`preview ${STACKS.production}`]);
      },
      RUN_TIMEOUT,
    );

    it(
      "the merge applying the values the comment showed is as reviewed",
      async () => {
        const { pipeline, first, head } = await reviewedHook();
        const run = await pipeline.push(first, head, { "require-reviewed-plan": "true" });
        expect(run.code, run.stdout + run.stderr).toBe(0);
        expect(run.summary).toContain("as reviewed in #7");
      },
      RUN_TIMEOUT,
    );

    it(
      "a merge of another head commit than the reviewed one differs, even with the same plan",
      async () => {
        const { pipeline, first, head } = await reviewedHook();
        const later = pipeline.repository.commit({ "README.md": "# later\n" }, "Merge pull request #7");
        pipeline.github.state.commitPulls.set(later, mergedAt(7, later));
        const run = await pipeline.push(first, later, { "require-reviewed-plan": "true" });
        expect(run.code).toBe(1);
        expect(run.outputs["failure-reason"]).toBe("plan-changed");
        expect(run.summary).toContain(`reviewed at ${head.slice(0, 7)}`);
      },
      RUN_TIMEOUT,
    );
  });
});
