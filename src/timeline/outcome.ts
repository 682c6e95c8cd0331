/**
 * The exit status of `sidecarctl simulate` and `sidecarctl run`, decided the Kubernetes way from
 * the final pod phase (kubectl wait and Job controllers look at the phase too):
 *
 * - 0: the pod ended Succeeded; or it is Running at the end of simulated time (except the pod of
 *   a Job or CronJob, which is expected to complete); or the scenario deleted it and it did not
 *   end Failed (still terminating, or Succeeded);
 * - 1: the pod ended Failed (a regular container or init container exited non-zero, or was
 *   SIGKILLed at the end of its grace period: exit 137), deleted or not; or it is still Pending
 *   at `until` without having been deleted (it never got past initialisation, or its containers
 *   never started); or it is the pod of a Job or CronJob still Running at `until` without having
 *   been deleted (it never completed: the classic-sidecar Job problem) - the message says which.
 *
 * Sidecar exit codes never make a pod Failed (kubelet_pods.go getPhase ignores them; reference
 * section d.1), so a sidecar killed with 137 does not by itself give 1.
 *
 * A real run ends only once its pod is terminal or deleted, never at a deadline, so only Failed
 * gives 1, and not when the pod was deleted on request (Ctrl-C, --delete-after) before it
 * failed: stopping it was what the user asked. A scenario's delete, by contrast, is part of what
 * is simulated, and its outcome is judged.
 */
import type { ContainerStatus } from '../lifecycle/status.js';
import { fmtSeconds } from './lanes.js';
import { viewRow } from './render-text.js';
import type { PodRunView } from './view.js';

export interface Outcome {
  readonly exitCode: 0 | 1;
  /** Why the exit status is 1 (one line, no trailing newline); null for 0. */
  readonly message: string | null;
}

/** A pod's view and how it ended: what `simulate` (per version) and `run` (per pod) return. */
export interface ViewOutcome {
  readonly view: PodRunView;
  readonly outcome: Outcome;
}

/** What the phase alone does not say. */
export interface OutcomeContext {
  /** The pod comes from a Job or CronJob (PodTemplate.isJob): it is expected to complete. */
  readonly isJob?: boolean;
  /**
   * The view is of a real run, with RunPodResult.deletedAsAsked; a failure is then worded the
   * way `run` prints it (`pod NS/NAME Failed (reason)`). Absent: a simulation.
   */
  readonly run?: { readonly deletedAsAsked: boolean };
}

const OK: Outcome = { exitCode: 0, message: null };

/**
 * @param context - the OutcomeContext, or (simulate) whether the pod comes from a Job or CronJob
 */
export function outcomeOf(view: PodRunView, context: boolean | OutcomeContext = false): Outcome {
  const { isJob = false, run }: OutcomeContext =
    typeof context === 'boolean' ? { isJob: context } : context;
  const { status } = view;
  if (status.phase === 'Succeeded') return OK;
  if (run !== undefined) {
    const failed = status.phase === 'Failed' && !run.deletedAsAsked;
    return failed ? { exitCode: 1, message: runFailure(view) } : OK;
  }
  const deleted = view.events.some((e) => e.type === 'PodDeleting');
  const name = view.pod;
  switch (status.phase) {
    case 'Running': {
      if (!isJob || deleted) return OK;
      const running = [...(status.initContainerStatuses ?? []), ...status.containerStatuses]
        .filter((c) => c.state.running !== undefined)
        .map((c) => c.name);
      return {
        exitCode: 1,
        message: `pod ${name} of a Job has not completed by ${fmtSeconds(view.until)}${running.length > 0 ? `: still running: ${running.join(', ')}` : ''}`,
      };
    }
    case 'Failed': {
      const sidecars = new Set(
        view.containers.filter((c) => c.kind === 'sidecar').map((c) => c.name),
      );
      const failed = [...(status.initContainerStatuses ?? []), ...status.containerStatuses]
        .filter((c) => !sidecars.has(c.name))
        .map((c) => [c.name, failedExit(c)] as const)
        .filter(([, exit]) => exit !== null)
        .map(([container, exit]) => `${container} (${exit!})`);
      const last = view.events.reduce((m, e) => Math.max(m, e.t), 0);
      const regular = new Set(
        view.containers.filter((c) => c.kind === 'regular').map((c) => c.name),
      );
      const initOnly = !view.events.some(
        (e) => e.type === 'ContainerStarted' && regular.has(e.container),
      );
      return {
        exitCode: 1,
        message:
          `pod ${name} ended Failed at ${fmtSeconds(last)}` +
          (initOnly ? ' without getting past initialisation' : '') +
          (deleted ? ' after the scenario deleted it' : '') +
          (failed.length > 0 ? `: ${failed.join(', ')}` : ''),
      };
    }
    case 'Pending': {
      if (deleted) return OK;
      const initialized = status.conditions.some(
        (c) => c.type === 'Initialized' && c.status === 'True',
      );
      const row = viewRow(view);
      return {
        exitCode: 1,
        message: initialized
          ? `pod ${name} was still Pending at ${fmtSeconds(view.until)} (${row.status}): its containers never all started`
          : `pod ${name} never got past initialisation by ${fmtSeconds(view.until)} (${row.status})`,
      };
    }
    default:
      return { exitCode: 1, message: `pod ${name} ended in phase ${status.phase}` };
  }
}

/** `pod NS/NAME Failed (reason)`: the phase and status.reason, as `run` has always said it. */
function runFailure(view: PodRunView): string {
  const { reason } = view.status;
  return `pod ${view.pod} Failed${reason !== undefined ? ` (${reason})` : ''}`;
}

function failedExit(c: ContainerStatus): string | null {
  const t = c.state.terminated ?? c.lastState.terminated;
  if (t === undefined || t.exitCode === 0) return null;
  return `exit ${String(t.exitCode)}${t.reason !== undefined ? ` ${t.reason}` : ''}`;
}
