/**
 * Hand-written event streams and statuses for the renderer tests, written against the contract
 * of src/lifecycle/events.ts and status.ts (not produced by the engine, so the renderers are
 * tested on their own). No tests in this file.
 */
import type { PodEvent } from '../lifecycle/events.js';
import type { ContainerStatus, PodStatus } from '../lifecycle/status.js';
import type { PodRunView } from './view.js';

const POD = 'default/web';
const at = (s: number): string =>
  new Date(Date.UTC(2025, 0, 1) + s * 1000).toISOString().replace('.000Z', 'Z');

function ev<T extends PodEvent['type']>(
  t: number,
  type: T,
  rest: Omit<Extract<PodEvent, { type: T }>, 't' | 'pod' | 'type'>,
): PodEvent {
  return { t, pod: POD, type, ...rest } as unknown as PodEvent;
}

function cs(name: string, over: Partial<ContainerStatus>): ContainerStatus {
  return {
    name,
    state: {},
    lastState: {},
    ready: false,
    restartCount: 0,
    image: `${name}:1`,
    imageID: '',
    ...over,
  };
}

/**
 * migrate (init) fails once, restarts at once, fails again, backs off 10s, then succeeds;
 * proxy (sidecar) has a postStart hook, a startup probe and a preStop hook; app has a readiness
 * probe and ignores SIGTERM; logger (classic) stops at once. Deleted at 30s with grace 10s.
 */
export const RICH_EVENTS: readonly PodEvent[] = [
  ev(0, 'PodCondition', { condition: 'PodReadyToStartContainers', status: 'True' }),
  ev(0, 'PodPhase', { phase: 'Pending' }),
  ev(0, 'ContainerStarted', { container: 'migrate', restartCount: 0 }),
  ev(2, 'ContainerExited', { container: 'migrate', exitCode: 1, reason: 'Error' }),
  ev(2, 'ContainerStarted', { container: 'migrate', restartCount: 1 }),
  ev(4, 'ContainerExited', { container: 'migrate', exitCode: 1, reason: 'Error' }),
  ev(4, 'BackOff', { container: 'migrate', delaySeconds: 10 }),
  ev(14, 'ContainerStarted', { container: 'migrate', restartCount: 2 }),
  ev(16, 'ContainerExited', { container: 'migrate', exitCode: 0, reason: 'Completed' }),
  ev(16, 'ContainerStarted', { container: 'proxy', restartCount: 0 }),
  ev(16, 'HookStarted', { container: 'proxy', hook: 'postStart' }),
  ev(17, 'HookFinished', { container: 'proxy', hook: 'postStart' }),
  ev(17, 'ProbeResult', { container: 'proxy', probe: 'startup', result: 'Failure' }),
  ev(18, 'ProbeResult', { container: 'proxy', probe: 'startup', result: 'Success' }),
  ev(18, 'ContainerReady', { container: 'proxy', ready: true }),
  ev(18, 'PodCondition', { condition: 'Initialized', status: 'True' }),
  ev(18, 'ContainerStarted', { container: 'app', restartCount: 0 }),
  ev(18, 'ContainerStarted', { container: 'logger', restartCount: 0 }),
  ev(18, 'ContainerReady', { container: 'logger', ready: true }),
  ev(18, 'PodPhase', { phase: 'Running' }),
  ev(19, 'ProbeResult', { container: 'app', probe: 'readiness', result: 'Failure' }),
  ev(20, 'ProbeResult', { container: 'app', probe: 'readiness', result: 'Success' }),
  ev(20, 'ContainerReady', { container: 'app', ready: true }),
  ev(20, 'PodCondition', { condition: 'ContainersReady', status: 'True' }),
  ev(20, 'PodCondition', { condition: 'Ready', status: 'True' }),
  ev(30, 'PodDeleting', { gracePeriodSeconds: 10 }),
  ev(30, 'HookStarted', { container: 'proxy', hook: 'preStop' }),
  ev(30, 'ContainerKilling', { container: 'app', signal: 'SIGTERM', reason: 'PodDeleted' }),
  ev(30, 'ContainerKilling', { container: 'logger', signal: 'SIGTERM', reason: 'PodDeleted' }),
  ev(30, 'ContainerExited', { container: 'logger', exitCode: 0, reason: 'Completed' }),
  ev(31, 'ProbeResult', { container: 'app', probe: 'readiness', result: 'Failure' }),
  ev(31, 'ContainerReady', { container: 'app', ready: false }),
  ev(31, 'PodCondition', { condition: 'Ready', status: 'False' }),
  ev(35, 'HookFinished', { container: 'proxy', hook: 'preStop' }),
  ev(40, 'ContainerKilling', { container: 'app', signal: 'SIGKILL', reason: 'GracePeriodExpired' }),
  ev(40, 'ContainerExited', { container: 'app', exitCode: 137, reason: 'Error' }),
  ev(40, 'ContainerKilling', { container: 'proxy', signal: 'SIGTERM', reason: 'PodDeleted' }),
  ev(42, 'ContainerKilling', {
    container: 'proxy',
    signal: 'SIGKILL',
    reason: 'GracePeriodExpired',
  }),
  ev(42, 'ContainerExited', { container: 'proxy', exitCode: 137, reason: 'Error' }),
  ev(42, 'PodPhase', { phase: 'Failed' }),
];

