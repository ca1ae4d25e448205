// The runner reads every line the action prints as a possible workflow command: a line whose start, after
// leading whitespace, is `::` (`::add-mask::`, `::stop-commands::`), or a line holding the legacy `##[` form
// anywhere (actions/runner ActionCommand.TryParseV2 and TryParse; stdout and stderr alike). Text the action did
// not write itself (manifest content, file names, labels, the engine's output, GitHub's error bodies) must
// never be such a line: `::stop-commands::` would turn off the masking of every secret printed after it.

// What a runner line is: .NET's ReadLine ends a line at CR, LF or CR LF.
const LINE_BREAK = /(\r\n|\r|\n)/;
// Characters the runner's TrimStart removes (white space) and those a culture-aware StartsWith or IndexOf skips
// (format and control characters, combining marks): none of them may hide `::` or `##[` from this check.
const INVISIBLE = /[\s\p{Z}\p{C}\p{M}]/gu;

/** Whether the runner could read `line` (one line, no line break) as a workflow command. */
export function isWorkflowCommandLine(line: string): boolean {
  const visible = line.replace(INVISIBLE, "");
  return visible.startsWith("::") || visible.includes("##[");
}

/**
 * `text` with every line that the runner could read as a workflow command made inert: a backslash before it
 * (its trimmed start is then `\`, not `::`) and before each `[` in it (no `##[` is left). Other lines, and the
 * line breaks, are unchanged, so the log still reads as the text did.
 */
export function neutraliseWorkflowCommands(text: string): string {
  return text
    .split(LINE_BREAK)
    .map((part, index) =>
      index % 2 === 0 && isWorkflowCommandLine(part) ? `\\${part.replace(/\[/g, "\\[")}` : part,
    )
    .join("");
}
