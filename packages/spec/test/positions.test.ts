// Where findings point (keys, values, missing fields, later documents of a file) and how paths read.
import { describe, expect, it } from "vitest";
import { formatPath, loadYamlDocuments, validateSources } from "../src/index.ts";
import type { PathSegment } from "../src/index.ts";
import { dedent, manifest, markedLine } from "./manifest-text.ts";

/** The only document of `text`. */
function onlyDocument(text: string) {
  const documents = loadYamlDocuments(text, "a.yaml");
  expect(documents).toHaveLength(1);
  return documents[0]!;
}

/** 1-based line and column of the first occurrence of `needle` in `text`. */
function positionOf(text: string, needle: string, occurrence = 0): { line: number; column: number } {
  let offset = -1;
  for (let i = 0; i <= occurrence; i++) offset = text.indexOf(needle, offset + 1);
  if (offset < 0) throw new Error(`${JSON.stringify(needle)} is not in the text`);
  const before = text.slice(0, offset).split("\n");
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

describe("locate", () => {
  const text = dedent(`
    apiVersion: aws.openmcf.org/v1
    kind: AwsCognitoUserPool
    metadata:
      name: my-auth
    spec:
      region:   us-east-1
      passwordPolicy:
        minimumLength: 12
      clients:
        - name: web-app
          callbackUrls: [https://a.example.com/cb, https://b.example.com/cb]
        -   name: mobile
            explicitAuthFlows:
              - ALLOW_USER_SRP_AUTH
  `);
  const document = onlyDocument(text);
  const locate = (path: PathSegment[], target?: "key" | "value") => document.locate(path, target);

  it("points at a key by default and at its value on request", () => {
    expect(locate(["spec", "region"])).toEqual(positionOf(text, "region:"));
    expect(locate(["spec", "region"], "key")).toEqual(positionOf(text, "region:"));
    expect(locate(["spec", "region"], "value")).toEqual(positionOf(text, "us-east-1"));
    expect(locate(["spec", "passwordPolicy", "minimumLength"], "value")).toEqual(positionOf(text, "12"));
  });

  it("points at the value of a key whose value is a block at the block's first entry", () => {
    expect(locate(["spec", "passwordPolicy"], "value")).toEqual(positionOf(text, "minimumLength"));
  });

  it("points at list items, in block and flow lists", () => {
    expect(locate(["spec", "clients", 0])).toEqual(positionOf(text, "name: web-app"));
    expect(locate(["spec", "clients", 1, "name"])).toEqual(positionOf(text, "name: mobile"));
    expect(locate(["spec", "clients", 0, "callbackUrls", 1])).toEqual(
      positionOf(text, "https://b.example.com"),
    );
    expect(locate(["spec", "clients", 1, "explicitAuthFlows", 0])).toEqual(
      positionOf(text, "ALLOW_USER_SRP_AUTH"),
    );
  });

  it("points a missing field at the nearest key that exists", () => {
    expect(locate(["spec", "domain"])).toEqual(positionOf(text, "spec:"));
    expect(locate(["spec", "domain", "domain"])).toEqual(positionOf(text, "spec:"));
    expect(locate(["spec", "passwordPolicy", "requireNumbers"])).toEqual(positionOf(text, "passwordPolicy:"));
    expect(locate(["spec", "clients", 0, "generateSecret"])).toEqual(positionOf(text, "name: web-app"));
    expect(locate(["spec", "clients", 5, "name"])).toEqual(positionOf(text, "clients:"));
    expect(locate(["metadata", "labels", "pulumi.openmcf.org/project"])).toEqual(
      positionOf(text, "metadata:"),
    );
  });

  it("stops at a scalar when the path goes on below it", () => {
    expect(locate(["spec", "region", "name"])).toEqual(positionOf(text, "region:"));
    expect(locate(["spec", "clients", "name"])).toEqual(positionOf(text, "clients:"));
  });

  it("points the whole document at its first line", () => {
    expect(locate([])).toEqual({ line: 1, column: 1 });
  });

  it("reports a required field at its parent's key", () => {
    const noDomainName = manifest(`
      domain: # <-
        certificateArn: arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d
    `);
    expect(validateSources([{ file: "a.yaml", text: noDomainName }]).documents[0]!.findings).toEqual([
      expect.objectContaining({
        rule: "required",
        path: "spec.domain.domain",
        line: markedLine(noDomainName),
        column: 3,
      }),
    ]);

    const noRegion = manifest("").replace("  region: us-east-1\n", "");
    expect(validateSources([{ file: "a.yaml", text: noRegion }]).documents[0]!.findings).toEqual([
      expect.objectContaining({ rule: "required", path: "spec.region", ...positionOf(noRegion, "spec:") }),
    ]);
  });

  it("points wrong types at the value and unknown keys at the key", () => {
    const text = manifest(`
      mfaConfig: ON
      clients:
        - name: web-app
          idTokenValidityMinutes:   "sixty"
    `);
    const findings = validateSources([{ file: "a.yaml", text }]).documents[0]!.findings;
    expect(findings).toEqual([
      expect.objectContaining({ rule: "unknown-key", ...positionOf(text, "mfaConfig") }),
      expect.objectContaining({ rule: "invalid-type", ...positionOf(text, '"sixty"') }),
    ]);
  });
});

describe("multi-document files", () => {
  const first = manifest("", { metadata: "name: first\nlabels: {pulumi.openmcf.org/stack.name: first}" });
  const second = manifest("region: eu-west # <-", {
    metadata: "name: second\nlabels: {pulumi.openmcf.org/stack.name: second}",
  });
  const text = `# two pools\n---\n${first}---\n${second}`;

  it("loads each document with its index", () => {
    const documents = loadYamlDocuments(text, "pools.yaml");
    expect(documents.map((document) => [document.file, document.index])).toEqual([
      ["pools.yaml", 0],
      ["pools.yaml", 1],
    ]);
  });

  it("gives line numbers of the file, not of the document", () => {
    const report = validateSources([{ file: "pools.yaml", text }]);
    expect(report.documents.map((document) => [document.index, document.name])).toEqual([
      [0, "first"],
      [1, "second"],
    ]);
    const region = report.documents[1]!.findings.find((finding) => finding.rule === "region-format");
    expect(region).toMatchObject({ file: "pools.yaml", line: markedLine(text), column: 3 });
    expect(loadYamlDocuments(text, "pools.yaml")[1]!.locate(["kind"])).toEqual(positionOf(text, "kind:", 1));
  });

  it("reports YAML errors in a later document on that document's lines", () => {
    const broken = `${first}---\n${manifest("").replace("  region: us-east-1", "  region: us-east-1\n  region: us-east-2 # <-")}`;
    const report = validateSources([{ file: "pools.yaml", text: broken }]);
    expect(report.documents.map((document) => document.status)).toEqual(["valid", "invalid"]);
    expect(report.documents[1]!.findings).toEqual([
      expect.objectContaining({ rule: "yaml-duplicate-key", line: markedLine(broken), column: 3 }),
    ]);
    expect(report.documents[1]!.findings[0]!.message).toContain('duplicate key "region"');
  });
});

describe("formatPath", () => {
  it.each<[PathSegment[], string]>([
    [[], ""],
    [["spec"], "spec"],
    [["spec", "clients", 1, "name"], "spec.clients[1].name"],
    [["spec", "clients", 0, "allowedOauthScopes", 1], "spec.clients[0].allowedOauthScopes[1]"],
    [["metadata", "labels", "pulumi.openmcf.org/project"], 'metadata.labels["pulumi.openmcf.org/project"]'],
    [["metadata", "labels", "team"], "metadata.labels.team"],
    [["outputs", "client_ids", "web-spa"], "outputs.client_ids.web-spa"],
    [["a", "1st"], 'a["1st"]'],
    [["a", "with space"], 'a["with space"]'],
    [["a", 'say "hi"'], 'a["say \\"hi\\""]'],
    [["a", ""], 'a[""]'],
    [[0, "name"], "[0].name"],
    [["pulumi.openmcf.org/project"], '["pulumi.openmcf.org/project"]'],
  ])("%j reads %s", (segments, expected) => {
    expect(formatPath(segments)).toBe(expected);
  });

  it("is what findings carry", () => {
    const text = manifest("", {
      metadata: `
        name: my-auth
        labels:
          pulumi.openmcf.org/organization: acme corp
          pulumi.openmcf.org/project: identity
          pulumi.openmcf.org/stack.name: dev
      `,
    });
    const [finding] = validateSources([{ file: "a.yaml", text }]).documents[0]!.findings;
    expect(finding).toMatchObject({
      rule: "stack-label-format",
      path: 'metadata.labels["pulumi.openmcf.org/organization"]',
      ...positionOf(text, "pulumi.openmcf.org/organization"),
    });
  });
});
