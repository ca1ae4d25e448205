// In-process applies against an engine that records stack tags: every manifest converges to its stack
// whatever the pushed range says, stacks recorded at the manifest's digest are skipped without an engine
// call, orphans are reported until destroyed, and no run moves a stack back to an older commit.
import { afterEach, describe, expect, it } from "vitest";
import {
  EngineConfigurationError,
  EnginePlanViolationError,
  StackTagsUnsupportedError,
  ORIGIN_TAGS,
} from "@cognito-action/provisioner";
import { engineNameOf, FakeEngine, stackOf, updatePlan } from "./fakes.ts";
import { ENGINE_ENV, failureOf, pullRequestRun, pushRun, runAction } from "./run-action.ts";
import type { RunResult } from "./run-action.ts";
import { edit, example, exampleFiles, GitWorkspace } from "./workspace.ts";

const NO_COMMIT = "0000000000000000000000000000000000000000";
/** The examples' manifests, in the order of their files. */
const MANIFESTS = ["webapp-auth", "prod-auth", "my-auth"];
/** The stacks as the (self-managed) backend lists them. */
const PROD = "organization/platform/prod.AwsCognitoUserPool.prod-auth";
const WEBAPP = "organization/webapp/staging.AwsCognitoUserPool.webapp-auth";

const workspaces: GitWorkspace[] = [];
afterEach(() => {
  for (const workspace of workspaces.splice(0)) workspace.remove();
});

/** A repository on main with the examples, and an engine whose backend keeps stack tags between runs. */
function history() {
  const workspace = new GitWorkspace();
  workspaces.push(workspace);
  const engine = new FakeEngine();
  const first = workspace.commit(exampleFiles(), "examples");
  return { workspace, engine, first };
}

/** A push of `before..after` to main, applied with `engine`. */
function push(
  setup: { workspace: GitWorkspace; engine: FakeEngine },
  before: string,
  after: string,
  inputs: Record<string, string> = {},
): Promise<RunResult> {
  // The checkout is at the pushed commit, as actions/checkout leaves it.
  setup.workspace.git("checkout", "--quiet", after);
  return pushRun(
    { workspace: setup.workspace, base: before, head: after },
    { inputs, fakeEngine: setup.engine, directPush: true },
  );
}

/** Operations other than opening, reading outputs and disposing, per manifest, after `from` calls. */
function work(engine: FakeEngine, from = 0): string[] {
  return engine.calls
    .slice(from)
    .filter(
      (call) =>
        ![
          "open",
          "currentOutputs",
          "dispose",
          "list",
          "tags",
          "resources",
          "readIndex",
          "writeIndex",
        ].includes(call.operation),
    )
    .map((call) => `${call.operation} ${call.manifest}`);
}

const PROD_CHANGE = {
  "examples/production.yaml": edit(example("production"), "minimumLength: 12", "minimumLength: 14"),
};
const WEBAPP_CHANGE = {
  "examples/hosted-ui.yaml": edit(example("hosted-ui"), "minimumLength: 10", "minimumLength: 12"),
};

describe("the first push of a repository", () => {
  it("previews, applies and records every manifest", async () => {
    const setup = history();
    const result = await push(setup, NO_COMMIT, setup.first);
    expect(result.error).toBeUndefined();
    for (const name of MANIFESTS) expect(setup.engine.operationsOf(name)).toContain("up");
    expect(JSON.parse(result.runner.outputs.changed!)).toEqual(MANIFESTS);
    expect(setup.engine.stacks.get(PROD)?.[ORIGIN_TAGS.commit]).toBe(setup.first);
    expect(setup.engine.stacks.get(PROD)?.[ORIGIN_TAGS.file]).toBe("examples/production.yaml");
  });
});

describe("a push when every stack matches its manifest", () => {
  it("makes no engine call beyond listing the stacks", async () => {
    const setup = history();
    await push(setup, NO_COMMIT, setup.first);
    const docs = setup.workspace.commit({ "README.md": "docs\n" }, "docs");
    const before = setup.engine.calls.length;
    const result = await push(setup, setup.first, docs);
    expect(result.error).toBeUndefined();
    // The index shows every stack converged and not updated since: not even their tags are read.
    expect(
      setup.engine.calls
        .slice(before)
        .map((call) => call.operation)
        .sort(),
    ).toEqual(["list", "readIndex"]);
    expect(result.runner.outputs.changed).toBe("[]");
    expect(result.runner.messages("info")).toContain("Every stack matches its manifest; nothing to apply.");
  });

  it("finds every stack in the index when the engine's plans name the stacks as the backend does", async () => {
    const setup = history();
    // A self-managed backend's preview names the stack organization/…, not as the manifest's labels do.
    const engine = new FakeEngine(() => ({ preview: (request) => updatePlan(engineNameOf(request)) }));
    await push({ ...setup, engine }, NO_COMMIT, setup.first);
    const before = engine.calls.length;
    await push({ ...setup, engine }, setup.first, setup.workspace.commit({ "README.md": "docs\n" }, "docs"));
    expect(
      engine.calls
        .slice(before)
        .map((call) => call.operation)
        .sort(),
    ).toEqual(["list", "readIndex"]);
  });
});

