// Stand-in engine: stack names from labels across backends, Pulumi Cloud's among them.
// Stacks told apart by their engine identity, end to end with the bundled action and the stand-in CLI's
// file:// backend: two manifests sharing one metadata.name (dev and prod of one pool) both converge, and two
// manifests whose labels differ only in the organization, which a self-managed backend ignores, are refused
// as one stack, naming both files.
import { describe, expect, it } from "vitest";
import { TestRepository } from "./harness.ts";
import {
  edit,
  example,
  FakePulumi,
  poolUpdate,
  RUN_TIMEOUT,
  runPush,
  startedPerTest,
  workflowCommands,
} from "./scenario.ts";
import { ORIGIN_TAGS } from "@cognito-action/provisioner";

const started = startedPerTest();
const DEV = "organization/my-project/dev";
const PROD = "organization/my-project/prod";

/** The quick-start pool on stack `stage`, in organization `organization`. */
function pool(stage: string, organization = "my-org", name = "my-auth"): string {
  return edit(
    edit(
      edit(example("quick-start"), "stack.name: dev.AwsCognitoUserPool.my-auth", `stack.name: ${stage}`),
      "organization: my-org",
      `organization: ${organization}`,
    ),
    "name: my-auth",
    `name: ${name}`,
  );
}

async function push(files: Record<string, string>) {
  started.repository = new TestRepository();
  const before = started.repository.commit({ "README.md": "identity\n" }, "main");
  const after = started.repository.commit(files, "Merge pull request #5");
  return {
    after,
    run: await runPush(started, { before, after, pulls: [{ number: 5, merged_at: "2026-12-01T09:00:00Z" }] }),
  };
}

describe("stacks keyed by their engine identity", () => {
  it(
    "converges dev and prod of one pool, which share their metadata.name",
    async () => {
      started.pulumi = new FakePulumi({
        [DEV]: { previewEvents: [poolUpdate("my-auth")] },
        [PROD]: { previewEvents: [poolUpdate("my-auth")] },
      });
      const { after, run } = await push({ "auth/dev.yaml": pool("dev"), "auth/prod.yaml": pool("prod") });
      expect(run.code, run.stdout).toBe(0);
      for (const [stack, file] of [
        [DEV, "auth/dev.yaml"],
        [PROD, "auth/prod.yaml"],
      ] as const) {
        expect(started.pulumi.recordedCommit(stack)).toBe(after);
        expect((started.pulumi.checkpoint(stack)!.tags as Record<string, string>)[ORIGIN_TAGS.file]).toBe(
          file,
        );
      }
      expect(Object.keys(JSON.parse(run.outputs["stack-outputs"]!) as object).sort()).toEqual([
        "my-auth@organization/my-project/dev",
        "my-auth@organization/my-project/prod",
      ]);
    },
    RUN_TIMEOUT,
  );

  it(
    "refuses two organizations' manifests that a self-managed backend keeps in one stack, naming both files",
    async () => {
      started.pulumi = new FakePulumi({});
      const { run } = await push({
        "auth/acme.yaml": pool("prod", "acme", "acme-auth"),
        "auth/globex.yaml": pool("prod", "globex", "globex-auth"),
      });
      expect(run.outputs["failure-reason"]).toBe("validation-failed");
      const collisions = workflowCommands(run.stdout, "error").filter(
        (error) =>
          error.message.includes("stack-collision") || error.message.includes("all deploy to the stack"),
      );
      expect(collisions.map((error) => error.properties.file).sort()).toEqual([
        "auth/acme.yaml",
        "auth/globex.yaml",
      ]);
      expect(collisions[0]!.message).toContain("organization/my-project/prod");
      expect(started.pulumi.operations()).toEqual([]);
    },
    RUN_TIMEOUT,
  );
});
