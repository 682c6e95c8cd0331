/**
 * What the engine asks a driver to do (actions) and what a driver tells the engine (observations).
 * Both carry the container instance (the n-th start of that container, from 1), so a driver may
 * report late: an observation about an instance that is gone is ignored.
 */
import type { HookKind, ProbeKind, Signal } from './events.js';

export type Action =
  /** Create the pod sandbox (network namespace, volumes); answer with SandboxReady. */
  | { readonly type: 'CreateSandbox' }
  /** Start a container; answer with ContainerStarted (or ContainerExited if it cannot run). */
  | { readonly type: 'StartContainer'; readonly container: string; readonly instance: number }
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
  /** The pod was deleted (API DELETE); omitted grace: the pod's terminationGracePeriodSeconds. */
  | { readonly type: 'DeletePod'; readonly gracePeriodSeconds?: number };

export type ObservationType = Observation['type'];