describe("the index of converged stacks", () => {
  it("reads a stack's own tags when something updated it since (a manual up), and skips it by them", async () => {
    const setup = history();
    await push(setup, NO_COMMIT, setup.first);
    setup.engine.touch(PROD);
    const docs = setup.workspace.commit({ "README.md": "docs\n" }, "docs");
    const before = setup.engine.calls.length;
    const result = await push(setup, setup.first, docs);
    expect(result.error).toBeUndefined();
    expect(
      setup.engine.calls
        .slice(before)
        .map((call) => `${call.operation} ${call.manifest}`)
        .sort(),
    ).toEqual(
      [
        "list *",
        "readIndex cognito-action-index/manifests-8d724fc756f4",
        `tags ${PROD}`,
        // The index learns the stack's new update time, so the next run need not read its tags.
        "list *",
        "writeIndex cognito-action-index/manifests-8d724fc756f4",
      ].sort(),
    );
    expect(work(setup.engine, before)).toEqual([]);
    const again = setup.engine.calls.length;
    await push(setup, docs, setup.workspace.commit({ "README.md": "more docs\n" }, "docs again"));
    expect(
      setup.engine.calls
        .slice(again)
        .map((call) => call.operation)
        .sort(),
    ).toEqual(["list", "readIndex"]);
  });
});

describe("a backend that cannot store stack tags (self-managed, CLI before 3.211)", () => {
  it("still applies every stack, and warns that nothing records them", async () => {
    const workspace = new GitWorkspace();
    workspaces.push(workspace);
    const first = workspace.commit(exampleFiles(), "examples");
    const engine = new FakeEngine(() => ({
      setTags: () => {
        throw new StackTagsUnsupportedError("error: stack tags not supported in diy mode");
      },
    }));
    const result = await push({ workspace, engine }, NO_COMMIT, first);
    expect(result.error).toBeUndefined();
    for (const name of MANIFESTS) expect(engine.operationsOf(name)).toContain("up");
    expect(result.runner.messages("warning").join("\n")).toContain("cannot store stack tags");
  });
});

describe("a CLI too old for the backend (self-managed, before 3.211)", () => {
  it("fails the run before any stack, saying which pulumi-version to set", async () => {
    const setup = history();
    const message =
      "Pulumi CLI 3.200.0 cannot store stack tags on a self-managed backend (s3://, file://, gs://, azblob://), where the action records which manifest each stack was deployed from; they need 3.211.0 or later: set pulumi-version to 3.252.0 or later";
    setup.engine.factory.inventory.stacksTagged = () => Promise.reject(new EngineConfigurationError(message));
    const result = await push(setup, NO_COMMIT, setup.first);
    const failure = failureOf(result.error);
    expect(failure.reason).toBe("plan-failed");
    expect(failure.message).toBe(`The Pulumi engine cannot run: ${message}`);
    expect(work(setup.engine)).toEqual([]);
  });
});

/** Makes the engine's backend fail `operation` of its inventory with `error` from now on. */
function failInventory(engine: FakeEngine, operation: "readIndex" | "stacksTagged", error: Error): void {
  Object.assign(engine.factory.inventory, { [operation]: () => Promise.reject(error) });
}

describe("an unreadable index stack", () => {
  it("is only a cache: every stack's own tags are read instead, with a warning, and nothing is applied", async () => {
    const setup = history();
    await push(setup, NO_COMMIT, setup.first);
    failInventory(
      setup.engine,
      "readIndex",
      new Error("error: could not deserialize deployment: unexpected end of JSON input"),
    );
    const docs = setup.workspace.commit({ "README.md": "docs\n" }, "docs");
    const before = setup.engine.calls.length;
    const result = await push(setup, setup.first, docs);
    expect(result.error).toBeUndefined();
    const read = setup.engine.calls.slice(before).filter((call) => call.operation === "tags");
    expect(read.map((call) => call.manifest).sort()).toEqual(
      [...setup.engine.stacks.keys()].filter((name) => name.startsWith("organization/")).sort(),
    );
    expect(work(setup.engine, before)).toEqual([]);
    const warning = result.runner.messages("warning").join("\n");
    expect(warning).toContain("Could not read the index stack cognito-action-index/");
    expect(warning).toContain("could not deserialize deployment");
    expect(result.runner.outputs.changed).toBe("[]");
  });
});

