// The rule cases of references and stacks (rules/references.ts): each rule with a manifest that breaks it (`# <-` marks the finding's
// line) and a close variant that does not. Gathered in rule-cases.ts.
import { manifest } from "../manifest-text.ts";
import { productionMetadata, VALID_SES } from "./manifest-fragments.ts";
import type { RuleCase } from "./rule-case.ts";

export const REFERENCES_RULE_CASES: RuleCase[] = [
  {
    rule: "value-from-field-path",
    failing: manifest(`
      lambdaConfig:
        preSignUp:
          valueFrom:
            name: pre-sign-up
            fieldPath: outputs.function_arn # <-
    `),
    path: "spec.lambdaConfig.preSignUp.valueFrom.fieldPath",
    passing: manifest(`
      lambdaConfig:
        preSignUp:
          valueFrom:
            name: pre-sign-up
            fieldPath: status.outputs.function_arn
    `),
  },
  {
    rule: "stack-label-format",
    failing: manifest("", {
      metadata: `
        name: my-auth
        labels:
          pulumi.openmcf.org/organization: acme
          pulumi.openmcf.org/project: identity platform # <-
          pulumi.openmcf.org/stack.name: dev.AwsCognitoUserPool.my-auth
      `,
    }),
    path: 'metadata.labels["pulumi.openmcf.org/project"]',
    passing: manifest("", {
      metadata: `
        name: my-auth
        labels:
          pulumi.openmcf.org/organization: acme
          pulumi.openmcf.org/project: identity_platform
          pulumi.openmcf.org/stack.name: dev.AwsCognitoUserPool.my-auth
      `,
    }),
  },
  {
    rule: "stack-labels-missing",
    failing: manifest("", {
      metadata: `
        name: my-auth
        labels: # <-
          pulumi.openmcf.org/organization: acme
          pulumi.openmcf.org/project: identity
      `,
    }),
    path: "metadata.labels",
    passing: manifest(""),
  },
  {
    rule: "stack-labels-missing",
    // No labels at all: the finding points at the nearest key that exists.
    failing: manifest("", { metadata: "name: my-auth" }).replace("metadata:", "metadata: # <-"),
    path: "metadata.labels",
    passing: manifest(""),
  },
  {
    rule: "prod-deletion-protection",
    failing: manifest(
      `
      deletionProtection: false # <-
      emailConfiguration:
        emailSendingAccount: DEVELOPER
        sourceArn: ${VALID_SES}
    `,
      { metadata: productionMetadata() },
    ),
    path: "spec.deletionProtection",
    // "product" is not a production word.
    passing: manifest("deletionProtection: false", {
      metadata: productionMetadata("product.AwsCognitoUserPool.my-auth"),
    }),
  },
  {
    rule: "prod-deletion-protection",
    failing: manifest("deletionProtection: false # <-", { metadata: productionMetadata("acme-prd") }),
    path: "spec.deletionProtection",
    passing: manifest("deletionProtection: true", { metadata: productionMetadata("acme-prd") }),
  },
  {
    rule: "prod-cognito-default-email",
    failing: manifest(
      `
      deletionProtection: true
      emailConfiguration:
        emailSendingAccount: COGNITO_DEFAULT # <-
    `,
      { metadata: productionMetadata() },
    ),
    path: "spec.emailConfiguration.emailSendingAccount",
    passing: manifest(
      `
      deletionProtection: true
      emailConfiguration:
        emailSendingAccount: DEVELOPER
        sourceArn: ${VALID_SES}
    `,
      { metadata: productionMetadata() },
    ),
  },
  {
    rule: "prod-cognito-default-email",
    // Without emailConfiguration the default sender is used; the finding points at spec.
    failing: manifest("deletionProtection: true", { metadata: productionMetadata() }).replace(
      "spec:",
      "spec: # <-",
    ),
    path: "spec",
    passing: manifest("deletionProtection: true", { metadata: productionMetadata("staging-eu") }),
  },
];
