// The changes an SRE trusts the action with, against the real engine at the action's default CLI version:
// a pool replacement refused then allowed, a domain replaced delete-first, drift made directly in AWS found
// by the scheduled preview, and a deleted manifest's stack reported then destroyed.
import {
  DescribeUserPoolDomainCommand,
  UpdateUserPoolClientCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { describe, expect, it } from "vitest";
import { defaultPulumiVersion } from "../src/versions.ts";
import { edit, EngineWorld, example, explain, worldPerTest } from "./engine-scenario.ts";

const world = worldPerTest();
const QUICK_START = "examples/quick-start.yaml";
const HOSTED_UI = "examples/hosted-ui.yaml";

describe(`lifecycle on the real CLI ${defaultPulumiVersion()}`, () => {
  it("refuses a pool replacement, leaving the pool, then replaces it when allow-replace is set", async () => {
    const engine = (world.current = new EngineWorld(defaultPulumiVersion()));
    const first = await engine.push({ [QUICK_START]: example("quick-start") });
    expect(first.code, explain(first)).toBe(0);
    const before = await engine.pool("my-auth");

    const replacing = {
      [QUICK_START]: edit(example("quick-start"), "usernameAttributes:", "aliasAttributes:"),
    };
    const refused = await engine.push(replacing);
    expect(refused.code, explain(refused)).toBe(1);
    expect(refused.outputs["failure-reason"]).toBe("replacement-blocked");
    expect((await engine.pool("my-auth"))?.Id).toBe(before!.Id);

    const allowed = await engine.push({}, { inputs: { "allow-replace": "true" } });
    expect(allowed.code, explain(allowed)).toBe(0);
    const after = await engine.pool("my-auth");
    expect(after?.Id).not.toBe(before!.Id);
    expect(after?.AliasAttributes).toEqual(["email"]);
    // The client moved with its pool (its user_pool_id forces a replacement).
    expect(Object.keys(await engine.clients(after!.Id!))).toEqual(["web-app"]);
  });

  it("replaces a domain delete-first: the pool has one domain, the new prefix exists and the old is gone", async () => {
    const engine = (world.current = new EngineWorld(defaultPulumiVersion()));
    const first = await engine.push({ [HOSTED_UI]: example("hosted-ui") });
    expect(first.code, explain(first)).toBe(0);
    const pool = await engine.pool("webapp-auth");
    expect(pool?.Domain).toBe("acme-staging-auth");

    const second = await engine.push({
      [HOSTED_UI]: edit(example("hosted-ui"), "domain: acme-staging-auth", "domain: acme-staging-login"),
    });
    expect(second.code, explain(second)).toBe(0);
    expect((await engine.pool("webapp-auth"))?.Domain).toBe("acme-staging-login");
    const old = await engine.aws.send(new DescribeUserPoolDomainCommand({ Domain: "acme-staging-auth" }));
    expect(old.DomainDescription?.Domain ?? "").toBe("");
  });

  it("finds drift made directly in AWS with the scheduled preview, and fails it with fail-on-drift", async () => {
    const engine = (world.current = new EngineWorld(defaultPulumiVersion()));
    const first = await engine.push({ [QUICK_START]: example("quick-start") });
    expect(first.code, explain(first)).toBe(0);

    const clean = await engine.schedule({ inputs: { "fail-on-drift": "true" } });
    expect(clean.code, explain(clean)).toBe(0);
    expect(clean.outputs["has-changes"]).toBe("false");

    const pool = await engine.pool("my-auth");
    const client = (await engine.clients(pool!.Id!))["web-app"]!;
    await engine.aws.send(
      new UpdateUserPoolClientCommand({
        UserPoolId: pool!.Id,
        ClientId: client.ClientId,
        ClientName: "web-app",
        ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
      }),
    );
    const drifted = await engine.schedule({ inputs: { "fail-on-drift": "true" } });
    expect(drifted.code, explain(drifted)).toBe(1);
    expect(drifted.outputs["failure-reason"]).toBe("drift");
    expect(drifted.outputs["has-changes"]).toBe("true");
  });

  it("reports a deleted manifest's stack and refuses, then destroys it with allow-destroy and allow-replace", async () => {
    const engine = (world.current = new EngineWorld(defaultPulumiVersion()));
    const first = await engine.push({ [QUICK_START]: example("quick-start") });
    expect(first.code, explain(first)).toBe(0);

    const reported = await engine.push({ [QUICK_START]: undefined });
    expect(reported.code, explain(reported)).toBe(1);
    expect(reported.outputs["failure-reason"]).toBe("replacement-blocked");
    expect(await engine.pool("my-auth")).toBeDefined();

    const destroyed = await engine.push({}, { inputs: { "allow-destroy": "true", "allow-replace": "true" } });
    expect(destroyed.code, explain(destroyed)).toBe(0);
    expect(await engine.pool("my-auth")).toBeUndefined();
  });
});
