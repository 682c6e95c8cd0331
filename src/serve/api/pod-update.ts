/**
 * Which changes a pod UPDATE (PUT, or the result of a PATCH) may make, as
 * pkg/apis/core/validation/validation.go ValidatePodUpdate decides: the containers and init
 * containers keep their number (ValidateContainerUpdates: `pod updates may not add or remove
 * containers`) and only their images change (non-empty); existing tolerations stay, only their
 * tolerationSeconds may change (validateOnlyAddedTolerations); activeDeadlineSeconds,
 * schedulingGates and a negative terminationGracePeriodSeconds set to 1 may change; any other
 * spec change is `spec: Forbidden: pod updates may not change fields other than …` followed by
 * the diff (pod-spec-diff.ts). Metadata (labels, annotations, …) is free to change; the store
 * keeps the system fields. The new pod must have been defaulted (pod-defaults.ts) as the
 * API server defaults a decoded body before validating it.
 */
import { ApiError, type FieldError } from '../store/api-error.js';
import { sameJson } from '../store/memory-store.js';
import type { KubeObject } from '../store/types.js';
import { isObject } from './json-patches.js';
import { podSpecDiff } from './pod-spec-diff.js';

type Json = Record<string, unknown>;

/** The updatable fields as the 1.27–1.32 API server lists them. */
export const UPDATABLE_POD_SPEC_FIELDS =
  '`spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

const specOf = (p: KubeObject): Json => (isObject(p['spec']) ? p['spec'] : {});
const listOf = (s: Json, k: string): Json[] =>
  Array.isArray(s[k]) ? (s[k] as unknown[]).filter(isObject) : [];

/** The field errors of an update from `oldPod` to `newPod` ([] when allowed). */
export function podUpdateErrors(newPod: KubeObject, oldPod: KubeObject): FieldError[] {
  const next = specOf(newPod);
  const prev = specOf(oldPod);
  const errs: FieldError[] = [];
  for (const list of ['containers', 'initContainers']) {
    const r = containerUpdateErrors(listOf(next, list), listOf(prev, list), `spec.${list}`);
    errs.push(...r.errs);
    if (r.stop) return errs;
  }
  errs.push(...tolerationErrors(listOf(next, 'tolerations'), listOf(prev, 'tolerations')));
  const munged = mungedSpec(next, prev);
  if (!sameJson(munged, prev)) {
    const body = `Forbidden: pod updates may not change fields other than ${UPDATABLE_POD_SPEC_FIELDS}\n${podSpecDiff(prev, munged)}`;
    errs.push({ field: 'spec', type: 'FieldValueForbidden', body });
  }
  return errs;
}

/**
 * Throws the 422 the API server answers for a refused pod update.
 * @throws ApiError Invalid
 */
export function checkPodUpdate(newPod: KubeObject, oldPod: KubeObject): void {
  const errs = podUpdateErrors(newPod, oldPod);
  if (errs.length > 0) throw ApiError.invalid('pods', oldPod.metadata.name, errs);
}

/** ValidateContainerUpdates. */
function containerUpdateErrors(
  next: Json[],
  prev: Json[],
  path: string,
): { errs: FieldError[]; stop: boolean } {
  if (next.length !== prev.length) {
    return {
      errs: [
        {
          field: path,
          type: 'FieldValueForbidden',
          body: 'Forbidden: pod updates may not add or remove containers',
        },
      ],
      stop: true,
    };
  }
  const errs: FieldError[] = [];
  for (const [i, c] of next.entries()) {
    const image = typeof c['image'] === 'string' ? c['image'] : '';
    if (image === '')
      errs.push({
        field: `${path}[${String(i)}].image`,
        type: 'FieldValueRequired',
        body: 'Required value',
      });
    else if (image.trim() !== image) {
      const body = `Invalid value: ${JSON.stringify(image)}: must not have leading or trailing whitespace`;
      errs.push({ field: `${path}[${String(i)}].image`, type: 'FieldValueInvalid', body });
    }
  }
  return { errs, stop: false };
}

/** validateOnlyAddedTolerations: each old toleration still present, tolerationSeconds aside. */
function tolerationErrors(next: Json[], prev: Json[]): FieldError[] {
  for (const old of prev) {
    const found = next.some((t) =>
      sameJson({ ...old, tolerationSeconds: t['tolerationSeconds'] }, t),
    );
    if (!found) {
      const body =
        'Forbidden: existing toleration can not be modified except its tolerationSeconds';
      return [{ field: 'spec.tolerations', type: 'FieldValueForbidden', body }];
    }
  }
  return [];
}

/** The new spec with every field an update may change put back to the old value. */
function mungedSpec(next: Json, prev: Json): Json {
  const m = structuredClone(next);
  for (const list of ['containers', 'initContainers']) {
    const olds = listOf(prev, list);
    const news = listOf(m, list);
    news.forEach((c, i) => (c['image'] = olds[i]?.['image']));
  }
  for (const k of ['activeDeadlineSeconds', 'schedulingGates', 'tolerations']) {
    if (prev[k] === undefined) Reflect.deleteProperty(m, k);
    else m[k] = structuredClone(prev[k]);
  }
  const oldGrace = prev['terminationGracePeriodSeconds'];
  if (typeof oldGrace === 'number' && oldGrace < 0 && m['terminationGracePeriodSeconds'] === 1) {
    m['terminationGracePeriodSeconds'] = oldGrace;
  }
  return m;
}