describe("an unexpected error", () => {
  it("still writes the job summary and fails with failure-reason internal", async () => {
    const setup = history();
    await push(setup, NO_COMMIT, setup.first);
    failInventory(setup.engine, "stacksTagged", new Error("connect ECONNRESET 52.1.2.3:443"));
    const result = await push(setup, setup.first, setup.workspace.commit(PROD_CHANGE, "prod-auth"));
    const failure = failureOf(result.error);
    expect(failure.reason).toBe("internal");
    expect(failure.message).toBe("cognito-action failed unexpectedly: connect ECONNRESET 52.1.2.3:443");
    expect(result.runner.summaries.join("\n")).toContain("cognito-action failed unexpectedly");
    expect(result.runner.summaries.join("\n")).toContain("connect ECONNRESET 52.1.2.3:443");
  });
});

describe("a missed run", () => {
  it("is healed by the next: c2's change to prod-auth is applied by c3's run, which changed webapp-auth", async () => {
    const setup = history();
    await push(setup, NO_COMMIT, setup.first);
    const c2 = setup.workspace.commit(PROD_CHANGE, "c2: prod-auth");
    // c2's run was cancelled: nothing ran.
    const c3 = setup.workspace.commit(WEBAPP_CHANGE, "c3: webapp-auth");
    const before = setup.engine.calls.length;
    const result = await push(setup, c2, c3);
    expect(result.error).toBeUndefined();
    expect(work(setup.engine, before).sort()).toEqual([
      "preview prod-auth",
      "preview webapp-auth",
      "setTags prod-auth",
      "setTags webapp-auth",
      "up prod-auth",
      "up webapp-auth",
    ]);
    expect(setup.engine.stacks.get(PROD)?.[ORIGIN_TAGS.commit]).toBe(c3);
  });
});

describe("an update that stopped part-way", () => {
  // The engine checks an update held to its plan step by step, and after the last step
  // (pkg/resource/deploy/deployment_executor.go): some steps may have changed AWS before it stops.
  it("records the stack as interrupted, so a revert to the deployed manifest is previewed and applied, not skipped", async () => {
    let stopPart = false;
    const workspace = new GitWorkspace();
    workspaces.push(workspace);
    const first = workspace.commit(exampleFiles(), "examples");
    const engine = new FakeEngine((manifest) =>
      manifest === "prod-auth"
        ? {
            up: () => {
              if (!stopPart) return { values: {}, secretNames: [] };
              throw new EnginePlanViolationError(
                PROD,
                [
                  `expected resource operations for urn:pulumi:prod::platform::aws:cognito/userPool:UserPool::prod-auth but none were seen`,
                ],
                ["prod-auth-web-spa: update"],
              );
            },
          }
        : {},
    );
    const setup = { workspace, engine };
    await push(setup, NO_COMMIT, first);
    const deployedDigest = engine.stacks.get(PROD)?.[ORIGIN_TAGS.digest];

    const c2 = workspace.commit(PROD_CHANGE, "c2: prod-auth");
    stopPart = true;
    const stopped = await push(setup, first, c2);
    expect(failureOf(stopped.error).reason).toBe("apply-failed");
    expect(stopped.runner.summaries[0]).toMatch(
      /before it stopped it had changed prod-auth-web-spa \(update\).*AWS changed: the stack is recorded as interrupted, so the next apply previews it again; review that plan/s,
    );
    expect(engine.stacks.get(PROD)?.[ORIGIN_TAGS.digest]).toMatch(/^interrupted:/);
    expect(engine.stacks.get(PROD)?.[ORIGIN_TAGS.commit]).toBe(c2);

    // The change is reverted: the manifest asks again for what was deployed before c2, but AWS is not there.
    stopPart = false;
    const c3 = workspace.commit({ "examples/production.yaml": example("production") }, "c3: revert c2");
    const before = engine.calls.length;
    // The revert lowers the minimum password length again: a security-relevant change the run must allow.
    const reverted = await push(setup, c2, c3, { "allow-security-downgrade": "true" });
    expect(reverted.error).toBeUndefined();
    expect(work(engine, before)).toEqual(["preview prod-auth", "up prod-auth", "setTags prod-auth"]);
    expect(engine.stacks.get(PROD)?.[ORIGIN_TAGS.digest]).toBe(deployedDigest);
  });
});

