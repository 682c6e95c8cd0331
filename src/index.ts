/**
 * The sidecarctl library: what the CLI is built on, for programs (and, later, the admission
 * webhook) that want the same checks, predictions and rewrites.
 */
export { SidecarError, ERRORS, isSidecarError, type ErrorCode } from './errors.js';
export * from './manifest/index.js';
export * from './model/containers.js';
export * from './model/quantity.js';
export * from './model/versions.js';
export type { Category, Diagnostic, Finding, Severity } from './rules/diagnostic.js';
export { validateInput, type ValidationReport, type ObjectReport } from './validate/validate.js';
export { allRules, enabledRules } from './validate/registry.js';
export { formatJson, formatSarif, formatText } from './validate/format.js';
export { podResources, readResourceList } from './resources/effective.js';
export { resourcesReport, formatResourcesJson, formatResourcesText } from './resources/report.js';
export type { PodEvent, PodEventType, PodPhase } from './lifecycle/events.js';
export type { PodStatus, ContainerStatus, PodCondition } from './lifecycle/status.js';
export { createPodState, podStatus, step } from './lifecycle/engine.js';
export { simulate } from './simulate/driver.js';
export { parseScenario, findScenario } from './simulate/scenario.js';
export { parseDuration } from './model/duration.js';
export { injectObject, parseStatus } from './inject/inject.js';
export { builtinCatalog, loadCatalog } from './catalog/load.js';
export { migrateObject, checkMigrateVersion } from './migrate/migrate.js';
