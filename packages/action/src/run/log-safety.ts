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
 * `text` with every line that the runner could read as a command made inert: a backslash before a line whose
 * visible start is `::` (its trimmed start is then `\`), and before each `[` that follows a `#` (no `##[` is
 * left). Nothing else changes, so the log reads as the text did and the runner's masks still match secrets.
 */
export function neutraliseWorkflowCommands(text: string): string {
  return text
    .split(LINE_BREAK)
    .map((part, index) => (index % 2 === 0 && isWorkflowCommandLine(part) ? neutraliseLine(part) : part))
    .join("");
}

// A `[` after a `#`, with anything a comparison could skip between them.
const HASH_BRACKET = /(#[\s\p{Z}\p{C}\p{M}]*)\[/gu;

function neutraliseLine(line: string): string {
  const visible = line.replace(INVISIBLE, "");
  const legacySafe = visible.includes("##[") ? line.replace(HASH_BRACKET, "$1\\[") : line;
  return visible.startsWith("::") ? `\\${legacySafe}` : legacySafe;
}
