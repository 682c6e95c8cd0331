/**
 * The API machinery of src/serve/api (patches, Tables, defaults, pod update rules) and the
 * store's selectors, in the shape the HTTP layer takes them (deps.ts ApiMachinery).
 */
import { patchObject, patchTypeOf } from '../api/patch.js';
import { defaultPod, defaultSecret } from '../api/pod-defaults.js';
import { checkPodUpdate } from '../api/pod-update.js';
import { toTable } from '../api/tables.js';
import { parseFieldSelector, parseLabelSelector } from '../store/selectors.js';
import type { ApiMachinery } from './deps.js';

/** The machinery serve runs with. */
export const MACHINERY: ApiMachinery = {
  toTable: (resource, objects, opts) => ({
    ...toTable(resource, objects, {
      now: opts.now ?? new Date(),
      resourceVersion: opts.resourceVersion,
      noHeaders: opts.includeColumns === false,
    }),
  }),
  applyPatch: (resource, current, patch, mediaType, target) =>
    patchObject(
      patchTypeOf(mediaType),
      current,
      patch,
      { resource, ...target },
      {
        manager: target.manager,
        time: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      },
    ),
  defaults: (resource, obj) => {
    if (resource === 'pods') return defaultPod(obj);
    if (resource === 'secrets') return defaultSecret(obj);
    return obj;
  },
  validateUpdate: (resource, oldObj, newObj) => {
    if (resource === 'pods') checkPodUpdate(newObj, oldObj);
  },
  labelSelector: parseLabelSelector,
  fieldSelector: parseFieldSelector,
};
