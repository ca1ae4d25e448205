// Benchmark of a convergence apply with the bundled action (dist/index.js) and the stand-in Pulumi CLI:
// a push to main over 200 manifests of which 1 changed, beside the same push over a repository holding only
// that 1 manifest. Before each run the backend holds every stack as the previous apply left it (tags and
// the index of converged stacks, at the base commit); the runs are interleaved in pairs.
// Targets: the 200-manifest run makes engine calls for the changed stack only, and takes <= 2x the time of
// the 1-manifest run (median of the pairs' ratios). Figures are medians with min-max.
import { spawn } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  engineStackName,
  indexKey,
  indexStackOf,
  indexValue,
  manifestDigest,
  originTags,
} from "@cognito-action/provisioner";
import { stackIdentity } from "@cognito-action/spec";
import { commentKey } from "../packages/action/src/run/request.ts";
import { validateRepository } from "../packages/action/src/manifests/workspace.ts";
import {
  BUNDLED_ACTION,
  git,
  initRepository,
  median,
  numberedPoolManifest,
  range,
  REPOSITORY_ROOT,
} from "./bench-kit.mjs";

const root = REPOSITORY_ROOT;
const action = BUNDLED_ACTION;
const runs = Number(process.env.BENCH_RUNS ?? 7);
const standIn = createRequire(import.meta.url)(
  join(root, "packages/provisioner/test/fake-pulumi/install.cjs"),
) as {
  installStandIn(folder: string): string;
  seedStack(stateDir: string, name: string, fields: Record<string, unknown>): void;
};

const BACKEND = "file://state";
const GLOBS = "cognito/*.yaml";
const SCOPE = commentKey("", [GLOBS]);
const CHANGED = 7;

/** A repository of `indexes`' manifests at c1, then c2 changing pool-7; the backend as c1's apply left it. */
function setUp(scratch: string, name: string, indexes: number[]) {
  const workspace = join(scratch, name, "repo");
  const state = join(scratch, name, "state");
  mkdirSync(join(workspace, "cognito"), { recursive: true });
  initRepository(workspace);
  const files = Object.fromEntries(indexes.map((i) => [`cognito/pool-${i}.yaml`, numberedPoolManifest(i)]));
  for (const [file, text] of Object.entries(files)) writeFileSync(join(workspace, file), text);
  git(workspace, "add", "-A");
  git(workspace, "commit", "-q", "-m", "c1");
  const c1 = git(workspace, "rev-parse", "HEAD");
  writeFileSync(join(workspace, `cognito/pool-${CHANGED}.yaml`), numberedPoolManifest(CHANGED, 20));
  git(workspace, "commit", "-q", "-am", "c2: pool-7");
  const c2 = git(workspace, "rev-parse", "HEAD");

  const lastUpdate = "2026-11-28T09:00:00.000Z";
  const report = validateRepository(Object.entries(files).map(([file, text]) => ({ file, text })));
  const index: Record<string, string> = {};
  for (const document of report.documents) {
    if (!document.manifest) continue;
    const identity = stackIdentity(document.manifest.metadata);
    const engineName = engineStackName(identity, BACKEND);
    const digest = manifestDigest(document.manifest);
    standIn.seedStack(join(state, "seed"), engineName, {
      outputs: { user_pool_id: `us-east-1_${document.manifest.metadata.name}` },
      lastUpdate,
      tags: originTags({
        repository: "acme/identity",
        scope: SCOPE,
        stack: identity.fullName,
        manifest: document.manifest.metadata.name,
        file: document.file,
        digest,
        commit: c1,
      }),
    });
    index[indexKey(engineName)] = indexValue(digest, lastUpdate);
  }
  const indexStack = indexStackOf(SCOPE);
  standIn.seedStack(join(state, "seed"), `organization/${indexStack.project}/${indexStack.stack}`, {
    tags: index,
  });
  return { workspace, state, c1, c2 };
}

const changedStack = engineStackName(
  stackIdentity({
    name: `pool-${CHANGED}`,
    labels: {
      "pulumi.openmcf.org/organization": "acme",
      "pulumi.openmcf.org/project": "identity",
      "pulumi.openmcf.org/stack.name": `dev.pool-${CHANGED}`,
    },
  }),
  BACKEND,
);

