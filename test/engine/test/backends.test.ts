// The self-managed backends a team runs with: the state in an S3 bucket (moto's, path-style, with its
// endpoint) and the secrets in KMS (moto's), over three runs, since a stack's secrets settings live in a
// project file the action does not keep between runs (pkg/backend/diy/stack.go).
import { describe, expect, it } from "vitest";
import { inject } from "vitest";
import { createBucket, createKmsKey, getObject } from "../src/moto.ts";
import { defaultPulumiVersion } from "../src/versions.ts";
import { edit, EngineWorld, example, explain, worldPerTest } from "./engine-scenario.ts";

const world = worldPerTest();
const QUICK_START = "examples/quick-start.yaml";

/** quick-start with its client's refresh tokens lasting `days`. */
function quickStartWithRefreshDays(days: number): string {
  return edit(
    example("quick-start"),
    "    - name: web-app\n",
    `    - name: web-app\n      refreshTokenValidityDays: ${days}\n`,
  );
}

describe(`S3 state and KMS secrets on the real CLI ${defaultPulumiVersion()}`, () => {
  it("applies three runs in a row to a stack in moto's S3 with awskms:// secrets", async () => {
    const endpoint = inject("motoEndpoint");
    const bucket = "identity-state";
    const engine = (world.current = new EngineWorld(
      defaultPulumiVersion(),
      `s3://${bucket}?endpoint=${encodeURIComponent(endpoint)}&s3ForcePathStyle=true&region=us-east-1`,
    ));
    await createBucket(endpoint, bucket);
    const key = await createKmsKey(endpoint);
    const inputs = { "secrets-provider": `awskms://${key}?region=us-east-1` };
    // No passphrase in the job: a stack that fell back to passphrase encryption could not run at all.
    const env = { PULUMI_CONFIG_PASSPHRASE: undefined };

    for (const [run, days] of [
      [1, 30],
      [2, 31],
      [3, 32],
    ] as const) {
      const result = await engine.push({ [QUICK_START]: quickStartWithRefreshDays(days) }, { inputs, env });
      expect(result.code, `run ${run}: ${explain(result)}`).toBe(0);
      const pool = await engine.pool("my-auth");
      expect((await engine.clients(pool!.Id!))["web-app"]!.RefreshTokenValidity).toBe(days);
    }
    const listing = await fetch(`${endpoint}/${bucket}?list-type=2`).then((response) => response.text());
    const stateKey =
      /<Key>(\.pulumi\/stacks\/my-project\/dev\.AwsCognitoUserPool\.my-auth\.json)<\/Key>/.exec(listing)?.[1];
    expect(stateKey, listing).toBeDefined();
    const checkpoint = await getObject(endpoint, bucket, stateKey!);
    // Still KMS after three runs, with the key it started with.
    expect(checkpoint).toContain(`awskms://${key}`);
  });
});
