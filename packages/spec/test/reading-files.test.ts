// Reading files from disk: the bytes decoded (UTF-8, UTF-16 with a byte order mark, nothing guessed) and the
// paths found (symbolic links resolved once, never leading out of the workspace).
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  decodeSource,
  findYamlFiles,
  firstInvalidUtf8,
  globYaml,
  readSources,
  validateSources,
} from "../src/index.ts";
import { manifest } from "./manifest-text.ts";

const directories: string[] = [];
afterAll(() => {
  for (const directory of directories) rmSync(directory, { recursive: true, force: true });
});

/** A temporary directory holding `files` (text as UTF-8, or raw bytes). */
function directoryWith(files: Record<string, string | Uint8Array>): string {
  const root = mkdtempSync(join(tmpdir(), "spec-files-"));
  directories.push(root);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

function utf16(text: string, order: "le" | "be"): Uint8Array {
  const le = Buffer.from(`\uFEFF${text}`, "utf16le");
  if (order === "le") return le;
  const be = Buffer.alloc(le.length);
  for (let i = 0; i < le.length; i += 2) {
    be[i] = le[i + 1]!;
    be[i + 1] = le[i]!;
  }
  return be;
}

describe("decoding", () => {
  it.each(["le", "be"] as const)("reads UTF-16 %s with a byte order mark as the manifest it is", (order) => {
    const decoded = decodeSource(utf16(manifest(""), order));
    expect(decoded).toEqual({ text: manifest("") });
    const report = validateSources([{ file: "a.yaml", ...decoded }]);
    expect(report.documents.map((document) => document.status)).toEqual(["valid"]);
  });

  it("reports Latin-1 text at its first non-UTF-8 byte instead of sending U+FFFD to AWS", () => {
    const text = manifest("").replace("name: my-auth", "name: café-auth");
    const latin1 = Buffer.from(text, "latin1");
    const offset = latin1.indexOf(0xe9);
    const report = validateSources([{ file: "a.yaml", ...decodeSource(latin1) }]);
    expect(report.valid).toBe(false);
    expect(report.documents[0]!.manifest).toBeUndefined();
    expect(report.documents[0]!.findings).toEqual([
      {
        severity: "error",
        rule: "file-encoding",
        message: `byte 0xE9 is not UTF-8 (byte offset ${offset}): save the file as UTF-8 (or UTF-16 with a byte order mark)`,
        path: "",
        file: "a.yaml",
        line: 4,
        column: 12,
      },
    ]);
  });

  it("skips a non-UTF-8 file that never names AwsCognitoUserPool when unrelated YAML is skipped", () => {
    const source = { file: "legacy.yaml", ...decodeSource(Buffer.from("titre: été\n", "latin1")) };
    const report = validateSources([source], { unrelatedYaml: "skip-unrelated" });
    expect(report.documents.map((document) => [document.status, document.findings])).toEqual([
      ["skipped", []],
    ]);
  });

  it.each([
    ["ASCII", [0x61, 0x62], undefined],
    ["two-, three- and four-byte characters", [...Buffer.from("é€😀")], undefined],
    ["a lone continuation byte", [0x61, 0x80], 1],
    ["an overlong encoding", [0xc0, 0x80], 0],
    ["a surrogate encoded as UTF-8", [0xed, 0xa0, 0x80], 0],
    ["a truncated sequence", [0x61, 0xe2, 0x82], 1],
    ["a code point above U+10FFFF", [0xf4, 0x90, 0x80, 0x80], 0],
  ])("finds the first invalid UTF-8 byte: %s", (_name, bytes, expected) => {
    expect(firstInvalidUtf8(Uint8Array.from(bytes))).toBe(expected);
  });
});

describe("finding files through symbolic links", () => {
  it("lists a file reached through a link loop once, so it never collides with itself", () => {
    const root = directoryWith({ "pools/auth.yaml": manifest("") });
    symlinkSync("..", join(root, "pools/loop"));
    const files = findYamlFiles(["."], root);
    expect(files).toEqual(["pools/auth.yaml"]);
    const report = validateSources(readSources(files, root));
    expect(report.documents.flatMap((document) => document.findings)).toEqual([]);
  });

  it("never follows a link out of the workspace", () => {
    const outside = directoryWith({ "secret.yaml": manifest("") });
    const root = directoryWith({ "pools/auth.yaml": manifest("") });
    symlinkSync(outside, join(root, "elsewhere"));
    symlinkSync(join(outside, "secret.yaml"), join(root, "pools/linked.yaml"));
    expect(globYaml(["**/*.yaml"], root)).toEqual(["pools/auth.yaml"]);
  });

  it("keeps a link inside the workspace under the file's own path when both are found", () => {
    const root = directoryWith({ "pools/auth.yaml": manifest("") });
    symlinkSync("pools", join(root, "alias"));
    expect(globYaml(["**/*.yaml"], root)).toEqual(["pools/auth.yaml"]);
  });
});
