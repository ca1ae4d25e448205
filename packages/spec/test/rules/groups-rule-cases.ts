// The rule cases of groups (rules/groups.ts): each rule with a manifest that breaks it (`# <-` marks the finding's
// line) and a close variant that does not. Gathered in rule-cases.ts.
import { manifest } from "../manifest-text.ts";
import type { RuleCase } from "./rule-case.ts";

export const GROUPS_RULE_CASES: RuleCase[] = [
  {
    rule: "group-name-format",
    failing: manifest(`
      groups:
        - name: site admins # <-
    `),
    path: "spec.groups[0].name",
    passing: manifest(`
      groups:
        - name: site-admins
    `),
  },
  {
    rule: "group-name-unique",
    failing: manifest(`
      groups:
        - name: admins
        - name: admins # <-
    `),
    path: "spec.groups[1].name",
    passing: manifest(`
      groups:
        - name: admins
        - name: readers
    `),
  },
  {
    rule: "group-role-arn-format",
    failing: manifest(`
      groups:
        - name: admins
          roleArn: arn:aws:iam::123456789012:user/admin # <-
    `),
    path: "spec.groups[0].roleArn",
    passing: manifest(`
      groups:
        - name: admins
          roleArn: {value: "arn:aws:iam::123456789012:role/admins"}
    `),
  },
];
