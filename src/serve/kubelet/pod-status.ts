/**
 * The status the local kubelet posts for a pod: the engine's PodStatus (lifecycle/engine.ts
 * podStatus) plus what the kubelet adds from the node (kubelet_pods.go generateAPIPodStatus:
 * hostIP(s), podIP(s); the pod's QoS class), and the status of a pod that could not be prepared.
 */
import type { PodStatus } from '../../lifecycle/status.js';
import { isRecord } from '../../manifest/objects.js';
import { qosClassOf } from '../api/qos.js';

/** Every address is the loopback of the pod's own network namespace, or of the host. */
export const LOCAL_IP = '127.0.0.1';

/** The stored status of a running pod. */
export function storedStatus(
  engine: PodStatus,
  spec: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  return {
    ...engine,
    hostIP: LOCAL_IP,
    hostIPs: [{ ip: LOCAL_IP }],
    podIP: LOCAL_IP,
    podIPs: [{ ip: LOCAL_IP }],
    qosClass: qosClassOf(spec),
  };
}

function containersOf(
  spec: Readonly<Record<string, unknown>>,
  list: string,
): Record<string, unknown>[] {
  const items = spec[list];
  return Array.isArray(items) ? items.filter(isRecord) : [];
}

function nameOf(c: Record<string, unknown>): string {
  return typeof c['name'] === 'string' ? c['name'] : '';
}

/**
 * A pod the kubelet could not start: Pending, every container waiting, the one that failed with
 * the kubelet's reason and message (kuberuntime_container.go startContainer: the container's
 * status shows `CreateContainerConfigError` / `RunContainerError` and the error), the others
 * with `PodInitializing` (or `ContainerCreating` for a pod without init containers).
 * @param failed the container the error is about; null: all of them
 */
export function notStartedStatus(
  spec: Readonly<Record<string, unknown>>,
  failed: string | null,
  reason: string,
  message: string,
  at: string,
): Record<string, unknown> {
  const init = containersOf(spec, 'initContainers');
  const regular = containersOf(spec, 'containers');
  const idle = init.length > 0 ? 'PodInitializing' : 'ContainerCreating';
  const status = (c: Record<string, unknown>, isInit: boolean) => {
    const mine = failed === null || nameOf(c) === failed;
    const waiting = mine ? { reason, message } : { reason: isInit ? 'PodInitializing' : idle };
    return {
      name: nameOf(c),
      state: { waiting },
      lastState: {},
      ready: false,
      restartCount: 0,
      image: typeof c['image'] === 'string' ? c['image'] : '',
      imageID: '',
      started: false,
    };
  };
  const unready = (list: Record<string, unknown>[]) => `[${list.map(nameOf).join(' ')}]`;
  const cond = (type: string, ok: boolean, why?: string, msg?: string) => ({
    type,
    status: ok ? 'True' : 'False',
    ...(why !== undefined ? { reason: why } : {}),
    ...(msg !== undefined ? { message: msg } : {}),
    lastProbeTime: null,
    lastTransitionTime: at,
  });
  return {
    phase: 'Pending',
    conditions: [
      init.length > 0
        ? cond(
            'Initialized',
            false,
            'ContainersNotInitialized',
            `containers with incomplete status: ${unready(init)}`,
          )
        : cond('Initialized', true),
      cond(
        'Ready',
        false,
        'ContainersNotReady',
        `containers with unready status: ${unready(regular)}`,
      ),
      cond(
        'ContainersReady',
        false,
        'ContainersNotReady',
        `containers with unready status: ${unready(regular)}`,
      ),
      cond('PodScheduled', true),
    ],
    ...(init.length > 0 ? { initContainerStatuses: init.map((c) => status(c, true)) } : {}),
    containerStatuses: regular.map((c) => status(c, false)),
    hostIP: LOCAL_IP,
    hostIPs: [{ ip: LOCAL_IP }],
    startTime: at,
    qosClass: qosClassOf(spec),
  };
}
