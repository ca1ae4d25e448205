// Custom attributes (the pool's schema). Sources: botocore SchemaAttributeType, CustomAttributeNameType,
// StringAttributeConstraintsType and NumberAttributeConstraintsType; the Developer Guide's
// user-pool-settings-attributes page; the messages AWS returns, as reproduced by moto.
import { defineRule, duplicates } from "./rule.ts";
import type { RuleHit } from "./rule.ts";
import type { CustomAttribute } from "../schema.ts";

/** Standard attributes and their fixed data types: a custom attribute with one of these names overrides it. */
export const STANDARD_ATTRIBUTE_TYPES: Readonly<Record<string, CustomAttribute["attributeDataType"]>> = {
  address: "String",
  birthdate: "String",
  email: "String",
  family_name: "String",
  gender: "String",
  given_name: "String",
  locale: "String",
  middle_name: "String",
  name: "String",
  nickname: "String",
  phone_number: "String",
  picture: "String",
  preferred_username: "String",
  profile: "String",
  website: "String",
  zoneinfo: "String",
  sub: "String",
  updated_at: "Number",
  email_verified: "Boolean",
  phone_number_verified: "Boolean",
};

const isStandard = (name: string) => Object.hasOwn(STANDARD_ATTRIBUTE_TYPES, name);
const at = (index: number, field: string) => ["spec", "customAttributes", index, field];

/** Applies `check` to each custom attribute, collecting its hits. */
function eachAttribute(check: (attribute: CustomAttribute, index: number) => RuleHit[]) {
  return ({ spec }: { spec: { customAttributes: CustomAttribute[] } }) =>
    spec.customAttributes.flatMap(check);
}

