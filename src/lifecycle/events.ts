/**
 * The event stream shared by `simulate` and `run` (docs/events.md): JSON Lines, one
 * object per event, in time order. `t` is seconds since the pod was created. These shapes are a
 * contract: types may be added, existing ones may not change meaning.
 */
export type ProbeKind = 'startup' | 'readiness' | 'liveness';
export type HookKind = 'postStart' | 'preStop';
export type Signal = 'SIGTERM' | 'SIGKILL';

interface Base {
  /** Seconds since the pod was created (virtual in simulate, wall-clock in run), ms precision. */
  readonly t: number;
  /** `namespace/name`. */
  readonly pod: string;
}

export type PodEvent =
  | (Base & { readonly type: 'PodPhase'; readonly phase: PodPhase })
  | (Base & {
      readonly type: 'PodCondition';
      readonly condition: string;
      readonly status: 'True' | 'False';
    })
  | (Base & {
      readonly type: 'ContainerStarted';
      readonly container: string;
      readonly restartCount: number;
    })
  | (Base & {
      readonly type: 'ContainerExited';
      readonly container: string;
      readonly exitCode: number;
      readonly reason: string;
    })
  | (Base & {
      readonly type: 'ContainerKilling';
      readonly container: string;
      readonly signal: Signal;
      /** Why it is stopped: PodDeleted, PodCompleted, InitFailed, LivenessProbe, StartupProbe, GracePeriodExpired, ... */
      readonly reason: string;
    })
  | (Base & {
      readonly type: 'ProbeResult';
      readonly container: string;
      readonly probe: ProbeKind;
      readonly result: 'Success' | 'Failure';
    })
  | (Base & {
      readonly type: 'ContainerReady';
      readonly container: string;
      readonly ready: boolean;
    })
  | (Base & { readonly type: 'BackOff'; readonly container: string; readonly delaySeconds: number })
  | (Base & { readonly type: 'HookStarted'; readonly container: string; readonly hook: HookKind })
  | (Base & {
      readonly type: 'HookFinished';
      readonly container: string;
      readonly hook: HookKind;
      /** Present when the hook failed (non-zero exit, error). */
      readonly exitCode?: number;
    })
  | (Base & { readonly type: 'PodDeleting'; readonly gracePeriodSeconds: number })
  /**
   * A container could not be started for its image: `ErrImagePull` when a pull was tried and
   * failed, `ImagePullBackOff` when the kubelet found the image in pull back-off and did not try.
   * `retryAfterSeconds`: until the next pull attempt.
   */
  | (Base & {
      readonly type: 'ImagePullFailed';
      readonly container: string;
      readonly image: string;
      readonly reason: 'ErrImagePull' | 'ImagePullBackOff';
      readonly retryAfterSeconds: number;
    })
  /** A pod update changed a container's image in the spec. */
  | (Base & { readonly type: 'ImageChanged'; readonly container: string; readonly image: string });

export type PodEventType = PodEvent['type'];

export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';

/** One event as a JSON Lines record (keys in contract order: t, pod, type, then the rest). */
export function eventToJsonLine(e: PodEvent): string {
  return JSON.stringify(e);
}
