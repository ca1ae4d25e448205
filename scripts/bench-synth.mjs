// How fast synth and the offline plan are, in one run:
//   (a) synth of examples/production.yaml in process, warm (after a warm-up), by the shipped
//       dist/provisioner.js in a child process;
//   (b) synth cold through the bundled CLI, whole processes, beside `validate` on the same file and a bare
//       `node -e 0` (the three interleaved, so drift on a busy machine hits them alike);
//   (c) `plan --base-ref HEAD --format json` through the bundled CLI in a generated Git repository of
//       realistic manifests, a few of them changed in the working tree; the JSON must plan exactly those.
// Every figure is a median with its min–max, printed beside its target. Uses dist/: run
// `node scripts/bundle.mjs` first when the sources changed.
//   node scripts/bench-synth.mjs [--warm-runs 30] [--cold-runs 10] [--plan-runs 5] [--manifests 200] [--changed 5]
import { spawnSync } from "node:child_process";
import console from "node:console";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import process from "node:process";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import {
  BenchError,
  BUNDLED_CLI,
  git,
  initRepository,
  median,
  pick,
  positiveInteger,
  REPOSITORY_ROOT,
  runBenchmark,
  seededRandom,
  spread,
  stackLabels,
  timeNode,
} from "./bench-kit.mjs";

const root = REPOSITORY_ROOT;
const cli = BUNDLED_CLI;
const productionExample = "examples/production.yaml";

const TARGETS = {
  warmSynthMs: 100,
  planSeconds: 2,
};

const { values: options } = parseArgs({
  options: {
    "warm-runs": { type: "string", default: "30" },
    "cold-runs": { type: "string", default: "10" },
    "plan-runs": { type: "string", default: "5" },
    manifests: { type: "string", default: "200" },
    changed: { type: "string", default: "5" },
  },
});

// --- (a) warm synth, in process ------------------------------------------------------------------------

/**
 * In a child: the shipped code (dist/provisioner.js, plain node) synthesizes the production example `runs`
 * times after a warm-up and prints the times as JSON. The manifest comes parsed, as JSON, from a first child
 * that reads the TypeScript sources through tsx: tsx's source-map support would slow every stack trace
 * Pulumi takes, so it stays out of the measured process.
 */
const PARSE_PROGRAM = `
const { readFileSync } = require("node:fs");
import(process.argv[1]).then((spec) => {
  const report = spec.validateSources([{ file: "manifest.yaml", text: readFileSync(process.argv[2], "utf8") }]);
  const manifest = report.documents.find((document) => document.manifest)?.manifest;
  if (!manifest) process.exit(1);
  process.stdout.write(JSON.stringify(manifest));
});
`;

const WARM_PROGRAM = `
const { synth } = require(process.argv[1]);
const manifest = JSON.parse(process.argv[2]);
const runs = Number(process.argv[3]);
(async () => {
  const warmUp = 5;
  for (let run = 0; run < warmUp; run++) await synth(manifest);
  const durations = [];
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    await synth(manifest);
    durations.push(performance.now() - start);
  }
  process.stdout.write(JSON.stringify({ warmUp, durations }));
})();
`;

function measureWarmSynth(runs) {
  const parsed = spawnSync(
    process.execPath,
    [
      "--import",
      "tsx",
      "-e",
      PARSE_PROGRAM,
      pathToFileURL(join(root, "packages/spec/src/index.ts")).href,
      join(root, productionExample),
    ],
    { cwd: root, encoding: "utf8" },
  );
  if (parsed.status !== 0) throw new BenchError(`${productionExample} did not validate:\n${parsed.stderr}`);
  const result = spawnSync(
    process.execPath,
    ["-e", WARM_PROGRAM, join(root, "dist/provisioner.js"), parsed.stdout, String(runs)],
    {
      cwd: root,
      encoding: "utf8",
    },
  );
  if (result.status !== 0) throw new BenchError(`the warm synth worker failed:\n${result.stderr}`);
  return JSON.parse(result.stdout);
}

// --- (b) cold synth through the CLI --------------------------------------------------------------------

/** Wall time of one whole process, in milliseconds; it must exit 0. */
function timeProcess(args, cwd) {
  const run = timeNode(args, cwd);
  if (run.status !== 0) throw new BenchError(`node ${args.join(" ")} exited ${run.status}:\n${run.stderr}`);
  return run;
}

