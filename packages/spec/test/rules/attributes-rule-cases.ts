// The rule cases of custom and standard attributes (rules/attributes.ts): each rule with a manifest that breaks it (`# <-` marks the finding's
// line) and a close variant that does not. Gathered in rule-cases.ts.
import { manifest } from "../manifest-text.ts";
import type { RuleCase } from "./rule-case.ts";

export const ATTRIBUTES_RULE_CASES: RuleCase[] = [
  {
    rule: "custom-attribute-name-format",
    failing: manifest(`
      customAttributes:
        - name: custom:tier # <-
          attributeDataType: String
    `),
    path: "spec.customAttributes[0].name",
    passing: manifest(`
      customAttributes:
        - name: tier
          attributeDataType: String
    `),
  },
  {
    rule: "custom-attribute-name-format",
    failing: manifest(`
      customAttributes:
        - name: subscription_tier_name # <-
          attributeDataType: String
    `),
    path: "spec.customAttributes[0].name",
    passing: manifest(`
      customAttributes:
        - name: subscription_tier_nm
          attributeDataType: String
    `),
  },
  {
    rule: "custom-attribute-unique",
    failing: manifest(`
      customAttributes:
        - name: tier
          attributeDataType: String
        - name: tier # <-
          attributeDataType: Number
    `),
    path: "spec.customAttributes[1].name",
    passing: manifest(`
      customAttributes:
        - name: tier
          attributeDataType: String
        - name: tier_level
          attributeDataType: Number
    `),
  },
  {
    rule: "custom-attribute-required",
    failing: manifest(`
      customAttributes:
        - name: tier
          attributeDataType: String
          required: true # <-
    `),
    path: "spec.customAttributes[0].required",
    // An overridden standard attribute may be required.
    passing: manifest(`
      customAttributes:
        - name: given_name
          attributeDataType: String
          required: true
    `),
  },
  {
    rule: "standard-attribute-type",
    failing: manifest(`
      customAttributes:
        - name: email_verified
          attributeDataType: String # <-
    `),
    path: "spec.customAttributes[0].attributeDataType",
    passing: manifest(`
      customAttributes:
        - name: email_verified
          attributeDataType: Boolean
    `),
  },
  {
    rule: "constraints-type-mismatch",
    failing: manifest(`
      customAttributes:
        - name: score
          attributeDataType: Number
          stringMaxLength: 10 # <-
    `),
    path: "spec.customAttributes[0].stringMaxLength",
    passing: manifest(`
      customAttributes:
        - name: score
          attributeDataType: Number
          numberMaxValue: 10
    `),
  },
  {
    rule: "string-constraints",
    failing: manifest(`
      customAttributes:
        - name: bio
          attributeDataType: String
          stringMaxLength: 4096 # <-
    `),
    path: "spec.customAttributes[0].stringMaxLength",
    passing: manifest(`
      customAttributes:
        - name: bio
          attributeDataType: String
          stringMaxLength: 2048
    `),
  },
  {
    rule: "string-constraints",
    failing: manifest(`
      customAttributes:
        - name: bio
          attributeDataType: String
          stringMinLength: "20" # <-
          stringMaxLength: "10"
    `),
    path: "spec.customAttributes[0].stringMinLength",
    passing: manifest(`
      customAttributes:
        - name: bio
          attributeDataType: String
          stringMinLength: "10"
          stringMaxLength: "10"
    `),
  },
  {
    rule: "number-constraints",
    failing: manifest(`
      customAttributes:
        - name: score
          attributeDataType: Number
          numberMinValue: 100 # <-
          numberMaxValue: -100
    `),
    path: "spec.customAttributes[0].numberMinValue",
    passing: manifest(`
      customAttributes:
        - name: score
          attributeDataType: Number
          numberMinValue: -100
          numberMaxValue: 100
    `),
  },
  {
    rule: "number-constraints",
    failing: manifest(`
      customAttributes:
        - name: score
          attributeDataType: Number
          numberMaxValue: 2.5 # <-
    `),
    path: "spec.customAttributes[0].numberMaxValue",
    passing: manifest(`
      customAttributes:
        - name: score
          attributeDataType: Number
          numberMaxValue: 25
    `),
  },
];