export const RICH_STATUS: PodStatus = {
  phase: 'Failed',
  conditions: [
    { type: 'PodReadyToStartContainers', status: 'True' },
    { type: 'Initialized', status: 'True' },
    { type: 'Ready', status: 'False', reason: 'PodFailed' },
    { type: 'ContainersReady', status: 'False', reason: 'PodFailed' },
    { type: 'PodScheduled', status: 'True' },
  ],
  initContainerStatuses: [
    cs('migrate', {
      state: {
        terminated: { exitCode: 0, reason: 'Completed', startedAt: at(14), finishedAt: at(16) },
      },
      lastState: {
        terminated: { exitCode: 1, reason: 'Error', startedAt: at(2), finishedAt: at(4) },
      },
      ready: true,
      restartCount: 2,
      started: false,
    }),
    cs('proxy', {
      state: {
        terminated: { exitCode: 137, reason: 'Error', startedAt: at(16), finishedAt: at(42) },
      },
      started: false,
    }),
  ],
  containerStatuses: [
    cs('app', {
      state: {
        terminated: { exitCode: 137, reason: 'Error', startedAt: at(18), finishedAt: at(40) },
      },
      started: false,
    }),
    cs('logger', {
      state: {
        terminated: { exitCode: 0, reason: 'Completed', startedAt: at(18), finishedAt: at(30) },
      },
      started: false,
    }),
  ],
};

export const RICH_VIEW: PodRunView = {
  pod: POD,
  k8sVersion: '1.33',
  containers: [
    { name: 'migrate', kind: 'init' },
    { name: 'proxy', kind: 'sidecar' },
    { name: 'app', kind: 'regular' },
    { name: 'logger', kind: 'regular' },
  ],
  events: RICH_EVENTS,
  status: RICH_STATUS,
  until: 600,
};

/** The same pod stopped at 10s, while migrate is in back-off: `Init:CrashLoopBackOff`. */
export const INIT_BACKOFF_VIEW: PodRunView = {
  ...RICH_VIEW,
  events: RICH_EVENTS.filter((e) => e.t <= 10),
  until: 10,
  status: {
    phase: 'Pending',
    conditions: [
      { type: 'PodReadyToStartContainers', status: 'True' },
      { type: 'Initialized', status: 'False', reason: 'ContainersNotInitialized' },
      { type: 'Ready', status: 'False', reason: 'ContainersNotReady' },
      { type: 'ContainersReady', status: 'False', reason: 'ContainersNotReady' },
      { type: 'PodScheduled', status: 'True' },
    ],
    initContainerStatuses: [
      cs('migrate', {
        state: {
          waiting: {
            reason: 'CrashLoopBackOff',
            message: 'back-off 10s restarting failed container=migrate pod=web_default',
          },
        },
        lastState: {
          terminated: { exitCode: 1, reason: 'Error', startedAt: at(2), finishedAt: at(4) },
        },
        restartCount: 1,
        started: false,
      }),
      cs('proxy', { state: { waiting: { reason: 'PodInitializing' } } }),
    ],
    containerStatuses: [
      cs('app', { state: { waiting: { reason: 'PodInitializing' } } }),
      cs('logger', { state: { waiting: { reason: 'PodInitializing' } } }),
    ],
  },
};

/** The same pod at 25s: running, both sidecar and containers ready. */
export const RUNNING_VIEW: PodRunView = {
  ...RICH_VIEW,
  events: RICH_EVENTS.filter((e) => e.t <= 25),
  until: 25,
  status: {
    phase: 'Running',
    conditions: [
      { type: 'PodReadyToStartContainers', status: 'True' },
      { type: 'Initialized', status: 'True' },
      { type: 'Ready', status: 'True' },
      { type: 'ContainersReady', status: 'True' },
      { type: 'PodScheduled', status: 'True' },
    ],
    initContainerStatuses: [
      cs('migrate', {
        state: {
          terminated: { exitCode: 0, reason: 'Completed', startedAt: at(14), finishedAt: at(16) },
        },
        lastState: {
          terminated: { exitCode: 1, reason: 'Error', startedAt: at(2), finishedAt: at(4) },
        },
        ready: true,
        restartCount: 2,
        started: false,
      }),
      cs('proxy', { state: { running: { startedAt: at(16) } }, ready: true, started: true }),
    ],
    containerStatuses: [
      cs('app', { state: { running: { startedAt: at(18) } }, ready: true, started: true }),
      cs('logger', { state: { running: { startedAt: at(18) } }, ready: true, started: true }),
    ],
  },
};

/** The sidecar in the middle of its startup probe at 17.5s: `Init:1/2`. */
export const INIT_SIDECAR_STARTING_VIEW: PodRunView = {
  ...RICH_VIEW,
  events: RICH_EVENTS.filter((e) => e.t <= 17.5),
  until: 17.5,
  status: {
    ...INIT_BACKOFF_VIEW.status,
    initContainerStatuses: [
      RUNNING_VIEW.status.initContainerStatuses![0]!,
      cs('proxy', { state: { running: { startedAt: at(16) } }, ready: false, started: false }),
    ],
  },
};