function measureColdStarts(runs) {
  const commands = {
    "node -e 0": ["-e", "0"],
    [`cli validate ${productionExample}`]: [cli, "validate", productionExample],
    [`cli synth ${productionExample}`]: [cli, "synth", productionExample],
    // The same synth looking for valueFrom targets only in examples/, not in the whole repository.
    [`cli synth ${productionExample} --refs examples`]: [
      cli,
      "synth",
      productionExample,
      "--refs",
      "examples",
    ],
  };
  const times = Object.fromEntries(Object.keys(commands).map((name) => [name, []]));
  for (const args of Object.values(commands)) timeProcess(args, root); // warm the file cache once
  for (let run = 0; run < runs; run++) {
    for (const [name, args] of Object.entries(commands))
      times[name].push(timeProcess(args, root).milliseconds);
  }
  return times;
}

// --- (c) plan --base-ref in a generated repository -----------------------------------------------------

const TEAMS = ["payments", "identity", "growth", "platform", "search", "mobile", "support", "data"];
const ENVIRONMENTS = ["dev", "staging", "prod"];
const REGIONS = ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2", "ca-central-1"];
const TRIGGERS = ["preSignUp", "postConfirmation", "preTokenGeneration", "customMessage"];
const LAMBDA_COUNT = 12;

/** One pool manifest as a team would keep it: clients, a domain, often triggers and custom attributes. */
function poolManifest(next, index) {
  const team = TEAMS[index % TEAMS.length];
  const environment = ENVIRONMENTS[Math.floor(index / TEAMS.length) % ENVIRONMENTS.length];
  const name = `${team}-${environment}-pool-${index}`;
  const region = pick(next, REGIONS);
  const production = environment === "prod";
  const host = `${team}-${index}.example.com`;
  const clients = [
    {
      name: "web",
      allowedOauthFlowsUserPoolClient: true,
      allowedOauthFlows: ["code"],
      allowedOauthScopes: ["openid", "email", "profile"],
      callbackUrls: [`https://${host}/callback`],
      logoutUrls: [`https://${host}/logout`],
      supportedIdentityProviders: ["COGNITO"],
      explicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
      enableTokenRevocation: true,
      preventUserExistenceErrors: "ENABLED",
    },
  ];
  if (next() < 0.6) {
    clients.push({
      name: "mobile",
      explicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
      refreshTokenValidityDays: 90,
    });
  }
  if (next() < 0.4) {
    clients.push({
      name: "backend",
      generateSecret: true,
      explicitAuthFlows: ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
      accessTokenValidityMinutes: 30,
    });
  }
  const spec = {
    region,
    usernameAttributes: ["email"],
    autoVerifiedAttributes: ["email"],
    passwordPolicy: {
      minimumLength: production ? 12 : 8 + Math.floor(next() * 4),
      requireLowercase: true,
      requireUppercase: true,
      requireNumbers: true,
      requireSymbols: production,
    },
    mfaConfiguration: production ? "OPTIONAL" : "OFF",
    softwareTokenMfaEnabled: production,
    accountRecoveryMechanisms: [{ name: "verified_email", priority: 1 }],
    deletionProtection: production,
    ...(production
      ? {
          emailConfiguration: {
            emailSendingAccount: "DEVELOPER",
            sourceArn: `arn:aws:ses:${region}:123456789012:identity/${host}`,
            fromEmailAddress: `${team} <noreply@${host}>`,
          },
        }
      : {}),
    ...(next() < 0.5
      ? {
          customAttributes: [
            { name: "tenant_id", attributeDataType: "String", mutable: false, stringMaxLength: 64 },
            { name: "plan", attributeDataType: "String", mutable: true },
          ],
        }
      : {}),
    ...(next() < 0.5
      ? {
          lambdaConfig: {
            [pick(next, TRIGGERS)]: { valueFrom: { name: `hook-${Math.floor(next() * LAMBDA_COUNT)}` } },
          },
        }
      : {}),
    clients,
    domain: { domain: `${team}-${environment}-login-${index}` },
  };
  return {
    path: `teams/${team}/${environment}/${name}.yaml`,
    document: {
      apiVersion: "aws.openmcf.org/v1",
      kind: "AwsCognitoUserPool",
      metadata: { name, labels: stackLabels("acme", team, `${environment}.AwsCognitoUserPool.${name}`) },
      spec,
    },
  };
}

