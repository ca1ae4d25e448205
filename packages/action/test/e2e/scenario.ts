// What the end-to-end tests share: the repository's examples, a stand-in Pulumi CLI on PATH with its
// scenario, invocation log and state, and readers for what a run leaves behind (annotations, comment writes).
import { commentKey, parseInputs } from "../../src/run/request.ts";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { engineStackName, manifestDigest, ORIGIN_TAGS, originTags } from "@cognito-action/provisioner";
import { stackIdentity } from "@cognito-action/spec";
import { validateRepository } from "../../src/manifests/workspace.ts";
import { afterEach } from "vitest";
import { startGitHubStandIn } from "./github-stand-in.ts";
import type { GitHubStandIn, RecordedRequest, StandInState } from "./github-stand-in.ts";
import { REPOSITORY_ROOT, runBundledAction } from "./harness.ts";
import type { ActionRun, TestRepository } from "./harness.ts";
import { standIn } from "../../../provisioner/test/fake-pulumi/stand-in.ts";
import type { StackScenario } from "../../../provisioner/test/fake-pulumi/stand-in.ts";

export type { StackScenario };

/** A run of the bundled action takes a few seconds; engine runs start the CLI a dozen times. */
export const RUN_TIMEOUT = 120_000;

/** The text of examples/<name>.yaml. */
export function example(name: "production" | "hosted-ui" | "quick-start"): string {
  return readFileSync(join(REPOSITORY_ROOT, "examples", `${name}.yaml`), "utf8");
}

/** The three Cognito examples, where the repositories of these tests keep them on main. */
export function examplesOnMain(): Record<string, string> {
  return {
    "examples/production.yaml": example("production"),
    "examples/hosted-ui.yaml": example("hosted-ui"),
    "examples/quick-start.yaml": example("quick-start"),
  };
}

/** `text` with one exact occurrence of `from` replaced; throws when it is not there once. */
export function edit(text: string, from: string, to: string): string {
  const parts = text.split(from);
  if (parts.length !== 2)
    throw new Error(`expected ${JSON.stringify(from)} once, found it ${parts.length - 1} times`);
  return parts.join(to);
}

/** The examples' stacks on a self-managed (file://) backend: `organization/<project>/<stack>`. */
export const STACKS = {
  production: "organization/platform/prod.AwsCognitoUserPool.prod-auth",
  hostedUi: "organization/webapp/staging.AwsCognitoUserPool.webapp-auth",
  quickStart: "organization/my-project/dev.AwsCognitoUserPool.my-auth",
} as const;

/**
 * The version the stand-in reports: the action's default CLI, so the Automation API streams its events over
 * gRPC (the file transport of CLIs up to 3.205.0 is tested in the provisioner's engine-runs test, on Cloud).
 */
export const FAKE_PULUMI_VERSION = "3.252.0";

/** The stand-in Pulumi CLI as `pulumi` in a directory put first on PATH, with a file:// state backend. */
export class FakePulumi {
  readonly root = mkdtempSync(join(tmpdir(), "cognito-action-pulumi-"));
  readonly scenarioFile = join(this.root, "scenario.json");
  readonly logFile = join(this.root, "invocations.jsonl");
  /** The backend's state folder (checkpoints), kept between runs like a bucket. */
  readonly stateDir = join(this.root, "state");

  /** The folder on PATH holding `pulumi`. */
  readonly binDir: string;

  /**
   * `layout`: "bin" puts `pulumi` in <root>/bin (the installer's, Homebrew's); "tool-cache" in
   * <root>/hostedtoolcache/pulumi/<version>/x64 with no bin/ (what pulumi/actions and runner images use).
   */
  constructor(
    stacks: Record<string, StackScenario>,
    version = FAKE_PULUMI_VERSION,
    layout: "bin" | "tool-cache" = "bin",
  ) {
    this.binDir =
      layout === "bin"
        ? join(this.root, "bin")
        : join(this.root, "hostedtoolcache", "pulumi", version, "x64");
    standIn.installStandIn(this.binDir, version);
    mkdirSync(this.stateDir);
    writeFileSync(this.scenarioFile, JSON.stringify({ version, stacks }));
  }

  /** Replaces the scripted behaviour of the stacks (for a later run against the same state). */
  setScenario(stacks: Record<string, StackScenario>, version = FAKE_PULUMI_VERSION): void {
    writeFileSync(this.scenarioFile, JSON.stringify({ version, stacks }));
  }

  /** The stack's checkpoint in the state folder, or undefined when there is no such stack. */
  checkpoint(stack: string): Record<string, unknown> | undefined {
    return standIn.readStack(this.stateDir, stack);
  }

