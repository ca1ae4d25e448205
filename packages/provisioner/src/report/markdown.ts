// Small helpers for Markdown that embeds text we do not control (manifest values, engine messages).

// eslint-disable-next-line no-control-regex -- matching the escape character is the point
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]/g;

/** Removes terminal colour codes, which engine messages carry and Markdown shows as garbage. */
export function stripAnsi(text: string): string {
  return text.replace(ANSI, "");
}

/** Escapes text for HTML and for a Markdown table cell (pipes would split the cell). */
export function escapeCell(text: string): string {
  return (
    stripAnsi(text)
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/\|/g, "&#124;")
      // Emphasis, links and strike-through would render, and "@name" would notify someone: as entities
      // these show as themselves. An underscore inside a word never emphasises, so client_ids stays plain.
      .replace(/~/g, "&#126;")
      // Only where they could open or close emphasis, or start a mention: "***" and mail@host stay as typed.
      .replace(/\*(?=[^\s*])|(?<=[^\s*])\*/g, "&#42;")
      .replace(/(^|[^A-Za-z0-9._%+-])@(?=[A-Za-z0-9])/g, "$1&#64;")
      // A link needs "](" or "][": plain brackets (JSON arrays, [secret]) stay readable.
      .replace(/\](?=[([])/g, "&#93;")
      .replace(/(^|[^A-Za-z0-9])_|_(?=[^A-Za-z0-9]|$)/g, (match) => match.replace("_", "&#95;"))
      .replace(/\r?\n/g, "<br>")
  );
}

/** Inline code that survives any content: backticks, pipes, HTML, newlines. */
export function code(text: string): string {
  // Markdown still reads backticks inside an HTML element: as an entity, a backtick shows as itself.
  return `<code>${escapeCell(text).replace(/`/g, "&#96;")}</code>`;
}

/** A value as it reads in a plan: JSON, cut short when long. */
export function formatValue(value: unknown, limit = 160): string {
  if (value === null || value === undefined) return "—";
  // Colour codes in values would survive as literal "\u001b[31m" once JSON-escaped: drop them first.
  const json = JSON.stringify(value, (_key, inner: unknown) =>
    typeof inner === "string" ? stripAnsi(inner) : inner,
  );
  return code(json.length > limit ? `${json.slice(0, limit - 1)}…` : json);
}

/** Plural with its count: `1 manifest`, `2 manifests`. */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
