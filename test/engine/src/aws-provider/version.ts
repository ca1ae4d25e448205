import { readFileSync } from "node:fs";
import { join } from "node:path";

/** The pulumi-aws version the program's @pulumi/aws asks for: the provisioner's pinned dependency. */
export function pluginVersion(): string {
  const manifest = join(import.meta.dirname, "../../../../packages/provisioner/package.json");
  const { dependencies } = JSON.parse(readFileSync(manifest, "utf8")) as {
    dependencies: Record<string, string>;
  };
  return dependencies["@pulumi/aws"]!;
}
