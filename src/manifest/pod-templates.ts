import type { PathSegment } from './field-path.js';
import { formatPath } from './field-path.js';
import { createError } from '../errors.js';
import { getIn } from './json-path.js';
import { isRecord, qualifiedName, type ManifestObject } from './objects.js';
import { escapeControl } from './escape.js';
import { ownValue } from '../model/record.js';

export { getIn };

/** Where each pod-bearing kind keeps its pod spec, relative to the object's root. */
export const POD_SPEC_PATHS: Readonly<Record<string, readonly PathSegment[]>> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  PodTemplate: ['template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

/** A pod spec found in an object, with where it sits. */
export interface PodTemplate {
  readonly object: ManifestObject;
  /** Path of the pod spec from the object's root, e.g. `['spec', 'template', 'spec']`. */
  readonly specPath: readonly PathSegment[];
  /** The same as a Kubernetes field path, e.g. `spec.template.spec`. */
  readonly specField: string;
  /** The pod spec as written (not checked: it may have any shape). */
  readonly spec: unknown;
  /** The pod's metadata: the object's own for a Pod, the template's otherwise. */
  readonly podMetadata: Readonly<Record<string, unknown>>;
  /** Path of the pod metadata from the object's root. */
  readonly metadataPath: readonly PathSegment[];
  /** True for Job and CronJob: the pod is expected to complete. */
  readonly isJob: boolean;
}

/** Whether a kind carries a pod spec. */
export function isPodBearingKind(kind: string): boolean {
  return Object.hasOwn(POD_SPEC_PATHS, kind);
}

/** The pod template of an object, or null when its kind has none. */
export function podTemplateOf(object: ManifestObject): PodTemplate | null {
  const specPath = ownValue(POD_SPEC_PATHS, object.kind);
  if (specPath === undefined) return null;
  const metadataPath = [...specPath.slice(0, -1), 'metadata'];
  const spec = getIn(object.value, specPath);
  const md = getIn(object.value, metadataPath);
  return {
    object,
    specPath,
    specField: formatPath(specPath),
    spec,
    podMetadata: isRecord(md) ? md : {},
    metadataPath,
    isJob: object.kind === 'Job' || object.kind === 'CronJob',
  };
}

/**
 * The pod's `namespace/name` as both drivers and every output name it: the object's own name
 * (a workload's pods are named after it), with `default` for a missing namespace.
 */
export function podName(t: PodTemplate): string {
  return qualifiedName(t.object);
}

/** The names `--pod` may use for a template: the object's name and its pod template's name. */
export function podNames(t: PodTemplate): string[] {
  const md = t.podMetadata['name'];
  return typeof md === 'string' && md !== '' && md !== t.object.name
    ? [t.object.name, md]
    : [t.object.name];
}

/** The pod templates among objects, in input order (objects of other kinds have none). */
export function podTemplatesOf(objects: readonly ManifestObject[]): PodTemplate[] {
  return objects.map(podTemplateOf).filter((t): t is PodTemplate => t !== null);
}

/**
 * The templates `--pod` selects: the first one it names (by podNames), or all of them without
 * `--pod`. Both drivers select this way; simulate then needs exactly one (scenario.ts
 * podForScenario picks among several).
 * @throws SidecarError SIDECAR_E_NO_POD when there is no template, or none has the name
 */
export function selectTemplates(templates: readonly PodTemplate[], name?: string): PodTemplate[] {
  if (templates.length === 0) throw createError('SIDECAR_E_NO_POD', 'none');
  if (name === undefined) return [...templates];
  const named = templates.find((t) => podNames(t).includes(name));
  if (named === undefined)
    throw createError('SIDECAR_E_NO_POD', 'unknown', [name, templateList(templates)]);
  return [named];
}

/** `Kind/name, Kind/name`: the templates an error offers to choose from. */
export function templateList(templates: readonly PodTemplate[]): string {
  return templates.map((t) => `${t.object.kind}/${t.object.name}`).join(', ');
}

/**
 * Why the containers of a pod spec cannot be rewritten safely, or null: inject and migrate find
 * containers by name, so each list must be a list of objects with distinct string names (as the
 * API server requires: kubectl would not even decode a name that is not a string).
 */
export function containersShapeProblem(spec: Readonly<Record<string, unknown>>): string | null {
  const seen = new Set<string>();
  for (const key of ['initContainers', 'containers'] as const) {
    const list = spec[key];
    if (list === undefined || list === null) continue;
    if (!Array.isArray(list)) return `${key} is not a list`;
    for (const [i, c] of list.entries()) {
      const at = `${key}[${String(i)}]`;
      if (!isRecord(c)) return `${at} is not an object`;
      const name = c['name'];
      if (typeof name !== 'string' || name === '') return `${at}.name is not a non-empty string`;
      if (seen.has(name)) return `${at}.name "${escapeControl(name)}" is used twice`;
      seen.add(name);
    }
  }
  return null;
}
