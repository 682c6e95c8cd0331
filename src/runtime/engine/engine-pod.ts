/**
 * The pod sandbox on a container engine (the CRI's RunPodSandbox / RemovePodSandbox): one
 * engine pod (docker: an infra container) whose network, IPC and UTS namespaces every container
 * joins, so they share localhost. Probes and network checks run in its network namespace through
 * the runtime's netns helper, which joins it by the infra process's pid.
 */
import type { IsolationCapabilities } from '../isolation/host.js';
import type { PodSandbox } from '../isolation/sandbox.js';
import { podNetwork, type PodNetwork } from '../network/netns-client.js';
import type { PreparedPod } from '../prepare.js';
import { pullPolicyOf } from './container-spec.js';
import { RUN_ID, runLabels } from './reaper.js';
import { LABEL_POD, type ContainerEngine, type EnginePod } from './types.js';

/** The engine's name of a pod: unique per run, in the characters engines accept. */
export function enginePodName(prepared: PreparedPod): string {
  const safe = `${prepared.ctx.namespace}-${prepared.ctx.name}`.replace(/[^a-zA-Z0-9_.-]/g, '-');
  return `sidecarctl-${RUN_ID}-${safe}`;
}

export interface EngineSandbox {
  readonly pod: EnginePod;
  readonly network: PodNetwork;
}

/** Creates the pod's shared namespaces and the network client that works inside them. */
export async function createEngineSandbox(
  engine: ContainerEngine,
  prepared: PreparedPod,
  caps: IsolationCapabilities,
): Promise<EngineSandbox> {
  const name = enginePodName(prepared);
  // The images' presence is looked up while the pod is made (pulls stay at each start).
  for (const image of imagesToLookUp(prepared)) void engine.imagePresent(image);
  const pod = await engine.createPod({
    name,
    hostname: prepared.ctx.hostname,
    labels: { ...runLabels(), [LABEL_POD]: name },
  });
  return { pod, network: lazyNetwork(engine, pod, caps) };
}

/** The images of the pod's containers that a start may find present (not `Always` pulled). */
function imagesToLookUp(prepared: PreparedPod): string[] {
  const out = new Set<string>();
  for (const c of prepared.containers.values()) {
    const image = c.spec['image'];
    if (typeof image === 'string' && image !== '' && pullPolicyOf(c.spec) !== 'Always')
      out.add(image);
  }
  return [...out];
}

/**
 * The pod's network, reached through the infra process's pid, found on first use: the holder
 * starts with the first container, so its start is not on the way to that container's.
 */
function lazyNetwork(
  engine: ContainerEngine,
  pod: EnginePod,
  caps: IsolationCapabilities,
): PodNetwork {
  let inner: Promise<PodNetwork> | null = null;
  let made: PodNetwork | null = null;
  let closed = false;
  const get = (): Promise<PodNetwork> => {
    inner ??= engine.netnsPid(pod).then(
      (pid) => {
        const sandbox: PodSandbox = {
          joinArgs: [`--net=/proc/${String(pid)}/ns/net`],
          userNamespace: false,
          sharedPid: false,
          close: () => undefined,
        };
        made = podNetwork(caps, sandbox);
        if (closed) made.close();
        return made;
      },
      (e: unknown) => {
        inner = null; // tried again at the next use
        throw e;
      },
    );
    return inner;
  };
  return {
    check: async (check, timeoutMs) => {
      try {
        return await (await get()).check(check, timeoutMs);
      } catch (e) {
        return { ok: false, detail: e instanceof Error ? e.message : String(e) };
      }
    },
    forward: async (server, targetPort) => (await get()).forward(server, targetPort),
    close: () => {
      closed = true;
      made?.close();
    },
  };
}