export const attributeRules = [
  // botocore CustomAttributeNameType: 1-20 characters, whole-string [\p{L}\p{M}\p{S}\p{N}\p{P}]+ (no whitespace),
  // given without the custom: prefix that AWS adds.
  defineRule(
    "custom-attribute-name-format",
    "error",
    eachAttribute(({ name }, index) => {
      if (name.startsWith("custom:")) {
        return [
          {
            path: at(index, "name"),
            message: `custom attribute ${JSON.stringify(name)}: leave out the custom: prefix, AWS adds it`,
          },
        ];
      }
      return /^[\p{L}\p{M}\p{S}\p{N}\p{P}]{1,20}$/u.test(name)
        ? []
        : [
            {
              path: at(index, "name"),
              message: `custom attribute name ${JSON.stringify(name)} must be 1-20 characters with no spaces`,
            },
          ];
    }),
  ),

  // moto add_custom_attributes: "Existing attribute already has name …"; AWS keeps one attribute per name.
  defineRule("custom-attribute-unique", "error", ({ spec }) =>
    duplicates(
      spec.customAttributes.map((a) => a.name),
      ["spec", "customAttributes"],
      "custom attribute",
    ).map((hit) => ({ ...hit, path: [...hit.path, "name"] })),
  ),

  // DG: custom attributes cannot be required ("Required custom attributes are not supported currently").
  // Overridden standard attributes may be required (at creation only).
  defineRule(
    "custom-attribute-required",
    "error",
    eachAttribute(({ name, required }, index) =>
      required === true && !isStandard(name)
        ? [
            {
              path: at(index, "required"),
              message: `custom attribute ${JSON.stringify(name)} cannot be required: AWS refuses required custom attributes; validate it in a pre-sign-up Lambda instead`,
            },
          ]
        : [],
    ),
  ),

  // moto _init_standard: "You can not change AttributeDataType … for standard schema attribute".
  defineRule(
    "standard-attribute-type",
    "error",
    eachAttribute(({ name, attributeDataType }, index) => {
      const standardType = STANDARD_ATTRIBUTE_TYPES[name];
      return isStandard(name) && standardType !== attributeDataType
        ? [
            {
              path: at(index, "attributeDataType"),
              message: `${name} is a standard attribute of type ${standardType}; its type cannot be changed to ${attributeDataType}`,
            },
          ]
        : [];
    }),
  ),

  // moto _init_standard: "You can not … set developerOnlyAttribute for standard schema attribute" (botocore
  // SchemaAttributeType.DeveloperOnlyAttribute applies to custom attributes).
  defineRule(
    "standard-attribute-developer-only",
    "error",
    eachAttribute(({ name, developerOnly }, index) =>
      isStandard(name) && developerOnly === true
        ? [
            {
              path: at(index, "developerOnly"),
              message: `${name} is a standard attribute, which cannot be developer-only; only custom attributes can`,
            },
          ]
        : [],
    ),
  ),

  // String constraints only apply to String attributes, number constraints to Number attributes. The program
  // sends only the constraints block of the attribute's own type, so the others are dropped, not refused by AWS.
  defineRule(
    "constraints-type-mismatch",
    "warning",
    eachAttribute((attribute, index) => {
      const hits: RuleHit[] = [];
      for (const field of ["stringMinLength", "stringMaxLength"] as const) {
        if (attribute[field] !== undefined && attribute.attributeDataType !== "String") {
          hits.push({
            path: at(index, field),
            message: `${field} applies only to String attributes, and ${attribute.name} is ${attribute.attributeDataType}, so it is ignored`,
          });
        }
      }
      for (const field of ["numberMinValue", "numberMaxValue"] as const) {
        if (attribute[field] !== undefined && attribute.attributeDataType !== "Number") {
          hits.push({
            path: at(index, field),
            message: `${field} applies only to Number attributes, and ${attribute.name} is ${attribute.attributeDataType}, so it is ignored`,
          });
        }
      }
      return hits;
    }),
  ),

  // DG: string attributes are at most 2048 characters; moto: "Max length cannot be less than min length."
  defineRule(
    "string-constraints",
    "error",
    eachAttribute(({ stringMinLength: min, stringMaxLength: max }, index) => {
      const hits: RuleHit[] = [];
      const wellFormed = (value: string | undefined) => value === undefined || /^\d+$/.test(value);
      for (const [field, value] of [
        ["stringMinLength", min],
        ["stringMaxLength", max],
      ] as const) {
        if (!wellFormed(value))
          hits.push({
            path: at(index, field),
            message: `${field} must be a whole number of characters, not ${JSON.stringify(value)}`,
          });
      }
      if (hits.length > 0) return hits;
      if (max !== undefined && Number(max) > 2048) {
        hits.push({
          path: at(index, "stringMaxLength"),
          message: `stringMaxLength ${max} is too long: String attributes hold at most 2048 characters`,
        });
      }
      if (min !== undefined && max !== undefined && Number(min) > Number(max)) {
        hits.push({
          path: at(index, "stringMinLength"),
          message: `stringMinLength ${min} is greater than stringMaxLength ${max}`,
        });
      }
      return hits;
    }),
  ),

  // botocore NumberAttributeConstraintsType; moto: "Max value cannot be less than min value."
  defineRule(
    "number-constraints",
    "error",
    eachAttribute(({ numberMinValue: min, numberMaxValue: max }, index) => {
      const hits: RuleHit[] = [];
      for (const [field, value] of [
        ["numberMinValue", min],
        ["numberMaxValue", max],
      ] as const) {
        if (value !== undefined && !/^-?\d+$/.test(value))
          hits.push({
            path: at(index, field),
            message: `${field} must be a whole number, not ${JSON.stringify(value)}`,
          });
      }
      if (hits.length > 0) return hits;
      if (min !== undefined && max !== undefined && BigInt(min) > BigInt(max)) {
        hits.push({
          path: at(index, "numberMinValue"),
          message: `numberMinValue ${min} is greater than numberMaxValue ${max}`,
        });
      }
      return hits;
    }),
  ),
];
