import { neutraliseJsonWorkflowCommands, neutraliseWorkflowCommands } from "@cognito-action/spec";

/** What a command may touch: its output streams, the working directory and the environment. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  /** Whether stdout is a terminal (colour is used only then, and never with NO_COLOR). */
  stdoutIsTty: boolean;
}

/** ANSI styles, or none, chosen once per run. */
export interface Styles {
  error(text: string): string;
  warning(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

const plain = (text: string) => text;
const sgr = (code: string) => (text: string) => `\u001b[${code}m${text}\u001b[0m`;

/** Colour only for a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function stylesFor(io: CliIo): Styles {
  const color = io.stdoutIsTty && !io.env.NO_COLOR;
  return color
    ? { error: sgr("31"), warning: sgr("33"), dim: sgr("2"), bold: sgr("1") }
    : { error: plain, warning: plain, dim: plain, bold: plain };
}

/**
 * The streams with every line a CI runner would read as a workflow command made inert (a `\` before it): users
 * run the CLI inside their own jobs, and manifests, file names and labels are text it did not write.
 */
export function neutralisingIo(io: CliIo): CliIo {
  return {
    ...io,
    stdout: (text) => io.stdout(neutraliseWorkflowCommands(text)),
    stderr: (text) => io.stderr(neutraliseWorkflowCommands(text)),
  };
}

/**
 * `io` (neutralising) with stdout chosen for an output format: JSON neutralised without changing its values,
 * YAML as it is (a manifest or graph must read back exactly; its lines are data, meant for a file or a tool),
 * anything else neutralised line by line.
 */
export function ioForFormat(io: CliIo, rawIo: CliIo, format: string): CliIo {
  if (format === "json")
    return { ...io, stdout: (text) => rawIo.stdout(neutraliseJsonWorkflowCommands(text)) };
  if (format === "yaml") return { ...io, stdout: (text) => rawIo.stdout(text) };
  return io;
}
