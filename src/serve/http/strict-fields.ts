/**
 * Unknown fields of a request body, as kube-apiserver's strict decoder reports them for
 * `fieldValidation=Strict` (400 `strict decoding error: unknown field "spec.foo"`) or `Warn`
 * (a `Warning` header each): k8s.io/apiserver pkg/endpoints/handlers/create.go with
 * sigs.k8s.io/json UnmarshalStrict. Checked: the top level of each kind, ObjectMeta, and for pods
 * and jobs the pod spec and its containers (the field lists of src/api/unknown-fields.ts, which
 * know the fields each version added).
 */
import { hasField, type CheckedType } from '../../api/unknown-fields.js';
import type { VersionInfo } from '../../model/versions.js';

const TOP_FIELDS: Readonly<Record<string, readonly string[]>> = {
  Pod: ['spec', 'status'],
  Job: ['spec', 'status'],
  Namespace: ['spec', 'status'],
  ConfigMap: ['data', 'binaryData', 'immutable'],
  Secret: ['data', 'stringData', 'type', 'immutable'],
  Event: [
    'involvedObject',
    'reason',
    'message',
    'source',
    'firstTimestamp',
    'lastTimestamp',
    'count',
    'type',
    'eventTime',
    'series',
    'action',
    'related',
    'reportingComponent',
    'reportingInstance',
  ],
};

const META_FIELDS = [
  'name',
  'generateName',
  'namespace',
  'selfLink',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'labels',
  'annotations',
  'ownerReferences',
  'finalizers',
  'managedFields',
];

const JOB_SPEC_FIELDS = [
  'parallelism',
  'completions',
  'activeDeadlineSeconds',
  'podFailurePolicy',
  'successPolicy',
  'backoffLimit',
  'backoffLimitPerIndex',
  'maxFailedIndexes',
  'selector',
  'manualSelector',
  'template',
  'ttlSecondsAfterFinished',
  'completionMode',
  'suspend',
  'podReplacementPolicy',
  'managedBy',
];

type Rec = Readonly<Record<string, unknown>>;

function isRec(v: unknown): v is Rec {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function unknownKeys(obj: unknown, path: string, known: (k: string) => boolean): string[] {
  if (!isRec(obj)) return [];
  const prefix = path === '' ? '' : `${path}.`;
  return Object.keys(obj)
    .filter((k) => !known(k))
    .map((k) => `${prefix}${k}`);
}

function containerList(v: VersionInfo, list: unknown, path: string, type: CheckedType): string[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((c, i) =>
    unknownKeys(c, `${path}[${String(i)}]`, (k) => hasField(v, type, k)),
  );
}

function podSpecUnknown(v: VersionInfo, spec: unknown, path: string): string[] {
  if (!isRec(spec)) return [];
  return [
    ...unknownKeys(spec, path, (k) => hasField(v, 'PodSpec', k)),
    ...containerList(v, spec['initContainers'], `${path}.initContainers`, 'Container'),
    ...containerList(v, spec['containers'], `${path}.containers`, 'Container'),
    ...containerList(
      v,
      spec['ephemeralContainers'],
      `${path}.ephemeralContainers`,
      'EphemeralContainer',
    ),
  ];
}

function jobUnknown(v: VersionInfo, spec: unknown): string[] {
  if (!isRec(spec)) return [];
  const template = spec['template'];
  return [
    ...unknownKeys(spec, 'spec', (k) => JOB_SPEC_FIELDS.includes(k)),
    ...unknownKeys(template, 'spec.template', (k) => k === 'metadata' || k === 'spec'),
    ...(isRec(template)
      ? [
          ...unknownKeys(template['metadata'], 'spec.template.metadata', (k) =>
            META_FIELDS.includes(k),
          ),
          ...podSpecUnknown(v, template['spec'], 'spec.template.spec'),
        ]
      : []),
  ];
}

/** The unknown field paths of an object of `kind`, in document order of the checks above. */
export function unknownFields(v: VersionInfo, kind: string, obj: Rec): string[] {
  const top = ['apiVersion', 'kind', 'metadata', ...(TOP_FIELDS[kind] ?? [])];
  return [
    ...unknownKeys(obj, '', (k) => top.includes(k)),
    ...unknownKeys(obj['metadata'], 'metadata', (k) => META_FIELDS.includes(k)),
    ...(kind === 'Pod' ? podSpecUnknown(v, obj['spec'], 'spec') : []),
    ...(kind === 'Job' ? jobUnknown(v, obj['spec']) : []),
  ];
}
