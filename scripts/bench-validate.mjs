// How fast `cognito-action validate` is, measured the way people meet it: whole processes of the bundled
// CLI. In one run it reports
//   (a) manifests per second through `node dist/cli.js validate <dir> --format json`,
//   (b) beside it the parse-only floor: the same files read and parsed by the same YAML parser in a child
//       process that does nothing else, and the ratio of the two,
//   (c) the CLI's cold start on one file beside a bare `node -e 0`.
// Machines are noisy (shared runners, busy laptops), so every figure is a median with its min–max, and
// the two sides of each ratio run interleaved (A, B, A, B, …) so drift hits both alike.
//   node scripts/bench-validate.mjs [--count 5000] [--runs 5] [--cold-runs 15] [--seed 1]
import console from "node:console";
import { cpus, tmpdir } from "node:os";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import process from "node:process";
import { parseArgs } from "node:util";
import {
  BenchError,
  BUNDLED_CLI,
  median,
  pick,
  positiveInteger,
  range,
  REPOSITORY_ROOT,
  sample,
  seededRandom,
  timeNode,
} from "./bench-kit.mjs";

const root = REPOSITORY_ROOT;
const cli = BUNDLED_CLI;

const TARGETS = {
  manifestsPerSecond: 5000,
  validateOverParse: 2,
  coldStartOverNode: 3,
};

const { values: options } = parseArgs({
  options: {
    count: { type: "string", default: "5000" },
    runs: { type: "string", default: "5" },
    "cold-runs": { type: "string", default: "15" },
    seed: { type: "string", default: "1" },
    // Writes the corpus to this directory and stops: for profiling the CLI on the same files.
    "write-corpus": { type: "string" },
  },
});

function benchmark() {
  const workDirectory = mkdtempSync(join(tmpdir(), "cognito-bench-"));
  try {
    const corpus = join(workDirectory, "manifests");
    const lineCounts = writeCorpus(corpus, count, seed);
    const single = join(workDirectory, "one.yaml");
    writeFileSync(single, fittedText(generateManifest(seededRandom(seed + 1), 0)));

    printHeader(lineCounts);
    checkCorpusIsValid(corpus, count);
    const throughput = measureThroughput(corpus, count);
    const coldStart = measureColdStart(single);
    printResults(throughput, coldStart);
  } finally {
    rmSync(workDirectory, { recursive: true, force: true });
  }
}

// --- The corpus ----------------------------------------------------------------------------------------

/** Writes `count` manifests, grouped in team directories as a repository would hold them; returns line counts. */
function writeCorpus(directory, count, seed) {
  const next = seededRandom(seed);
  const lineCounts = [];
  for (let index = 0; index < count; index++) {
    const manifest = generateManifest(next, index);
    const text = fittedText(manifest);
    const teamDirectory = join(directory, manifest.team);
    mkdirSync(teamDirectory, { recursive: true });
    writeFileSync(join(teamDirectory, `${manifest.name}.yaml`), text);
    lineCounts.push(text.split("\n").length - 1);
  }
  return lineCounts;
}

/** Manifests people keep run to about 40-90 lines: a manifest that would be longer loses its last clients. */
function fittedText(manifest) {
  let text = manifestText(manifest);
  while (text.split("\n").length - 1 > 90 && manifest.clients.length > 1) {
    manifest.clients.pop();
    text = manifestText(manifest);
  }
  return text;
}

const TEAMS = ["payments", "identity", "growth", "platform", "search", "mobile", "support", "data"];
const APPS = ["portal", "checkout", "admin", "partner", "store", "console", "insights", "booking", "wallet"];
const ENVIRONMENTS = ["dev", "test", "staging", "prod", "sandbox", "qa"];
const REGIONS = [
  "us-east-1",
  "us-east-2",
  "us-west-2",
  "eu-west-1",
  "eu-west-2",
  "eu-central-1",
  "ap-southeast-2",
  "ap-northeast-1",
  "ca-central-1",
  "sa-east-1",
];
const CUSTOM_ATTRIBUTES = [
  { name: "tenant_id", attributeDataType: "String", mutable: false, stringMinLength: 1, stringMaxLength: 64 },
  { name: "plan", attributeDataType: "String", mutable: true, stringMaxLength: 32 },
  { name: "seats", attributeDataType: "Number", mutable: true, numberMinValue: 1, numberMaxValue: 10000 },
  { name: "beta_tester", attributeDataType: "Boolean", mutable: true },
  { name: "signed_terms_at", attributeDataType: "DateTime", mutable: true },
  { name: "department", attributeDataType: "String", mutable: true, stringMaxLength: 128 },
];
const TRIGGERS = [
  "preSignUp",
  "postConfirmation",
  "preTokenGeneration",
  "customMessage",
  "postAuthentication",
];

