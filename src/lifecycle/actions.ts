/**
 * What the engine asks a driver to do (actions) and what a driver tells the engine (observations).
 * Both carry the container instance (the n-th start of that container, from 1), so a driver may
 * report late: an observation about an instance that is gone is ignored.
 */
import type { HookKind, ProbeKind, Signal } from './events.js';

export type Action =
  /** Create the pod sandbox (network namespace, volumes); answer with SandboxReady. */
  | { readonly type: 'CreateSandbox' }
  /**
   * Start a container from `image` (the spec's image at this start); answer with ContainerStarted,
   * ContainerExited if it cannot run, or ImagePullFailed if its image cannot be pulled (a driver
   * without images, such as the real-process runtime, never reports that).
   */
  | {
      readonly type: 'StartContainer';
      readonly container: string;
      readonly instance: number;
      readonly image: string;
    }
  /**
   * Run a lifecycle hook of the running instance; answer with HookFinished. `timeoutSeconds` is how
   * long the engine waits for it (preStop: the grace period), null for no limit (postStart). The
   * engine may go on without the answer; the hook dies with its container.
   */
  | {
      readonly type: 'RunHook';
      readonly container: string;
      readonly instance: number;
      readonly hook: HookKind;
      readonly timeoutSeconds: number | null;
    }
  /** Run one probe; answer with ProbeResult (a timeout after `timeoutSeconds` is a Failure). */
  | {
      readonly type: 'RunProbe';
      readonly container: string;
      readonly instance: number;
      readonly probe: ProbeKind;
      readonly timeoutSeconds: number;
    }
  /** Send a signal to the instance's processes; answer with ContainerExited when it is gone. */
  | {
      readonly type: 'Signal';
      readonly container: string;
      readonly instance: number;
      readonly signal: Signal;
    }
  /** Every container has stopped after a pod kill: tear the sandbox down. No answer expected. */
  | { readonly type: 'RemoveSandbox' };

export type ActionType = Action['type'];

export type Observation =
  | { readonly type: 'SandboxReady' }
  | { readonly type: 'ContainerStarted'; readonly container: string; readonly instance: number }
  | {
      readonly type: 'ContainerExited';
      readonly container: string;
      readonly instance: number;
      readonly exitCode: number;
      /** Runtime reason; default Completed for 0, Error otherwise (OOMKilled when known). */
      readonly reason?: string;
    }
  | {
      readonly type: 'ProbeResult';
      readonly container: string;
      readonly instance: number;
      readonly probe: ProbeKind;
      readonly result: 'Success' | 'Failure';
    }
  | {
      readonly type: 'HookFinished';
      readonly container: string;
      readonly instance: number;
      readonly hook: HookKind;
      /** 0 for success; anything else is a failed hook. */
      readonly exitCode: number;
    }
  /**
   * The image of a StartContainer could not be pulled (image_manager.go EnsureImageExists): the
   * instance was never created; the engine backs off pulling that image and tries again later.
   */
  | { readonly type: 'ImagePullFailed'; readonly container: string; readonly instance: number }
  /**
   * The pod was deleted (API DELETE); omitted grace: the pod's terminationGracePeriodSeconds. The
   * kubelet uses at least 1 s, and a 0 means the spec's grace before 1.32
   * (VersionInfo.zeroDeletionGraceIsOneSecond).
   */
  | {
      readonly type: 'DeletePod';
      readonly gracePeriodSeconds?: number;
      /**
       * A forced deletion (`kubectl delete --grace-period=0 --force`; `run`'s second Ctrl-C): the
       * pod is gone from the API at once, so nothing waits for a grace period; every container
       * still running gets SIGKILL now (ContainerKilling SIGKILL, reason PodDeleted).
       */
      readonly force?: boolean;
    }
  /** A pod update changed `spec.(init)Containers[*].image` of a container (no instance: spec). */
  | { readonly type: 'SetImage'; readonly container: string; readonly image: string };

export type ObservationType = Observation['type'];

/**
 * Probe answers known ahead of time (the simulator's scripts). A driver that has them passes one
 * to `step`: the engine then applies each due probe run within the step instead of asking for it
 * with RunProbe, and skips runs that cannot change anything (same answer as the settled result),
 * jumping to the first run at or after `nextChange`. A real-process driver passes none.
 * Both functions must be pure: same arguments, same answer.
 */
export interface ProbeOracle {
  /** The answer of a run of `probe` of the container instance at time `at` (ms since pod creation). */
  answer(container: string, instance: number, probe: ProbeKind, at: number): 'Success' | 'Failure';
  /** The first time after `at` at which the answer differs from the one at `at`; null: never. */
  nextChange(container: string, instance: number, probe: ProbeKind, at: number): number | null;
}
