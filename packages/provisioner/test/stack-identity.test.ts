// Which Pulumi stack a manifest deploys to: its labels, or the defaults; and two manifests on one stack.
import { describe, expect, it } from "vitest";
import { stackIdentity, validateSources } from "@cognito-action/spec";
import { synth } from "../src/index.ts";
import { poolDocument, stackLabels, validManifest } from "./fixtures.ts";

describe("stackIdentity", () => {
  it("reads organization, project and stack from the labels", () => {
    expect(
      stackIdentity({
        name: "prod-auth",
        labels: stackLabels("acme", "platform", "prod.AwsCognitoUserPool.prod-auth"),
      }),
    ).toEqual({
      organization: "acme",
      project: "platform",
      stack: "prod.AwsCognitoUserPool.prod-auth",
      fullName: "acme/platform/prod.AwsCognitoUserPool.prod-auth",
      defaulted: [],
    });
  });

  it("defaults every missing label and lists which ones", () => {
    expect(stackIdentity({ name: "my-auth" })).toEqual({
      organization: "organization",
      project: "cognito",
      stack: "my-auth",
      fullName: "organization/cognito/my-auth",
      defaulted: ["organization", "project", "stack"],
    });
  });

  it("defaults only the labels that are missing or empty", () => {
    const identity = stackIdentity({
      name: "my-auth",
      labels: { "pulumi.openmcf.org/project": "identity", "pulumi.openmcf.org/organization": "" },
    });
    expect(identity.fullName).toBe("organization/identity/my-auth");
    expect(identity.defaulted).toEqual(["organization", "stack"]);
  });

  it("is the stack synth names in the graph", async () => {
    const graph = await synth(validManifest(poolDocument({ name: "solo-auth", metadata: { labels: {} } })));
    expect(graph.stack).toBe("organization/cognito/solo-auth");
  });
});

describe("stack collisions", () => {
  const labels = stackLabels("acme", "platform", "shared");
  const document = (name: string) => JSON.stringify(poolDocument({ name, metadata: { labels } }), null, 2);

  it("reports both manifests that deploy to one stack, and makes both invalid", () => {
    const report = validateSources([
      { file: "a.yaml", text: document("first-auth") },
      { file: "b.yaml", text: document("second-auth") },
    ]);
    const collisions = report.documents.map((entry) => ({
      file: entry.file,
      status: entry.status,
      manifest: entry.manifest,
      findings: entry.findings
        .filter((finding) => finding.rule === "stack-collision")
        .map(({ severity, message, path }) => ({ severity, message, path })),
    }));
    expect(collisions).toEqual([
      {
        file: "a.yaml",
        status: "invalid",
        manifest: undefined,
        findings: [
          {
            severity: "error",
            path: "metadata.name",
            message:
              "this manifest and b.yaml (second-auth) both deploy to the stack acme/platform/shared; give each its own pulumi.openmcf.org/stack.name label",
          },
        ],
      },
      {
        file: "b.yaml",
        status: "invalid",
        manifest: undefined,
        findings: [
          {
            severity: "error",
            path: "metadata.name",
            message:
              "this manifest and a.yaml (first-auth) both deploy to the stack acme/platform/shared; give each its own pulumi.openmcf.org/stack.name label",
          },
        ],
      },
    ]);
    expect(report.valid).toBe(false);
  });

  it("finds no collision between manifests whose stack names differ", () => {
    const report = validateSources([
      { file: "a.yaml", text: document("first-auth") },
      {
        file: "b.yaml",
        text: JSON.stringify(
          poolDocument({
            name: "second-auth",
            metadata: { labels: stackLabels("acme", "platform", "other") },
          }),
        ),
      },
    ]);
    expect(report.documents.flatMap((entry) => entry.findings).map((finding) => finding.rule)).not.toContain(
      "stack-collision",
    );
    expect(report.documents.map((entry) => entry.status)).toEqual(["valid", "valid"]);
  });

  it("counts manifests without labels as colliding when their names default to one stack", () => {
    const unlabelled = JSON.stringify(poolDocument({ name: "same-auth", metadata: { labels: {} } }));
    const report = validateSources([
      { file: "dev/pool.yaml", text: unlabelled },
      { file: "prod/pool.yaml", text: unlabelled },
    ]);
    expect(
      report.documents.map((entry) => entry.findings.some((finding) => finding.rule === "stack-collision")),
    ).toEqual([true, true]);
  });
});
