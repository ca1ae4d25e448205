// Manifests for the tests: the repository's examples, and small inline ones built from plain objects. Both
// go through the spec package's validation, as the CLI and the action do, unless a test needs a manifest
// that validation would refuse (then `parsedManifest` applies the schema's defaults only).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { manifestSchema, validateSources } from "@cognito-action/spec";
import type { Manifest, ValidationReport } from "@cognito-action/spec";
import type { GraphResource, ResourceGraph } from "../src/index.ts";

export const REPOSITORY_ROOT = join(import.meta.dirname, "../../..");
export const EXAMPLE_NAMES = ["quick-start", "hosted-ui", "production"] as const;
export type ExampleName = (typeof EXAMPLE_NAMES)[number];

/** The validation report of examples/<name>.yaml, with the file named as the CLI names it. */
export function exampleReport(name: string): ValidationReport {
  const file = `examples/${name}.yaml`;
  return validateSources([{ file, text: readFileSync(join(REPOSITORY_ROOT, file), "utf8") }]);
}

/** The parsed, defaulted manifest of a Cognito example. */
export function exampleManifest(name: ExampleName): Manifest {
  return onlyManifest(exampleReport(name), `examples/${name}.yaml`);
}

/** Stack labels for `organization/project/stack`. */
export function stackLabels(organization: string, project: string, stack: string): Record<string, string> {
  return {
    "pulumi.openmcf.org/organization": organization,
    "pulumi.openmcf.org/project": project,
    "pulumi.openmcf.org/stack.name": stack,
  };
}

export interface PoolDocumentOptions {
  name?: string;
  metadata?: Record<string, unknown>;
  /** Merged over a minimal spec (region eu-west-1, one client "web"). */
  spec?: Record<string, unknown>;
}

/** A whole AwsCognitoUserPool document as YAML would hold it, with explicit stack labels. */
export function poolDocument(options: PoolDocumentOptions = {}): Record<string, unknown> {
  const name = options.name ?? "test-auth";
  return {
    apiVersion: "aws.openmcf.org/v1",
    kind: "AwsCognitoUserPool",
    metadata: { name, labels: stackLabels("acme", "tests", "test.pool"), ...options.metadata },
    spec: { region: "eu-west-1", clients: [{ name: "web" }], ...options.spec },
  };
}

/** A manifest that passes validation; throws with the findings when it does not. JSON is YAML too. */
export function validManifest(document: Record<string, unknown>, file = "manifest.yaml"): Manifest {
  return onlyManifest(validateSources([{ file, text: JSON.stringify(document, null, 2) }]), file);
}

/** The schema's parse alone (defaults, no rules): for states validation refuses but a base may be in. */
export function parsedManifest(document: Record<string, unknown>): Manifest {
  return manifestSchema.parse(document);
}

function onlyManifest(report: ValidationReport, file: string): Manifest {
  const documents = report.documents.filter((document) => document.kind === "AwsCognitoUserPool");
  const manifest = documents[0]?.manifest;
  if (documents.length !== 1 || !manifest) {
    const findings = report.documents.flatMap((document) => document.findings);
    throw new Error(
      `${file} is not one valid manifest:\n${findings.map((finding) => `${finding.rule}: ${finding.message}`).join("\n")}`,
    );
  }
  return manifest;
}

/** The one resource of `graph` with this logical name. */
export function resourceNamed(graph: ResourceGraph, name: string): GraphResource {
  const found = graph.resources.filter((resource) => resource.name === name);
  if (found.length !== 1) throw new Error(`expected one resource ${name}, found ${found.length}`);
  return found[0]!;
}

/** The resources of `graph` of one type, in declaration order. */
export function resourcesOfType(graph: ResourceGraph, type: string): GraphResource[] {
  return graph.resources.filter((resource) => resource.type === type);
}
