/**
 * The JSON Schema of a Scenario document: its shape (fields, types, ranges). What a schema cannot
 * say well (the meaning of durations, fields that exclude each other, the Kubernetes version) is
 * checked by `parseScenario`. schemas/scenario.schema.json ships the same object (a test keeps
 * the two equal), so editors and CI can check scenario files without sidecarctl.
 * The format is described in docs/scenario.md.
 */
const duration = { $ref: '#/definitions/duration' } as const;
const exitCode = { $ref: '#/definitions/exitCode' } as const;
const pullFields = {
  pullFails: {
    type: 'boolean',
    description: 'true: the image can never be pulled (ErrImagePull, then ImagePullBackOff).',
  },
  pullFailsUntil: {
    ...duration,
    description: 'Pulls of the image fail before this time of the pod, then succeed.',
  },
} as const;
const probe = {
  type: 'object',
  description: 'Answers of a probe declared in the pod spec: pass in [passFrom, failFrom).',
  additionalProperties: false,
  properties: {
    passFrom: { ...duration, description: 'Since this start; default 0s.' },
    failFrom: { ...duration, description: 'Since this start; default never.' },
  },
} as const;
const hook = {
  type: 'object',
  additionalProperties: false,
  properties: {
    takes: { ...duration, description: 'How long the hook runs; default 0s.' },
    exitCode: { ...exitCode, description: 'The hook exit code; default 0 (non-zero: it failed).' },
  },
} as const;

export const SCENARIO_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://sidecarctl.io/schemas/scenario.schema.json',
  title: 'sidecarctl Scenario',
  description:
    'How the containers of a simulated pod behave and what happens to the pod (`sidecarctl simulate`). See docs/scenario.md.',
  type: 'object',
  required: ['apiVersion', 'kind'],
  additionalProperties: false,
  properties: {
    apiVersion: { const: 'sidecarctl.io/v1alpha1' },
    kind: { const: 'Scenario' },
    metadata: {
      properties: { name: { description: 'The scenario name, used in error messages.' } },
    },
    spec: {
      type: 'object',
      additionalProperties: false,
      properties: {
        pod: {
          type: 'string',
          minLength: 1,
          description:
            'Which pod (or workload) of the input; may be omitted when the input has one.',
        },
        k8sVersion: {
          type: ['string', 'number'],
          description: 'Kubernetes version, e.g. "1.29"; --k8s-version wins.',
        },
        until: { ...duration, description: 'End of simulated time; default 600s.' },
        containers: {
          type: ['object', 'null'],
          description:
            'By container name; a container not listed runs until signalled, except a regular init container, which completes at once.',
          additionalProperties: { $ref: '#/definitions/container' },
        },
        events: {
          type: ['array', 'null'],
          description: 'What happens to the pod, by time.',
          items: { $ref: '#/definitions/event' },
        },
      },
    },
  },
  definitions: {
    duration: {
      description:
        'A duration: plain seconds, or a number with an ms, s or m suffix (2s, 500ms, 1.5m).',
      type: ['string', 'number'],
      minimum: 0,
      pattern: '^\\s*(\\d+(\\.\\d+)?|\\.\\d+)(ms|s|m)?\\s*$',
    },
    exitCode: { type: 'integer', minimum: 0, maximum: 255 },
    container: {
      type: ['object', 'null'],
      additionalProperties: false,
      properties: {
        runs: {
          type: ['array', 'null'],
          minItems: 1,
          description:
            'One entry per start of the container; the last entry repeats. Default: one run that lasts until signalled.',
          items: { $ref: '#/definitions/run' },
        },
        image: {
          type: ['object', 'null'],
          description:
            'Pulls of the image the pod gives this container; default: it pulls at once.',
          additionalProperties: false,
          properties: pullFields,
        },
      },
    },
    run: {
      type: ['object', 'null'],
      description: 'The behaviour of one start of a container.',
      additionalProperties: false,
      properties: {
        exitAfter: {
          ...duration,
          description:
            'Exits on its own this long after the start; default: runs until signalled (a regular init container: exits 0 at once).',
        },
        exitCode: { ...exitCode, description: 'The exit code of that exit; default 0.' },
        probes: {
          type: 'object',
          additionalProperties: false,
          properties: { startup: probe, readiness: probe, liveness: probe },
        },
        hooks: {
          type: 'object',
          additionalProperties: false,
          properties: { postStart: hook, preStop: hook },
        },
        onTerm: {
          type: 'object',
          description:
            'Reaction to SIGTERM; default: exits at once with 0. {ignore: true}: only SIGKILL stops it (exit 137).',
          additionalProperties: false,
          properties: {
            exitAfter: { ...duration, description: 'Default 0s.' },
            exitCode: { ...exitCode, description: 'Default 0.' },
            ignore: {
              type: 'boolean',
              description: 'Cannot be combined with exitAfter or exitCode.',
            },
          },
        },
      },
    },
    event: {
      type: 'object',
      description: 'One event: `at` and one action, delete or setImage.',
      required: ['at'],
      additionalProperties: false,
      properties: {
        at: { ...duration, description: 'When the event happens, in pod time.' },
        delete: {
          type: ['object', 'null'],
          description: 'Delete the pod.',
          additionalProperties: false,
          properties: {
            gracePeriodSeconds: {
              type: 'integer',
              minimum: 0,
              description: "Default: the pod's own terminationGracePeriodSeconds.",
            },
          },
        },
        setImage: {
          type: 'object',
          description: "A pod update of a container's image.",
          required: ['container', 'image'],
          additionalProperties: false,
          properties: {
            container: { type: 'string', minLength: 1 },
            image: { type: 'string', minLength: 1 },
            ...pullFields,
          },
        },
      },
    },
  },
} as const;