  /** What a job with a backend, a passphrase and AWS credentials has in its environment. */
  env(): Record<string, string> {
    return {
      PATH: `${this.binDir}${delimiter}${process.env.PATH ?? ""}`,
      PULUMI_HOME: this.root,
      PULUMI_BACKEND_URL: `file://${this.stateDir}`,
      PULUMI_CONFIG_PASSPHRASE: "correct horse battery staple",
      AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE",
      AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
      FAKE_PULUMI_SCENARIO: this.scenarioFile,
      FAKE_PULUMI_LOG: this.logFile,
      FAKE_PULUMI_STATE_DIR: this.stateDir,
    };
  }

  /** Stack outputs as if an earlier update had recorded them. */
  setState(outputs: Record<string, Record<string, unknown>>): void {
    const scenario = JSON.parse(readFileSync(this.scenarioFile, "utf8")) as {
      stacks: Record<string, StackScenario>;
    };
    for (const [stack, values] of Object.entries(outputs))
      standIn.seedStack(this.stateDir, stack, {
        outputs: values,
        secretOutputs: scenario.stacks[stack]?.secretOutputs ?? [],
      });
  }

  /**
   * Records every manifest of `files` as deployed from `commit` by this repository's job (as a successful
   * apply at that commit leaves the stacks: a checkpoint with the origin tags), keeping seeded outputs.
   */
  deployedFrom(files: Record<string, string>, commit: string, scope = DEFAULT_SCOPE): void {
    for (const deployed of deployedStacks(files)) {
      const existing = this.checkpoint(deployed.engineName) ?? {};
      standIn.seedStack(this.stateDir, deployed.engineName, {
        ...existing,
        tags: originTags({
          repository: "acme/identity",
          scope,
          stack: deployed.stack,
          manifest: deployed.name,
          file: deployed.file,
          digest: deployed.digest,
          commit,
        }),
      });
    }
  }

  /** Writes a stack's checkpoint (tags, outputs, resources) as another tool or job would have left it. */
  seed(stack: string, fields: Record<string, unknown>): void {
    standIn.seedStack(this.stateDir, stack, fields);
  }

  /** The commit a stack's tags record, or undefined when it has none. */
  recordedCommit(stack: string): string | undefined {
    const tags = this.checkpoint(stack)?.tags as Record<string, string> | undefined;
    return tags?.[ORIGIN_TAGS.commit];
  }

  /** Every invocation's arguments, in order. */
  invocations(): string[][] {
    if (!existsSync(this.logFile)) return [];
    return readFileSync(this.logFile, "utf8")
      .split("\n")
      .filter((line) => line !== "")
      .map((line) => JSON.parse(line) as string[]);
  }

  /** The engine operations (preview, up, destroy) in order, each with its stack. */
  operations(): string[] {
    return this.invocations()
      .filter((args) => ["preview", "up", "destroy"].includes(args[0]!))
      .map((args) => `${args[0]} ${args[args.indexOf("--stack") + 1]}`);
  }

  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

/** The comment key (and so the stack scope) of a job with the default manifests globs. */
export const DEFAULT_SCOPE = commentKey("", parseInputs(() => "").manifests);

/** The manifests of `files` with their stacks (label and engine name) and digests. */
function deployedStacks(files: Record<string, string>) {
  const report = validateRepository(Object.entries(files).map(([file, text]) => ({ file, text })));
  return report.documents.flatMap((document) => {
    if (!document.manifest) return [];
    const identity = stackIdentity(document.manifest.metadata);
    return [
      {
        name: document.manifest.metadata.name,
        file: document.file,
        stack: identity.fullName,
        engineName: engineStackName(identity, "file://state"),
        digest: manifestDigest(document.manifest),
      },
    ];
  });
}

/** A resource step of a preview or update, as the engine writes it to its event log. */
export function resourceStep(
  op: string,
  type: string,
  name: string,
  metadata: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    sequence: 1,
    timestamp: 1_764_147_600,
    resourcePreEvent: {
      metadata: { op, type, urn: `urn:pulumi:stack::project::${type}::${name}`, provider: "", ...metadata },
    },
  };
}

/** The engine's type of a user pool. */
export const POOL = "aws:cognito/userPool:UserPool";

/** A pool step whose old and new inputs differ in the password length. */
export function poolUpdate(name: string) {
  return resourceStep("update", POOL, name, {
    old: { inputs: { name, passwordPolicy: { minimumLength: 10 } } },
    new: { inputs: { name, passwordPolicy: { minimumLength: 12 } } },
    detailedDiff: { "passwordPolicy.minimumLength": { diffKind: "update", inputDiff: true } },
  });
}