describe("workflow_dispatch", () => {
  it("converges every stack that does not match its manifest", async () => {
    const setup = history();
    await push(setup, NO_COMMIT, setup.first);
    const c2 = setup.workspace.commit(PROD_CHANGE, "c2: prod-auth");
    const before = setup.engine.calls.length;
    const result = await runAction({
      workspace: setup.workspace,
      eventName: "workflow_dispatch",
      sha: c2,
      payload: { inputs: {}, ref: "refs/heads/main", repository: { default_branch: "main" } },
      env: ENGINE_ENV,
      inputs: { command: "apply" },
      fakeEngine: setup.engine,
    });
    expect(result.error).toBeUndefined();
    expect(work(setup.engine, before)).toEqual(["preview prod-auth", "up prod-auth", "setTags prod-auth"]);
  });
});

describe("a deleted manifest's stack", () => {
  it("is reported on every later apply and fails it with replacement-blocked, after applying the rest", async () => {
    const setup = history();
    await push(setup, NO_COMMIT, setup.first);
    const c2 = setup.workspace.commit({ "examples/hosted-ui.yaml": undefined }, "c2: drop webapp-auth");
    await push(setup, setup.first, c2);
    const c3 = setup.workspace.commit(PROD_CHANGE, "c3: prod-auth");
    const before = setup.engine.calls.length;
    const result = await push(setup, c2, c3);
    expect(failureOf(result.error).reason).toBe("replacement-blocked");
    expect(work(setup.engine, before)).toEqual(["preview prod-auth", "up prod-auth", "setTags prod-auth"]);
    expect(result.runner.summaries[0]).toContain("webapp-auth");
    expect(result.runner.summaries[0]).toContain(
      "its manifest examples/hosted-ui.yaml is gone; set allow-destroy: true and allow-replace: true",
    );
    expect(setup.engine.stacks.has(WEBAPP)).toBe(true);
  });

  it("is reported when git calls its deletion a rename to another pool's manifest", async () => {
    const setup = history();
    await push(setup, NO_COMMIT, setup.first);
    // One commit deletes hosted-ui.yaml and adds a near copy for another pool: git calls it a rename.
    const renamedPool = edit(
      edit(example("hosted-ui"), "name: webapp-auth", "name: brand-new-auth"),
      "stack.name: staging.AwsCognitoUserPool.webapp-auth",
      "stack.name: staging.AwsCognitoUserPool.brand-new-auth",
    );
    const c2 = setup.workspace.commit(
      { "examples/hosted-ui.yaml": undefined, "examples/brand-new.yaml": renamedPool },
      "c2: webapp-auth becomes brand-new-auth",
    );
    const before = setup.engine.calls.length;
    const result = await push(setup, setup.first, c2, { "allow-replace": "true" });
    expect(failureOf(result.error).reason).toBe("replacement-blocked");
    // A new stack is claimed for this job before its update, then records its origin after it.
    expect(work(setup.engine, before)).toEqual([
      "preview brand-new-auth",
      "setTags brand-new-auth",
      "up brand-new-auth",
      "setTags brand-new-auth",
    ]);
    expect(result.runner.summaries[0]).toContain("its manifest examples/hosted-ui.yaml is gone");
    expect(setup.engine.stacks.has(WEBAPP)).toBe(true);
  });

  it("is destroyed and its stack removed with allow-destroy and allow-replace", async () => {
    const setup = history();
    await push(setup, NO_COMMIT, setup.first);
    const c2 = setup.workspace.commit({ "examples/hosted-ui.yaml": undefined }, "c2: drop webapp-auth");
    const result = await push(setup, setup.first, c2, { "allow-destroy": "true", "allow-replace": "true" });
    expect(result.error).toBeUndefined();
    expect(work(setup.engine).filter((call) => call.startsWith("destroyAndRemove"))).toEqual([
      `destroyAndRemove ${WEBAPP}`,
    ]);
    expect(setup.engine.stacks.has(WEBAPP)).toBe(false);
    // Nothing for a matrix of only jobs: the stack of a deleted manifest is this run's to destroy.
    expect(JSON.parse(result.runner.outputs.changed!)).toEqual([]);
    expect(result.runner.outputs["has-changes"]).toBe("true");
  });

  it("is never touched when another job (another comment key) deployed it", async () => {
    const setup = history();
    await push(setup, NO_COMMIT, setup.first, { "comment-key": "other-job" });
    const c2 = setup.workspace.commit({ "examples/hosted-ui.yaml": undefined }, "c2: drop webapp-auth");
    const result = await push(setup, setup.first, c2, { "allow-destroy": "true", "allow-replace": "true" });
    expect(setup.engine.stacks.has(WEBAPP)).toBe(true);
    // The manifests left are the other job's stacks too: this job refuses them rather than take them over.
    expect(failureOf(result.error).reason).toBe("stack-not-owned");
    expect(work(setup.engine).filter((operation) => operation.startsWith("up"))).toHaveLength(3);
  });

  it("is never touched when no tag records this repository", async () => {
    const setup = history();
    setup.engine.stacks.set("organization/legacy/prod.AwsCognitoUserPool.legacy", { owner: "someone" });
    await push(setup, NO_COMMIT, setup.first, { "allow-destroy": "true", "allow-replace": "true" });
    expect(setup.engine.stacks.has("organization/legacy/prod.AwsCognitoUserPool.legacy")).toBe(true);
  });
});

