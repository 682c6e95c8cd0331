/**
 * Containers started ahead of their turn (a runtime speed-up, no lifecycle rule): once a pod's
 * sandbox exists, the first instance of each of its containers gets its process chain (setpriv,
 * nsenter, unshare, its init) spawned at once, in parallel, and waits (isolation/
 * container-process.ts prestartContainer). When the engine starts a container, only its init
 * script is left to run, so each container of an ordered start (init containers, then sidecars)
 * no longer waits for a whole chain of exec's after the previous one. The kubelet does the same
 * split through the CRI: CreateContainer, then StartContainer.
 *
 * What the container sees is the same: its script (mounts, cgroups, hostname) is made when it
 * starts; only its namespaces are made earlier. Restarts spawn as before. Not with a shared PID
 * namespace (the waiting inits would be visible to the pod's processes). Nothing outlives the
 * runtime: a waiting chain has the same parent-death signals as a running one, and the runner
 * discards what is left when the pod ends.
 */
import type { IsolationCapabilities } from './isolation/host.js';
import { prestartContainer, type PrestartedContainer } from './isolation/container-process.js';
import type { PodSandbox } from './isolation/sandbox.js';
import type { PreparedPod } from './prepare.js';

/** At most this many containers of a pod wait at once (the first ones in start order). */
export const MAX_PRESTARTED = 8;

/** The containers of a pod waiting for their first start, by name. */
export class Prestarted {
  private readonly waiting = new Map<string, PrestartedContainer>();

  /** Starts the chains of the pod's containers (pod isolation, bash on the host). */
  static forPod(
    pod: PreparedPod,
    caps: IsolationCapabilities,
    sandbox: PodSandbox | null,
  ): Prestarted {
    const out = new Prestarted();
    if (sandbox?.sharedPid === true) return out;
    for (const [name, c] of pod.containers) {
      if (out.waiting.size >= MAX_PRESTARTED) break;
      const p = prestartContainer(c, caps, sandbox);
      if (p === null) break;
      out.waiting.set(name, p);
    }
    return out;
  }

  /** The waiting chain of a container's first instance, handed out once. */
  take(name: string, instance: number): PrestartedContainer | undefined {
    if (instance !== 1) return undefined;
    const p = this.waiting.get(name);
    this.waiting.delete(name);
    return p;
  }

  /** Ends every chain still waiting. */
  discardAll(): void {
    for (const p of this.waiting.values()) p.discard();
    this.waiting.clear();
  }
}
