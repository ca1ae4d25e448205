// User groups (beyond OpenMCF). Sources: botocore CreateGroupRequest (GroupNameType, ArnType) and terraform
// user_group.go (role_arn verify.ValidARN).
import { parseArn } from "../aws-formats.ts";
import { literalValue } from "../references.ts";
import { defineRule, duplicates } from "./rule.ts";

// botocore GroupNameType: 1-128 characters of letters, marks, symbols, numbers and punctuation (no spaces).
const GROUP_NAME = /^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u;

export const groupRules = [
  // botocore GroupNameType: whole-string [\p{L}\p{M}\p{S}\p{N}\p{P}]+ (length 1-128 is checked by the schema).
  defineRule("group-name-format", "error", ({ spec }) =>
    spec.groups.length === 0
      ? []
      : spec.groups.flatMap((group, index) =>
          GROUP_NAME.test(group.name)
            ? []
            : [
                {
                  path: ["spec", "groups", index, "name"],
                  message: `group name ${JSON.stringify(group.name)} must not contain spaces or control characters`,
                },
              ],
        ),
  ),

  // A group name is unique in its pool (CreateGroup: GroupExistsException).
  defineRule("group-name-unique", "error", ({ spec }) =>
    duplicates(
      spec.groups.map((group) => group.name),
      ["spec", "groups"],
      "group",
    ).map((hit) => ({ ...hit, path: [...hit.path, "name"] })),
  ),

  // botocore CreateGroupRequest.RoleArn (ArnType) and terraform verify.ValidARN: an IAM role ARN.
  defineRule("group-role-arn-format", "error", ({ spec }) =>
    spec.groups.length === 0
      ? []
      : spec.groups.flatMap((group, index) => {
          const text = literalValue(group.roleArn);
          if (text === undefined) return [];
          const arn = parseArn(text);
          return arn?.service === "iam" && arn.account.length === 12 && arn.resource.startsWith("role/")
            ? []
            : [
                {
                  path: ["spec", "groups", index, "roleArn"],
                  message: `roleArn must be an IAM role ARN like arn:aws:iam::123456789012:role/admins, not ${JSON.stringify(text)}`,
                },
              ];
        }),
  ),
];