describe("only", () => {
  it("plans, guards and applies exactly the named manifests", async () => {
    const setup = history();
    const result = await push(setup, NO_COMMIT, setup.first, { only: "prod-auth\nmy-*" });
    expect(result.error).toBeUndefined();
    expect(setup.engine.operationsOf("webapp-auth")).toEqual([]);
    expect(setup.engine.operationsOf("prod-auth")).toContain("up");
    expect(setup.engine.operationsOf("my-auth")).toContain("up");
    expect(JSON.parse(result.runner.outputs.changed!)).toEqual(["prod-auth", "my-auth"]);
  });

  it("leaves deleted manifests' stacks to the run without only, even with both allow inputs", async () => {
    const setup = history();
    await push(setup, NO_COMMIT, setup.first);
    const c2 = setup.workspace.commit({ "examples/hosted-ui.yaml": undefined }, "c2: drop webapp-auth");
    const result = await push(setup, setup.first, c2, {
      only: "prod-auth",
      "allow-destroy": "true",
      "allow-replace": "true",
    });
    expect(result.error).toBeUndefined();
    expect(setup.engine.stacks.has(WEBAPP)).toBe(true);
    expect(result.runner.messages("info").join("\n")).toContain("left to runs without only");
  });
});

describe("no going back in time", () => {
  it("a slow run for c3 finishing after c4's run does not revert c4", async () => {
    const setup = history();
    await push(setup, NO_COMMIT, setup.first);
    const c3 = setup.workspace.commit(PROD_CHANGE, "c3");
    const c4 = setup.workspace.commit(
      { "examples/production.yaml": edit(example("production"), "minimumLength: 12", "minimumLength: 16") },
      "c4",
    );
    await push(setup, c3, c4);
    const before = setup.engine.calls.length;
    const result = await push(setup, setup.first, c3);
    expect(result.error).toBeUndefined();
    expect(work(setup.engine, before)).toEqual([]);
    expect(setup.engine.stacks.get(PROD)?.[ORIGIN_TAGS.commit]).toBe(c4);
    expect(result.runner.summaries[0]).toContain("newer than this one");
  });

  it("a newer run deploying the stack while this one previews stops this one before up", async () => {
    const setup = history();
    await push(setup, NO_COMMIT, setup.first);
    const c3 = setup.workspace.commit(PROD_CHANGE, "c3");
    const c4 = setup.workspace.commit({ "README.md": "c4\n" }, "c4");
    setup.engine.beforeTagRead = (stack) => {
      // c4's run finishes between this run's listing and its update.
      if (stack === PROD)
        setup.engine.stacks.set(PROD, {
          ...setup.engine.stacks.get(PROD),
          [ORIGIN_TAGS.commit]: c4,
          [ORIGIN_TAGS.digest]: "from-c4",
        });
    };
    const before = setup.engine.calls.length;
    const result = await push(setup, setup.first, c3);
    expect(result.error).toBeUndefined();
    expect(work(setup.engine, before)).toEqual(["preview prod-auth"]);
    expect(result.runner.summaries[0]).toContain("while this run was previewing");
  });
});

