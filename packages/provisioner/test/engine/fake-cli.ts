// The stand-in Pulumi CLI (test/fake-pulumi) set up for one test: a CLI root whose bin/pulumi links to it,
// a file:// backend whose state folder outlives runs, the scenario, and the invocation log.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { validateSources } from "@cognito-action/spec";
import type { Manifest } from "@cognito-action/spec";
import type { AutomationEngineOptions } from "../../src/index.ts";
import { standIn } from "../fake-pulumi/stand-in.ts";
import type { StackScenario } from "../fake-pulumi/stand-in.ts";

export type { StackScenario };

export const REPOSITORY_ROOT = join(import.meta.dirname, "../../../..");
/** Engine runs start the CLI several times; a minute is ample on a slow machine. */
export const ENGINE_TIMEOUT = 60_000;

/** The production example's stack on a self-managed backend. */
export const PRODUCTION_STACK = "organization/platform/prod.AwsCognitoUserPool.prod-auth";
/** The production example's stack on Pulumi Cloud: its labels' organization (acme), project and stack. */
export const PRODUCTION_CLOUD_STACK = "acme/platform/prod.AwsCognitoUserPool.prod-auth";
export const QUICK_START_STACK = "organization/my-project/dev.AwsCognitoUserPool.my-auth";

export function exampleManifest(name: string): Manifest {
  const file = `examples/${name}.yaml`;
  const report = validateSources([{ file, text: readFileSync(join(REPOSITORY_ROOT, file), "utf8") }]);
  const manifest = report.documents.find((document) => document.manifest)?.manifest;
  if (!manifest) throw new Error(`${file} has no valid manifest`);
  return manifest;
}

/** A temporary CLI root (bin/pulumi is the stand-in) with its scenario, invocation log and state. */
export class FakeCli {
  readonly root = mkdtempSync(join(tmpdir(), "cognito-action-engine-"));
  readonly scenarioFile = join(this.root, "scenario.json");
  readonly logFile = join(this.root, "invocations.jsonl");
  readonly stateDir = join(this.root, "state");
  readonly backendUrl = `file://${this.stateDir}`;

  constructor(
    stacks: Record<string, StackScenario>,
    private readonly version = "3.252.0",
  ) {
    standIn.installStandIn(join(this.root, "bin"), version);
    mkdirSync(this.stateDir);
    this.setScenario(stacks);
  }

  setScenario(stacks: Record<string, StackScenario>): void {
    writeFileSync(this.scenarioFile, JSON.stringify({ version: this.version, stacks }));
  }

  /** Writes a stack's checkpoint into the backend's state folder, as an earlier run would have left it. */
  seedStack(stack: string, fields: Record<string, unknown>): void {
    standIn.seedStack(this.stateDir, stack, fields);
  }

  /** The stack's checkpoint in the backend's state folder. */
  checkpoint(stack: string): Record<string, unknown> | undefined {
    return standIn.readStack(this.stateDir, stack);
  }

  /** The environment a CI job would give the engine, plus the stand-in's files. */
  env(overrides: Record<string, string | undefined> = {}): Record<string, string | undefined> {
    return {
      PATH: process.env.PATH,
      PULUMI_HOME: this.root,
      PULUMI_CONFIG_PASSPHRASE: "correct horse battery staple",
      AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE",
      AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
      FAKE_PULUMI_SCENARIO: this.scenarioFile,
      FAKE_PULUMI_LOG: this.logFile,
      FAKE_PULUMI_STATE_DIR: this.stateDir,
      ...overrides,
    };
  }

  options(overrides: Partial<AutomationEngineOptions> = {}): AutomationEngineOptions {
    return { pulumiRoot: this.root, backendUrl: this.backendUrl, env: this.env(), ...overrides };
  }

  /**
   * Options for Pulumi Cloud as the stand-in models it (stack names resolved as pkg/backend/httpstate does, the
   * token's default organization `acme`); the checkpoints still live in the state folder.
   */
  cloudOptions(overrides: Partial<AutomationEngineOptions> = {}): AutomationEngineOptions {
    return {
      pulumiRoot: this.root,
      backendUrl: "https://api.pulumi.com",
      env: this.env({ PULUMI_ACCESS_TOKEN: "pul-0123456789abcdef", FAKE_PULUMI_CLOUD_ORG: "acme" }),
      ...overrides,
    };
  }

  /** Every invocation's arguments, in order. */
  invocations(): string[][] {
    if (!existsSync(this.logFile)) return [];
    return readFileSync(this.logFile, "utf8")
      .split("\n")
      .filter((line) => line !== "")
      .map((line) => JSON.parse(line) as string[]);
  }

  /** The invocations of one command (`preview`, `up`, …) for a stack. */
  operations(command: string, stack: string): string[][] {
    return this.invocations().filter(
      (args) => args[0] === command && args[args.indexOf("--stack") + 1] === stack,
    );
  }

  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}
