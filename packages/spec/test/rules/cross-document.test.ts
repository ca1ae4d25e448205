// Rules of findings that need every document at once (validate.ts): every case of cross-document-rule-cases.ts, and what a table row cannot say.
import { describe, expect, it } from "vitest";
import { validateSources } from "../../src/index.ts";
import { manifest, sourcesOf } from "../manifest-text.ts";
import { lambdaManifest } from "./manifest-fragments.ts";
import { describeRuleCases } from "./rule-case.ts";
import { CROSS_DOCUMENT_RULE_CASES } from "./cross-document-rule-cases.ts";

describeRuleCases(CROSS_DOCUMENT_RULE_CASES);

describe("stack collisions", () => {
  it("gives every colliding manifest the finding, naming the others", () => {
    const same = (name: string) =>
      manifest("", {
        metadata: `
          name: ${name}
          labels:
            pulumi.openmcf.org/organization: acme
            pulumi.openmcf.org/project: identity
            pulumi.openmcf.org/stack.name: shared
        `,
      });
    const report = validateSources(sourcesOf([same("first"), same("second"), same("third")]));
    expect(report.valid).toBe(false);
    for (const document of report.documents) {
      expect(document.status).toBe("invalid");
      expect(document.manifest).toBeUndefined();
      const collision = document.findings.find((finding) => finding.rule === "stack-collision");
      expect(collision?.message).toContain("acme/identity/shared");
    }
    const firstCollision = report.documents[0]!.findings.find(
      (finding) => finding.rule === "stack-collision",
    );
    expect(firstCollision?.message).toContain("b.yaml (second), c.yaml (third)");
  });

  it("counts documents of one file", () => {
    const text = `${manifest("", { metadata: "name: twin" })}---\n${manifest("", { metadata: "name: twin" })}`;
    const report = validateSources([{ file: "twins.yaml", text }]);
    expect(
      report.documents.map((document) => document.findings.some((f) => f.rule === "stack-collision")),
    ).toEqual([true, true]);
  });
});

describe("stack collisions by the backend's naming", () => {
  const labelled = (name: string, organization: string, project = "identity") =>
    manifest("", {
      metadata: `
        name: ${name}
        labels:
          pulumi.openmcf.org/organization: ${organization}
          pulumi.openmcf.org/project: ${project}
          pulumi.openmcf.org/stack.name: prod
      `,
    });
  const collisions = (
    texts: string[],
    stackNaming?: "organization/project/stack" | "project/stack" | "stack",
  ) =>
    validateSources(sourcesOf(texts), stackNaming ? { stackNaming } : {}).documents.map(
      (document) => document.findings.find((finding) => finding.rule === "stack-collision")?.message,
    );

  it("keeps two organizations apart on Pulumi Cloud, where the organization is part of the name", () => {
    expect(collisions([labelled("a-auth", "acme"), labelled("b-auth", "globex")])).toEqual([
      undefined,
      undefined,
    ]);
  });

  it("finds two organizations on one stack of a self-managed backend, which ignores the organization", () => {
    const [first, second] = collisions(
      [labelled("a-auth", "acme"), labelled("b-auth", "globex")],
      "project/stack",
    );
    expect(first).toContain("b.yaml (b-auth)");
    expect(first).toContain("organization/identity/prod");
    expect(first).toContain("self-managed backend");
    expect(second).toContain("a.yaml (a-auth)");
  });

  it("keeps two projects apart on a self-managed backend, and finds them on a legacy bucket", () => {
    const texts = [labelled("a-auth", "acme", "identity"), labelled("b-auth", "acme", "payments")];
    expect(collisions(texts, "project/stack")).toEqual([undefined, undefined]);
    const [first] = collisions(texts, "stack");
    expect(first).toContain("b.yaml (b-auth)");
    expect(first).toContain("legacy");
  });
});

describe("valueFrom references", () => {
  it("resolves a reference against any kind in the validated files, which are skipped themselves", () => {
    const report = validateSources(
      sourcesOf([
        manifest(`
          lambdaConfig:
            preSignUp:
              valueFrom:
                name: pre-sign-up
        `),
        lambdaManifest("pre-sign-up"),
      ]),
    );
    expect(report.documents.map((document) => document.status)).toEqual(["valid", "skipped"]);
    expect(report.documents[0]!.findings).toEqual([]);
  });

  it("names every candidate of an ambiguous reference, with its file and env, and asks for env", () => {
    const report = validateSources([
      {
        file: "prod/pool.yaml",
        text: manifest(`
          lambdaConfig:
            postConfirmation:
              valueFrom:
                name: post-confirm
        `),
      },
      { file: "dev/fn.yaml", text: lambdaManifest("post-confirm", "dev") },
      { file: "prod/fn.yaml", text: lambdaManifest("post-confirm", "prod") },
    ]);
    expect(report.valid).toBe(false);
    expect(report.documents[0]!.manifest).toBeUndefined();
    const finding = report.documents[0]!.findings.find((f) => f.rule === "value-from-ambiguous");
    expect(finding?.message).toBe(
      'spec.lambdaConfig.postConfirmation refers to AwsLambda/post-confirm status.outputs.function_arn, which 2 manifests on different stacks answer: dev/fn.yaml (env dev, stack organization/cognito/dev.AwsLambda.post-confirm), prod/fn.yaml (env prod, stack organization/cognito/prod.AwsLambda.post-confirm); add env ("dev" or "prod") to the valueFrom to say which',
    );
  });

  it("reports an unresolved reference of a manifest that another reference already makes invalid", () => {
    const report = validateSources(
      sourcesOf(
        manifest(`
          lambdaConfig:
            preSignUp:
              valueFrom:
                name: pre-sign-up
                fieldPath: outputs.arn
            postConfirmation:
              valueFrom:
                name: post-confirm
        `),
      ),
    );
    expect(report.documents[0]!.findings.map((finding) => [finding.rule, finding.path])).toEqual([
      ["value-from-unresolved", "spec.lambdaConfig.preSignUp"],
      ["value-from-field-path", "spec.lambdaConfig.preSignUp.valueFrom.fieldPath"],
      ["value-from-unresolved", "spec.lambdaConfig.postConfirmation"],
    ]);
  });

  it("warns, but keeps the manifest valid, when the target is not among the files", () => {
    const report = validateSources(
      sourcesOf(
        manifest(`
          lambdaConfig:
            preSignUp:
              valueFrom:
                kind: AwsLambda
                name: pre-sign-up
        `),
      ),
    );
    expect(report.valid).toBe(true);
    const findings = report.documents[0]!.findings;
    expect(findings.map((finding) => [finding.severity, finding.rule])).toEqual([
      ["warning", "value-from-unresolved"],
    ]);
    expect(findings[0]!.message).toContain("AwsLambda/pre-sign-up status.outputs.function_arn");
  });
});