describe("no going back in time after waiting on the stack's lock", () => {
  it("an older run whose update waited on a newer run's lock stops instead of overwriting it", async () => {
    const workspace = new GitWorkspace();
    workspaces.push(workspace);
    const engine = new FakeEngine((manifest) => (manifest === "prod-auth" ? { lockWaits: 1 } : {}));
    const first = workspace.commit(exampleFiles(), "examples");
    const setup = { workspace, engine, first };
    await push(setup, NO_COMMIT, first);
    const c3 = workspace.commit(PROD_CHANGE, "c3");
    const c4 = workspace.commit(
      { "examples/production.yaml": edit(example("production"), "minimumLength: 12", "minimumLength: 16") },
      "c4",
    );
    // c4's run holds prod's lock when c3's update starts, and records c4 before c3's run tries again.
    engine.duringLockWait = (stack) => {
      if (stack === PROD)
        engine.stacks.set(PROD, {
          ...engine.stacks.get(PROD),
          [ORIGIN_TAGS.commit]: c4,
          [ORIGIN_TAGS.digest]: "from-c4",
        });
    };
    const result = await push(setup, first, c3);
    expect(result.error).toBeUndefined();
    expect(engine.stacks.get(PROD)?.[ORIGIN_TAGS.commit]).toBe(c4);
    expect(result.runner.summaries[0]).toContain(
      "newer than this one, deployed it while this run was waiting on the stack's lock",
    );
    // Its record is c4's: this run set no tag on prod after the wait.
    expect(engine.stacks.get(PROD)?.[ORIGIN_TAGS.digest]).toBe("from-c4");
  });
});

describe("a fan-out: command plan, one only job per changed manifest, then a run without only", () => {
  it("plan lists what needs work without any engine operation", async () => {
    const setup = history();
    await push(setup, NO_COMMIT, setup.first);
    const c2 = setup.workspace.commit({ ...PROD_CHANGE, ...WEBAPP_CHANGE }, "c2");
    const before = setup.engine.calls.length;
    const plan = await push(setup, setup.first, c2, { command: "plan" });
    expect(plan.error).toBeUndefined();
    expect(JSON.parse(plan.runner.outputs.changed!)).toEqual(["webapp-auth", "prod-auth"]);
    // Only the two changed stacks' own tags are read; the third is up to date by the index.
    expect(
      setup.engine.calls
        .slice(before)
        .map((call) => call.operation)
        .sort(),
    ).toEqual(["list", "readIndex", "tags", "tags"]);
    expect(plan.runner.summaries[0]).toContain(
      "2 to apply: <code>webapp-auth</code>, <code>prod-auth</code>; 1 up to date.",
    );
  });

  it("each only job applies its manifest once, and the run without only finds nothing left", async () => {
    const setup = history();
    await push(setup, NO_COMMIT, setup.first);
    const c2 = setup.workspace.commit({ ...PROD_CHANGE, ...WEBAPP_CHANGE }, "c2");
    const plan = await push(setup, setup.first, c2, { command: "plan" });
    const before = setup.engine.calls.length;
    for (const name of JSON.parse(plan.runner.outputs.changed!) as string[])
      expect((await push(setup, setup.first, c2, { only: name })).error).toBeUndefined();
    const final = await push(setup, setup.first, c2);
    expect(final.error).toBeUndefined();
    expect(work(setup.engine, before)).toEqual([
      "preview webapp-auth",
      "up webapp-auth",
      "setTags webapp-auth",
      "preview prod-auth",
      "up prod-auth",
      "setTags prod-auth",
    ]);
  });
});

