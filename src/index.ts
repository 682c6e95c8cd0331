/**
 * The sidecarctl library: what the CLI is built on, for programs (and, later, the admission
 * webhook) that want the same checks, predictions and rewrites. Named exports only, so that what
 * is public is a choice: docs/architecture.md describes the folders behind them.
 */

// Errors: one catalog of codes with exit statuses; every thrown error is a SidecarError.
export {
  SidecarError,
  ERRORS,
  isSidecarError,
  type ErrorCode,
  type ErrorLocation,
} from './errors.js';

// Manifests: read files or text (multi-document YAML, lists) and find the pod templates in them.
export { loadInputs, fromSources, fromText, type LoadedInput } from './manifest/load.js';
export { readSources, type SourceFile } from './manifest/source.js';
export type { ManifestDocument, SyntaxProblem } from './manifest/parse.js';
export { qualifiedName, locateField, type ManifestObject } from './manifest/objects.js';
export { formatPath, parsePath, type PathSegment } from './manifest/field-path.js';
export type { Position } from './manifest/locate.js';
export {
  podTemplateOf,
  podTemplatesOf,
  selectTemplates,
  isPodBearingKind,
  podName,
  podNames,
  type PodTemplate,
} from './manifest/pod-templates.js';
export { requireWhole } from './manifest/load.js';

// The model: container classification, quantities, durations and the Kubernetes version table.
export {
  classifyContainers,
  isSidecarSpec,
  type ClassifiedContainer,
  type ContainerKind,
  type ContainerList,
} from './model/containers.js';
export {
  parseQuantity,
  formatQuantity,
  canonicalQuantity,
  compareQuantities,
  type Quantity,
} from './model/quantity.js';
export { parseDuration } from './model/duration.js';
export { imageRepository, imageTag } from './model/image.js';
export {
  SUPPORTED_VERSIONS,
  DEFAULT_VERSION,
  KNOWN_GATES,
  parseVersion,
  parseFeatureGates,
  resolveVersion,
  resolveVersions,
  versionFromFlags,
  type K8sVersion,
  type VersionInfo,
  type ApiField,
} from './model/versions.js';

// validate: the API server's rules of a version plus the lint catalog.
export type { Category, Diagnostic, Finding, Severity } from './rules/diagnostic.js';
export type { RuleMeta } from './rules/rule.js';
export {
  validateInput,
  type ValidateOptions,
  type ValidationReport,
  type ObjectReport,
} from './validate/validate.js';
export { allRules, enabledRules } from './validate/registry.js';
export { formatJson, formatSarif, formatText } from './validate/format.js';

// resources: effective pod requests and limits.
export {
  podResources,
  readResourceList,
  type PodResources,
  type ContainerResources,
  type ResourceList,
} from './resources/effective.js';
export {
  resourcesReport,
  formatResourcesJson,
  formatResourcesText,
  type ResourcesReport,
  type ResourcesObject,
  type ContainerReport,
} from './resources/report.js';

// The lifecycle engine and its driver surface (docs/architecture.md, "Driver contract").
export {
  buildPodModel,
  createPodState,
  step,
  podStatus,
  type StepResult,
  type Action,
  type Observation,
  type ProbeOracle,
  type PodModel,
  type ContainerModel,
  type EngineState,
  type EngineOptions,
} from './lifecycle/engine.js';
export { probeOf, hookOf } from './lifecycle/pod-model.js';
export {
  eventToJsonLine,
  type PodEvent,
  type PodEventType,
  type PodPhase,
  type ProbeKind,
  type HookKind,
  type Signal,
} from './lifecycle/events.js';
export type {
  PodStatus,
  PodCondition,
  ContainerStatus,
  ContainerState,
} from './lifecycle/status.js';

// simulate: the engine on a virtual clock, with containers scripted by a Scenario.
export { simulate, type SimulateOptions, type SimulationResult } from './simulate/driver.js';
export {
  parseScenario,
  parseScenarioValue,
  type Scenario,
  type ContainerScript,
  type RunScript,
  type ScenarioEvent,
} from './simulate/scenario.js';
export { findScenario, podForScenario } from './simulate/scenario-select.js';
export { SCENARIO_SCHEMA } from './simulate/scenario-schema.js';
export { simulateInput, type SimulateInputOptions } from './simulate/simulate-input.js';

// run: the engine with real processes in Linux namespaces.
export { preparePods, type RunPodsOptions, type PodsRun } from './runtime/run-pods.js';

// Timelines: one view of a simulated or real run, and its renderers.
export { laneSpecsOf, type PodRunView } from './timeline/view.js';
export { renderText, renderEventTable } from './timeline/render-text.js';
export { renderSvg, renderSvgCompare } from './timeline/render-svg.js';
export { renderHtml, renderHtmlCompare } from './ui/render-html.js';
export { renderJson, renderJsonLines } from './timeline/render-json.js';
export {
  firstDifference,
  renderCompareJson,
  renderCompareText,
  type FirstDifference,
  type VersionRun,
} from './timeline/compare.js';
export { outcomeOf, type Outcome, type ViewOutcome } from './timeline/outcome.js';
export {
  renderView,
  renderVersions,
  renderPods,
  VIEW_FORMATS,
  type ViewFormat,
} from './ui/render.js';
export { podRow, formatPodRows, type PodRow } from './timeline/pod-row.js';

// The timeline page (simulate/run -o html, serve's /ui).
export { renderUiPage } from './ui/page.js';
export { panelOfView, type PanelOptions } from './ui/panel.js';
export type { UiContainer, UiEventRow, UiPage, UiPodPanel, UiStreamMessage } from './ui/model.js';

// inject and migrate: rewrites of pod templates, through the sidecar catalog.
export {
  injectObject,
  parseStatus,
  INJECT_ANNOTATION,
  MODE_ANNOTATION,
  STATUS_ANNOTATION,
  type InjectMode,
  type InjectOptions,
  type InjectResult,
  type InjectDecision,
  type InjectStatus,
} from './inject/inject.js';
export { builtinCatalog, loadCatalog, entriesFromSources } from './catalog/load.js';
export type { Catalog, CatalogEntry } from './catalog/types.js';
export { recognise, type Recognition } from './catalog/recognise.js';
export { CATALOG_ENTRY_SCHEMA } from './catalog/schema.js';
export {
  migrateObject,
  checkMigrateVersion,
  type MigrateOptions,
  type MigrateResult,
  type MigrateChange,
} from './migrate/migrate.js';
