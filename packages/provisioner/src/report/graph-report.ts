// The resource graph as Markdown, for `cognito-action synth --format markdown`.
import type { ResourceGraph } from "../graph.ts";
import { PLACEHOLDER_ACCOUNT } from "../mock-values.ts";
import { code, escapeCell, formatValue } from "./markdown.ts";

/** Renders a synthesized graph: its resources with their inputs, then the stack outputs. */
export function renderGraphMarkdown(graph: ResourceGraph): string {
  const resources = graph.resources.map((resource) =>
    [
      `### ${code(resource.name)} <sub>${escapeCell(resource.type)}</sub>`,
      "",
      ...(resource.protect ? ["Protected: the engine refuses to delete it.", ""] : []),
      ...(resource.import !== undefined
        ? [
            `Adopted: the first apply imports the deployed ${code(resource.import)} instead of creating it.`,
            "",
          ]
        : []),
      "```json",
      JSON.stringify(resource.inputs, null, 2).replace(/```/g, "`\u200b``"),
      "```",
    ].join("\n"),
  );
  const outputs = [
    "| Output | Value |",
    "|---|---|",
    ...Object.entries(graph.outputs).map(([name, value]) => `| ${code(name)} | ${formatValue(value, 400)} |`),
  ].join("\n");
  // Synth never sees a deployed stack: the ids, ARNs and hostnames it shows are the mock runtime's.
  const standIns = `<sub>Ids, ARNs and hostnames here are stand-ins the mock runtime derives from the manifest (account ${PLACEHOLDER_ACCOUNT}), never the deployed ones.</sub>`;
  return [`## Stack ${code(graph.stack)}`, ...resources, "## Outputs", outputs, standIns, ""].join("\n\n");
}
