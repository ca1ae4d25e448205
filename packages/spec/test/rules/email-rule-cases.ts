// The rule cases of email sending (rules/email.ts): each rule with a manifest that breaks it (`# <-` marks the finding's
// line) and a close variant that does not. Gathered in rule-cases.ts.
import { manifest } from "../manifest-text.ts";
import { VALID_SES } from "./manifest-fragments.ts";
import type { RuleCase } from "./rule-case.ts";

export const EMAIL_RULE_CASES: RuleCase[] = [
  {
    rule: "email-developer-needs-source-arn",
    failing: manifest(`
      emailConfiguration:
        emailSendingAccount: DEVELOPER # <-
    `),
    path: "spec.emailConfiguration.emailSendingAccount",
    passing: manifest(`
      emailConfiguration:
        emailSendingAccount: DEVELOPER
        sourceArn: ${VALID_SES}
    `),
  },
  {
    rule: "email-from-needs-developer",
    failing: manifest(`
      emailConfiguration:
        fromEmailAddress: noreply@example.com # <-
    `),
    path: "spec.emailConfiguration.fromEmailAddress",
    passing: manifest(`
      emailConfiguration:
        emailSendingAccount: DEVELOPER
        sourceArn: ${VALID_SES}
        fromEmailAddress: noreply@example.com
    `),
  },
  {
    rule: "email-from-format",
    failing: manifest(`
      emailConfiguration:
        emailSendingAccount: DEVELOPER
        sourceArn: ${VALID_SES}
        fromEmailAddress: noreply at example.com # <-
    `),
    path: "spec.emailConfiguration.fromEmailAddress",
    passing: manifest(`
      emailConfiguration:
        emailSendingAccount: DEVELOPER
        sourceArn: ${VALID_SES}
        fromEmailAddress: "Acme <noreply@example.com>"
    `),
  },
  {
    rule: "email-reply-to-format",
    failing: manifest(`
      emailConfiguration:
        replyToEmailAddress: help desk@example.com # <-
    `),
    path: "spec.emailConfiguration.replyToEmailAddress",
    passing: manifest(`
      emailConfiguration:
        replyToEmailAddress: help-desk@example.com
    `),
  },
  {
    rule: "email-configuration-set-format",
    failing: manifest(`
      emailConfiguration:
        emailSendingAccount: DEVELOPER
        sourceArn: ${VALID_SES}
        configurationSet: sign up metrics # <-
    `),
    path: "spec.emailConfiguration.configurationSet",
    passing: manifest(`
      emailConfiguration:
        emailSendingAccount: DEVELOPER
        sourceArn: ${VALID_SES}
        configurationSet: sign_up-metrics
    `),
  },
  {
    rule: "email-configuration-set-needs-developer",
    failing: manifest(`
      emailConfiguration:
        configurationSet: sign-up-metrics # <-
    `),
    path: "spec.emailConfiguration.configurationSet",
    passing: manifest(`
      emailConfiguration:
        emailSendingAccount: DEVELOPER
        sourceArn: ${VALID_SES}
        configurationSet: sign-up-metrics
    `),
  },
  {
    rule: "email-source-arn-format",
    failing: manifest(`
      emailConfiguration:
        emailSendingAccount: DEVELOPER
        sourceArn: arn:aws:ses:us-east-1:123456789012:configuration-set/metrics # <-
    `),
    path: "spec.emailConfiguration.sourceArn",
    passing: manifest(`
      emailConfiguration:
        emailSendingAccount: DEVELOPER
        sourceArn: arn:aws:ses:us-east-1:123456789012:identity/example.com
    `),
  },
  {
    rule: "email-ses-region",
    failing: manifest(`
      region: eu-central-1
      emailConfiguration:
        emailSendingAccount: DEVELOPER
        sourceArn: arn:aws:ses:ap-southeast-2:123456789012:identity/noreply@example.com # <-
    `),
    path: "spec.emailConfiguration.sourceArn",
    // Pools outside the own-region-only list may use one of the shared SES regions.
    passing: manifest(`
      region: eu-central-1
      emailConfiguration:
        emailSendingAccount: DEVELOPER
        sourceArn: arn:aws:ses:eu-west-1:123456789012:identity/noreply@example.com
    `),
  },
  {
    rule: "email-ses-region",
    // us-west-1 must send from its own region, even though us-east-1 is a shared SES region.
    failing: manifest(`
      region: us-west-1
      emailConfiguration:
        emailSendingAccount: DEVELOPER
        sourceArn: ${VALID_SES} # <-
    `),
    path: "spec.emailConfiguration.sourceArn",
    passing: manifest(`
      region: us-west-1
      emailConfiguration:
        emailSendingAccount: DEVELOPER
        sourceArn: arn:aws:ses:us-west-1:123456789012:identity/noreply@example.com
    `),
  },
  {
    rule: "email-ses-region",
    // Same region name shape, other partition: a GovCloud pool cannot use a commercial identity.
    failing: manifest(`
      region: us-gov-west-1
      emailConfiguration:
        emailSendingAccount: DEVELOPER
        sourceArn: arn:aws:ses:us-gov-west-1:123456789012:identity/noreply@example.com # <-
    `),
    path: "spec.emailConfiguration.sourceArn",
    passing: manifest(`
      region: us-gov-west-1
      emailConfiguration:
        emailSendingAccount: DEVELOPER
        sourceArn: arn:aws-us-gov:ses:us-gov-west-1:123456789012:identity/noreply@example.com
    `),
  },
];
