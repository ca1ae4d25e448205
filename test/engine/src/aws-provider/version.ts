import { readFileSync } from "node:fs";
import { join } from "node:path";

/** The pulumi-aws version the program's @pulumi/aws asks for: the provisioner's pinned dependency. */
export const PLUGIN_VERSION = (
  JSON.parse(
    readFileSync(join(import.meta.dirname, "../../../../packages/provisioner/package.json"), "utf8"),
  ) as {
    dependencies: Record<string, string>;
  }
).dependencies["@pulumi/aws"]!;