/** One varied, valid manifest: every rule satisfied, so the CLI does all of its work on each. */
function generateManifest(next, index) {
  const team = pick(next, TEAMS);
  const app = pick(next, APPS);
  const environment = pick(next, ENVIRONMENTS);
  const region = pick(next, REGIONS);
  const account = String(100000000000 + Math.floor(next() * 899999999999));
  const name = `${team}-${app}-${environment}-${index}`;
  const protectedPool = environment === "prod" || environment === "staging";
  const host = `${app}${index}.${team}.example.com`;
  return {
    team,
    name,
    labels: {
      organization: "acme",
      project: `${team}-accounts`,
      stack: `${environment}.AwsCognitoUserPool.${name}`,
    },
    region,
    signIn:
      next() < 0.7
        ? { usernameAttributes: ["email"] }
        : { aliasAttributes: ["email", "preferred_username"], caseSensitive: next() < 0.5 },
    passwordPolicy: {
      minimumLength: 8 + Math.floor(next() * 13),
      requireLowercase: next() < 0.8,
      requireUppercase: next() < 0.8,
      requireNumbers: next() < 0.9,
      requireSymbols: next() < 0.5,
      ...(next() < 0.6 ? { temporaryPasswordValidityDays: 1 + Math.floor(next() * 14) } : {}),
    },
    mfa: pick(next, ["OFF", "OPTIONAL", "OPTIONAL", "ON"]),
    recovery: pick(next, [
      [["verified_email", 1]],
      [
        ["verified_email", 1],
        ["verified_phone_number", 2],
      ],
      [["admin_only", 1]],
    ]),
    email: protectedPool || next() < 0.3 ? { account, region } : undefined,
    adminCreateOnly: next() < 0.25,
    deletionProtection: protectedPool || next() < 0.2,
    customAttributes: sample(next, CUSTOM_ATTRIBUTES, Math.floor(next() * 4)),
    triggers: sample(next, TRIGGERS, Math.floor(next() * 3)).map((trigger) => ({
      trigger,
      arn: `arn:aws:lambda:${region}:${account}:function:${team}-${app}-${kebab(trigger)}${next() < 0.3 ? ":live" : ""}`,
    })),
    clients: generateClients(next, host, pick(next, [1, 1, 2, 2, 2, 3, 3, 4])),
    domain:
      next() < 0.6
        ? { prefix: `acme-${team}-${app}-${environment}-${index}` }
        : { custom: `auth.${host}`, certificate: certificateArn(next, account) },
  };
}

/** App clients; the first is one people sign in to, the others may also be machine-to-machine. */
function generateClients(next, host, count) {
  const userFacing = ["web", "spa", "mobile", "server"];
  const clients = [];
  for (let i = 0; i < count; i++) {
    const kind = pick(next, i === 0 ? userFacing : [...userFacing, "machine"]);
    clients.push({
      kind,
      name: `${kind}-${i}`,
      host,
      accessMinutes: pick(next, [5, 15, 30, 60, 60, 120, 1440]),
      idMinutes: pick(next, [15, 60, 60, 240]),
      refreshDays: pick(next, [1, 7, 30, 30, 90, 365]),
      scopes: sample(next, ["email", "profile", "phone"], 1 + Math.floor(next() * 2)),
      logout: next() < 0.7,
    });
  }
  return clients;
}

function certificateArn(next, account) {
  const hex = (length) => Array.from({ length }, () => "0123456789abcdef"[Math.floor(next() * 16)]).join("");
  return `arn:aws:acm:us-east-1:${account}:certificate/${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`;
}

