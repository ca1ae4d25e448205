// Log delivery and the WAF web ACL association (beyond OpenMCF): what the program declares, how an adopted
// pool's are imported, what replaces them, and which changes of them are security-relevant, offline and in the
// engine's plan.
import { describe, expect, it, vi } from "vitest";
import type { Manifest } from "@cognito-action/spec";
import {
  planChanges,
  planFromEngineEvents,
  RESOURCE_TYPES,
  securityDowngradesOf,
  synth,
} from "../src/index.ts";
import type { Plan, ResourceChange } from "../src/index.ts";
import { poolDocument, resourceNamed, validManifest } from "./fixtures.ts";
import { previewStream, STACK, step } from "./engine/engine-events.ts";

vi.setConfig({ testTimeout: 30_000 });

const LOG_GROUP = "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/vendedlogs/cognito/test";
const BUCKET = "arn:aws:s3:::acme-cognito-logs";
const WEB_ACL =
  "arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/cognito/a1b2c3d4-5678-90ab-cdef-0123456789ab";
const OTHER_WEB_ACL =
  "arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/strict/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b";
const LOGS = RESOURCE_TYPES.logDeliveryConfiguration;
const WAF = RESOURCE_TYPES.webAclAssociation;

/** Both event sources logged, user auth events in S3. */
const BOTH = {
  userNotification: { logGroupArn: LOG_GROUP },
  userAuthEvents: { bucketArn: BUCKET },
};

function pool(spec: Record<string, unknown> = {}): Manifest {
  return validManifest(
    poolDocument({
      spec: { userPoolTier: "PLUS", threatProtection: { standardAuthMode: "ENFORCED" }, ...spec },
    }),
  );
}

async function planOf(base: Manifest, head: Manifest): Promise<Plan> {
  return planChanges(await synth(base), await synth(head));
}

function changeOf(plan: Plan, type: string): ResourceChange {
  return plan.changes.find((change) => change.type === type)!;
}

describe("the program", () => {
  it("declares one LogDeliveryConfiguration on the pool, its event sources in a fixed order", async () => {
    const graph = await synth(
      pool({ logDelivery: { userAuthEvents: BOTH.userAuthEvents, userNotification: BOTH.userNotification } }),
    );
    const logs = resourceNamed(graph, "test-auth-logs");
    expect(logs.type).toBe(LOGS);
    expect(logs.dependencies).toEqual({ userPoolId: ["test-auth"] });
    expect(logs.inputs.logConfigurations).toEqual([
      {
        eventSource: "userNotification",
        logLevel: "ERROR",
        cloudWatchLogsConfiguration: { logGroupArn: LOG_GROUP },
      },
      { eventSource: "userAuthEvents", logLevel: "INFO", s3Configuration: { bucketArn: BUCKET } },
    ]);
    expect(graph.outputs.log_destinations).toEqual({ userNotification: LOG_GROUP, userAuthEvents: BUCKET });
  });

  it("associates the web ACL with the pool's ARN once the pool exists, deleting before it replaces", async () => {
    const graph = await synth(pool({ webAclAssociation: { webAclArn: WEB_ACL } }));
    const waf = resourceNamed(graph, "test-auth-waf");
    expect(waf.type).toBe(WAF);
    expect(waf.dependencies).toEqual({ resourceArn: ["test-auth"] });
    expect(waf.inputs.webAclArn).toBe(WEB_ACL);
    expect(String(waf.inputs.resourceArn)).toMatch(
      /^arn:aws:cognito-idp:eu-west-1:\d{12}:userpool\/eu-west-1_/,
    );
    expect(waf.deleteBeforeReplace).toBe(true);
  });

  it("declares neither without the fields", async () => {
    const graph = await synth(pool());
    expect(graph.resources.filter((resource) => resource.type === LOGS || resource.type === WAF)).toEqual([]);
    expect(graph.outputs).not.toHaveProperty("log_destinations");
  });

  it("adopts an adopted pool's log delivery by the pool's ID and its association by both ARNs", async () => {
    const graph = await synth(
      pool({
        logDelivery: { userNotification: BOTH.userNotification },
        webAclAssociation: { webAclArn: WEB_ACL },
        adopt: { userPoolId: "eu-west-1_AbCdEf123", clientIds: { web: "3n4b5c6d7e8f9g0h1i2j3k4l5m" } },
      }),
    );
    expect(resourceNamed(graph, "test-auth-logs").import).toBe("eu-west-1_AbCdEf123");
    expect(resourceNamed(graph, "test-auth-waf").import).toBe(
      `${WEB_ACL},arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbCdEf123`,
    );
  });
});

