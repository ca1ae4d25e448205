// The rule cases of findings that need every document at once (validate.ts): each rule with a manifest that breaks it (`# <-` marks the finding's
// line) and a close variant that does not. Gathered in rule-cases.ts.
import { manifest } from "../manifest-text.ts";
import { certificateManifest, lambdaManifest } from "./manifest-fragments.ts";
import type { RuleCase } from "./rule-case.ts";

export const CROSS_DOCUMENT_RULE_CASES: RuleCase[] = [
  {
    rule: "value-from-unresolved",
    failing: [
      manifest(`
        lambdaConfig:
          preSignUp: # <-
            valueFrom:
              name: pre-sign-up
      `),
      lambdaManifest("post-confirmation"),
    ],
    path: "spec.lambdaConfig.preSignUp",
    passing: [
      manifest(`
        lambdaConfig:
          preSignUp:
            valueFrom:
              name: pre-sign-up
      `),
      lambdaManifest("pre-sign-up"),
    ],
  },
  {
    rule: "value-from-unresolved",
    // A reference that names an env must find a manifest with that env.
    failing: [
      manifest(`
        domain:
          domain: auth.example.com
          certificateArn: # <-
            valueFrom:
              name: auth-certificate
              env: prod
      `),
      certificateManifest("auth-certificate", "staging"),
    ],
    path: "spec.domain.certificateArn",
    passing: [
      manifest(`
        domain:
          domain: auth.example.com
          certificateArn:
            valueFrom:
              name: auth-certificate
              env: prod
      `),
      certificateManifest("auth-certificate", "prod"),
    ],
  },
  {
    rule: "value-from-ambiguous",
    // Two AwsLambda post-confirm manifests on different stacks: without env the reference cannot choose.
    failing: [
      manifest(`
        lambdaConfig:
          postConfirmation: # <-
            valueFrom:
              name: post-confirm
      `),
      lambdaManifest("post-confirm", "dev"),
      lambdaManifest("post-confirm", "prod"),
    ],
    path: "spec.lambdaConfig.postConfirmation",
    passing: [
      manifest(`
        lambdaConfig:
          postConfirmation:
            valueFrom:
              name: post-confirm
              env: prod
      `),
      lambdaManifest("post-confirm", "dev"),
      lambdaManifest("post-confirm", "prod"),
    ],
  },
  {
    rule: "stack-collision",
    failing: [
      manifest("", {
        metadata: `
          name: my-auth # <-
          labels:
            pulumi.openmcf.org/organization: acme
            pulumi.openmcf.org/project: identity
            pulumi.openmcf.org/stack.name: dev
        `,
      }),
      manifest("", {
        metadata: `
          name: other-auth
          labels:
            pulumi.openmcf.org/organization: acme
            pulumi.openmcf.org/project: identity
            pulumi.openmcf.org/stack.name: dev
        `,
      }),
    ],
    path: "metadata.name",
    passing: [
      manifest("", {
        metadata: `
          name: my-auth
          labels:
            pulumi.openmcf.org/organization: acme
            pulumi.openmcf.org/project: identity
            pulumi.openmcf.org/stack.name: dev
        `,
      }),
      manifest("", {
        metadata: `
          name: other-auth
          labels:
            pulumi.openmcf.org/organization: acme
            pulumi.openmcf.org/project: identity
            pulumi.openmcf.org/stack.name: dev-other
        `,
      }),
    ],
  },
  {
    rule: "stack-collision",
    // Without labels both fall back to organization/cognito/<metadata.name>.
    failing: [manifest("", { metadata: "name: my-auth # <-" }), manifest("", { metadata: "name: my-auth" })],
    path: "metadata.name",
    passing: [manifest("", { metadata: "name: my-auth" }), manifest("", { metadata: "name: your-auth" })],
  },
];