/** The manifest as a person would write it. */
function manifestText(manifest) {
  const lines = [
    "apiVersion: aws.openmcf.org/v1",
    "kind: AwsCognitoUserPool",
    "metadata:",
    `  name: ${manifest.name}`,
    "  labels:",
    "    openmcf.org/provisioner: pulumi",
    `    pulumi.openmcf.org/organization: ${manifest.labels.organization}`,
    `    pulumi.openmcf.org/project: ${manifest.labels.project}`,
    `    pulumi.openmcf.org/stack.name: ${manifest.labels.stack}`,
    "spec:",
    `  region: ${manifest.region}`,
  ];
  if (manifest.signIn.usernameAttributes) {
    lines.push("  usernameAttributes:", "    - email");
  } else {
    lines.push("  aliasAttributes: [email, preferred_username]");
    if (manifest.signIn.caseSensitive) lines.push("  usernameCaseSensitive: true");
  }
  lines.push("  passwordPolicy:");
  for (const [key, value] of Object.entries(manifest.passwordPolicy)) lines.push(`    ${key}: ${value}`);
  lines.push(`  mfaConfiguration: ${manifest.mfa}`);
  if (manifest.mfa !== "OFF") lines.push("  softwareTokenMfaEnabled: true");
  lines.push("  autoVerifiedAttributes:", "    - email");
  lines.push("  accountRecoveryMechanisms:");
  for (const [name, priority] of manifest.recovery)
    lines.push(`    - name: ${name}`, `      priority: ${priority}`);
  if (manifest.email) {
    const { account, region } = manifest.email;
    lines.push(
      "  emailConfiguration:",
      "    emailSendingAccount: DEVELOPER",
      `    sourceArn: "arn:aws:ses:${region}:${account}:identity/noreply@example.com"`,
      '    fromEmailAddress: "Acme <noreply@example.com>"',
      "    replyToEmailAddress: support@example.com",
    );
  }
  if (manifest.adminCreateOnly) lines.push("  allowAdminCreateUserOnly: true");
  if (manifest.deletionProtection) lines.push("  deletionProtection: true");
  if (manifest.customAttributes.length > 0) {
    lines.push("  customAttributes:");
    for (const attribute of manifest.customAttributes) {
      const [first, ...rest] = Object.entries(attribute);
      lines.push(`    - ${first[0]}: ${first[1]}`, ...rest.map(([key, value]) => `      ${key}: ${value}`));
    }
  }
  if (manifest.triggers.length > 0) {
    lines.push("  lambdaConfig:");
    for (const { trigger, arn } of manifest.triggers) lines.push(`    ${trigger}: ${arn}`);
  }
  lines.push("  clients:");
  for (const client of manifest.clients) lines.push(...clientLines(client));
  lines.push("  domain:");
  if (manifest.domain.prefix) {
    lines.push(`    domain: ${manifest.domain.prefix}`);
  } else {
    lines.push(`    domain: ${manifest.domain.custom}`, `    certificateArn: ${manifest.domain.certificate}`);
  }
  return `${lines.join("\n")}\n`;
}

function clientLines(client) {
  const lines = [`    - name: ${client.name}`];
  const tokens = [
    `      accessTokenValidityMinutes: ${client.accessMinutes}`,
    `      idTokenValidityMinutes: ${client.idMinutes}`,
    `      refreshTokenValidityDays: ${client.refreshDays}`,
  ];
  const base = `https://${client.host}`;
  switch (client.kind) {
    case "machine":
      lines.push(
        "      generateSecret: true",
        "      allowedOauthFlowsUserPoolClient: true",
        "      allowedOauthFlows: [client_credentials]",
        "      allowedOauthScopes: [api/read, api/write]",
        ...tokens.slice(0, 1),
      );
      break;
    case "mobile":
      lines.push(
        "      allowedOauthFlowsUserPoolClient: true",
        "      allowedOauthFlows: [code]",
        `      allowedOauthScopes: [openid, ${client.scopes.join(", ")}]`,
        "      callbackUrls:",
        "        - myapp://callback",
        "        - http://localhost:8081/callback",
        "      explicitAuthFlows: [ALLOW_USER_SRP_AUTH, ALLOW_REFRESH_TOKEN_AUTH]",
        ...tokens,
      );
      break;
    default:
      lines.push(
        ...(client.kind === "server" ? ["      generateSecret: true"] : []),
        "      allowedOauthFlowsUserPoolClient: true",
        "      allowedOauthFlows: [code]",
        `      allowedOauthScopes: [openid, ${client.scopes.join(", ")}]`,
        "      callbackUrls:",
        `        - ${base}/callback`,
        `        - ${base}/${client.name}/callback`,
        ...(client.logout ? [`      logoutUrls: [${base}/logout]`] : []),
        `      defaultRedirectUri: ${base}/callback`,
        "      supportedIdentityProviders: [COGNITO]",
        "      explicitAuthFlows: [ALLOW_USER_SRP_AUTH, ALLOW_REFRESH_TOKEN_AUTH]",
        ...tokens.slice(0, client.kind === "spa" ? 3 : 1),
        "      enableTokenRevocation: true",
        "      preventUserExistenceErrors: ENABLED",
      );
  }
  return lines;
}