describe("what was reviewed vs what is applied", () => {
  /** main deployed at its first commit; a pull request changing prod-auth previewed with the engine. */
  async function reviewedChange() {
    const setup = history();
    await push(setup, NO_COMMIT, setup.first);
    const head = setup.workspace.commit(PROD_CHANGE, "Merge pull request #7");
    const review = await pullRequestRun(
      { workspace: setup.workspace, base: setup.first, head },
      { inputs: { "preview-mode": "pulumi" }, fakeEngine: new FakeEngine() },
    );
    expect(review.error).toBeUndefined();
    return { setup, head, comments: review.api.comments };
  }

  /** The merge's apply, its engine previewing `paths` for prod-auth. */
  function mergeApply(
    reviewed: Awaited<ReturnType<typeof reviewedChange>>,
    paths: string[],
    inputs: Record<string, string> = {},
  ) {
    const { setup, head, comments } = reviewed;
    const engine = new FakeEngine(() => ({
      preview: (request) => {
        const plan = updatePlan(stackOf(request));
        return {
          ...plan,
          changes: plan.changes.map((change) => ({
            ...change,
            properties: paths.map((path) => ({
              path,
              before: "OFF",
              after: "OPTIONAL",
              forcesReplacement: false,
            })),
          })),
        };
      },
    })).holding(Object.fromEntries(setup.engine.stacks));
    return pushRun(
      { workspace: setup.workspace, base: setup.first, head },
      {
        inputs,
        fakeEngine: engine,
        github: { comments, pullRequestsForCommit: [{ number: 7, merged: true, headSha: head }] },
      },
    );
  }

  it("marks a stack applied as the pull request showed it as reviewed", async () => {
    const result = await mergeApply(await reviewedChange(), ["mfaConfiguration"]);
    expect(result.error).toBeUndefined();
    expect(result.runner.summaries[0]).toContain("as reviewed in #7");
  });

  it("marks a stack whose plan changed since the review, and still applies it by default", async () => {
    const result = await mergeApply(await reviewedChange(), ["passwordPolicy.minimumLength"]);
    expect(result.error).toBeUndefined();
    expect(result.runner.summaries[0]).toContain("differs from the reviewed plan in #7");
    expect(result.engine.operationsOf("prod-auth")).toContain("up");
  });

  it("refuses it with plan-changed under require-reviewed-plan", async () => {
    const result = await mergeApply(await reviewedChange(), ["passwordPolicy.minimumLength"], {
      "require-reviewed-plan": "true",
    });
    expect(failureOf(result.error).reason).toBe("plan-changed");
    expect(result.engine.operationsOf("prod-auth")).not.toContain("up");
    expect(result.runner.summaries[0]).toContain("require-reviewed-plan refuses to apply it");
  });
});

describe("two manifests with one metadata.name on two stacks (dev and prod of one pool)", () => {
  const pool = (stage: string) =>
    edit(example("quick-start"), "stack.name: dev.AwsCognitoUserPool.my-auth", `stack.name: ${stage}`);
  const DEV = "organization/my-project/dev";
  const PRODUCTION = "organization/my-project/prod";

  it("converges both stacks, records each, and reports and outputs both", async () => {
    const workspace = new GitWorkspace();
    workspaces.push(workspace);
    const engine = new FakeEngine();
    const first = workspace.commit(
      { "auth/dev.yaml": pool("dev"), "auth/prod.yaml": pool("prod") },
      "dev and prod",
    );
    const result = await push({ workspace, engine }, NO_COMMIT, first);
    expect(result.error).toBeUndefined();
    expect(engine.operationsOf("my-auth").filter((operation) => operation === "up")).toHaveLength(2);
    expect(engine.stacks.get(DEV)?.[ORIGIN_TAGS.file]).toBe("auth/dev.yaml");
    expect(engine.stacks.get(PRODUCTION)?.[ORIGIN_TAGS.file]).toBe("auth/prod.yaml");
    const summary = result.runner.summaries.join("\n");
    expect(summary).toContain("my-org/my-project/dev");
    expect(summary).toContain("my-org/my-project/prod");
    // One key per stack: a shared manifest name is told apart by the stack.
    expect(Object.keys(JSON.parse(result.runner.outputs["stack-outputs"]!) as object).sort()).toEqual([
      "my-auth@my-org/my-project/dev",
      "my-auth@my-org/my-project/prod",
    ]);
  });
});

describe("stack collisions as the backend names stacks", () => {
  const inOrganization = (name: string, organization: string) =>
    edit(
      edit(example("quick-start"), "name: my-auth", `name: ${name}`),
      "organization: my-org",
      `organization: ${organization}`,
    );

  it("refuses two organizations' manifests on a self-managed backend, which keeps them in one stack", async () => {
    const workspace = new GitWorkspace();
    workspaces.push(workspace);
    const engine = new FakeEngine();
    const first = workspace.commit(
      {
        "auth/acme.yaml": inOrganization("acme-auth", "acme"),
        "auth/globex.yaml": inOrganization("globex-auth", "globex"),
      },
      "two organizations",
    );
    const result = await push({ workspace, engine }, NO_COMMIT, first);
    expect(failureOf(result.error).reason).toBe("validation-failed");
    const errors = result.runner.messages("error").join("\n");
    expect(errors).toContain("auth/globex.yaml (globex-auth)");
    expect(errors).toContain("auth/acme.yaml (acme-auth)");
    expect(engine.operationsOf("acme-auth")).toEqual([]);
  });

  it("applies them on Pulumi Cloud, where the organization is part of the stack's name", async () => {
    const workspace = new GitWorkspace();
    workspaces.push(workspace);
    const engine = new FakeEngine();
    const first = workspace.commit(
      {
        "auth/acme.yaml": inOrganization("acme-auth", "acme"),
        "auth/globex.yaml": inOrganization("globex-auth", "globex"),
      },
      "two organizations",
    );
    workspace.git("checkout", "--quiet", first);
    const result = await pushRun(
      { workspace, base: NO_COMMIT, head: first },
      {
        directPush: true,
        env: {
          PULUMI_ACCESS_TOKEN: "pul-example",
          AWS_ACCESS_KEY_ID: "AKIAEXAMPLE",
          AWS_SECRET_ACCESS_KEY: "x",
        },
        fakeEngine: engine,
      },
    );
    expect(result.error).toBeUndefined();
  });
});

