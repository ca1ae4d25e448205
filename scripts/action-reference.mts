// Renders the inputs and outputs tables of README.md from action.yml, between marker comments, so the
// README never disagrees with the contract the runner reads.
import { parse } from "yaml";

interface ActionYaml {
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description: string }>;
}

const START = "<!-- action-reference:start (generated from action.yml by pnpm generate) -->";
const END = "<!-- action-reference:end -->";

/** README.md with the tables between the markers replaced by ones rendered from `actionYaml`. */
export function renderActionReference(readme: string, actionYaml: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md must contain the markers ${START} and ${END}`);
  const action = parse(actionYaml) as ActionYaml;
  const cell = (text: string) => text.replace(/\s+/g, " ").trim().replace(/\|/g, "\\|");
  const defaultCell = (value: string | undefined) =>
    value === undefined || value === "" ? "" : `\`${value.trim().split("\n").join("`<br>`")}\``;
  const tables = [
    "### Inputs",
    "",
    "| Input | Default | Description |",
    "|---|---|---|",
    ...Object.entries(action.inputs).map(
      ([name, input]) => `| \`${name}\` | ${defaultCell(input.default)} | ${cell(input.description)} |`,
    ),
    "",
    "### Outputs",
    "",
    "| Output | Description |",
    "|---|---|",
    ...Object.entries(action.outputs).map(
      ([name, output]) => `| \`${name}\` | ${cell(output.description)} |`,
    ),
  ].join("\n");
  return `${readme.slice(0, start + START.length)}\n\n${tables}\n\n${readme.slice(end)}`;
}