function kebab(camelCase) {
  return camelCase.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

// --- Measuring -----------------------------------------------------------------------------------------

/**
 * The parse-only floor: a process that finds the same files, reads them and parses them with the YAML
 * parser the spec package reads valid files with (js-yaml, every document, the core schema), and nothing
 * else. (The loader's second, precise parser runs only for files with findings.)
 */
const PARSE_ONLY_PROGRAM = `
const { readdirSync, readFileSync } = require("node:fs");
const { join } = require("node:path");
// With -e there is no script path: the arguments start at argv[1].
const { CORE_SCHEMA, loadAll } = require(process.argv[1]);
const directory = process.argv[2];
let documents = 0;
for (const entry of readdirSync(directory, { recursive: true })) {
  if (!/\\.ya?ml$/.test(entry)) continue;
  documents += loadAll(readFileSync(join(directory, entry), "utf8"), undefined, { schema: CORE_SCHEMA }).length;
}
process.stdout.write(String(documents));
`;

const yamlPath = createRequire(join(root, "packages/spec/package.json")).resolve("js-yaml");

function runCli(args) {
  return timeNode([cli, ...args], root);
}

function runParseOnly(directory) {
  return timeNode(["-e", PARSE_ONLY_PROGRAM, yamlPath, directory], root);
}

/** One untimed CLI run: a benchmark of invalid manifests would measure the wrong thing. */
function checkCorpusIsValid(corpus, count) {
  const run = runCli(["validate", corpus, "--format", "json"]);
  if (run.status !== 0)
    fail(`the generated corpus does not validate (exit ${run.status}):\n${run.stdout}${run.stderr}`);
  const report = JSON.parse(run.stdout);
  const statuses = report.documents.map((document) => document.status);
  const valid = statuses.filter((status) => status === "valid").length;
  const warnings = report.documents.flatMap((document) => document.findings).length;
  if (valid !== count) fail(`expected ${count} valid manifests, the CLI found ${valid}`);
  console.log(`corpus check: ${valid} of ${count} manifests valid, ${warnings} warnings\n`);
}

/** (a) and (b): CLI and parse-only runs interleaved, each pair giving one ratio. */
function measureThroughput(corpus, count) {
  const cliTimes = [];
  const parseTimes = [];
  const ratios = [];
  // One untimed round of each warms the file cache, so neither side pays for the first read from disk.
  runParseOnly(corpus);
  for (let run = 0; run < runs; run++) {
    const validate = runCli(["validate", corpus, "--format", "json"]);
    const parse = runParseOnly(corpus);
    if (validate.status !== 0) fail(`the CLI failed (exit ${validate.status}): ${validate.stderr}`);
    if (parse.status !== 0 || Number(parse.stdout) !== count)
      fail(`the parse-only run failed (exit ${parse.status}, ${parse.stdout} documents): ${parse.stderr}`);
    cliTimes.push(validate.milliseconds);
    parseTimes.push(parse.milliseconds);
    ratios.push(validate.milliseconds / parse.milliseconds);
  }
  const rate = (milliseconds) => count / (milliseconds / 1000);
  return {
    cliRates: cliTimes.map(rate),
    parseRates: parseTimes.map(rate),
    ratios,
  };
}

/** (c): the CLI on one file and a bare node, interleaved. */
function measureColdStart(file) {
  const cliTimes = [];
  const nodeTimes = [];
  const ratios = [];
  timeNode(["-e", "0"], root);
  runCli(["validate", file]);
  for (let run = 0; run < coldRuns; run++) {
    const validate = runCli(["validate", file]);
    const bare = timeNode(["-e", "0"], root);
    if (validate.status !== 0)
      fail(`the CLI failed on one file (exit ${validate.status}): ${validate.stdout}`);
    cliTimes.push(validate.milliseconds);
    nodeTimes.push(bare.milliseconds);
    ratios.push(validate.milliseconds / bare.milliseconds);
  }
  return { cliTimes, nodeTimes, ratios };
}

// --- Reporting -----------------------------------------------------------------------------------------

function printHeader(lineCounts) {
  const sorted = [...lineCounts].sort((a, b) => a - b);
  console.log(`cognito-action validate benchmark`);
  console.log(
    `node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model.trim() ?? "unknown"}), seed ${seed}`,
  );
  console.log(
    `corpus: ${count.toLocaleString("en")} generated manifests, ${sorted[0]}–${sorted.at(-1)} lines (median ${median(sorted)})`,
  );
}

function printResults(throughput, coldStart) {
  const rows = [
    ["(a) validate: node dist/cli.js validate <dir> --format json", "", "", ""],
    [
      "    manifests/s",
      format(median(throughput.cliRates)),
      range(throughput.cliRates, format),
      verdict(
        median(throughput.cliRates) >= TARGETS.manifestsPerSecond,
        `≥ ${format(TARGETS.manifestsPerSecond)}`,
      ),
    ],
    ["(b) parse-only floor: same files, same YAML parser, toJS", "", "", ""],
    ["    manifests/s", format(median(throughput.parseRates)), range(throughput.parseRates, format), ""],
    [
      "    validate time / parse-only time",
      times(median(throughput.ratios)),
      range(throughput.ratios, times),
      verdict(median(throughput.ratios) <= TARGETS.validateOverParse, `≤ ${TARGETS.validateOverParse}×`),
    ],
    ["(c) cold start on one file", "", "", ""],
    [
      "    node dist/cli.js validate one.yaml",
      ms(median(coldStart.cliTimes)),
      range(coldStart.cliTimes, ms),
      "",
    ],
    ["    node -e 0", ms(median(coldStart.nodeTimes)), range(coldStart.nodeTimes, ms), ""],
    [
      "    CLI / bare node",
      times(median(coldStart.ratios)),
      range(coldStart.ratios, times),
      verdict(median(coldStart.ratios) <= TARGETS.coldStartOverNode, `≤ ${TARGETS.coldStartOverNode}×`),
    ],
  ];
  const header = ["", "median", "min–max", "target"];
  const widths = header.map((_, column) => Math.max(...[header, ...rows].map((row) => row[column].length)));
  const line = (row) =>
    row
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column])))
      .join("   ")
      .trimEnd();
  console.log(`throughput: ${runs} interleaved runs each; cold start: ${coldRuns} interleaved runs each\n`);
  console.log(line(header));
  for (const row of rows) console.log(line(row));
  console.log("\nRatios are medians of the per-pair ratios (each pair ran back to back).");
  const floor = median(throughput.parseRates);
  if (floor < TARGETS.manifestsPerSecond) {
    console.log(
      `The parse-only floor (${format(floor)}/s) is itself below the ${format(TARGETS.manifestsPerSecond)}/s target here: ` +
        "on this machine the YAML parser alone bounds throughput, whatever validation costs.",
    );
  }
}

function verdict(met, target) {
  return `${target} ${met ? "met" : "MISSED"}`;
}

function format(value) {
  return Math.round(value).toLocaleString("en");
}

function times(value) {
  return `${value.toFixed(2)}×`;
}

function ms(value) {
  return `${value.toFixed(0)} ms`;
}

function fail(message) {
  throw new BenchError(message);
}

// Last, so every constant above is initialized before the run starts.
let count, runs, coldRuns, seed;
try {
  count = positiveInteger("--count", options.count);
  runs = positiveInteger("--runs", options.runs);
  coldRuns = positiveInteger("--cold-runs", options["cold-runs"]);
  seed = positiveInteger("--seed", options.seed);
  if (options["write-corpus"]) {
    writeCorpus(resolve(options["write-corpus"]), count, seed);
  } else {
    if (!existsSync(cli)) throw new BenchError("dist/cli.js is missing; run pnpm bundle first");
    benchmark();
  }
} catch (error) {
  if (!(error instanceof BenchError)) throw error;
  console.error(`bench-validate: ${error.message}`);
  process.exitCode = 1;
}