describe("the offline plan", () => {
  it("replaces the association for another web ACL, and marks nothing security-relevant", async () => {
    const plan = await planOf(
      pool({ webAclAssociation: { webAclArn: WEB_ACL } }),
      pool({ webAclAssociation: { webAclArn: OTHER_WEB_ACL } }),
    );
    const waf = changeOf(plan, WAF);
    expect(waf.action).toBe("replace");
    expect(waf.properties.find((property) => property.path === "webAclArn")?.forcesReplacement).toBe(true);
    expect(waf.securityDowngrades).toBeUndefined();
  });

  it("marks the association removed", async () => {
    const plan = await planOf(pool({ webAclAssociation: { webAclArn: WEB_ACL } }), pool());
    expect(changeOf(plan, WAF).securityDowngrades?.[0]?.reason).toBe(
      "its web ACL (WAF) association is deleted",
    );
  });

  it("marks the whole log delivery removed", async () => {
    const plan = await planOf(pool({ logDelivery: BOTH }), pool());
    expect(changeOf(plan, LOGS).securityDowngrades?.[0]?.reason).toContain("log delivery");
  });

  it("marks user auth events no longer logged, though user notification errors still are", async () => {
    const plan = await planOf(
      pool({ logDelivery: BOTH }),
      pool({ logDelivery: { userNotification: BOTH.userNotification } }),
    );
    expect(changeOf(plan, LOGS).securityDowngrades?.map((downgrade) => downgrade.reason)).toEqual([
      "log delivery of userAuthEvents (threat protection's user activity) is removed",
    ]);
  });

  it("marks user notification errors no longer logged, whichever entry's place the other takes", async () => {
    const plan = await planOf(
      pool({ logDelivery: BOTH }),
      pool({ logDelivery: { userAuthEvents: BOTH.userAuthEvents } }),
    );
    expect(changeOf(plan, LOGS).securityDowngrades?.map((downgrade) => downgrade.reason)).toEqual([
      "log delivery of userNotification (email and SMS delivery errors) is removed",
    ]);
  });

  it("marks user auth events lowered to ERROR, and nothing for a new destination or a level raised", async () => {
    const lowered = await planOf(
      pool({ logDelivery: BOTH }),
      pool({ logDelivery: { ...BOTH, userAuthEvents: { ...BOTH.userAuthEvents, logLevel: "ERROR" } } }),
    );
    expect(changeOf(lowered, LOGS).securityDowngrades?.map((downgrade) => downgrade.reason)).toEqual([
      "the log level of userAuthEvents is lowered from INFO to ERROR",
    ]);
    const moved = await planOf(
      pool({ logDelivery: BOTH }),
      pool({ logDelivery: { ...BOTH, userAuthEvents: { logGroupArn: LOG_GROUP } } }),
    );
    expect(changeOf(moved, LOGS).action).toBe("update");
    expect(changeOf(moved, LOGS).securityDowngrades).toBeUndefined();
    const added = await planOf(
      pool({ logDelivery: { userNotification: BOTH.userNotification } }),
      pool({ logDelivery: BOTH }),
    );
    expect(changeOf(added, LOGS).securityDowngrades).toBeUndefined();
  });
});

describe("the engine's plan", () => {
  const entries = [
    {
      eventSource: "userNotification",
      logLevel: "ERROR",
      cloudWatchLogsConfiguration: { logGroupArn: LOG_GROUP },
    },
    { eventSource: "userAuthEvents", logLevel: "INFO", s3Configuration: { bucketArn: BUCKET } },
  ];

  function engineChange(
    after: unknown[],
    detailedDiff: Record<string, { diffKind: string; inputDiff: boolean }>,
  ) {
    const plan = planFromEngineEvents(
      STACK,
      previewStream(
        step({
          op: "update",
          type: LOGS,
          name: "prod-auth-logs",
          old: { inputs: { userPoolId: "eu-west-1_AbCdEf123", logConfigurations: entries } },
          new: { inputs: { userPoolId: "eu-west-1_AbCdEf123", logConfigurations: after } },
          diffs: ["logConfigurations"],
          detailedDiff,
        }),
      ),
    );
    return changeOf(plan, LOGS);
  }

  it("marks the first entry removed when the second shifts into its place", () => {
    const change = engineChange([entries[1]], {
      "logConfigurations[0].eventSource": { diffKind: "update", inputDiff: true },
      "logConfigurations[0].logLevel": { diffKind: "update", inputDiff: true },
      "logConfigurations[1]": { diffKind: "delete", inputDiff: true },
    });
    expect(change.securityDowngrades?.map((downgrade) => downgrade.reason)).toEqual([
      "log delivery of userNotification (email and SMS delivery errors) is removed",
    ]);
  });

  it("marks a level lowered in an entry whose event source the diff does not show", () => {
    const change = engineChange([entries[0], { ...entries[1], logLevel: "ERROR" }], {
      "logConfigurations[1].logLevel": { diffKind: "update", inputDiff: true },
    });
    expect(change.securityDowngrades).toEqual([
      {
        path: "logConfigurations[1].logLevel",
        before: "INFO",
        after: "ERROR",
        reason: "the log level of logConfigurations[1] is lowered from INFO to ERROR",
      },
    ]);
  });

  it("marks the association deleted", () => {
    expect(
      securityDowngradesOf({ type: WAF, name: "prod-auth-waf", action: "delete", properties: [] })[0]?.reason,
    ).toBe("its web ACL (WAF) association is deleted");
  });
});