describe("a manifest whose labels name a stack this job does not own", () => {
  const DATABASE = { type: "aws:rds/instance:Instance", name: "ledger" };
  const deletesDatabase = (stack: string) => {
    const plan = updatePlan(stack);
    plan.changes.push({ ...DATABASE, action: "delete", properties: [] });
    plan.summary.delete = 1;
    return plan;
  };
  /** The examples on main, and prod-auth's stack already in the backend: untagged, holding a database. */
  function foreignProd() {
    const workspace = new GitWorkspace();
    workspaces.push(workspace);
    const engine = new FakeEngine((manifest) =>
      manifest === "prod-auth"
        ? { resources: () => [DATABASE], preview: (request) => deletesDatabase(stackOf(request)) }
        : {},
    ).holding({ [PROD]: {} });
    const first = workspace.commit(exampleFiles(), "examples");
    return { workspace, engine, first };
  }

  it("refuses an untagged stack with resources before any engine update, and writes no tag", async () => {
    const setup = foreignProd();
    const result = await push(setup, NO_COMMIT, setup.first, {
      "allow-destroy": "true",
      "allow-replace": "true",
    });
    expect(failureOf(result.error).reason).toBe("stack-not-owned");
    expect(setup.engine.operationsOf("prod-auth")).toEqual(["open", "tags", "resources", "dispose"]);
    expect(setup.engine.stacks.get(PROD)).toEqual({});
    const summary = result.runner.summaries.join("\n");
    expect(summary).toContain("organization/platform/prod.AwsCognitoUserPool.prod-auth");
    expect(summary).toContain("aws:rds/instance:Instance ledger");
    expect(summary).toContain("spec.adopt.stack: true");
    // The other stacks are not held back by it.
    expect(setup.engine.operationsOf("webapp-auth")).toContain("up");
  });

  it("refuses a stack another job of this repository deployed (another comment-key)", async () => {
    const setup = history();
    await push(setup, NO_COMMIT, setup.first, { "comment-key": "payments-job" });
    const c2 = setup.workspace.commit(PROD_CHANGE, "c2: prod-auth");
    const before = setup.engine.calls.length;
    const result = await push(setup, setup.first, c2);
    expect(failureOf(result.error).reason).toBe("stack-not-owned");
    expect(work(setup.engine, before)).toEqual([]);
    expect(setup.engine.stacks.get(PROD)?.[ORIGIN_TAGS.scope]).toBe("payments-job");
    expect(result.runner.summaries.join("\n")).toContain("comment-key payments-job");
  });

  it("takes it over with spec.adopt.stack, still guarding the database the program does not declare", async () => {
    const setup = foreignProd();
    const adopting = {
      "examples/production.yaml": edit(
        example("production"),
        "spec:\n",
        "spec:\n  adopt:\n    stack: true\n",
      ),
    };
    const c2 = setup.workspace.commit(adopting, "c2: adopt prod's stack");
    const refused = await push(setup, NO_COMMIT, c2);
    expect(failureOf(refused.error).reason).toBe("replacement-blocked");
    expect(refused.runner.summaries.join("\n")).toContain(
      "aws:rds/instance:Instance ledger, which the manifest does not declare, would be deleted",
    );
    expect(setup.engine.operationsOf("prod-auth")).not.toContain("up");
    expect(setup.engine.stacks.get(PROD)).toEqual({});

    const allowed = await push(setup, NO_COMMIT, c2, { "allow-destroy": "true", "allow-replace": "true" });
    expect(allowed.error).toBeUndefined();
    expect(setup.engine.operationsOf("prod-auth")).toContain("up");
    expect(setup.engine.stacks.get(PROD)?.[ORIGIN_TAGS.commit]).toBe(c2);
    expect(allowed.runner.messages("warning").join("\n")).toContain("Taking over stack");
  });
});
