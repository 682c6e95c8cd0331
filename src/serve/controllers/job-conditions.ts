/**
 * Job conditions as the job controller writes them (pkg/controller/job job_controller.go
 * newCondition, newFailureCondition, newSuccessCondition, enactJobFinished,
 * ensureJobConditionStatus): type, status True, both times now, reason and message when set.
 */

export type JobConditionType =
  'Complete' | 'Failed' | 'SuccessCriteriaMet' | 'FailureTarget' | 'Suspended';

export interface JobCondition {
  readonly type: JobConditionType;
  readonly status: 'True' | 'False';
  readonly lastProbeTime: string;
  readonly lastTransitionTime: string;
  readonly reason?: string;
  readonly message?: string;
}

/** The reasons and messages of job_controller.go (batch/v1 JobReason*). */
export const BACKOFF_LIMIT = {
  reason: 'BackoffLimitExceeded',
  message: 'Job has reached the specified backoff limit',
} as const;
export const DEADLINE = {
  reason: 'DeadlineExceeded',
  message: 'Job was active longer than specified deadline',
} as const;
export const COMPLETIONS_REACHED = {
  reason: 'CompletionsReached',
  message: 'Reached expected number of succeeded pods',
} as const;
export const POD_FAILURE_POLICY = 'PodFailurePolicy';

/** newCondition (Go's omitempty drops an empty reason and message). */
export function newCondition(
  type: JobConditionType,
  now: string,
  reason = '',
  message = '',
): JobCondition {
  return {
    type,
    status: 'True',
    lastProbeTime: now,
    lastTransitionTime: now,
    ...(reason === '' ? {} : { reason }),
    ...(message === '' ? {} : { message }),
  };
}

/** The condition of a type that is True, if any. */
export function trueCondition(
  conditions: readonly JobCondition[],
  type: JobConditionType,
): JobCondition | undefined {
  return conditions.find((c) => c.type === type && c.status === 'True');
}

/** IsJobFinished: Complete or Failed is True. */
export function isFinished(conditions: readonly JobCondition[]): boolean {
  return (
    trueCondition(conditions, 'Complete') !== undefined ||
    trueCondition(conditions, 'Failed') !== undefined
  );
}

/** The conditions of a Job's status. */
export function conditionsOf(status: Readonly<Record<string, unknown>>): JobCondition[] {
  const c = status['conditions'];
  return Array.isArray(c) ? (c as JobCondition[]) : [];
}

/** The terminal condition that follows an interim one (same reason and message). */
export function terminalFor(interim: JobCondition, now: string): JobCondition {
  const type = interim.type === 'SuccessCriteriaMet' ? 'Complete' : 'Failed';
  return newCondition(type, now, interim.reason, interim.message);
}
