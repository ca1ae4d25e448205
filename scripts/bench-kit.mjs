// What every benchmark script shares: a seeded generator so each run measures the same corpus, the
// statistics every figure is reported with (median and min–max, because machines are noisy), timing of
// whole processes, and the small git repositories the corpora live in.
import { spawnSync } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import process from "node:process";
import { fileURLToPath } from "node:url";

/** The repository's root folder, which the benchmarks run in and find the bundles from. */
export const REPOSITORY_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
/** The bundled action, as a runner starts it. */
export const BUNDLED_ACTION = join(REPOSITORY_ROOT, "dist/index.js");
/** The bundled CLI. */
export const BUNDLED_CLI = join(REPOSITORY_ROOT, "dist/cli.js");

/** A reason to stop a benchmark: the scripts print its message without a stack trace. */
export class BenchError extends Error {}

/** A small seeded generator (mulberry32): the same sequence on every run with the same seed. */
export function seededRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One entry of `list`, drawn with `next`. */
export function pick(next, list) {
  return list[Math.floor(next() * list.length)];
}

/** `size` distinct entries of `list`, in list order. */
export function sample(next, list, size) {
  return list
    .map((entry) => ({ entry, key: next() }))
    .sort((a, b) => a.key - b.key)
    .slice(0, size)
    .map(({ entry }) => entry)
    .sort((a, b) => list.indexOf(a) - list.indexOf(b));
}

/** The OpenMCF labels that name a manifest's Pulumi stack. */
export function stackLabels(organization, project, stack) {
  return {
    "openmcf.org/provisioner": "pulumi",
    "pulumi.openmcf.org/organization": organization,
    "pulumi.openmcf.org/project": project,
    "pulumi.openmcf.org/stack.name": stack,
  };
}

/** A small pool manifest, one of a numbered series: what the action benchmarks' repositories hold. */
export function numberedPoolManifest(index, minimumLength = 8 + (index % 8)) {
  return `apiVersion: aws.openmcf.org/v1
kind: AwsCognitoUserPool
metadata:
  name: pool-${index}
  labels:
    pulumi.openmcf.org/organization: acme
    pulumi.openmcf.org/project: identity
    pulumi.openmcf.org/stack.name: dev.pool-${index}
spec:
  region: us-east-1
  usernameAttributes: [email]
  autoVerifiedAttributes: [email]
  passwordPolicy:
    minimumLength: ${minimumLength}
    requireNumbers: true
  clients:
    - name: web
      allowedOauthFlowsUserPoolClient: true
      allowedOauthFlows: [code]
      allowedOauthScopes: [openid, email]
      callbackUrls: [https://app-${index}.example.com/callback]
      explicitAuthFlows: [ALLOW_USER_SRP_AUTH, ALLOW_REFRESH_TOKEN_AUTH]
  domain:
    domain: acme-pool-${index}
`;
}

/**
 * The middle value (the mean of the two middle ones for an even count).
 * @param {number[]} values
 * @returns {number}
 */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * "min–max" of `values`, each shown with `show`.
 * @param {number[]} values
 * @param {(value: number) => string} [show]
 * @returns {string}
 */
export function range(values, show = (value) => value.toFixed(0)) {
  return `${show(Math.min(...values))}–${show(Math.max(...values))}`;
}

/** "median unit (min–max …, n=N)": how every timed figure is printed. */
export function spread(values, unit = "ms", digits = 1) {
  const show = (value) => value.toFixed(digits);
  return `${show(median(values))} ${unit} (min–max ${range(values, show)}, n=${values.length})`;
}

/** A command-line option that must be a whole number of at least 1. */
export function positiveInteger(flag, text) {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1)
    throw new BenchError(`${flag} must be a whole number of at least 1, not ${text}`);
  return value;
}

/** Runs `node args` to completion: its wall time in milliseconds, exit status and output. */
export function timeNode(args, cwd) {
  const start = performance.now();
  const result = spawnSync(process.execPath, args, { cwd, encoding: "utf8", maxBuffer: 1 << 30 });
  const milliseconds = performance.now() - start;
  if (result.error) throw result.error;
  return { milliseconds, status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Runs git in `cwd` and returns its trimmed output; a failure stops the benchmark with git's message. */
export function git(cwd, ...args) {
  const result = spawnSync("git", args, { cwd, encoding: "utf8" });
  if (result.status !== 0) throw new BenchError(`git ${args.join(" ")} failed:\n${result.stderr}`);
  return result.stdout.trim();
}

/** A new repository on `main` with a bench identity, holding nothing yet. */
export function initRepository(directory) {
  git(process.cwd(), "init", "--quiet", "--initial-branch=main", directory);
  git(directory, "config", "user.name", "Benchmark");
  git(directory, "config", "user.email", "bench@example.com");
  git(directory, "config", "commit.gpgsign", "false");
}

/** Runs a benchmark's main function; a BenchError ends it with its message alone and exit 1. */
export function runBenchmark(main) {
  Promise.resolve()
    .then(main)
    .catch((error) => {
      if (!(error instanceof BenchError)) throw error;
      console.error(`benchmark stopped: ${error.message}`);
      process.exitCode = 1;
    });
}
