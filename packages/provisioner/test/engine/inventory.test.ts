// The engine inventory and stack tags against the real Automation API, which runs the stand-in Pulumi CLI
// (test/fake-pulumi) on a file:// backend kept in a temporary folder.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { validateSources } from "@cognito-action/spec";
import type { Manifest } from "@cognito-action/spec";
import { automationEngine, EngineConfigurationError, tagsUnsupported } from "../../src/index.ts";
import type { EngineFactory } from "../../src/index.ts";

const REPOSITORY_ROOT = join(import.meta.dirname, "../../../..");
const standIn = createRequire(import.meta.url)("../fake-pulumi/install.cjs") as {
  installStandIn(folder: string, version?: string): string;
  readStack(stateDir: string, name: string): Record<string, unknown> | undefined;
};
const ENGINE_TIMEOUT = 60_000;
const PRODUCTION_STACK = "organization/platform/prod.AwsCognitoUserPool.prod-auth";
const INDEX = { project: "cognito-action-index", stack: "manifests-0123" };
const CLOUD_URL = "https://api.pulumi.com";

function exampleManifest(name: string): Manifest {
  const file = `examples/${name}.yaml`;
  const report = validateSources([{ file, text: readFileSync(join(REPOSITORY_ROOT, file), "utf8") }]);
  return report.documents.find((document) => document.manifest)!.manifest!;
}

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

/**
 * An engine over the stand-in CLI reporting `version`, with its state folder: a file:// backend, or Pulumi
 * Cloud as the stand-in models it (its stack names, pkg/backend/httpstate).
 */
function engine(
  version = "3.252.0",
  backend: "self-managed" | "cloud" = "self-managed",
): { engine: EngineFactory; stateDir: string } {
  const root = mkdtempSync(join(tmpdir(), "cognito-action-inventory-"));
  roots.push(root);
  standIn.installStandIn(join(root, "bin"), version);
  const stateDir = join(root, "state");
  mkdirSync(stateDir);
  writeFileSync(join(root, "scenario.json"), JSON.stringify({ version, stacks: {} }));
  const factory = automationEngine({
    pulumiRoot: root,
    backendUrl: backend === "cloud" ? CLOUD_URL : `file://${stateDir}`,
    env: {
      ...(backend === "cloud"
        ? { PULUMI_ACCESS_TOKEN: "pul-0123456789abcdef", FAKE_PULUMI_CLOUD_ORG: "acme" }
        : {}),
      PATH: process.env.PATH,
      PULUMI_HOME: root,
      PULUMI_CONFIG_PASSPHRASE: "correct horse battery staple",
      FAKE_PULUMI_SCENARIO: join(root, "scenario.json"),
      FAKE_PULUMI_STATE_DIR: stateDir,
    },
  });
  return { engine: factory, stateDir };
}