function lambdaManifest(index) {
  const name = `hook-${index}`;
  return {
    path: `functions/${name}.yaml`,
    document: {
      apiVersion: "aws.openmcf.org/v1",
      kind: "AwsLambda",
      metadata: { name, labels: stackLabels("acme", "functions", `prod.AwsLambda.${name}`) },
      spec: { runtime: "nodejs20.x", handler: "index.handler" },
    },
  };
}

/** The edits a pull request makes; each changes one manifest in a different way. */
const EDITS = [
  (spec) => ({ ...spec, passwordPolicy: { ...spec.passwordPolicy, minimumLength: 14 } }),
  (spec) => ({
    ...spec,
    clients: [
      ...spec.clients,
      { name: "partner", explicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] },
    ],
  }),
  (spec) => ({
    ...spec,
    clients: spec.clients.map((client) =>
      client.name === "web"
        ? { ...client, callbackUrls: [...client.callbackUrls, "https://preview.example.com/callback"] }
        : client,
    ),
  }),
  (spec) => ({ ...spec, domain: { domain: `${spec.domain.domain}-new` } }),
  (spec) => ({
    ...spec,
    customAttributes: [
      ...(spec.customAttributes ?? []),
      { name: "department", attributeDataType: "String", mutable: true },
    ],
  }),
];

/** JSON is YAML too, but people write YAML: a small emitter for these plain documents. */
function yamlText(value, indent = "") {
  if (Array.isArray(value)) {
    if (value.length === 0) return " []";
    return value
      .map((item) => {
        const inner = yamlText(item, `${indent}  `);
        return `\n${indent}- ${inner.startsWith("\n") ? inner.trimStart() : inner.trimStart()}`;
      })
      .join("");
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value);
    if (entries.length === 0) return " {}";
    return entries.map(([key, item]) => `\n${indent}${key}:${yamlText(item, `${indent}  `)}`).join("");
  }
  return ` ${JSON.stringify(value)}`;
}

function documentText(document) {
  return `${yamlText(document).trimStart()}\n`;
}

/** Writes and commits the repository, then edits `changed` manifests in the working tree; returns their names. */
function createRepository(directory, count, changed) {
  const next = seededRandom(7);
  const pools = Array.from({ length: count }, (_, index) => poolManifest(next, index));
  const files = [...pools, ...Array.from({ length: LAMBDA_COUNT }, (_, index) => lambdaManifest(index))];
  for (const { path, document } of files) {
    mkdirSync(dirname(join(directory, path)), { recursive: true });
    writeFileSync(join(directory, path), documentText(document));
  }
  writeFileSync(join(directory, "README.md"), "# identity\n");
  initRepository(directory);
  git(directory, "add", "--all");
  git(directory, "commit", "--quiet", "--message", "identity pools");
  // Spread over the repository, one team after another.
  const step = Math.floor(count / changed) + 1;
  const chosen = new Set();
  for (let index = 0; index < changed; index++) {
    let candidate = (index * step + 3) % count;
    while (chosen.has(candidate)) candidate = (candidate + 1) % count;
    chosen.add(candidate);
  }
  const edited = [];
  for (const [index, poolIndex] of [...chosen].entries()) {
    const { path, document } = pools[poolIndex];
    const edit = EDITS[index % EDITS.length];
    writeFileSync(join(directory, path), documentText({ ...document, spec: edit(document.spec) }));
    edited.push(document.metadata.name);
  }
  return edited.sort();
}

