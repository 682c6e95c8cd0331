/**
 * The server-side printers of the other resources serve stores (pkg/printers/internalversion/
 * printers.go): configMapColumnDefinitions/printConfigMap (NAME DATA AGE), secretColumnDefinitions/
 * printSecret (NAME TYPE DATA AGE), namespaceColumnDefinitions/printNamespace (NAME STATUS AGE),
 * eventColumnDefinitions/printEvent (LAST SEEN TYPE REASON OBJECT MESSAGE, wide: SUBOBJECT SOURCE
 * FIRST SEEN COUNT NAME) and jobColumnDefinitions/printJob (NAME STATUS COMPLETIONS DURATION AGE,
 * wide: CONTAINERS IMAGES SELECTOR; the STATUS column is the 1.31+ printer's).
 */
import type { KubeObject } from '../store/types.js';
import {
  AGE_COLUMN,
  NAME_COLUMN,
  column,
  sinceOrUnknown,
  type ColumnDefinition,
  type TableCell,
} from './table-columns.js';
import { humanDuration } from '../../timeline/pod-row.js';

type Json = Record<string, unknown>;

const obj = (v: unknown): Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {};
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const count = (v: unknown): number => Object.keys(obj(v)).length;

export const CONFIGMAP_COLUMNS: readonly ColumnDefinition[] = [
  NAME_COLUMN,
  column('Data', 'Data contains the configuration data.'),
  AGE_COLUMN,
];

/** printConfigMap: data plus binaryData entries. */
export function configMapCells(o: KubeObject, now: Date): TableCell[] {
  return [
    o.metadata.name,
    count(o['data']) + count(o['binaryData']),
    sinceOrUnknown(o.metadata.creationTimestamp, now),
  ];
}

export const SECRET_COLUMNS: readonly ColumnDefinition[] = [
  NAME_COLUMN,
  column('Type', 'Used to facilitate programmatic handling of secret data.'),
  column('Data', 'Data contains the secret data.'),
  AGE_COLUMN,
];

/** printSecret. */
export function secretCells(o: KubeObject, now: Date): TableCell[] {
  return [
    o.metadata.name,
    str(o['type']),
    count(o['data']),
    sinceOrUnknown(o.metadata.creationTimestamp, now),
  ];
}

export const NAMESPACE_COLUMNS: readonly ColumnDefinition[] = [
  NAME_COLUMN,
  column('Status', 'The status of the namespace'),
  AGE_COLUMN,
];

/** printNamespace. */
export function namespaceCells(o: KubeObject, now: Date): TableCell[] {
  return [
    o.metadata.name,
    str(obj(o['status'])['phase']),
    sinceOrUnknown(o.metadata.creationTimestamp, now),
  ];
}

export const EVENT_COLUMNS: readonly ColumnDefinition[] = [
  column('Last Seen', 'Last time the event was observed'),
  column('Type', 'Type of this event (Normal, Warning), new types could be added in the future'),
  column(
    'Reason',
    "This should be a short, machine understandable string that gives the reason for the transition into the object's current status.",
  ),
  column('Object', 'The object that this event is about.'),
  column('Subobject', 'The field path of the object the event is about.', { priority: 1 }),
  column('Source', 'The component reporting this event.', { priority: 1 }),
  column('Message', 'A human-readable description of the status of this operation.'),
  column('First Seen', 'The time at which the event was first recorded.', { priority: 1 }),
  column('Count', 'The number of times this event has occurred.', { priority: 1 }),
  column('Name', 'Name must be unique within a namespace.', { priority: 1, format: 'name' }),
];

/** printEvent (wide cells included). */
export function eventCells(o: KubeObject, now: Date): TableCell[] {
  const first =
    str(o['firstTimestamp']) !== ''
      ? sinceOrUnknown(str(o['firstTimestamp']), now)
      : sinceOrUnknown(str(o['eventTime']), now);
  const seriesLast = str(obj(o['series'])['lastObservedTime']);
  let last = str(o['lastTimestamp']) !== '' ? sinceOrUnknown(str(o['lastTimestamp']), now) : first;
  let n = typeof o['count'] === 'number' ? o['count'] : 0;
  if (o['series'] !== undefined) {
    last = sinceOrUnknown(seriesLast, now);
    n = typeof obj(o['series'])['count'] === 'number' ? (obj(o['series'])['count'] as number) : 0;
  } else if (n === 0) {
    n = 1;
  }
  const inv = obj(o['involvedObject']);
  const kind = str(inv['kind']).toLowerCase();
  const target = str(inv['name']) !== '' ? `${kind}/${str(inv['name'])}` : kind;
  const source = eventSource(o);
  return [
    last,
    str(o['type']),
    str(o['reason']),
    target,
    str(inv['fieldPath']),
    source,
    str(o['message']).trim(),
    first,
    n,
    o.metadata.name,
  ];
}

