// The import of a pool's log delivery and its AWS WAF web ACL: what AWS's shapes become in the manifest, what the
// manifest cannot hold (noted, and the pool not marked for adoption), and a read IAM refuses (noted, not fatal:
// the manifest then leaves the part unmanaged, so the first apply changes nothing of it).
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { DeployedPool } from "../../src/import/deployed-pool.ts";
import { importedManifest } from "../../src/import/pool-manifest.ts";
import { runCli } from "../run-cli.ts";
import { accessDenied, startCognitoStandIn } from "./cognito-stand-in.ts";
import type { CognitoStandIn } from "./cognito-stand-in.ts";
import { POOL_ARN, POOL_ID, REGION } from "./customer-pool.ts";
import { fullPool, LOG_GROUP, LOG_STREAM, WEB_ACL } from "./full-pool.ts";

vi.setConfig({ testTimeout: 60_000 });

function deployed(overrides: Partial<DeployedPool> = {}): DeployedPool {
  return {
    region: "us-east-1",
    pool: { Id: POOL_ID, Name: "acme", UsernameConfiguration: { CaseSensitive: false } },
    mfa: {},
    clients: [{ ClientName: "app", ClientId: "5f2kq8n1v7c3m9x0b4h6j2l8pd", HasSecret: false }],
    unread: [],
    ...overrides,
  };
}

function specOf(result: ReturnType<typeof importedManifest>): Record<string, unknown> {
  return result.document.spec as Record<string, unknown>;
}

describe("importedManifest", () => {
  it("keys log delivery by event source, writing a level only where it is not AWS's own", () => {
    const result = importedManifest(
      deployed({
        logConfigurations: [
          {
            EventSource: "userAuthEvents",
            LogLevel: "ERROR",
            S3Configuration: { BucketArn: "arn:aws:s3:::acme" },
          },
          {
            EventSource: "userNotification",
            LogLevel: "ERROR",
            CloudWatchLogsConfiguration: { LogGroupArn: LOG_GROUP },
          },
        ],
        webAclArn: WEB_ACL,
      }),
    );
    expect(specOf(result).logDelivery).toEqual({
      userAuthEvents: { logLevel: "ERROR", bucketArn: "arn:aws:s3:::acme" },
      userNotification: { logGroupArn: LOG_GROUP },
    });
    expect(specOf(result).webAclAssociation).toEqual({ webAclArn: WEB_ACL });
    expect(result.adoptionBlockedBy).toEqual([]);
  });

  it("writes nothing for a pool that logs nothing and has no web ACL", () => {
    const spec = specOf(importedManifest(deployed({ logConfigurations: [] })));
    expect(spec).not.toHaveProperty("logDelivery");
    expect(spec).not.toHaveProperty("webAclAssociation");
  });

  it("notes an event source the manifest does not know, and does not mark the pool for adoption", () => {
    const result = importedManifest(
      deployed({
        logConfigurations: [
          {
            EventSource: "userNotification",
            LogLevel: "ERROR",
            CloudWatchLogsConfiguration: { LogGroupArn: LOG_GROUP },
          },
          {
            EventSource: "adminEvents" as never,
            LogLevel: "INFO",
            FirehoseConfiguration: { StreamArn: LOG_STREAM },
          },
        ],
      }),
    );
    expect(result.notes.join("\n")).toContain("LogDeliveryConfiguration.adminEvents");
    expect(result.adoptionBlockedBy).toEqual(["LogDeliveryConfiguration.adminEvents"]);
    expect(specOf(result)).not.toHaveProperty("adopt");
  });
});

describe("import of a pool with log delivery and a web ACL", () => {
  let standIn: CognitoStandIn;
  let directory: string;

  beforeEach(async () => {
    standIn = await startCognitoStandIn([fullPool()]);
    directory = mkdtempSync(join(tmpdir(), "logs-waf-"));
  });
  afterEach(async () => {
    await standIn.close();
    rmSync(directory, { recursive: true, force: true });
  });

  async function importText(): Promise<string> {
    const result = await runCli(
      ["import", "--region", REGION, "--user-pool-id", POOL_ID, "--output", "out.yaml"],
      directory,
      {
        AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE",
        AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        AWS_ENDPOINT_URL: standIn.endpoint,
        AWS_MAX_ATTEMPTS: "1",
      },
    );
    expect(result.code, result.stderr).toBe(0);
    return readFileSync(join(directory, "out.yaml"), "utf8");
  }

  it("asks AWS WAF for the web ACL by the pool's ARN", async () => {
    const text = await importText();
    expect(standIn.calls.find((call) => call.operation === "GetWebACLForResource")?.body).toEqual({
      ResourceArn: POOL_ARN,
    });
    expect(text).toContain(`webAclArn: ${WEB_ACL}`);
    expect(text).toContain(`streamArn: ${LOG_STREAM}`);
  });

  it("notes a denied log delivery read in the manifest, and still adopts the pool", async () => {
    standIn.failing("GetLogDeliveryConfiguration", accessDenied("GetLogDeliveryConfiguration", POOL_ARN));
    const text = await importText();
    expect(text).toContain("(log delivery not read: AccessDeniedException on GetLogDeliveryConfiguration)");
    expect(text).not.toContain("logDelivery:");
    expect(text).toContain(`userPoolId: ${POOL_ID}`);
  });

  it("notes a denied web ACL read in the manifest, and still adopts the pool", async () => {
    standIn.failing("GetWebACLForResource", {
      type: "AccessDeniedException",
      message: `User: arn:aws:iam::123456789012:user/ci-reader is not authorized to perform: wafv2:GetWebACLForResource on resource: ${POOL_ARN}`,
    });
    const text = await importText();
    expect(text).toContain("(web ACL not read: AccessDeniedException on GetWebACLForResource)");
    expect(text).not.toContain("webAclAssociation:");
    expect(text).toContain(`userPoolId: ${POOL_ID}`);
  });
});