/** A push to main, as GitHub sends it. */
export function pushPayload(before: string, after: string) {
  return {
    ref: "refs/heads/main",
    before,
    after,
    repository: { default_branch: "main", full_name: "acme/identity" },
  };
}

/** The comment writes (POST and PATCH) among the stand-in's requests. */
export function commentWrites(requests: readonly RecordedRequest[]): RecordedRequest[] {
  return requests.filter(
    (request) => (request.method === "POST" || request.method === "PATCH") && /\/comments/.test(request.path),
  );
}

/** The body a comment write sent. */
export function bodyOf(request: RecordedRequest): string {
  return (request.body as { body: string }).body;
}

/** A workflow command the action printed: `::<command> <properties>::<message>`. */
export interface WorkflowCommand {
  command: string;
  properties: Record<string, string>;
  message: string;
  /** The line as printed. */
  line: string;
}

/** The workflow commands of kind `command` in a run's stdout (properties and message unescaped). */
export function workflowCommands(stdout: string, command: string): WorkflowCommand[] {
  const unescape = (text: string) =>
    text
      .replace(/%0D/g, "\r")
      .replace(/%0A/g, "\n")
      .replace(/%3A/g, ":")
      .replace(/%2C/g, ",")
      .replace(/%25/g, "%");
  return stdout
    .split("\n")
    .filter((line) => line.startsWith(`::${command} `) || line.startsWith(`::${command}::`))
    .map((line) => {
      const match = /^::([a-z-]+)(?: ([^:]*))?::(.*)$/.exec(line);
      if (!match) throw new Error(`not a workflow command: ${line}`);
      const properties = Object.fromEntries(
        (match[2] ?? "")
          .split(",")
          .filter((pair) => pair !== "")
          .map((pair) => {
            const [name, ...value] = pair.split("=");
            return [name!, unescape(value.join("="))];
          }),
      );
      return { command: match[1]!, properties, message: unescape(match[3]!), line };
    });
}

/** What a test starts outside its own process: a git repository, the GitHub stand-in, the stand-in Pulumi. */
export interface Started {
  repository: TestRepository | undefined;
  standIn: GitHubStandIn | undefined;
  pulumi: FakePulumi | undefined;
}

/**
 * The repository, GitHub stand-in and stand-in Pulumi a test starts, held where each test of a file sets them
 * and closed or removed after every test, so no test sees another's server, files or state.
 */
export function startedPerTest(): Started {
  const started: Started = { repository: undefined, standIn: undefined, pulumi: undefined };
  afterEach(async () => {
    await started.standIn?.close();
    started.repository?.remove();
    started.pulumi?.remove();
    started.standIn = undefined;
    started.repository = undefined;
    started.pulumi = undefined;
  });
  return started;
}

export interface PushOptions {
  before: string;
  after: string;
  /** The pull requests GitHub lists for the pushed commit: the merged one is where the report goes. */
  pulls: StandInState["commitPulls"] extends Map<string, infer Pulls> ? Pulls : never;
  faults?: StandInState["faults"];
  inputs?: Record<string, string>;
  env?: Record<string, string>;
}

/**
 * Runs the bundled action on a push to main, as a merge starts it: with `started`'s repository and stand-in
 * Pulumi CLI, a GitHub stand-in started here (closing one a previous run left), and the run's temporary
 * directory inside the Pulumi stand-in's folder, so a test can see what the run leaves behind there.
 */
export async function runPush(started: Started, options: PushOptions): Promise<ActionRun> {
  const pulumi = started.pulumi!;
  mkdirSync(pushTemporaryDirectory(pulumi), { recursive: true });
  await started.standIn?.close();
  started.standIn = await startGitHubStandIn("acme", "identity", {
    commitPulls: new Map([[options.after, options.pulls]]),
    ...(options.faults ? { faults: options.faults } : {}),
  });
  return runBundledAction({
    workspace: started.repository!.path,
    eventName: "push",
    payload: pushPayload(options.before, options.after),
    sha: options.after,
    inputs: { "github-token": "ghs_e2eTestToken", "pulumi-version": FAKE_PULUMI_VERSION, ...options.inputs },
    apiUrl: started.standIn.url,
    env: { ...pulumi.env(), TMPDIR: pushTemporaryDirectory(pulumi), ...options.env },
  });
}

/** The temporary directory of a push run with this stand-in Pulumi. */
export function pushTemporaryDirectory(pulumi: FakePulumi): string {
  return join(pulumi.root, "tmp");
}
