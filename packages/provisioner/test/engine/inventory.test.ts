// The engine inventory and stack tags against the real Automation API, which runs the stand-in Pulumi CLI
// (test/fake-pulumi) on a file:// backend kept in a temporary folder.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { validateSources } from "@cognito-action/spec";
import type { Manifest } from "@cognito-action/spec";
import { automationEngine, StackTagsUnsupportedError } from "../../src/index.ts";
import type { EngineFactory } from "../../src/index.ts";

const REPOSITORY_ROOT = join(import.meta.dirname, "../../../..");
const standIn = createRequire(import.meta.url)("../fake-pulumi/install.cjs") as {
  installStandIn(folder: string): string;
  readStack(stateDir: string, name: string): Record<string, unknown> | undefined;
};
const ENGINE_TIMEOUT = 60_000;
const PRODUCTION_STACK = "organization/platform/prod.AwsCognitoUserPool.prod-auth";
const INDEX = { project: "cognito-action-index", stack: "manifests-0123" };

function exampleManifest(name: string): Manifest {
  const file = `examples/${name}.yaml`;
  const report = validateSources([{ file, text: readFileSync(join(REPOSITORY_ROOT, file), "utf8") }]);
  return report.documents.find((document) => document.manifest)!.manifest!;
}

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

/** An engine over the stand-in CLI reporting `version`, with its state folder. */
function engine(version = "3.248.0"): { engine: EngineFactory; stateDir: string } {
  const root = mkdtempSync(join(tmpdir(), "cognito-action-inventory-"));
  roots.push(root);
  standIn.installStandIn(join(root, "bin"));
  const stateDir = join(root, "state");
  mkdirSync(stateDir);
  writeFileSync(join(root, "scenario.json"), JSON.stringify({ version, stacks: {} }));
  const factory = automationEngine({
    pulumiRoot: root,
    backendUrl: `file://${stateDir}`,
    env: {
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

      const listed = await factory.inventory!.stacksTagged("cognito-action:repository", "acme/identity");
      expect(listed.map((entry) => entry.name)).toEqual([PRODUCTION_STACK]);
      expect(listed[0]!.lastUpdate).toMatch(/^\d{4}-\d\d-\d\dT/);
      expect(await factory.inventory!.tagsOf(PRODUCTION_STACK)).toEqual({
        "cognito-action:repository": "acme/identity",
        "cognito-action:digest": "d1",
      });
    },
    ENGINE_TIMEOUT,
  );

  it(
    "reads an index that does not exist yet as empty, then creates it on the first write",
    async () => {
      const { engine: factory } = engine();
      expect(await factory.inventory!.readIndex(INDEX)).toEqual({});
      await factory.inventory!.writeIndex(INDEX, { "cognito-action.i.abc": "d1@t1" });
      await factory.inventory!.writeIndex(INDEX, { "cognito-action.i.def": "d2@t2" });
      expect(await factory.inventory!.readIndex(INDEX)).toEqual({
        "cognito-action.i.abc": "d1@t1",
        "cognito-action.i.def": "d2@t2",
      });
    },
    ENGINE_TIMEOUT,
  );

  it(
    "destroys a stack and removes it from the backend",
    async () => {
      const { engine: factory, stateDir } = engine();
      const stack = await factory({ manifest: exampleManifest("production"), references: [] });
      await stack.up();
      await stack.dispose();
      await factory.inventory!.destroyAndRemove(PRODUCTION_STACK, "platform");
      expect(standIn.readStack(stateDir, PRODUCTION_STACK)).toBeUndefined();
    },
    ENGINE_TIMEOUT,
  );

  it(
    "says a self-managed backend before CLI 3.211 cannot store tags",
    async () => {
      const { engine: factory } = engine("3.200.0");
      const stack = await factory({ manifest: exampleManifest("production"), references: [] });
      await expect(stack.setTags({ "cognito-action:digest": "d1" })).rejects.toBeInstanceOf(
        StackTagsUnsupportedError,
      );
      await stack.dispose();
    },
    ENGINE_TIMEOUT,
  );
});
