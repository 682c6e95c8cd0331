/**
 * The rule ids of the API validation (category `api`, severity error), one per group of checks
 * of kubernetes/kubernetes pkg/apis/core/validation/validation.go.
 */
import type { RuleMeta } from '../rules/rule.js';

const DOCS = {
  'api-metadata':
    "metadata (or a workload's pod template metadata) the API server rejects: no name nor generateName, a name or namespace that is not a DNS name, a bad label or annotation key or value, annotations over 256 KiB.",
  'api-decode':
    'A field has the wrong JSON type (string for an object, number for a name...): the API server cannot decode the object.',
  'api-unknown-field':
    "A field that this Kubernetes version does not know (e.g. a container's restartPolicy before 1.28): kubectl's strict field validation rejects it.",
  'api-containers-required': 'The pod has no regular container: spec.containers is required.',
  'api-container-name':
    'A container name is missing, not a DNS-1123 label, or not unique across containers, init containers and ephemeral containers.',
  'api-container-image':
    'A container has no image (or, in a Pod, one with leading or trailing spaces).',
  'api-env': 'An env entry has no name.',
  'api-container-policy':
    'imagePullPolicy or terminationMessagePolicy has a value the API does not support.',
  'api-init-restart-policy':
    'An init container restartPolicy other than Always (the only supported value).',
  'api-container-restart-policy':
    'restartPolicy on a regular container: only init containers may set it.',
  'api-init-container-fields':
    'A regular init container (no restartPolicy: Always) sets lifecycle or a probe, which only sidecars and regular containers may have.',
  'api-probe':
    'A probe has no handler or several, a negative number, successThreshold other than 1 on liveness/startup, or terminationGracePeriodSeconds where it is not allowed.',
  'api-lifecycle':
    'A postStart/preStop hook has no handler or several, a bad port or command, or a sleep outside 0..terminationGracePeriodSeconds.',
  'api-ports': 'A container port has a bad name, number or protocol, or a duplicate name.',
  'api-host-port-conflict':
    'Two regular containers (or the ports of one init container) use the same hostPort/protocol/hostIP.',
  'api-resources':
    'A resource quantity is negative, a request exceeds its limit, an extended resource has no equal limit, or the resource name is not valid.',
  'api-resize-policy':
    'resizePolicy names an unsupported resource or policy, or is set on an init container where the version forbids it.',
  'api-volume-mounts':
    'A volumeMount names no volume of the pod, has no mountPath, repeats a mountPath, or has a bad subPath or mountPropagation.',
  'api-volumes':
    'A pod volume has no name, a name that is not a DNS-1123 label, or a duplicate name.',
  'api-ephemeral-container':
    'Ephemeral containers set in a pod template or on create, with forbidden fields, or targeting a container that does not exist.',
  'api-pod-restart-policy':
    "The pod's restartPolicy is not supported (for the pod, or for the workload kind: Always for Deployments, OnFailure/Never for Jobs).",
  'api-active-deadline':
    'activeDeadlineSeconds out of range, or set on a workload kind that does not support it.',
} as const;

export type ApiRuleId = keyof typeof DOCS;

export const API_RULES: readonly RuleMeta[] = (Object.keys(DOCS) as ApiRuleId[]).map((id) => ({
  id,
  category: 'api',
  severity: 'error',
  doc: DOCS[id],
}));
