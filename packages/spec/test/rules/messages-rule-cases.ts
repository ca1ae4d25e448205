// The rule cases of messages (rules/messages.ts): each rule with a manifest that breaks it (`# <-` marks the finding's
// line) and a close variant that does not. Gathered in rule-cases.ts.
import { manifest } from "../manifest-text.ts";
import { withSes } from "./manifest-fragments.ts";
import type { RuleCase } from "./rule-case.ts";

export const MESSAGES_RULE_CASES: RuleCase[] = [
  {
    rule: "verification-message-placeholder",
    failing: manifest(
      withSes(`
      verificationMessageTemplate:
        emailMessage: Your verification code is {###} # <-
    `),
    ),
    path: "spec.verificationMessageTemplate.emailMessage",
    passing: manifest(
      withSes(`
      verificationMessageTemplate:
        emailMessage: Your verification code is {####}
    `),
    ),
  },
  {
    rule: "invite-message-placeholder",
    failing: manifest(
      withSes(`
      inviteMessageTemplate:
        emailMessage: Your temporary password is {####} # <-
    `),
    ),
    path: "spec.inviteMessageTemplate.emailMessage",
    passing: manifest(
      withSes(`
      inviteMessageTemplate:
        emailMessage: Hello {username}, your temporary password is {####}
    `),
    ),
  },
  {
    rule: "message-template-length",
    failing: manifest(`
      verificationMessageTemplate:
        smsMessage: "${"Your code is {####}. ".repeat(8)}" # <-
    `),
    path: "spec.verificationMessageTemplate.smsMessage",
    passing: manifest(`
      verificationMessageTemplate:
        smsMessage: "Your code is {####}."
    `),
  },
  {
    rule: "message-template-needs-developer-email",
    failing: manifest(`
      verificationMessageTemplate:
        emailMessage: Your verification code is {####} # <-
    `),
    path: "spec.verificationMessageTemplate.emailMessage",
    passing: manifest(
      withSes(`
      verificationMessageTemplate:
        emailMessage: Your verification code is {####}
    `),
    ),
  },
];
