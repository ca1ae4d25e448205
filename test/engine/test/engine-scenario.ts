// What the engine scenarios share: a git repository as the workspace, the GitHub stand-in, and the bundled
// action run on a push to main with the real CLI of one version, the `aws` provider plugin and moto (reset
// before every test), against a backend that lives as long as the test.
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CognitoIdentityProviderClient,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import type { UserPoolClientType, UserPoolType } from "@aws-sdk/client-cognito-identity-provider";
import { afterEach, beforeEach, inject } from "vitest";
import { startGitHubStandIn } from "../../../packages/action/test/e2e/github-stand-in.ts";
import type { GitHubStandIn } from "../../../packages/action/test/e2e/github-stand-in.ts";
import {
  pullRequestPayload,
  REPOSITORY_ROOT,
  runBundledAction,
  TestRepository,
} from "../../../packages/action/test/e2e/harness.ts";
import type { ActionRun } from "../../../packages/action/test/e2e/harness.ts";
import { engineEnv, installProviderPlugin } from "../src/engine-env.ts";
import { EMULATOR_CREDENTIALS } from "../src/moto.ts";

export { example, edit } from "../../../packages/action/test/e2e/scenario.ts";

/** A pull request merged into main, where the push reports. */
export const MERGED_PULL_REQUEST = 7;

export interface RunOptions {
  inputs?: Record<string, string>;
  env?: Record<string, string | undefined>;
  /** Sees the action's stdout as it comes. */
  onStdout?: (soFar: string) => void;
}

/** The folders and servers one test uses, removed after it. */
export class EngineWorld {
  readonly root = mkdtempSync(join(tmpdir(), "cognito-action-engine-"));
  readonly repository = new TestRepository();
  readonly endpoint = inject("motoEndpoint");
  readonly aws = new CognitoIdentityProviderClient({
    region: EMULATOR_CREDENTIALS.AWS_REGION,
    endpoint: this.endpoint,
    credentials: {
      accessKeyId: EMULATOR_CREDENTIALS.AWS_ACCESS_KEY_ID,
      secretAccessKey: EMULATOR_CREDENTIALS.AWS_SECRET_ACCESS_KEY,
    },
  });
  standIn: GitHubStandIn | undefined;
  /** The commit main was at before the next push. */
  head: string;

  constructor(
    readonly version: string,
    /** file://<root>/state unless given (s3://…). */
    readonly backendUrl = `file://${join(mkdtempSync(join(tmpdir(), "cognito-action-state-")))}`,
  ) {
    this.head = this.repository.commit({ "README.md": "identity\n" }, "initial");
  }

