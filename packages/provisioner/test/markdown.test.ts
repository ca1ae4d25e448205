import { describe, expect, it } from "vitest";
import { code, escapeCell, formatValue } from "../src/index.ts";

describe("Markdown escaping of text we do not control", () => {
  it("keeps emphasis, links, strike-through and mentions from rendering", () => {
    const escaped = escapeCell("*bold* _it_ [link](https://x) ~~gone~~ @acme/admins");
    expect(escaped).not.toMatch(/\*\w|\w\*|~|(^|\s)@|\]\(|(^|\W)_|_(\W|$)/);
    expect(escapeCell("secret *** rejected by alice@build-host")).toBe(
      "secret *** rejected by alice@build-host",
    );
    expect(escaped).toContain("&#64;acme/admins");
    expect(escapeCell("client_ids us-east-1_AbC")).toBe("client_ids us-east-1_AbC");
  });

  it("keeps table cells whole and HTML inert", () => {
    expect(escapeCell("a | b\n<script>")).toBe("a &#124; b<br>&lt;script&gt;");
  });

  it("shows backticks in code as themselves", () => {
    expect(code("`ls`")).toBe("<code>&#96;ls&#96;</code>");
  });

  it("drops colour codes inside values and cuts long values", () => {
    expect(formatValue("\u001b[31mred\u001b[0m")).toBe('<code>"red"</code>');
    expect(formatValue("x".repeat(500), 20)).toMatch(/^<code>"x{18}…<\/code>$/);
  });
});
