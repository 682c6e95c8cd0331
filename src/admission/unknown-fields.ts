/**
 * Fields the version does not know, handled as the API server's decoder does under the request's
 * field validation (apiserver pkg/endpoints/handlers/create.go and update.go: a strict decoding
 * error is the request's error under Strict, a warning under Warn, nothing under Ignore; the
 * field itself is dropped by decoding into the typed object either way).
 */
import { getIn } from '../manifest/json-path.js';
import { isRecord } from '../manifest/objects.js';
import { parsePath } from '../manifest/field-path.js';
import { cloneJson } from '../rewrite/patch.js';
import type { RuleFinding } from '../rules/rule.js';

/** The object without the fields the findings name (the input itself when there are none). */
export function dropUnknownFields(
  value: Readonly<Record<string, unknown>>,
  unknown: readonly RuleFinding[],
): Readonly<Record<string, unknown>> {
  if (unknown.length === 0) return value;
  const out = cloneJson(value) as Record<string, unknown>;
  for (const f of unknown) {
    const path = parsePath(f.field);
    const last = path[path.length - 1];
    const parent = getIn(out, path.slice(0, -1));
    if (typeof last === 'string' && isRecord(parent)) Reflect.deleteProperty(parent, last);
  }
  return out;
}
