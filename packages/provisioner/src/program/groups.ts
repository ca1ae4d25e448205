// The user groups (beyond OpenMCF).
import * as pulumi from "@pulumi/pulumi";
import { UserGroup } from "@pulumi/aws/cognito/index.js";
import type { Manifest } from "@cognito-action/spec";
import { groupResourceName } from "../naming.ts";
import { importOption } from "./arguments.ts";
import type { PoolContext } from "./program-context.ts";

/** Declares the manifest's groups. */
export function declareGroups({ manifest, pool, provider, resolve, adoption }: PoolContext): UserGroup[] {
  return manifest.spec.groups.map(
    (group, index) =>
      new UserGroup(
        groupResourceName(manifest, group.name),
        {
          userPoolId: pool.id,
          name: group.name,
          ...(group.description !== undefined ? { description: group.description } : {}),
          ...(group.precedence !== undefined ? { precedence: group.precedence } : {}),
          ...(group.roleArn ? { roleArn: resolve(group.roleArn, ["spec", "groups", index, "roleArn"]) } : {}),
        },
        { provider, ...importOption(adoption.groups[group.name]) },
      ),
  );
}

/** The group names, only when the manifest declares groups. */
export function groupOutputs(manifest: Manifest): Record<string, pulumi.Output<unknown>> {
  const { groups } = manifest.spec;
  return groups.length > 0 ? { user_group_names: pulumi.output(groups.map((group) => group.name)) } : {};
}
