// Email delivery. Sources: botocore EmailConfigurationType and its member docs, terraform user_pool.go and its
// documentation, and the Developer Guide's user-pool-email page (SES regions).
import { parseArn, partitionOf } from "../aws-formats.ts";
import { literalValue } from "../references.ts";
import { defineRule } from "./rule.ts";

const PATH = ["spec", "emailConfiguration"];

// DG user-pool-email: pools in these regions must send from an SES identity in their own region.
const OWN_REGION_ONLY = new Set([
  "us-west-1",
  "eu-west-3",
  "eu-north-1",
  "eu-south-1",
  "me-south-1",
  "sa-east-1",
]);
// Other pools may also use one of these SES regions.
const SHARED_SES_REGIONS = ["us-east-1", "us-west-2", "eu-west-1"];

export const emailRules = [
  // terraform docs source_arn: "Required if email_sending_account is set to DEVELOPER".
  defineRule("email-developer-needs-source-arn", "error", ({ spec }) =>
    spec.emailConfiguration?.emailSendingAccount === "DEVELOPER" && !spec.emailConfiguration.sourceArn
      ? [
          {
            path: [...PATH, "emailSendingAccount"],
            message:
              "emailSendingAccount DEVELOPER sends through your SES identity: set emailConfiguration.sourceArn to its ARN",
          },
        ]
      : [],
  ),

  // terraform docs email_sending_account: "Required to be DEVELOPER if from_email_address is set".
  defineRule("email-from-needs-developer", "error", ({ spec }) =>
    spec.emailConfiguration?.fromEmailAddress !== undefined &&
    spec.emailConfiguration.emailSendingAccount !== "DEVELOPER"
      ? [
          {
            path: [...PATH, "fromEmailAddress"],
            message:
              "fromEmailAddress needs emailSendingAccount: DEVELOPER (Cognito's own sender has a fixed address)",
          },
        ]
      : [],
  ),

  // botocore EmailConfigurationType.From is unconstrained; SES refuses malformed addresses when it sends, so a
  // bad address surfaces only when users stop getting mail. Warn early.
  defineRule("email-from-format", "warning", ({ spec }) => {
    const from = spec.emailConfiguration?.fromEmailAddress;
    return from === undefined || /^([^<>]+<)?[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+>?$/.test(from)
      ? []
      : [
          {
            path: [...PATH, "fromEmailAddress"],
            message: `fromEmailAddress ${JSON.stringify(from)} is not an email address; write "noreply@example.com" or "Name <noreply@example.com>"`,
          },
        ];
  }),

  // botocore EmailAddressType: whole-string [\p{L}\p{M}\p{S}\p{N}\p{P}]+@[\p{L}\p{M}\p{S}\p{N}\p{P}]+.
  defineRule("email-reply-to-format", "error", ({ spec }) => {
    const replyTo = spec.emailConfiguration?.replyToEmailAddress;
    return replyTo === undefined ||
      replyTo === "" ||
      /^[\p{L}\p{M}\p{S}\p{N}\p{P}]+@[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u.test(replyTo)
      ? []
      : [
          {
            path: [...PATH, "replyToEmailAddress"],
            message: `replyToEmailAddress ${JSON.stringify(replyTo)} is not an email address (no spaces, one @)`,
          },
        ];
  }),

  // botocore SESConfigurationSet: 1-64 characters of [a-zA-Z0-9_-].
  defineRule("email-configuration-set-format", "error", ({ spec }) => {
    const set = spec.emailConfiguration?.configurationSet;
    return set === undefined || /^[a-zA-Z0-9_-]{1,64}$/.test(set)
      ? []
      : [
          {
            path: [...PATH, "configurationSet"],
            message: `configurationSet ${JSON.stringify(set)} must be 1-64 letters, digits, _ or -`,
          },
        ];
  }),

  // DG user-pool-email: a configuration set applies only when sending through your own SES identity.
  defineRule("email-configuration-set-needs-developer", "warning", ({ spec }) =>
    spec.emailConfiguration?.configurationSet !== undefined &&
    spec.emailConfiguration.emailSendingAccount !== "DEVELOPER"
      ? [
          {
            path: [...PATH, "configurationSet"],
            message: "configurationSet has no effect unless emailSendingAccount is DEVELOPER",
          },
        ]
      : [],
  ),

  // botocore SourceArn: the ARN of a verified SES identity, arn:<partition>:ses:<region>:<account>:identity/<address>.
  defineRule("email-source-arn-format", "error", ({ spec }) => {
    const arnText = literalValue(spec.emailConfiguration?.sourceArn);
    if (arnText === undefined) return [];
    const arn = parseArn(arnText);
    if (arn?.service === "ses" && arn.account.length === 12 && /^identity\/.+/.test(arn.resource)) return [];
    return [
      {
        path: [...PATH, "sourceArn"],
        message: `sourceArn must be an SES identity ARN like arn:aws:ses:us-east-1:123456789012:identity/noreply@example.com, not ${JSON.stringify(arnText)}`,
      },
    ];
  }),

  // DG user-pool-email (SES regions) and the AWS partition boundary: an identity in another partition never works.
  defineRule("email-ses-region", "error", ({ spec }) => {
    const arnText = literalValue(spec.emailConfiguration?.sourceArn);
    const arn = arnText === undefined ? undefined : parseArn(arnText);
    if (!arn || arn.service !== "ses") return [];
    const allowed = OWN_REGION_ONLY.has(spec.region) ? [spec.region] : [spec.region, ...SHARED_SES_REGIONS];
    if (arn.partition === partitionOf(spec.region) && allowed.includes(arn.region)) return [];
    return [
      {
        path: [...PATH, "sourceArn"],
        message: `a pool in ${spec.region} cannot send from an SES identity in ${arn.region || "no region"}${arn.partition === partitionOf(spec.region) ? "" : ` (partition ${arn.partition})`}; use ${allowed.join(", ")}`,
      },
    ];
  }),
];