/** One push of c1..c2 through the bundle, from the seeded backend; its time and the stacks it named. */
async function applyOnce(setup: ReturnType<typeof setUp>, scratch: string) {
  const run = mkdtempSync(join(scratch, "run-"));
  const stateDir = join(run, "state");
  cpSync(join(setup.state, "seed"), stateDir, { recursive: true });
  const bin = join(run, "bin");
  standIn.installStandIn(bin);
  const step = {
    sequence: 1,
    timestamp: 1,
    resourcePreEvent: {
      metadata: {
        op: "update",
        type: "aws:cognito/userPool:UserPool",
        urn: `urn:pulumi:dev::identity::aws:cognito/userPool:UserPool::pool-${CHANGED}`,
        provider: "",
        old: { inputs: { passwordPolicy: { minimumLength: 15 } } },
        new: { inputs: { passwordPolicy: { minimumLength: 20 } } },
        detailedDiff: { "passwordPolicy.minimumLength": { diffKind: "update", inputDiff: true } },
      },
    },
  };
  writeFileSync(
    join(run, "scenario.json"),
    JSON.stringify({
      stacks: {
        [changedStack]: { previewEvents: [step], upEvents: [step], outputs: { user_pool_id: "us-east-1_x" } },
      },
    }),
  );
  for (const name of ["event.json", "output", "summary"]) writeFileSync(join(run, name), "");
  writeFileSync(
    join(run, "event.json"),
    JSON.stringify({
      ref: "refs/heads/main",
      before: setup.c1,
      after: setup.c2,
      repository: { default_branch: "main", full_name: "acme/identity" },
    }),
  );
  mkdirSync(join(run, "tmp"));
  const env = {
    PATH: `${bin}:${process.env.PATH ?? ""}`,
    HOME: run,
    TMPDIR: join(run, "tmp"),
    GITHUB_ACTIONS: "true",
    GITHUB_EVENT_NAME: "push",
    GITHUB_EVENT_PATH: join(run, "event.json"),
    GITHUB_OUTPUT: join(run, "output"),
    GITHUB_STEP_SUMMARY: join(run, "summary"),
    GITHUB_WORKSPACE: setup.workspace,
    GITHUB_REPOSITORY: "acme/identity",
    GITHUB_SHA: setup.c2,
    GITHUB_RUN_ID: "1",
    RUNNER_TEMP: join(run, "tmp"),
    PULUMI_HOME: run,
    PULUMI_BACKEND_URL: `file://${stateDir}`,
    PULUMI_CONFIG_PASSPHRASE: "bench",
    AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE",
    AWS_SECRET_ACCESS_KEY: "bench",
    FAKE_PULUMI_SCENARIO: join(run, "scenario.json"),
    FAKE_PULUMI_STATE_DIR: stateDir,
    FAKE_PULUMI_LOG: join(run, "log.jsonl"),
    INPUT_MANIFESTS: GLOBS,
    "INPUT_PULUMI-VERSION": "3.252.0",
  };
  const started = performance.now();
  const { code, stdout } = await new Promise<{ code: number; stdout: string }>((done) => {
    let out = "";
    const child = spawn(process.execPath, [action], { cwd: setup.workspace, env });
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on("data", () => {});
    child.on("close", (status) => done({ code: status ?? -1, stdout: out }));
  });
  const elapsed = performance.now() - started;
  if (code !== 0) throw new Error(`the action exited ${code}:\n${stdout}`);
  const invocations = readFileSync(join(run, "log.jsonl"), "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as string[]);
  const named = new Set(
    invocations.flatMap((args) => args.filter((arg) => arg.startsWith("organization/identity/"))),
  );
  const updated = invocations
    .filter((args) => args[0] === "up")
    .map((args) => args[args.indexOf("--stack") + 1]);
  rmSync(run, { recursive: true, force: true });
  return { elapsed, named: [...named], updated, calls: invocations.length };
}

const scratch = mkdtempSync(join(tmpdir(), "cognito-action-bench-converge-"));
try {
  const many = setUp(
    scratch,
    "many",
    Array.from({ length: 200 }, (_, i) => i),
  );
  const one = setUp(scratch, "one", [CHANGED]);
  const manyTimes: number[] = [];
  const oneTimes: number[] = [];
  const ratios: number[] = [];
  let manyRun: Awaited<ReturnType<typeof applyOnce>> | undefined;
  for (let i = 0; i < runs + 1; i++) {
    const a = await applyOnce(many, scratch);
    const b = await applyOnce(one, scratch);
    manyRun = a;
    if (i === 0) continue; // warm-up: the first pair fills the file system cache
    manyTimes.push(a.elapsed);
    oneTimes.push(b.elapsed);
    ratios.push(a.elapsed / b.elapsed);
  }
  const onlyChanged = manyRun!.named.length === 1 && manyRun!.named[0] === changedStack;
  console.log(
    `apply, 1 of 200 manifests changed: median ${median(manyTimes).toFixed(0)} ms (${range(manyTimes)}); same push over 1 manifest: median ${median(oneTimes).toFixed(0)} ms (${range(oneTimes)}); ratio median ${median(ratios).toFixed(2)} (${Math.min(...ratios).toFixed(2)}-${Math.max(...ratios).toFixed(2)}) over ${ratios.length} interleaved pairs  [target <= 2]`,
  );
  console.log(
    `  stacks named in Pulumi CLI calls of the 200-manifest run: ${manyRun!.named.join(", ")} (${manyRun!.calls} CLI calls in all; updated: ${manyRun!.updated.join(", ")})  [target: ${changedStack} only]${onlyChanged ? "" : "  FAILED"}`,
  );
  if (!onlyChanged) process.exitCode = 1;
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
