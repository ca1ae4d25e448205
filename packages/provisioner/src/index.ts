export type { GraphResource, ResourceGraph } from "./graph.ts";
export { isProgramResourceType, RESOURCE_TYPES, SECRET_PLACEHOLDER } from "./graph.ts";
export type { CognitoOutputs, ProgramOptions } from "./program/index.ts";
export { cognitoProgram } from "./program/index.ts";
export { hostedUiUrl } from "./program/domain.ts";
export { poolTags, schemaAttribute, userPoolArgs } from "./program/user-pool.ts";
export { userPoolClientArgs } from "./program/clients.ts";
export type { ReferenceResolution, ReferenceTarget, StackOutputRef } from "./references.ts";
export { resolveReference, resolveReferences } from "./references.ts";
export type { SynthOptions } from "./synth.ts";
export type { EnvValuesResolution } from "./env-value-resolution.ts";
export { resolveEnvValues } from "./env-value-resolution.ts";
export { synth, SynthError } from "./synth.ts";
export type {
  ChangeAction,
  Plan,
  PlanMessage,
  PlanSummary,
  PropertyChange,
  ResourceChange,
  SecurityDowngrade,
  UnknownValue,
} from "./plan/plan-types.ts";
export {
  DEPLOYED_UNKNOWN,
  failedPlan,
  isUnknownValue,
  KNOWN_AFTER_APPLY,
  summarize,
} from "./plan/plan-types.ts";
export { planChanges } from "./plan/plan-changes.ts";
export { securityDowngradesOf } from "./plan/security-downgrades.ts";
export type { KeptWhenOmitted } from "./plan/kept-when-omitted.ts";
export { KEPT_WHEN_OMITTED } from "./plan/kept-when-omitted.ts";
export type { ReplacementRule } from "./plan/replacement-rules.ts";
export { REPLACEMENT_RULES } from "./plan/replacement-rules.ts";
export type { ManifestPlan, PlanReport, RenderedReport } from "./report/plan-report.ts";
export { renderPlanReport, renderPlanReportParts } from "./report/plan-report.ts";
export { code, escapeCell, formatValue, plural, stripAnsi } from "./report/markdown.ts";
export {
  CREDENTIAL_VARIABLES,
  credentialValues,
  encodedForms,
  MIN_CREDENTIAL_LENGTH,
  MIN_SECRET_LINE_LENGTH,
  REDACTED,
  SecretRedactor,
  SecretRegistry,
  secretPieces,
} from "./redaction.ts";
export type { MaskRegistrar, OutputsWithSecrets } from "./redaction.ts";
export type { ChangedFile, Git } from "./git-file-changes.ts";
export {
  changedFilesBetween,
  gitIn,
  manifestFileChanges,
  parseNameStatus,
  readFileAtRef,
} from "./git-file-changes.ts";
export { mapWithConcurrency } from "./concurrency.ts";
export type { ManifestChange, ReferenceScope } from "./plan/plan-manifests.ts";
export {
  adoptedStackWarning,
  pairChangedManifests,
  planManifestChanges,
  readBaseVersions,
  referenceScope,
  referenceTargets,
  unchangedManifests,
} from "./plan/plan-manifests.ts";
export { renderGraphMarkdown } from "./report/graph-report.ts";
export type {
  EngineFactory,
  EngineStack,
  EngineStackRequest,
  StackOutputs,
  StackResource,
  UpHooks,
} from "./engine/types.ts";
export type { EngineInventory, IndexStack, ListedStack } from "./engine/inventory.ts";
export { StackTagsUnsupportedError } from "./engine/inventory.ts";
export { tagsUnsupported } from "./engine/automation-inventory.ts";
export {
  adoptionSupportProblem,
  cliSupportProblem,
  MINIMUM_ADOPTION_CLI_VERSION,
  MINIMUM_CLI_VERSION,
  MINIMUM_SELF_MANAGED_CLI_VERSION,
  versionBelow,
} from "./engine/cli-support.ts";
export type { AutomationEngineOptions } from "./engine/automation.ts";
export { automationEngine, AWS_PLUGIN_VERSION, planDifferences } from "./engine/automation.ts";
export type { DiyLayout } from "./engine/stack-name.ts";
export { engineStackName } from "./engine/stack-name.ts";
export {
  EngineConfigurationError,
  EngineOperationError,
  EnginePlanMismatchError,
  EnginePlanViolationError,
  engineFailureMessage,
  namedPlanViolations,
  planViolations,
  lockHolderOf,
  StackLockedError,
} from "./engine/errors.ts";
export type { PreviewEvent, StepMetadata, StepState, SummaryEvent } from "./engine/events-to-plan.ts";
export {
  countLogicalSteps,
  display,
  planFromEngineEvents,
  SECRET_SIGNATURE,
  streamProblems,
  UNKNOWN_VALUE,
  valueAtPath,
} from "./engine/events-to-plan.ts";
export type { ApplyReport, ApplyResult } from "./report/apply-report.ts";
export { renderApplyReportParts } from "./report/apply-report.ts";
export * from "./plan/guard.ts";
export * from "./plan/reviewed-plan.ts";
export * from "./engine/stack-origin.ts";
export * from "./engine/deployed-index.ts";
export * from "./git-commit-relation.ts";
