// Prints the Nth ```sh block of the README's "## Development" section (1-based), so CI runs exactly
// what the README tells people to run.
import { readFileSync } from "node:fs";

const wanted = Number(process.argv[2] ?? "1");
const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
const section = readme.split(/^## Development\s*$/m)[1]?.split(/^## /m)[0];
if (section === undefined) throw new Error("README.md has no ## Development section");
const blocks = [...section.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((match) => match[1].trim());
const block = blocks[wanted - 1];
if (block === undefined) throw new Error(`README.md's Development section has no shell block ${wanted}`);
process.stdout.write(`${block}\n`);