describe("stack tags and the inventory", () => {
  // Stand-in: two repositories' stacks in one backend, which the real suite does not set up; its applies read
  // one repository's.
  it(
    "lists the stacks carrying a tag value, with their last update, and reads their tags back",
    async () => {
      const { engine: factory } = engine();
      const stack = await factory({ manifest: exampleManifest("production"), references: [] });
      await stack.up();
      await stack.setTags({ "cognito-action:repository": "acme/identity", "cognito-action:digest": "d1" });
      expect(await stack.tags()).toMatchObject({ "cognito-action:digest": "d1" });
      await stack.dispose();
      const other = await factory({ manifest: exampleManifest("quick-start"), references: [] });
      await other.setTags({ "cognito-action:repository": "acme/other" });
      await other.dispose();

      const listed = await factory.inventory.stacksTagged("cognito-action:repository", "acme/identity");
      expect(listed.map((entry) => entry.name)).toEqual([PRODUCTION_STACK]);
      expect(listed[0]!.lastUpdate).toMatch(/^\d{4}-\d\d-\d\dT/);
      expect(await factory.inventory.tagsOf(PRODUCTION_STACK)).toEqual({
        "cognito-action:repository": "acme/identity",
        "cognito-action:digest": "d1",
      });
    },
    ENGINE_TIMEOUT,
  );

  // Stand-in: asserts the stack is gone from the backend; test/engine's lifecycle scenario checks only that
  // AWS is.
  it(
    "destroys a stack and removes it from the backend",
    async () => {
      const { engine: factory, stateDir } = engine();
      const stack = await factory({ manifest: exampleManifest("production"), references: [] });
      await stack.up();
      await stack.dispose();
      await factory.inventory.destroyAndRemove(PRODUCTION_STACK, "platform");
      expect(standIn.readStack(stateDir, PRODUCTION_STACK)).toBeUndefined();
    },
    ENGINE_TIMEOUT,
  );

  // Stand-in: the CLIs before 3.211 the Go module proxy serves do not build here
  // (test/engine/src/versions.ts).
  it(
    "refuses a self-managed backend on a CLI before 3.211 (it cannot store stack tags), naming the version to set",
    async () => {
      const { engine: factory } = engine("3.200.0");
      const refusal =
        /Pulumi CLI 3\.200\.0 cannot store stack tags on a self-managed backend.*3\.211\.0 or later: set pulumi-version to 3\.252\.0/;
      await expect(factory({ manifest: exampleManifest("production"), references: [] })).rejects.toThrow(
        refusal,
      );
      await expect(
        factory.inventory.stacksTagged("cognito-action:repository", "acme/identity"),
      ).rejects.toThrow(EngineConfigurationError);
      await expect(factory.inventory.readIndex(INDEX)).rejects.toThrow(refusal);
    },
    ENGINE_TIMEOUT,
  );

  it("knows the CLI's answer on a backend without stack tags (pkg/cmd/pulumi/stack/stack_tag.go)", () => {
    expect(tagsUnsupported("error: the current backend (runner-1) does not support stack tags\n")).toBe(true);
    expect(tagsUnsupported("error: no stack named 'organization/p/s' found")).toBe(false);
  });
});

describe("Pulumi Cloud (stack names as pkg/backend/httpstate resolves them)", () => {
  // Stand-in: Pulumi Cloud, which cannot run here.
  it(
    "reads an index that does not exist yet as empty, writes it, and reads it back outside any stack's project",
    async () => {
      const { engine: factory, stateDir } = engine("3.252.0", "cloud");
      expect(await factory.inventory.readIndex(INDEX)).toEqual({});
      await factory.inventory.writeIndex(INDEX, { "cognito-action.i.abc": "d1@t1" });
      expect(await factory.inventory.readIndex(INDEX)).toEqual({ "cognito-action.i.abc": "d1@t1" });
      // In the token's default organization, as the CLI completes a plain name inside the index project.
      expect(standIn.readStack(stateDir, `acme/${INDEX.project}/${INDEX.stack}`)).toBeDefined();
    },
    ENGINE_TIMEOUT,
  );

  // Stand-in: Pulumi Cloud, which cannot run here.
  it(
    "lists a manifest's stack under its fully qualified name and reads its tags by that name",
    async () => {
      const { engine: factory } = engine("3.252.0", "cloud");
      const stack = await factory({ manifest: exampleManifest("production"), references: [] });
      await stack.up();
      await stack.setTags({ "cognito-action:repository": "acme/identity" });
      await stack.dispose();
      const listed = await factory.inventory.stacksTagged("cognito-action:repository", "acme/identity");
      // The manifest's labels name it acme/platform/…: on Cloud that is the stack, organization included.
      const cloudName = "acme/platform/prod.AwsCognitoUserPool.prod-auth";
      expect(listed.map((entry) => entry.name)).toEqual([cloudName]);
      expect(await factory.inventory.tagsOf(cloudName)).toEqual({
        "cognito-action:repository": "acme/identity",
      });
    },
    ENGINE_TIMEOUT,
  );
});
