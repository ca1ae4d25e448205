// The parts of the Actions runner the action talks to, as one interface: index.ts adapts @actions/core to
// it, tests pass a recording fake.
import type { MaskRegistrar } from "@cognito-action/provisioner";
import type { Annotator } from "../manifests/workspace.ts";

export interface Runner extends Annotator, MaskRegistrar {
  getInput(name: string): string;
  debug(message: string): void;
  notice(message: string): void;
  setOutput(name: string, value: string): void;
  /** Appends Markdown to the job summary. */
  appendSummary(markdown: string): Promise<void>;
  /** Runs `work` inside a collapsed log group. */
  group<T>(name: string, work: () => Promise<T>): Promise<T>;
}
