/**
 * The JSON Schema of a catalog entry file. schemas/catalog-entry.schema.json ships the same
 * object (a test keeps the two equal), so editors and CI can check entry files without
 * sidecarctl.
 */
import { CONTAINER_FIELDS } from '../api/unknown-fields.js';
import { SIDECAR_ROLES } from './types.js';

const stringList = { type: 'array', items: { type: 'string', minLength: 1 } } as const;
const nonEmpty = { type: 'string', minLength: 1 } as const;
const nameRe = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$';
/** A closed object: a field not listed is rejected (a typo such as `resoures` is an error). */
function closed(fields: readonly string[], extra: Record<string, object> = {}): object {
  return {
    type: 'object',
    additionalProperties: false,
    properties: { ...Object.fromEntries(fields.map((f) => [f, {}])), ...extra },
  };
}

// core/v1 Container as of the newest supported version (1.33), and the parts of it that entries
// write most: a catalog container is a Kubernetes container, checked as strictly as kubectl's
// strict field validation would check it.
const special: Record<string, object> = {
  name: { type: 'string', pattern: nameRe, maxLength: 63 },
  image: { type: 'string', minLength: 1 },
  restartPolicy: {
    not: {},
    description: 'set by sidecarctl from the mode (native or classic)',
  },
  ports: {
    type: 'array',
    items: closed(['name', 'hostPort', 'containerPort', 'protocol', 'hostIP']),
  },
  env: { type: 'array', items: closed(['name', 'value', 'valueFrom']) },
  resources: closed(['limits', 'requests', 'claims']),
  volumeMounts: {
    type: 'array',
    items: closed([
      'name',
      'readOnly',
      'recursiveReadOnly',
      'mountPath',
      'subPath',
      'mountPropagation',
      'subPathExpr',
    ]),
  },
};
const container = {
  ...closed(
    [...CONTAINER_FIELDS, 'resizePolicy'].filter((f) => !Object.hasOwn(special, f)),
    special,
  ),
  required: ['name', 'image'],
};

export const CATALOG_ENTRY_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://sidecarctl.io/schemas/catalog-entry.schema.json',
  title: 'sidecarctl catalog entry',
  description:
    'One sidecar that `sidecarctl inject` can add to pod templates (one entry per YAML document).',
  type: 'object',
  required: ['apiVersion', 'kind', 'metadata', 'spec'],
  additionalProperties: false,
  properties: {
    apiVersion: { const: 'sidecarctl.io/v1alpha1' },
    kind: { const: 'CatalogEntry' },
    metadata: {
      type: 'object',
      required: ['name'],
      properties: { name: { type: 'string', pattern: nameRe, maxLength: 63 } },
    },
    spec: {
      type: 'object',
      required: ['containers'],
      additionalProperties: false,
      properties: {
        description: { type: 'string' },
        product: {
          ...nonEmpty,
          description: 'short product name for messages (default: the entry name)',
        },
        role: {
          enum: SIDECAR_ROLES,
          description: 'what it does for the app; lint rules reason about it',
        },
        match: {
          type: 'object',
          additionalProperties: false,
          properties: {
            images: stringList,
            names: stringList,
            command: {
              ...nonEmpty,
              description: 'a word the command or args must hold for an image match',
            },
          },
        },
        expand: {
          enum: ['vault-k8s'],
          description: 'also honour the vault.hashicorp.com/* annotations',
        },
        parameters: {
          type: 'object',
          propertyNames: { pattern: '^[A-Za-z][A-Za-z0-9_]*$' },
          additionalProperties: {
            type: 'object',
            required: ['default'],
            additionalProperties: false,
            properties: { default: { type: 'string' }, description: { type: 'string' } },
          },
        },
        containers: { type: 'array', minItems: 1, items: container },
        initContainers: { type: 'array', items: container },
        volumes: {
          type: 'array',
          items: {
            type: 'object',
            required: ['name'],
            properties: { name: { type: 'string', minLength: 1 } },
          },
        },
        appVolumeMounts: {
          type: 'array',
          items: {
            type: 'object',
            required: ['name', 'mountPath'],
            properties: { name: { type: 'string' }, mountPath: { type: 'string' } },
          },
        },
        resources: {
          type: 'object',
          additionalProperties: false,
          properties: {
            requests: { type: 'object', additionalProperties: { type: ['string', 'number'] } },
            limits: { type: 'object', additionalProperties: { type: ['string', 'number'] } },
          },
        },
        ordering: {
          type: 'object',
          additionalProperties: false,
          properties: {
            after: stringList,
            before: stringList,
            needsNetwork: { type: 'boolean' },
            providesNetwork: { type: 'boolean' },
          },
        },
        jobPolicy: { enum: ['inject', 'skip', 'init-only'] },
        classicFirst: { type: 'boolean' },
        classicPostStart: { type: 'object' },
      },
    },
  },
} as const;
