// valueFrom references and the stack the manifest deploys to.
import { manifestReferences, splitFieldPath } from "../references.ts";
import { STACK_LABELS, STACK_NAME_PART, stackIdentity } from "../stack.ts";
import { quoted } from "../finding.ts";
import { defineRule } from "./rule.ts";

/** A name that says production: `prod`, `production` or `prd` as a word of the stack name. */
export function looksLikeProduction(stackName: string): boolean {
  return /(^|[^a-z0-9])(prod|production|prd)([^a-z0-9]|$)/i.test(stackName);
}

export const referenceRules = [
  // Stack outputs live under status.outputs; a map output can be indexed by one more key (client_ids.web-spa).
  defineRule("value-from-field-path", "error", (manifest) =>
    manifestReferences(manifest).flatMap(({ path, ref }) =>
      splitFieldPath(ref.fieldPath)
        ? []
        : [
            {
              path: [...path, "valueFrom", "fieldPath"],
              message: `fieldPath ${JSON.stringify(ref.fieldPath)} must name an output: status.outputs.<output>, optionally followed by .<key>`,
            },
          ],
    ),
  ),

  // Pulumi organization, project and stack names: letters, digits, _ . - (at most 100 characters).
  defineRule("stack-label-format", "error", ({ metadata }) =>
    Object.values(STACK_LABELS).flatMap((label) => {
      const value = metadata.labels[label];
      return value === undefined || STACK_NAME_PART.test(value)
        ? []
        : [
            {
              path: ["metadata", "labels", label],
              message: `label ${label} ${JSON.stringify(value)} is not a valid Pulumi name: use letters, digits, _ . and -`,
            },
          ];
    }),
  ),

  // Without the labels the stack falls back to defaults, which may not be where the pool already lives.
  defineRule("stack-labels-missing", "warning", ({ metadata }) => {
    const identity = stackIdentity(metadata);
    if (identity.defaulted.length === 0) return [];
    const missing = identity.defaulted.map((key) => STACK_LABELS[key]).join(", ");
    return [
      {
        path: ["metadata", "labels"],
        message: `missing ${missing}; this manifest deploys to the stack ${quoted(identity.fullName)}`,
      },
    ];
  }),

  // A production pool without deletion protection is one mistaken replacement away from losing every user.
  defineRule("prod-deletion-protection", "warning", ({ metadata, spec }) =>
    looksLikeProduction(stackIdentity(metadata).stack) && !spec.deletionProtection
      ? [
          {
            path: ["spec", "deletionProtection"],
            message: `stack ${quoted(stackIdentity(metadata).stack)} looks like production but deletionProtection is off; set deletionProtection: true`,
          },
        ]
      : [],
  ),

  // DG user-pool-email: Cognito's own sender is limited to 50 emails a day, too few for production sign-ups.
  defineRule("prod-cognito-default-email", "warning", ({ metadata, spec }) =>
    looksLikeProduction(stackIdentity(metadata).stack) &&
    (spec.emailConfiguration?.emailSendingAccount ?? "COGNITO_DEFAULT") === "COGNITO_DEFAULT"
      ? [
          {
            path: spec.emailConfiguration ? ["spec", "emailConfiguration", "emailSendingAccount"] : ["spec"],
            message: `stack ${quoted(stackIdentity(metadata).stack)} looks like production but sends email through COGNITO_DEFAULT (50 emails a day); use DEVELOPER with an SES identity`,
          },
        ]
      : [],
  ),
];
