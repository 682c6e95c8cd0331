/**
 * The lint rule catalog: what the API server accepts that will not work (`compat`), lifecycle
 * hazards (`lifecycle`) and sidecar best practices (`practice`). Each file holds one rule or a
 * small family; `sidecarctl validate --list-rules` prints them with their one-line docs.
 */
import type { RuleSet } from '../rules/rule.js';
import { classicSidecarInJob } from './classic-sidecar-blocks-completion.js';
import { compatSidecarGate } from './compat-sidecar-gate.js';
import { compatSleepAction } from './sleep-action-dropped.js';
import { compatStartupProbeRace } from './sidecar-startup-probe-never-race.js';
import { imageTagRules } from './image-tag.js';
import { inventedSidecarField } from './invented-sidecar-field.js';
import { preStopGrace } from './prestop-grace.js';
import { sidecarAfterDependentInit } from './sidecar-after-dependent-init.js';
import { proxyReadiness } from './proxy-sidecar-no-readiness-probe.js';
import { sidecarResources } from './sidecar-resources.js';
import { sidecarSecurity } from './sidecar-security.js';
import { sidecarStartupGate } from './sidecar-startup-gate.js';

export const lintRuleSets: readonly RuleSet[] = [
  // compat
  compatSidecarGate,
  compatSleepAction,
  compatStartupProbeRace,
  // lifecycle
  classicSidecarInJob,
  sidecarStartupGate,
  sidecarAfterDependentInit,
  preStopGrace,
  // practice
  sidecarResources,
  imageTagRules,
  inventedSidecarField,
  sidecarSecurity,
  proxyReadiness,
];
