export type { Finding, PathSegment, Position, Severity } from "./finding.ts";
export { compareFindings, countFindings, formatPath, quoted, singleLineMessage } from "./finding.ts";
export type { SourceDocument } from "./source.ts";
export { loadYamlDocuments, MAX_ALIAS_COUNT } from "./source.ts";
export {
  clientSchema,
  ENV_VARIABLE_NAME,
  IDENTITY_PROVIDER_TYPES,
  LAMBDA_TRIGGERS,
  MANIFEST_API_VERSION,
  MANIFEST_KIND,
  manifestSchema,
} from "./schema.ts";
export type {
  AdoptSpec,
  ClientSpec,
  CustomAttribute,
  DomainSpec,
  EmailConfiguration,
  LambdaConfig,
  LambdaTrigger,
  Manifest,
  PasswordPolicy,
  StringValueOrRef,
  UserPoolSpec,
  ValueRef,
  EnvValue,
  GroupSpec,
  IdentityProviderSpec,
  InviteMessageTemplate,
  ResourceServerSpec,
  StringOrEnv,
  VerificationMessageTemplate,
  ManagedLoginBrandingSpec,
  UiCustomizationSpec,
} from "./schema.ts";
export type { ManifestResult } from "./parse-manifest.ts";
export { parseManifest } from "./parse-manifest.ts";
export type {
  DocumentReport,
  ReferenceCandidate,
  SourceText,
  ValidateOptions,
  ValidationReport,
} from "./validate.ts";
export {
  ambiguousReferenceMessage,
  findReferenceTarget,
  matchReference,
  validateSources,
} from "./validate.ts";
export type { ManifestValue } from "./references.ts";
export {
  describeRef,
  literalValue,
  manifestReferences,
  manifestValues,
  splitFieldPath,
} from "./references.ts";
export type { StackIdentity } from "./stack.ts";
export {
  backendStackName,
  DEFAULT_ORGANIZATION,
  DEFAULT_PROJECT,
  SELF_MANAGED_BACKEND,
  STACK_LABELS,
  stackIdentity,
  stackNamingOf,
} from "./stack.ts";
export type { StackNaming } from "./stack.ts";
export type { Rule, RuleHit } from "./rules/index.ts";
export {
  isCustomDomain,
  isUserPoolId,
  EXTENSION_RULES,
  looksLikeProduction,
  MANIFEST_RULES,
  resourceServerOf,
  SECRET_PROVIDER_DETAILS,
  STANDARD_SCOPES,
  userPoolIdRegion,
} from "./rules/index.ts";
export { isEndpointUrl, partitionOf, parseArn, REGION_PATTERN } from "./aws-formats.ts";
export { STANDARD_ATTRIBUTE_TYPES } from "./rules/attributes.ts";
export { LOG_EVENT_SOURCES } from "./rules/log-delivery.ts";
export type { LogEventSource } from "./rules/log-delivery.ts";
export { manifestJsonSchema } from "./json-schema.ts";
export type { EnvValueField } from "./value-from-env.ts";
export {
  ENV_VARIABLES_NEVER_READ,
  envValuePlaceholder,
  envVariableRefusal,
  isEnvVariableAllowed,
  isEnvVariableNeverRead,
  manifestEnvValues,
} from "./value-from-env.ts";
export { closestMatch } from "./suggest.ts";
export {
  decodeSource,
  findYamlFiles,
  firstInvalidUtf8,
  globYaml,
  IGNORED_DIRECTORIES,
  NothingMatchedError,
  readSource,
  readSources,
} from "./discover.ts";
export {
  isWorkflowCommandLine,
  neutraliseJsonWorkflowCommands,
  neutraliseWorkflowCommands,
} from "./workflow-commands.ts";
