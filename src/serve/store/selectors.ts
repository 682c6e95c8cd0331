/**
 * The selectors of a list or watch request (`labelSelector`, `fieldSelector` query parameters),
 * parsed into the store's Selector functions. See label-selector.ts and field-selector.ts.
 */
import { parseFieldSelector } from './field-selector.js';
import { parseLabelSelector } from './label-selector.js';
import type { ResourceName, Selector } from './types.js';

export { parseFieldSelector, parseFieldTerms, fieldValue } from './field-selector.js';
export {
  parseLabelSelector,
  parseLabelRequirements,
  requirementMatches,
} from './label-selector.js';

/** Both selectors of a request; undefined where the parameter is absent or empty. */
export function selectorsOf(
  resource: ResourceName,
  query: {
    readonly labelSelector?: string | undefined;
    readonly fieldSelector?: string | undefined;
  },
): { labelSelector: Selector | undefined; fieldSelector: Selector | undefined } {
  const l = query.labelSelector;
  const f = query.fieldSelector;
  return {
    labelSelector: l === undefined || l === '' ? undefined : parseLabelSelector(l),
    fieldSelector: f === undefined || f === '' ? undefined : parseFieldSelector(resource, f),
  };
}
