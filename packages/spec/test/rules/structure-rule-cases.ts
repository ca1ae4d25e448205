// The rule cases of the YAML itself and the schema (findings of parsing, outside MANIFEST_RULES): each rule with a manifest that breaks it (`# <-` marks the finding's
// line) and a close variant that does not. Gathered in rule-cases.ts.
import { manifest } from "../manifest-text.ts";
import { oauthClient, VALID_LAMBDA } from "./manifest-fragments.ts";
import type { RuleCase } from "./rule-case.ts";

export const STRUCTURE_RULE_CASES: RuleCase[] = [
  {
    rule: "yaml-syntax",
    failing: manifest("region: us-east-1: us-west-2 # <-"),
    path: "",
    passing: manifest('region: "us-east-1"'),
  },
  {
    rule: "yaml-syntax",
    failing: manifest("region: us-east-1")
      .replace("  region:", "\tregion:")
      .replace(/^\tregion.*$/m, "$& # <-"),
    path: "",
    passing: manifest("region: us-east-1"),
  },
  {
    rule: "yaml-merge-key",
    // A client built from a shared block by a merge key: refused by name, not as an unknown field "<<".
    failing: manifest(`
      clients:
        - &base
          name: web-app
          explicitAuthFlows: [ALLOW_USER_SRP_AUTH, ALLOW_REFRESH_TOKEN_AUTH]
        - <<: *base # <-
          name: mobile-app
    `),
    path: 'spec.clients[1]["<<"]',
    passing: manifest(`
      clients:
        - name: web-app
          explicitAuthFlows: &flows [ALLOW_USER_SRP_AUTH, ALLOW_REFRESH_TOKEN_AUTH]
        - name: mobile-app
          explicitAuthFlows: *flows
    `),
  },
  {
    rule: "yaml-duplicate-key",
    failing: manifest(`
      region: us-east-1
      mfaConfiguration: OFF
      region: eu-west-1 # <-
    `),
    path: "",
    passing: manifest(`
      region: eu-west-1
      mfaConfiguration: OFF
    `),
  },
  {
    rule: "yaml-alias-limit",
    // Each level repeats the one before ten times: 10^4 strings from a few lines ("billion laughs").
    failing: `apiVersion: aws.openmcf.org/v1 # <-
kind: AwsCognitoUserPool
x1: &x1 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]
x2: &x2 [*x1, *x1, *x1, *x1, *x1, *x1, *x1, *x1, *x1, *x1]
x3: &x3 [*x2, *x2, *x2, *x2, *x2, *x2, *x2, *x2, *x2, *x2]
x4: [*x3, *x3, *x3, *x3, *x3, *x3, *x3, *x3, *x3, *x3]
`,
    path: "",
    // A few aliases for repeated values are ordinary YAML.
    passing: manifest(`
      clients:
        - name: web-app
          allowedOauthFlowsUserPoolClient: true
          allowedOauthFlows: [code]
          allowedOauthScopes: &scopes [openid, email]
          callbackUrls: &urls [https://app.example.com/callback]
          logoutUrls: *urls
        - name: mobile
          allowedOauthFlowsUserPoolClient: true
          allowedOauthFlows: [code]
          allowedOauthScopes: *scopes
          callbackUrls: [myapp://callback]
    `),
  },
  {
    rule: "yaml-too-deep",
    failing: manifest(`region: ${"[".repeat(2000)}${"]".repeat(2000)} # <-`),
    path: "",
    passing: manifest(`
      customAttributes: [[[[[[[[[[]]]]]]]]]]
    `),
  },
  {
    rule: "empty-file",
    failing: "# <-\n# Nothing here yet: the manifest is still being written.\n",
    path: "",
    passing: "--- # a document with one key\nname: placeholder\n",
  },
  {
    rule: "empty-document",
    failing: `--- # <-\n---\n${manifest("")}`,
    path: "",
    passing: `---\n${manifest("")}`,
  },
  {
    rule: "document-not-mapping",
    failing: manifest("")
      .replace(/^/gm, "  ")
      .replace(/^ {2}apiVersion.*$/m, "- apiVersion: aws.openmcf.org/v1 # <-"),
    path: "",
    passing: manifest(""),
  },
  {
    rule: "document-not-mapping",
    failing: "AwsCognitoUserPool # <-\n",
    path: "",
    passing: "kind: AwsCognitoUserPool\napiVersion: v1\n",
  },
  {
    rule: "unknown-kind",
    failing: manifest("").replace("kind: AwsCognitoUserPool", "kind: AwsCognitoUserpool # <-"),
    path: "kind",
    passing: manifest("").replace("kind: AwsCognitoUserPool", "kind: AwsLambda"),
  },
  {
    rule: "unknown-key",
    failing: manifest("mfaConfig: OFF # <-"),
    path: "spec.mfaConfig",
    passing: manifest("mfaConfiguration: OFF"),
  },
  {
    rule: "unknown-key",
    failing: manifest(`
      clients:
        - name: web-app
          callback_urls: [https://app.example.com/callback] # <-
    `),
    path: "spec.clients[0].callback_urls",
    passing: manifest(oauthClient()),
  },
  {
    rule: "required",
    failing: manifest(`
      clients:
        - explicitAuthFlows: [ALLOW_USER_SRP_AUTH, ALLOW_REFRESH_TOKEN_AUTH] # <-
    `),
    path: "spec.clients[0].name",
    passing: manifest(`
      clients:
        - explicitAuthFlows: [ALLOW_USER_SRP_AUTH, ALLOW_REFRESH_TOKEN_AUTH]
          name: web-app
    `),
  },
  {
    rule: "required",
    // A missing field is reported at its parent's key.
    failing: manifest("").replace("  region: us-east-1\n", "").replace("spec:", "spec: # <-"),
    path: "spec.region",
    passing: manifest(""),
  },
  {
    rule: "invalid-type",
    failing: manifest(`
      clients:
        - name: web-app
          accessTokenValidityMinutes: "60" # <-
    `),
    path: "spec.clients[0].accessTokenValidityMinutes",
    passing: manifest(`
      clients:
        - name: web-app
          accessTokenValidityMinutes: 60
    `),
  },
  {
    rule: "invalid-type",
    failing: manifest(`
      lambdaConfig:
        preSignUp: 42 # <-
    `),
    path: "spec.lambdaConfig.preSignUp",
    passing: manifest(`
      lambdaConfig:
        preSignUp: "${VALID_LAMBDA}"
    `),
  },
  {
    rule: "invalid-value",
    failing: manifest(`
      mfaConfiguration: REQUIRED # <-
      softwareTokenMfaEnabled: true
    `),
    path: "spec.mfaConfiguration",
    passing: manifest(`
      mfaConfiguration: ON
      softwareTokenMfaEnabled: true
    `),
  },
  {
    rule: "out-of-range",
    failing: manifest(`
      clients:
        - name: web-app
          refreshTokenValidityDays: 0 # <-
    `),
    path: "spec.clients[0].refreshTokenValidityDays",
    passing: manifest(`
      clients:
        - name: web-app
          refreshTokenValidityDays: 1
    `),
  },
  {
    rule: "out-of-range",
    failing: manifest(`
      passwordPolicy:
        minimumLength: 100 # <-
    `),
    path: "spec.passwordPolicy.minimumLength",
    passing: manifest(`
      passwordPolicy:
        minimumLength: 99
    `),
  },
];
