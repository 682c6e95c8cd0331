/**
 * Strict field validation for the container-level types: kubectl (1.25+) asks the API server for
 * `fieldValidation=Strict`, and the server's strict decoder rejects any field its core/v1 types do
 * not have, as `strict decoding error: unknown field "spec.initContainers[0].restartPolicy"`
 * (k8s.io/apimachinery pkg/runtime/serializer/json, sigs.k8s.io/json UnmarshalStrict).
 *
 * Field lists: kubernetes/api core/v1/types.go (Container, EphemeralContainerCommon, Probe,
 * ProbeHandler, LifecycleHandler, Lifecycle, ContainerPort, VolumeMount, ResourceRequirements,
 * ContainerResizePolicy), with the fields that appeared between 1.25 and 1.33 taken from
 * VersionInfo.apiFields.
 */
import type { ApiField, VersionInfo } from '../model/versions.js';
import { report, type ApiCheck } from './check-context.js';

/** core/v1 Container's fields in every supported version (later ones: VERSIONED below). */
export const CONTAINER_FIELDS = [
  'name',
  'image',
  'command',
  'args',
  'workingDir',
  'ports',
  'envFrom',
  'env',
  'resources',
  'volumeMounts',
  'volumeDevices',
  'livenessProbe',
  'readinessProbe',
  'startupProbe',
  'lifecycle',
  'terminationMessagePath',
  'terminationMessagePolicy',
  'imagePullPolicy',
  'securityContext',
  'stdin',
  'stdinOnce',
  'tty',
] as const;

/** The struct types whose keys we check, with their fields in every version. */
const TYPES = {
  // PodSpec fields of 1.25 (hostUsers appeared in 1.25 with UserNamespacesStatelessPodsSupport).
  PodSpec: [
    'volumes',
    'initContainers',
    'containers',
    'ephemeralContainers',
    'restartPolicy',
    'terminationGracePeriodSeconds',
    'activeDeadlineSeconds',
    'dnsPolicy',
    'nodeSelector',
    'serviceAccountName',
    'serviceAccount',
    'automountServiceAccountToken',
    'nodeName',
    'hostNetwork',
    'hostPID',
    'hostIPC',
    'shareProcessNamespace',
    'securityContext',
    'imagePullSecrets',
    'hostname',
    'subdomain',
    'affinity',
    'schedulerName',
    'tolerations',
    'hostAliases',
    'priorityClassName',
    'priority',
    'dnsConfig',
    'readinessGates',
    'runtimeClassName',
    'enableServiceLinks',
    'preemptionPolicy',
    'overhead',
    'topologySpreadConstraints',
    'setHostnameAsFQDN',
    'os',
    'hostUsers',
  ],
  Container: CONTAINER_FIELDS,
  EphemeralContainer: [...CONTAINER_FIELDS, 'targetContainerName'],
  Probe: [
    'exec',
    'httpGet',
    'tcpSocket',
    'grpc',
    'initialDelaySeconds',
    'timeoutSeconds',
    'periodSeconds',
    'successThreshold',
    'failureThreshold',
    'terminationGracePeriodSeconds',
  ],
  Lifecycle: ['postStart', 'preStop'],
  LifecycleHandler: ['exec', 'httpGet', 'tcpSocket'],
  ExecAction: ['command'],
  HTTPGetAction: ['path', 'port', 'host', 'scheme', 'httpHeaders'],
  HTTPHeader: ['name', 'value'],
  TCPSocketAction: ['port', 'host'],
  GRPCAction: ['port', 'service'],
  SleepAction: ['seconds'],
  ContainerPort: ['name', 'hostPort', 'containerPort', 'protocol', 'hostIP'],
  VolumeMount: ['name', 'readOnly', 'mountPath', 'subPath', 'mountPropagation', 'subPathExpr'],
  ResourceRequirements: ['limits', 'requests'],
  ContainerResizePolicy: ['resourceName', 'restartPolicy'],
  EnvVar: ['name', 'value', 'valueFrom'],
} as const;

export type CheckedType = keyof typeof TYPES;

/** Fields added in our version range, by the type that carries them. */
const VERSIONED: Readonly<Record<ApiField, readonly CheckedType[]>> = {
  'Container.resizePolicy': ['Container', 'EphemeralContainer'],
  'Container.restartPolicy': ['Container', 'EphemeralContainer'],
  'LifecycleHandler.sleep': ['LifecycleHandler'],
  'Lifecycle.stopSignal': ['Lifecycle'],
  'VolumeMount.recursiveReadOnly': ['VolumeMount'],
  'ResourceRequirements.claims': ['ResourceRequirements'],
  'PodSpec.schedulingGates': ['PodSpec'],
  'PodSpec.resourceClaims': ['PodSpec'],
  'PodSpec.resources': ['PodSpec'],
};

/** Whether `type` has the field `name` in this version. */
export function hasField(version: VersionInfo, type: CheckedType, name: string): boolean {
  if ((TYPES[type] as readonly string[]).includes(name)) return true;
  for (const f of version.apiFields) {
    if (f.endsWith(`.${name}`) && VERSIONED[f].includes(type)) return true;
  }
  return false;
}

/** Reports every key of `obj` that `type` does not have in this version. */
export function checkUnknownFields(
  c: ApiCheck,
  path: string,
  obj: Readonly<Record<string, unknown>>,
  type: CheckedType,
): void {
  for (const name of Object.keys(obj)) {
    if (!hasField(c.version, type, name)) {
      const full = `${path}.${name}`;
      report(c, 'api-unknown-field', full, `unknown field "${full}"`);
    }
  }
}