function checkRepositoryIsValid(directory, count) {
  const result = spawnSync(process.execPath, [cli, "validate", ".", "--format", "json"], {
    cwd: directory,
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  const report = JSON.parse(result.stdout);
  const valid = report.documents.filter((document) => document.status === "valid").length;
  if (result.status !== 0 || valid !== count) {
    const errors = report.documents
      .flatMap((document) => document.findings.map((finding) => ({ file: document.file, ...finding })))
      .filter((finding) => finding.severity === "error")
      .slice(0, 5)
      .map((finding) => `  ${finding.file}:${finding.line}  ${finding.message}  [${finding.rule}]`);
    throw new BenchError(
      `the generated manifests are not all valid (${valid} of ${count}):\n${errors.join("\n")}`,
    );
  }
}

/** Interleaved with `validate .` on the same files: the floor under the plan, which validates them all too. */
function measurePlan(directory, runs, expected) {
  const times = { validate: [], plan: [] };
  for (let run = 0; run < runs; run++) {
    times.validate.push(timeProcess([cli, "validate", ".", "--format", "json"], directory).milliseconds);
    const { milliseconds, stdout } = timeProcess(
      [cli, "plan", "--base-ref", "HEAD", "--format", "json"],
      directory,
    );
    const planned = JSON.parse(stdout).plans;
    const names = planned.map((plan) => plan.manifest).sort();
    if (JSON.stringify(names) !== JSON.stringify(expected))
      throw new BenchError(`plan planned ${names.join(", ")}; expected exactly ${expected.join(", ")}`);
    const unplannedChange = planned.find(
      (plan) => plan.errors.length > 0 || plan.changes.every((change) => change.action === "unchanged"),
    );
    if (unplannedChange) throw new BenchError(`the plan of ${unplannedChange.manifest} shows no change`);
    times.plan.push(milliseconds);
  }
  return times;
}

// --- Reporting -----------------------------------------------------------------------------------------

function verdict(value, target) {
  return value <= target ? "meets target" : "MISSES target";
}

function positiveOption(name) {
  return positiveInteger(`--${name}`, options[name]);
}

async function benchmark() {
  if (!existsSync(cli)) throw new BenchError("dist/cli.js is missing: run `node scripts/bundle.mjs` first");
  const warmRuns = positiveOption("warm-runs");
  const coldRuns = positiveOption("cold-runs");
  const planRuns = positiveOption("plan-runs");
  const count = positiveOption("manifests");
  const changed = positiveOption("changed");
  if (changed > count) throw new BenchError("--changed cannot exceed --manifests");

  const load = loadavg()
    .map((value) => value.toFixed(2))
    .join(" ");
  console.log(
    `bench-synth: node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? "unknown"}), load average ${load}`,
  );
  console.log("Figures are medians with min–max; the machine is noisy, so compare medians.\n");

  const warm = measureWarmSynth(warmRuns);
  const warmMedian = median(warm.durations);
  console.log(`(a) synth ${productionExample}, warm, in process (after ${warm.warmUp} warm-up synths)`);
  console.log(
    `    ${spread(warm.durations)}    target ≤ ${TARGETS.warmSynthMs} ms: ${verdict(warmMedian, TARGETS.warmSynthMs)}\n`,
  );

  const cold = measureColdStarts(coldRuns);
  console.log(`(b) cold whole processes of the bundled CLI (interleaved)`);
  const bare = median(cold["node -e 0"]);
  const width = Math.max(...Object.keys(cold).map((name) => name.length)) + 2;
  for (const [name, times] of Object.entries(cold)) {
    const overhead =
      name === "node -e 0" ? "" : `   (+${(median(times) - bare).toFixed(0)} ms over node -e 0)`;
    console.log(`    ${name.padEnd(width)} ${spread(times)}${overhead}`);
  }
  console.log("");

  const directory = mkdtempSync(join(tmpdir(), "cognito-bench-synth-"));
  try {
    const expected = createRepository(directory, count, changed);
    checkRepositoryIsValid(directory, count);
    const times = measurePlan(directory, planRuns, expected);
    const seconds = (list) => list.map((milliseconds) => milliseconds / 1000);
    const planMedian = median(seconds(times.plan));
    console.log(
      `(c) plan --base-ref HEAD --format json: ${count} manifests (+${LAMBDA_COUNT} AwsLambda), ${changed} changed in the working tree`,
    );
    console.log(`    planned exactly: ${expected.join(", ")}`);
    console.log(
      `    plan        ${spread(seconds(times.plan), "s", 2)}    target ≤ ${TARGETS.planSeconds} s: ${verdict(planMedian, TARGETS.planSeconds)}`,
    );
    console.log(
      `    validate .  ${spread(seconds(times.validate), "s", 2)}    (the same files, validated only)`,
    );
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

runBenchmark(benchmark);
