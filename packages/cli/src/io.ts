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
