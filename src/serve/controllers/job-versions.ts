/**
 * What the Job controller and the Job registry do differently across the supported versions.
 * A table, as src/model/versions.ts keeps the pod-level ones (it could move there).
 */
import type { K8sVersion } from '../../model/versions.js';

export interface JobBehaviour {
  /**
   * The `batch.kubernetes.io/`-prefixed `controller-uid` and `job-name` labels beside the legacy
   * ones, and the selector on `batch.kubernetes.io/controller-uid` (pkg/registry/batch/job
   * strategy.go generateSelector, #114930, 1.27).
   */
  readonly prefixedLabels: boolean;
  /**
   * The Job annotation `batch.kubernetes.io/job-tracking` the registry adds on create (tracking
   * with finalizers, 1.23 to 1.26; dropped when JobTrackingWithFinalizers locked on in 1.27).
   */
  readonly trackingAnnotation: boolean;
  /** Indexed pods get the `batch.kubernetes.io/job-completion-index` label (PodIndexLabel, 1.28). */
  readonly podIndexLabel: boolean;
  /** podFailurePolicy is honoured (JobPodFailurePolicy beta, on by default from 1.26). */
  readonly podFailurePolicy: boolean;
  /** `status.terminating` is reported (JobPodReplacementPolicy beta, 1.29). */
  readonly terminating: boolean;
  /**
   * The interim SuccessCriteriaMet / FailureTarget conditions come before Complete / Failed,
   * which wait until no pod is terminating; both carry the reason (job_controller.go
   * delayTerminalCondition, newSuccessCondition: CompletionsReached, 1.31).
   */
  readonly interimConditions: boolean;
}

const NONE: JobBehaviour = {
  prefixedLabels: false,
  trackingAnnotation: true,
  podIndexLabel: false,
  podFailurePolicy: false,
  terminating: false,
  interimConditions: false,
};

/** 1.29 on: everything but the interim conditions, which came in 1.31. */
function fromV129(interimConditions: boolean): JobBehaviour {
  return {
    prefixedLabels: true,
    trackingAnnotation: false,
    podIndexLabel: true,
    podFailurePolicy: true,
    terminating: true,
    interimConditions,
  };
}

const TABLE: Readonly<Record<K8sVersion, JobBehaviour>> = {
  '1.25': NONE,
  '1.26': { ...NONE, podFailurePolicy: true },
  '1.27': { ...NONE, podFailurePolicy: true, prefixedLabels: true, trackingAnnotation: false },
  '1.28': {
    ...NONE,
    podFailurePolicy: true,
    prefixedLabels: true,
    trackingAnnotation: false,
    podIndexLabel: true,
  },
  '1.29': fromV129(false),
  '1.30': fromV129(false),
  '1.31': fromV129(true),
  '1.32': fromV129(true),
  '1.33': fromV129(true),
};

/** The Job behaviour of a version. */
export function jobBehaviour(version: K8sVersion): JobBehaviour {
  return TABLE[version];
}
