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
import type { PreparedContainer, PreparedPod } from './prepare.js';

/** At most this many containers of a pod wait at once (the first ones in start order). */
export const MAX_PRESTARTED = 8;

/**
 * The containers of a pod waiting for their first start, by name. The first one's chain is
 * spawned at once; the others' one at a time (a spawn blocks the event loop until the child has
 * exec'd) once the first has been handed out, so that its start is not queued behind them.
 */
export class Prestarted {
  private readonly waiting = new Map<string, PrestartedContainer>();
  private queue: [string, PreparedContainer][] = [];
  private filling = false;

  private readonly caps: IsolationCapabilities | null;
  private readonly sandbox: PodSandbox | null;

  constructor(caps: IsolationCapabilities | null = null, sandbox: PodSandbox | null = null) {
    this.caps = caps;
    this.sandbox = sandbox;
  }

  /** Starts the chains of the pod's containers (pod isolation, bash on the host). */
  static forPod(
    pod: PreparedPod,
    caps: IsolationCapabilities,
    sandbox: PodSandbox | null,
  ): Prestarted {
    const out = new Prestarted(caps, sandbox);
    if (sandbox?.sharedPid === true) return out;
    out.queue = [...pod.containers].slice(0, MAX_PRESTARTED);
    out.spawnNext();
    return out;
  }

  /** The waiting chain of a container's first instance, handed out once. */
  take(name: string, instance: number): PrestartedContainer | undefined {
    if (instance !== 1) return undefined;
    this.queue = this.queue.filter(([n]) => n !== name);
    const p = this.waiting.get(name);
    this.waiting.delete(name);
    if (!this.filling) {
      this.filling = true;
      setImmediate(() => this.fill());
    }
    return p;
  }

  /** Ends every chain still waiting, and spawns no more. */
  discardAll(): void {
    this.queue = [];
    for (const p of this.waiting.values()) p.discard();
    this.waiting.clear();
  }

  private fill(): void {
    if (this.spawnNext()) setImmediate(() => this.fill());
  }

  /** Spawns the next queued chain; false when none is left to spawn. */
  private spawnNext(): boolean {
    const next = this.queue.shift();
    if (next === undefined || this.caps === null) return false;
    const p = prestartContainer(next[1], this.caps, this.sandbox);
    if (p === null) {
      this.queue = [];
      return false;
    }
    this.waiting.set(next[0], p);
    return this.queue.length > 0;
  }
}