/** formatEventSource: component[, host], else reportingController[, reportingInstance]. */
function eventSource(o: KubeObject): string {
  const src = obj(o['source']);
  const parts =
    str(src['component']) !== ''
      ? [str(src['component']), str(src['host'])]
      : [str(o['reportingController']), str(o['reportingInstance'])];
  return parts.filter((p) => p !== '').join(', ');
}

export const JOB_COLUMNS: readonly ColumnDefinition[] = [
  NAME_COLUMN,
  column('Status', 'Status of the job.'),
  column('Completions', 'The number of pods which reached phase Succeeded.'),
  column('Duration', 'Time required to complete the job.'),
  AGE_COLUMN,
  column('Containers', 'Names of each container in the template.', { priority: 1 }),
  column('Images', 'Images referenced by each container in the template.', { priority: 1 }),
  column('Selector', 'A label query over pods that should match the pod count.', { priority: 1 }),
];

/** printJob (wide cells included). */
export function jobCells(o: KubeObject, now: Date): TableCell[] {
  const spec = obj(o['spec']);
  const status = obj(o['status']);
  const containers = (obj(obj(spec['template'])['spec'])['containers'] as Json[] | undefined) ?? [];
  return [
    o.metadata.name,
    jobStatus(o),
    completions(spec, status),
    jobDuration(status, now),
    sinceOrUnknown(o.metadata.creationTimestamp, now),
    containers.map((c) => str(c['name'])).join(','),
    containers.map((c) => str(c['image'])).join(','),
    formatLabelSelector(spec['selector']),
  ];
}

function completions(spec: Json, status: Json): string {
  const succeeded = typeof status['succeeded'] === 'number' ? status['succeeded'] : 0;
  if (typeof spec['completions'] === 'number')
    return `${String(succeeded)}/${String(spec['completions'])}`;
  const parallelism = typeof spec['parallelism'] === 'number' ? spec['parallelism'] : 0;
  return parallelism > 1
    ? `${String(succeeded)}/1 of ${String(parallelism)}`
    : `${String(succeeded)}/1`;
}

function jobDuration(status: Json, now: Date): string {
  const start = Date.parse(str(status['startTime']));
  if (Number.isNaN(start)) return '';
  const end = Date.parse(str(status['completionTime']));
  return humanDuration(((Number.isNaN(end) ? now.getTime() : end) - start) / 1000);
}

/** printJob's STATUS: the first condition that holds, in the printer's order. */
function jobStatus(o: KubeObject): string {
  const conds = (obj(o['status'])['conditions'] as Json[] | undefined) ?? [];
  const has = (t: string): boolean => conds.some((c) => c['type'] === t && c['status'] === 'True');
  if (has('Complete')) return 'Complete';
  if (has('Failed')) return 'Failed';
  if (o.metadata.deletionTimestamp !== undefined) return 'Terminating';
  if (has('Suspended')) return 'Suspended';
  if (has('FailureTarget')) return 'FailureTarget';
  if (has('SuccessCriteriaMet')) return 'SuccessCriteriaMet';
  return 'Running';
}

/** metav1.FormatLabelSelector: `<none>` when empty, else the matchLabels and expressions. */
export function formatLabelSelector(sel: unknown): string {
  const s = obj(sel);
  const labels = Object.entries(obj(s['matchLabels']))
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${str(v)}`);
  const exprs = ((s['matchExpressions'] as Json[] | undefined) ?? []).map(expression);
  const all = [...labels, ...exprs].join(',');
  return all === '' ? '<none>' : all;
}

function expression(e: Json): string {
  const key = str(e['key']);
  const values = ((e['values'] as string[] | undefined) ?? []).join(',');
  switch (e['operator']) {
    case 'In':
      return `${key} in (${values})`;
    case 'NotIn':
      return `${key} notin (${values})`;
    case 'Exists':
      return key;
    default:
      return `!${key}`;
  }
}
