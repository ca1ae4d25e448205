// Every case table, in one place: the coverage test (every-rule.test.ts) reads this record, and each
// `<name>.test.ts` beside it runs the table of the same name. A new rule module `src/rules/<name>.ts` gets a
// `<name>-rule-cases.ts` table, an entry here and a `<name>.test.ts`; every-rule.test.ts fails until all three
// are there.
import { ADOPT_RULE_CASES } from "./adopt-rule-cases.ts";
import { ATTRIBUTES_RULE_CASES } from "./attributes-rule-cases.ts";
import { BRANDING_RULE_CASES } from "./branding-rule-cases.ts";
import { CLIENT_SECURITY_RULE_CASES } from "./client-security-rule-cases.ts";
import { CLIENTS_RULE_CASES } from "./clients-rule-cases.ts";
import { CROSS_DOCUMENT_RULE_CASES } from "./cross-document-rule-cases.ts";
import { DOMAIN_RULE_CASES } from "./domain-rule-cases.ts";
import { EMAIL_RULE_CASES } from "./email-rule-cases.ts";
import { FEATURE_PLAN_RULE_CASES } from "./feature-plan-rule-cases.ts";
import { GROUPS_RULE_CASES } from "./groups-rule-cases.ts";
import { IDENTITY_PROVIDERS_RULE_CASES } from "./identity-providers-rule-cases.ts";
import { LAMBDA_RULE_CASES } from "./lambda-rule-cases.ts";
import { LOG_DELIVERY_RULE_CASES } from "./log-delivery-rule-cases.ts";
import { MESSAGES_RULE_CASES } from "./messages-rule-cases.ts";
import { POOL_RULE_CASES } from "./pool-rule-cases.ts";
import { PRODUCTION_POOL_RULE_CASES } from "./production-pool-rule-cases.ts";
import { REFERENCES_RULE_CASES } from "./references-rule-cases.ts";
import { RESOURCE_SERVERS_RULE_CASES } from "./resource-servers-rule-cases.ts";
import type { RuleCase } from "./rule-case.ts";
import { STRUCTURE_RULE_CASES } from "./structure-rule-cases.ts";
import { WEB_ACL_ASSOCIATION_RULE_CASES } from "./web-acl-association-rule-cases.ts";

/**
 * The case tables by name: one per module of src/rules (the same name), plus `structure` (findings about the
 * YAML and the schema) and `cross-document` (findings that need every document at once).
 */
export const RULE_CASE_TABLES: Readonly<Record<string, readonly RuleCase[]>> = {
  pool: POOL_RULE_CASES,
  email: EMAIL_RULE_CASES,
  attributes: ATTRIBUTES_RULE_CASES,
  lambda: LAMBDA_RULE_CASES,
  clients: CLIENTS_RULE_CASES,
  "client-security": CLIENT_SECURITY_RULE_CASES,
  branding: BRANDING_RULE_CASES,
  "log-delivery": LOG_DELIVERY_RULE_CASES,
  "web-acl-association": WEB_ACL_ASSOCIATION_RULE_CASES,
  domain: DOMAIN_RULE_CASES,
  references: REFERENCES_RULE_CASES,
  adopt: ADOPT_RULE_CASES,
  "resource-servers": RESOURCE_SERVERS_RULE_CASES,
  "identity-providers": IDENTITY_PROVIDERS_RULE_CASES,
  groups: GROUPS_RULE_CASES,
  messages: MESSAGES_RULE_CASES,
  "feature-plan": FEATURE_PLAN_RULE_CASES,
  "production-pool": PRODUCTION_POOL_RULE_CASES,
  structure: STRUCTURE_RULE_CASES,
  "cross-document": CROSS_DOCUMENT_RULE_CASES,
};

/** Tables that stand for no module of src/rules. */
export const TABLES_BEYOND_RULE_MODULES = ["structure", "cross-document"] as const;

/** Every case of every table. */
export const RULE_CASES: readonly RuleCase[] = Object.values(RULE_CASE_TABLES).flat();
