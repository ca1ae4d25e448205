// Verification and invitation messages (beyond OpenMCF). Sources: botocore VerificationMessageTemplateType and
// MessageTemplateType (member shapes and docs), and the terraform user_pool.go documentation of the same blocks.
import { defineRule } from "./rule.ts";
import type { RuleHit } from "./rule.ts";
import type { PathSegment } from "../finding.ts";

/** Length limits of a message field (botocore shapes). */
interface MessageField {
  min: number;
  max: number;
  /** Placeholders the text must contain. */
  placeholders: readonly RegExp[];
  /** How the placeholders read in messages. */
  needs: string;
}

const CODE = /\{####\}/;
const USERNAME = /\{username\}/;
// The link text goes between {## and ##}: {##Verify Email##}.
const LINK = /\{##[^#]*##\}/;

// EmailVerificationSubjectType 1-140, EmailVerificationMessageType 6-20000, EmailVerificationMessageByLinkType
// 6-20000, SmsVerificationMessageType 6-140.
const VERIFICATION_FIELDS: Record<string, MessageField> = {
  emailSubject: { min: 1, max: 140, placeholders: [], needs: "" },
  emailMessage: { min: 6, max: 20000, placeholders: [CODE], needs: "{####}" },
  emailSubjectByLink: { min: 1, max: 140, placeholders: [], needs: "" },
  emailMessageByLink: { min: 6, max: 20000, placeholders: [LINK], needs: "{##Click Here##}" },
  smsMessage: { min: 6, max: 140, placeholders: [CODE], needs: "{####}" },
};
// MessageTemplateType: the same shapes; invitations carry both the username and the temporary password.
const INVITE_FIELDS: Record<string, MessageField> = {
  emailSubject: { min: 1, max: 140, placeholders: [], needs: "" },
  emailMessage: { min: 6, max: 20000, placeholders: [USERNAME, CODE], needs: "{username} and {####}" },
  smsMessage: { min: 6, max: 140, placeholders: [USERNAME, CODE], needs: "{username} and {####}" },
};

function checkFields(
  template: Record<string, unknown> | undefined,
  fields: Record<string, MessageField>,
  path: PathSegment[],
  check: (text: string, field: MessageField, name: string) => string | undefined,
): RuleHit[] {
  if (!template) return [];
  return Object.entries(fields).flatMap(([name, field]) => {
    const text = template[name];
    if (typeof text !== "string") return [];
    const problem = check(text, field, name);
    return problem ? [{ path: [...path, name], message: problem }] : [];
  });
}

const placeholderProblem = (text: string, field: MessageField, name: string) =>
  field.placeholders.every((placeholder) => placeholder.test(text))
    ? undefined
    : `${name} must contain ${field.needs}, where Cognito puts the ${field.needs.includes("username") ? "username and the temporary password" : field.needs === "{####}" ? "code" : "link"}`;

const lengthProblem = (text: string, field: MessageField, name: string) =>
  text.length >= field.min && text.length <= field.max
    ? undefined
    : `${name} is ${text.length} characters long; AWS takes ${field.min}-${field.max}`;

const VERIFICATION = ["spec", "verificationMessageTemplate"];
const INVITE = ["spec", "inviteMessageTemplate"];

export const messageRules = [
  // botocore VerificationMessageTemplateType: EmailMessage and SmsMessage "must contain the {####} placeholder";
  // EmailMessageByLink must contain {##Click Here##} (terraform docs verification_message_template).
  defineRule("verification-message-placeholder", "error", ({ spec }) =>
    checkFields(spec.verificationMessageTemplate, VERIFICATION_FIELDS, VERIFICATION, placeholderProblem),
  ),

  // botocore MessageTemplateType (AdminCreateUserConfig.InviteMessageTemplate): the messages must contain
  // {username} and {####} (terraform docs invite_message_template).
  defineRule("invite-message-placeholder", "error", ({ spec }) =>
    checkFields(spec.inviteMessageTemplate, INVITE_FIELDS, INVITE, placeholderProblem),
  ),

  // botocore EmailVerificationSubjectType (1-140), EmailVerificationMessageType and
  // EmailVerificationMessageByLinkType (6-20000), SmsVerificationMessageType (6-140).
  defineRule("message-template-length", "error", ({ spec }) => [
    ...checkFields(spec.verificationMessageTemplate, VERIFICATION_FIELDS, VERIFICATION, lengthProblem),
    ...checkFields(spec.inviteMessageTemplate, INVITE_FIELDS, INVITE, lengthProblem),
  ]),

  // DG user-pool-settings-message-customizations ("Verification type: Link"): the link a user clicks opens the
  // pool's domain (https://<domain>/confirmUser?...), so link verification needs spec.domain; AWS accepts the
  // setting without one, and the emails then carry a link nobody can open.
  defineRule("confirm-with-link-needs-domain", "warning", ({ spec }) =>
    spec.verificationMessageTemplate?.defaultEmailOption === "CONFIRM_WITH_LINK" && !spec.domain
      ? [
          {
            path: [...VERIFICATION, "defaultEmailOption"],
            message:
              "CONFIRM_WITH_LINK sends a link to the pool's domain, and this pool has none: add spec.domain, or verify with CONFIRM_WITH_CODE",
          },
        ]
      : [],
  ),

  // botocore VerificationMessageTemplateType.EmailMessage and MessageTemplateType.EmailMessage docs: a custom email
  // template is documented for EmailSendingAccount DEVELOPER only; Cognito's own sender may ignore or refuse it.
  defineRule("message-template-needs-developer-email", "warning", ({ spec }) => {
    if (!spec.verificationMessageTemplate && !spec.inviteMessageTemplate) return [];
    if ((spec.emailConfiguration?.emailSendingAccount ?? "COGNITO_DEFAULT") === "DEVELOPER") return [];
    // The subjects are part of the custom email as much as the bodies are.
    const custom = [
      spec.verificationMessageTemplate?.emailSubject !== undefined && [...VERIFICATION, "emailSubject"],
      spec.verificationMessageTemplate?.emailMessage !== undefined && [...VERIFICATION, "emailMessage"],
      spec.verificationMessageTemplate?.emailSubjectByLink !== undefined && [
        ...VERIFICATION,
        "emailSubjectByLink",
      ],
      spec.verificationMessageTemplate?.emailMessageByLink !== undefined && [
        ...VERIFICATION,
        "emailMessageByLink",
      ],
      spec.inviteMessageTemplate?.emailSubject !== undefined && [...INVITE, "emailSubject"],
      spec.inviteMessageTemplate?.emailMessage !== undefined && [...INVITE, "emailMessage"],
    ].filter((path): path is string[] => Array.isArray(path));
    return custom.map((path) => ({
      path,
      message: `custom email messages are documented for emailSendingAccount DEVELOPER only; with COGNITO_DEFAULT AWS may refuse or ignore ${path.at(-1)}`,
    }));
  }),
];
