// Benchmarks of the bundled action (dist/index.js), run as a runner runs it:
//   1. cold start: from process start to the action's first log line, beside a bare node's first line;
//   2. a whole offline pull request run in a repository of 200 manifests of which 1 changed;
//   3. the size of dist/index.js.
// Targets: cold start <= 250 ms; the 1-of-200 run <= 2 s with exactly one manifest planned; <= 8 MB.
// Figures are medians over several runs (min-max beside them); the A/B pairs are interleaved.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BUNDLED_ACTION, git, initRepository, median, numberedPoolManifest, range } from "./bench-kit.mjs";

const action = BUNDLED_ACTION;
const runs = Number(process.env.BENCH_RUNS ?? 9);

/** Milliseconds from spawning `args` until its first line on stdout (and the whole run's output). */
function timeToFirstLine(args, env, cwd) {
  return new Promise((resolveRun, reject) => {
    const started = performance.now();
    let first;
    let stdout = "";
    const child = spawn(process.execPath, args, { env, cwd });
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
      if (first === undefined && stdout.includes("\n")) first = performance.now() - started;
    });
    child.stderr.on("data", () => {});
    child.on("error", reject);
    child.on("close", (code) =>
      resolveRun({ first: first ?? Number.NaN, total: performance.now() - started, code, stdout }),
    );
  });
}

/** A GitHub API stand-in that accepts the comment calls of a pull request run. */
async function startApi() {
  const server = createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      response.setHeader("content-type", "application/json");
      if (request.url === "/graphql")
        return response.end(JSON.stringify({ data: { viewer: { login: "github-actions[bot]" } } }));
      if (request.method === "GET") return response.end("[]");
      response.statusCode = 201;
      response.end(
        JSON.stringify({
          id: 1,
          body: "",
          user: { login: "github-actions[bot]", type: "Bot" },
          html_url: "https://github.com/acme/identity/pull/1#issuecomment-1",
        }),
      );
    });
  });
  await new Promise((resolveListen) => server.listen(0, "127.0.0.1", resolveListen));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => server.close() };
}

function runnerEnv(workspace, scratch, api, eventName, payload, sha, inputs) {
  const eventPath = join(scratch, "event.json");
  writeFileSync(eventPath, JSON.stringify(payload));
  writeFileSync(join(scratch, "output"), "");
  writeFileSync(join(scratch, "summary"), "");
  return {
    PATH: process.env.PATH,
    HOME: scratch,
    GITHUB_ACTIONS: "true",
    GITHUB_EVENT_NAME: eventName,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_OUTPUT: join(scratch, "output"),
    GITHUB_STEP_SUMMARY: join(scratch, "summary"),
    GITHUB_WORKSPACE: workspace,
    GITHUB_REPOSITORY: "acme/identity",
    GITHUB_SHA: sha,
    GITHUB_API_URL: api,
    GITHUB_RUN_ID: "1",
    RUNNER_TEMP: join(scratch, "tmp"),
    ...Object.fromEntries(
      Object.entries(inputs).map(([name, value]) => [`INPUT_${name.toUpperCase()}`, value]),
    ),
  };
}

const scratch = mkdtempSync(join(tmpdir(), "cognito-action-bench-"));
const api = await startApi();
try {
  // The repository: 200 manifests, then one of them changed.
  const workspace = join(scratch, "repo");
  mkdirSync(join(workspace, "cognito"), { recursive: true });
  initRepository(workspace);
  for (let i = 0; i < 200; i++)
    writeFileSync(join(workspace, "cognito", `pool-${i}.yaml`), numberedPoolManifest(i));
  git(workspace, "add", "-A");
  git(workspace, "commit", "-q", "-m", "base");
  const base = git(workspace, "rev-parse", "HEAD");
  writeFileSync(join(workspace, "cognito/pool-7.yaml"), numberedPoolManifest(7, 16));
  git(workspace, "commit", "-q", "-am", "change one");
  const head = git(workspace, "rev-parse", "HEAD");
  const payload = {
    pull_request: {
      number: 1,
      base: { sha: base, ref: "main", repo: { full_name: "acme/identity" } },
      head: { sha: head, repo: { full_name: "acme/identity" } },
    },
    repository: { default_branch: "main" },
  };
  const env = runnerEnv(workspace, scratch, api.url, "pull_request", payload, head, {
    "github-token": "x",
    manifests: "cognito/*.yaml",
    "preview-mode": "offline",
  });

  // 1. Cold start: the action's first log line beside a bare node printing one line.
  const actionFirst = [];
  const nodeFirst = [];
  const whole = [];
  let plannedCount;
  for (let i = 0; i < runs + 1; i++) {
    const a = await timeToFirstLine([action], env, workspace);
    const b = await timeToFirstLine(["-e", "console.log(0)"], env, workspace);
    if (i === 0) continue; // warm-up: the first run fills the file system cache
    if (a.code !== 0) throw new Error(`the action exited ${a.code}:\n${a.stdout}`);
    actionFirst.push(a.first);
    nodeFirst.push(b.first);
    whole.push(a.total);
    const outputs = readFileSync(env.GITHUB_OUTPUT, "utf8");
    plannedCount = JSON.parse(/plan<<(\S+)\n([\s\S]*?)\n\1/.exec(outputs)[2]).length;
    writeFileSync(env.GITHUB_OUTPUT, "");
  }
  const ratios = actionFirst.map((value, i) => value / nodeFirst[i]);
  const size = statSync(action).size / 1024 / 1024;
  console.log(
    `dist/index.js cold start to first log line: median ${median(actionFirst).toFixed(0)} ms (${range(actionFirst)}), bare node ${median(nodeFirst).toFixed(0)} ms (${range(nodeFirst)}), ratio ${median(ratios).toFixed(2)}  [target <= 250 ms]`,
  );
  console.log(
    `pull request run, 1 of 200 manifests changed: median ${median(whole).toFixed(0)} ms (${range(whole)}), manifests planned: ${plannedCount}  [target <= 2000 ms, exactly 1]`,
  );
  console.log(`dist/index.js size: ${size.toFixed(2)} MB  [target <= 8 MB]`);
} finally {
  api.close();
  rmSync(scratch, { recursive: true, force: true });
}
