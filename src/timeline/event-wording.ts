/**
 * The core/v1 Events the kubelet records for what the engine reports (src/lifecycle/events.ts),
 * worded as the kubelet words them. Reasons are pkg/kubelet/events/event.go's constants.
 */
import type { PodEvent } from '../lifecycle/events.js';
import type { VersionInfo } from '../model/versions.js';

/** One event to record about a pod (or one of its containers). */
export interface KubeletEventSpec {
  readonly type: 'Normal' | 'Warning';
  readonly reason: string;
  readonly message: string;
  /** The container the event is about (its `involvedObject.fieldPath`); absent: the pod. */
  readonly container?: string;
}

/** What the wording needs to know about the pod. */
export interface WordingContext {
  readonly name: string;
  readonly namespace: string;
  readonly uid: string;
  readonly version: VersionInfo;
  /** A container's image as the spec names it. */
  image(container: string): string;
  /** Whether a container was already sent SIGTERM in this kill (no second Killing event). */
  readonly signalled: Set<string>;
  /** Containers whose image a container engine has just pulled (their Pulled event is said). */
  readonly pulled?: Set<string>;
}

const PROBE_NAME = { startup: 'Startup', readiness: 'Readiness', liveness: 'Liveness' } as const;

/**
 * format.Pod (pkg/kubelet/util/format/pod.go): `name_namespace(uid)`, as in the BackOff message.
 */
function formatPod(ctx: WordingContext): string {
  return `${ctx.name}_${ctx.namespace}(${ctx.uid})`;
}

/**
 * The Killing message (kuberuntime_container.go killContainer: `Stopping container x`, with the
 * reason computePodActions gives for a failed liveness or startup probe:
 * kuberuntime_manager.go `Container x failed liveness probe, will be restarted`).
 */
function killingMessage(container: string, reason: string): string {
  if (reason === 'LivenessProbe')
    return `Container ${container} failed liveness probe, will be restarted`;
  if (reason === 'StartupProbe')
    return `Container ${container} failed startup probe, will be restarted`;
  return `Stopping container ${container}`;
}

/** The events the kubelet records for a container start (kuberuntime_container.go startContainer). */
function startEvents(container: string, ctx: WordingContext): KubeletEventSpec[] {
  ctx.signalled.delete(container);
  const pulledNow = ctx.pulled?.delete(container) === true;
  return [
    ...(pulledNow
      ? []
      : [
          {
            // images/image_manager.go EnsureImageExists, the image present (no pull here)
            type: 'Normal',
            reason: 'Pulled',
            message: `Container image "${ctx.image(container)}" already present on machine`,
            container,
          } as const,
        ]),
    {
      type: 'Normal',
      reason: 'Created',
      message: ctx.version.createdEventColon
        ? `Created container: ${container}`
        : `Created container ${container}`,
      container,
    },
    { type: 'Normal', reason: 'Started', message: `Started container ${container}`, container },
  ];
}

/** The kubelet's events for one engine event (none for most). */
export function kubeletEventsOf(e: PodEvent, ctx: WordingContext): KubeletEventSpec[] {
  switch (e.type) {
    case 'ContainerStarted':
      return startEvents(e.container, ctx);
    case 'ContainerKilling':
      // One Killing per stop: the SIGKILL after the grace period is the same kill.
      if (ctx.signalled.has(e.container)) return [];
      ctx.signalled.add(e.container);
      return [
        {
          type: 'Normal',
          reason: 'Killing',
          message: killingMessage(e.container, e.reason),
          container: e.container,
        },
      ];
    case 'ContainerExited':
      if (e.reason !== 'StartError') return [];
      // startContainer: a failed CRI start is `Failed` / `Error: ...` (events.FailedToStartContainer)
      return [
        {
          type: 'Warning',
          reason: 'Failed',
          message: `Error: failed to start container "${e.container}": exit code ${String(e.exitCode)}`,
          container: e.container,
        },
      ];
    case 'ProbeResult':
      // prober/prober.go probe: `%s probe failed: %s` with the probe's output
      if (e.result !== 'Failure') return [];
      return [
        {
          type: 'Warning',
          reason: 'Unhealthy',
          message: `${PROBE_NAME[e.probe]} probe failed: `,
          container: e.container,
        },
      ];
    case 'BackOff':
      // kuberuntime_manager.go doBackOff
      return [
        {
          type: 'Warning',
          reason: 'BackOff',
          message: `Back-off restarting failed container ${e.container} in pod ${formatPod(ctx)}`,
          container: e.container,
        },
      ];
    case 'HookFinished':
      if (e.exitCode === undefined) return [];
      return [hookFailed(e.container, e.hook, e.exitCode, ctx)];
    case 'ImagePullFailed':
      // images/image_manager.go: `Failed` / `Error: ErrImagePull` and `BackOff` for the back-off
      return e.reason === 'ErrImagePull'
        ? [
            {
              type: 'Warning',
              reason: 'Failed',
              message: `Failed to pull image "${e.image}"`,
              container: e.container,
            },
            {
              type: 'Warning',
              reason: 'Failed',
              message: 'Error: ErrImagePull',
              container: e.container,
            },
          ]
        : [
            {
              type: 'Normal',
              reason: 'BackOff',
              message: `Back-off pulling image "${e.image}"`,
              container: e.container,
            },
          ];
    default:
      return [];
  }
}

/** FailedPostStartHook / FailedPreStopHook (kuberuntime_container.go, lifecycle/handlers.go). */
function hookFailed(
  container: string,
  hook: 'postStart' | 'preStop',
  exitCode: number,
  ctx: WordingContext,
): KubeletEventSpec {
  const post = hook === 'postStart';
  return {
    type: 'Warning',
    reason: post ? 'FailedPostStartHook' : 'FailedPreStopHook',
    message: `${post ? 'PostStartHook' : 'PreStopHook'} failed for Container "${container}" in Pod "${formatPod(ctx)}": exit code ${String(exitCode)}`,
    container,
  };
}

/**
 * The events of a real pull by a container engine (images/image_manager.go EnsureImageExists:
 * `Pulling image "x"` before, `Successfully pulled image "x" in D (D including waiting)` after).
 */
export function pullEvents(
  container: string,
  image: string,
  tookMs: number | null,
  ctx: WordingContext,
): KubeletEventSpec[] {
  if (tookMs === null)
    return [{ type: 'Normal', reason: 'Pulling', message: `Pulling image "${image}"`, container }];
  ctx.pulled?.add(container);
  const d = `${(tookMs / 1000).toFixed(3)}s`;
  return [
    {
      type: 'Normal',
      reason: 'Pulled',
      message: `Successfully pulled image "${image}" in ${d} (${d} including waiting)`,
      container,
    },
  ];
}
