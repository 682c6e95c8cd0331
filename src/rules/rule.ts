import type { Catalog } from '../catalog/types.js';
import type { ManifestObject } from '../manifest/objects.js';
import type { PodTemplate } from '../manifest/pod-templates.js';
import type { ClassifiedContainer } from '../model/containers.js';
import type { VersionInfo } from '../model/versions.js';
import type { Category, Severity } from './diagnostic.js';

/** What a rule sees: one pod template, the version, and the whole input (for references). */
export interface RuleContext {
  readonly template: PodTemplate;
  readonly version: VersionInfo;
  /** The template's containers, classified for `version`. */
  readonly containers: readonly ClassifiedContainer[];
  /** Every object of the input, e.g. to resolve ConfigMaps a pod mounts. */
  readonly objects: readonly ManifestObject[];
  /** The sidecars lint rules recognise (catalog/recognise.ts): built-in plus `--catalog` entries. */
  readonly catalog: Catalog;
}

/** A finding as a rule returns it: field relative to the object's root, severity optional. */
export interface RuleFinding {
  readonly rule: string;
  readonly field: string;
  readonly message: string;
  /** Overrides the rule's default severity (e.g. a lifecycle hazard that is certain). */
  readonly severity?: Severity;
}

/** A rule's identity and documentation. */
export interface RuleMeta {
  /** Stable id, kebab-case; `--disable`/`--enable` take it. */
  readonly id: string;
  readonly category: Category;
  readonly severity: Severity;
  /** One line: what it finds and why it matters. */
  readonly doc: string;
  /** Rules off by default are turned on with `--enable`. @default true */
  readonly enabledByDefault?: boolean;
  /** Why it matters, for `explain` (default: its category's reason). */
  readonly why?: string;
  /** A manifest excerpt that the rule finds, for `explain`. */
  readonly example?: string;
  /** How to fix it, for `explain` (default: its category's advice). */
  readonly fix?: string;
}

/**
 * A group of rules checked by one function (the API server's validation is one walk that can
 * produce many rule ids; lint rules are often one function each).
 */
export interface RuleSet {
  readonly rules: readonly RuleMeta[];
  check(ctx: RuleContext): RuleFinding[];
}
