/**
 * Field selectors as kube-apiserver parses and applies them: staging/src/k8s.io/apimachinery/
 * pkg/fields/selector.go (parseSelector, splitTerms, splitTerm, UnescapeValue) and the field
 * labels each resource supports (pkg/apis/core/v1/conversion.go AddFieldLabelConversionsFor*,
 * pkg/apis/batch/v1/conversion.go). Terms are ANDed in any order (kubectl sends them in Go map
 * order). An unknown field label: 400 `field label not supported: x`, as the list handler turns
 * the conversion error into a BadRequest.
 */
import { ApiError } from './api-error.js';
import type { KubeObject, ResourceName, Selector } from './types.js';

/** One term: `field=value`, `field==value` or `field!=value`. */
export interface FieldTerm {
  readonly field: string;
  readonly negated: boolean;
  readonly value: string;
}

const META = ['metadata.name', 'metadata.namespace'];

/** The selectable fields of each resource, as paths into the object. */
const FIELDS: Readonly<Record<ResourceName, readonly string[]>> = {
  pods: [
    ...META,
    'spec.nodeName',
    'spec.restartPolicy',
    'spec.schedulerName',
    'spec.serviceAccountName',
    'spec.hostNetwork',
    'status.phase',
    'status.podIP',
    'status.podIPs',
    'status.nominatedNodeName',
  ],
  events: [
    ...META,
    'involvedObject.kind',
    'involvedObject.namespace',
    'involvedObject.name',
    'involvedObject.uid',
    'involvedObject.apiVersion',
    'involvedObject.resourceVersion',
    'involvedObject.fieldPath',
    'reason',
    'reportingComponent',
    'source',
    'type',
  ],
  namespaces: [...META, 'status.phase'],
  secrets: [...META, 'type'],
  configmaps: META,
  jobs: [...META, 'status.successful'],
};

/** splitTerms: split on commas that are not escaped with a backslash. */
export function splitTerms(s: string): string[] {
  if (s === '') return [];
  const terms: string[] = [];
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i] ?? '';
    if (ch === '\\' && i + 1 < s.length) {
      cur += ch + (s[i + 1] ?? '');
      i++;
    } else if (ch === ',') {
      terms.push(cur);
      cur = '';
    } else {
      cur += ch;
    }
  }
  terms.push(cur);
  return terms;
}

/** splitTerm: the first `!=`, `==` or `=` splits a term. */
function splitTerm(term: string): FieldTerm | undefined {
  for (let i = 0; i < term.length; i++) {
    for (const op of ['!=', '==', '=']) {
      if (term.startsWith(op, i)) {
        return { field: term.slice(0, i), negated: op === '!=', value: term.slice(i + op.length) };
      }
    }
  }
  return undefined;
}

/** UnescapeValue: `\\`, `\,` and `\=` only (errors InvalidEscapeSequence, UnescapedRune). */
function unescape(v: string): string {
  let out = '';
  for (let i = 0; i < v.length; i++) {
    const ch = v[i] ?? '';
    if (ch !== '\\') {
      if (ch === ',' || ch === '=') {
        throw ApiError.badRequest(
          `invalid field selector: unescaped character in value: ${String(ch.charCodeAt(0))}`,
        );
      }
      out += ch;
      continue;
    }
    const nx = v[i + 1];
    if (nx !== '\\' && nx !== ',' && nx !== '=') {
      throw ApiError.badRequest(`invalid field selector: invalid escape sequence: \\${nx ?? ''}`);
    }
    out += nx;
    i++;
  }
  return out;
}

/**
 * Parses a field selector for a resource.
 * @throws ApiError BadRequest for a term it cannot read or a field the resource does not support
 */
export function parseFieldTerms(resource: ResourceName, s: string): FieldTerm[] {
  const out: FieldTerm[] = [];
  for (const part of splitTerms(s)) {
    if (part === '') continue;
    const t = splitTerm(part);
    if (t === undefined)
      throw ApiError.badRequest(`invalid selector: '${s}'; can't understand '${part}'`);
    if (!FIELDS[resource].includes(t.field))
      throw ApiError.badRequest(`field label not supported: ${t.field}`);
    out.push({ ...t, value: unescape(t.value) });
  }
  return out;
}

/** The value of a selectable field as the registry's ToSelectableFields renders it. */
export function fieldValue(obj: KubeObject, field: string): string {
  if (field === 'source') return stringAt(obj, ['source', 'component']);
  if (field === 'status.podIPs') return podIPs(obj);
  if (field === 'metadata.namespace') return obj.metadata.namespace ?? '';
  return stringAt(obj, field.split('.'));
}

function stringAt(obj: unknown, path: readonly string[]): string {
  let cur: unknown = obj;
  for (const p of path) {
    if (typeof cur !== 'object' || cur === null) return '';
    cur = (cur as Record<string, unknown>)[p];
  }
  if (typeof cur === 'string') return cur;
  if (typeof cur === 'number' || typeof cur === 'boolean') return String(cur);
  return '';
}

/** pod's status.podIPs selectable field: the IPs joined by commas. */
function podIPs(obj: KubeObject): string {
  const status = obj['status'] as { podIPs?: { ip?: string }[] } | undefined;
  return (status?.podIPs ?? []).map((p) => p.ip ?? '').join(',');
}

/** A Selector from a field selector string ('' matches everything). */
export function parseFieldSelector(resource: ResourceName, s: string): Selector {
  const terms = parseFieldTerms(resource, s);
  return (obj: KubeObject) =>
    terms.every((t) => (fieldValue(obj, t.field) === t.value) !== t.negated);
}