  /** The environment a job has: the engine's, a passphrase, its own PULUMI_HOME with the provider plugin. */
  env(extra: Record<string, string | undefined> = {}): Record<string, string> {
    const home = join(this.root, "pulumi-home");
    installProviderPlugin(home);
    const env: Record<string, string | undefined> = {
      ...engineEnv({
        version: this.version,
        endpoint: this.endpoint,
        providerBundle: inject("providerBundle"),
      }),
      PULUMI_HOME: home,
      PULUMI_CONFIG_PASSPHRASE: "correct horse battery staple",
      TMPDIR: this.root,
      ...extra,
    };
    // An extra variable set to undefined is one the job does not have.
    return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined)) as Record<
      string,
      string
    >;
  }

  /** Commits `files` on main (nothing: an empty commit) and runs the bundled action on that push. */
  async push(files: Record<string, string | undefined>, options: RunOptions = {}): Promise<ActionRun> {
    const before = this.head;
    const after = this.repository.commit(files, `Merge pull request #${MERGED_PULL_REQUEST}`);
    this.head = after;
    const payload = {
      ref: "refs/heads/main",
      before,
      after,
      repository: { default_branch: "main", full_name: "acme/identity" },
    };
    return this.run("push", payload, options);
  }

  /**
   * Opens pull request `number` from a branch off main that commits `files`, and runs the bundled action on it
   * (the preview) with the branch checked out, as actions/checkout leaves a pull request's job; main stays
   * where it was, and is checked out again afterwards.
   */
  async pullRequest(
    number: number,
    files: Record<string, string | undefined>,
    options: RunOptions = {},
  ): Promise<ActionRun> {
    const base = this.head;
    this.repository.git("checkout", "-q", "-b", `change-${number}`);
    const head = this.repository.commit(files, `Change for pull request #${number}`);
    try {
      return await this.run("pull_request", pullRequestPayload(number, base, head), options, head);
    } finally {
      this.repository.git("checkout", "-q", "main");
    }
  }

  /** A scheduled run at main's head: the drift check. */
  schedule(options: RunOptions = {}): Promise<ActionRun> {
    return this.run(
      "schedule",
      { schedule: "0 6 * * 1-5", repository: { full_name: "acme/identity" } },
      options,
    );
  }

  /** Starts the bundled action on `eventName` at `sha`, main's head unless given (the GitHub stand-in is restarted per run). */
  async run(
    eventName: string,
    payload: unknown,
    options: RunOptions = {},
    sha: string = this.head,
  ): Promise<ActionRun> {
    await this.standIn?.close();
    this.standIn = await startGitHubStandIn("acme", "identity", {
      commitPulls: new Map([
        [this.head, [{ number: MERGED_PULL_REQUEST, merged_at: "2026-11-26T09:00:00Z" }]],
      ]),
    });
    return runBundledAction({
      workspace: this.repository.path,
      eventName,
      payload,
      sha,
      inputs: {
        "github-token": "ghs_e2eTestToken",
        "pulumi-version": this.version,
        "pulumi-backend-url": this.backendUrl,
        ...options.inputs,
      },
      apiUrl: this.standIn.url,
      env: this.env(options.env),
      ...(options.onStdout ? { onStdout: options.onStdout } : {}),
    });
  }

  /** `cognito-action import` of a pool in moto, by the bundled CLI (dist/cli.js): its exit status and output. */
  importPool(poolId: string): Promise<{ code: number; stdout: string; stderr: string }> {
    const args = ["import", "--region", EMULATOR_CREDENTIALS.AWS_REGION, "--user-pool-id", poolId];
    return new Promise((resolve) => {
      execFile(
        process.execPath,
        [join(REPOSITORY_ROOT, "dist/cli.js"), ...args, "--aws-endpoint-url", this.endpoint],
        { cwd: this.root, env: { PATH: process.env.PATH ?? "", HOME: this.root, ...EMULATOR_CREDENTIALS } },
        (error, stdout, stderr) =>
          resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr }),
      );
    });
  }

  /** The pool named `name` in moto, described; undefined when there is none. */
  async pool(name: string): Promise<UserPoolType | undefined> {
    const pools = await this.aws.send(new ListUserPoolsCommand({ MaxResults: 60 }));
    const found = pools.UserPools?.filter((pool) => pool.Name === name) ?? [];
    if (found.length > 1) throw new Error(`${found.length} pools named ${name}`);
    if (found.length === 0) return undefined;
    return (await this.aws.send(new DescribeUserPoolCommand({ UserPoolId: found[0]!.Id }))).UserPool;
  }

  /** The clients of a pool, described, by name. */
  async clients(poolId: string): Promise<Record<string, UserPoolClientType>> {
    const listed = await this.aws.send(
      new ListUserPoolClientsCommand({ UserPoolId: poolId, MaxResults: 60 }),
    );
    const clients: Record<string, UserPoolClientType> = {};
    for (const client of listed.UserPoolClients ?? []) {
      const described = await this.aws.send(
        new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: client.ClientId }),
      );
      clients[client.ClientName!] = described.UserPoolClient!;
    }
    return clients;
  }

  /**
   * Holds the stack's lock the way another job's `pulumi up` does on a file:// backend (pkg/backend/diy/lock.go:
   * .pulumi/locks/<fully qualified stack>/<lock id>.json); returns what releases it.
   */
  holdLock(fullyQualifiedStack: string): () => void {
    if (!this.backendUrl.startsWith("file://"))
      throw new Error(`holdLock needs a file:// backend, not ${this.backendUrl}`);
    const lockDir = join(this.backendUrl.slice("file://".length), ".pulumi/locks", fullyQualifiedStack);
    mkdirSync(lockDir, { recursive: true });
    writeFileSync(
      join(lockDir, "6f1c1a52-2a4e-4c1b-9a57-6a1f0d8e3b21.json"),
      JSON.stringify({
        pid: 4242,
        username: "runner",
        hostname: "other-job",
        timestamp: new Date().toISOString(),
      }),
    );
    return () => rmSync(lockDir, { recursive: true, force: true });
  }

  async remove(): Promise<void> {
    await this.standIn?.close();
    this.repository.remove();
    rmSync(this.root, { recursive: true, force: true });
    if (this.backendUrl.startsWith("file://"))
      rmSync(this.backendUrl.slice("file://".length), { recursive: true, force: true });
  }
}

/** A fresh moto for every test, and the test's world removed after it. */
export function worldPerTest(): { current: EngineWorld | undefined } {
  const holder: { current: EngineWorld | undefined } = { current: undefined };
  beforeEach(async () => {
    const response = await fetch(`${inject("motoEndpoint")}/moto-api/reset`, { method: "POST" });
    if (!response.ok) throw new Error(`moto reset: ${response.status}`);
  });
  afterEach(async () => {
    await holder.current?.remove();
    holder.current = undefined;
  });
  return holder;
}

/** What a failed run says, for an assertion message: its failure output and the end of its log. */
export function explain(run: ActionRun): string {
  return `exit ${run.code}, failure-reason ${run.outputs["failure-reason"] ?? "-"}\n${run.summary.slice(-4000)}\n${run.stdout.slice(-3000)}\n${run.stderr.slice(-3000)}`;
}
