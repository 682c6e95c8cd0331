/**
 * Starts and talks to the pod's netns helper (netns-helper.ts). Without a pod network namespace
 * (process isolation, `hostNetwork: true`) the checks run in this process instead: the host's
 * network is then the pod's, as on a node.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Server } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { IsolationCapabilities } from '../isolation/host.js';
import type { PodSandbox } from '../isolation/sandbox.js';
import { runCheck, type CheckResult, type NetworkCheck } from './checks.js';
import { forward } from './forward.js';

export interface PodNetwork {
  check(check: NetworkCheck, timeoutMs: number): Promise<CheckResult>;
  /** Hands a listening socket of the host to the pod: connections go to 127.0.0.1:targetPort. */
  forward(server: Server, targetPort: number): Promise<void>;
  close(): void;
}

/** The network as seen from the host (no pod network namespace). */
export function hostNetwork(): PodNetwork {
  return {
    check: runCheck,
    // The container's port is the host's: forward in this process.
    forward: (server, targetPort) => {
      forward(server, targetPort);
      return Promise.resolve();
    },
    close: () => undefined,
  };
}

function helperPath(): string {
  const self = fileURLToPath(import.meta.url);
  if (/netns-client\.(ts|js)$/.test(self)) {
    return self.replace(/netns-client\.(ts|js)$/, 'netns-helper.$1');
  }
  // In the bundled CLI this code sits in a chunk under dist/cli/; the helper is the file tsc
  // emitted beside the library, at dist/runtime/network/netns-helper.js.
  let dir = new URL('./', import.meta.url);
  for (let i = 0; i < 4; i++) {
    const candidate = new URL('runtime/network/netns-helper.js', dir);
    if (existsSync(candidate)) return fileURLToPath(candidate);
    dir = new URL('../', dir);
  }
  throw new Error(`cannot find runtime/network/netns-helper.js above ${self}`);
}

/** The Node flags of this process that load TypeScript (tsx), without the test runner's. */
function loaderArgs(): string[] {
  return process.execArgv.filter(
    (a) => !a.startsWith('--test') && !a.startsWith('--experimental-test'),
  );
}

/** Starts the helper in the sandbox's network namespace; it dies with the runtime. */
export function podNetwork(caps: IsolationCapabilities, sandbox: PodSandbox): PodNetwork {
  let child: ChildProcess | null = null;
  let ready: Promise<ChildProcess> | null = null;
  let next = 1;
  const pending = new Map<number, (r: CheckResult) => void>();
  const start = (): Promise<ChildProcess> => {
    ready ??= new Promise((resolve, reject) => {
      const c = spawn(
        caps.tools.setpriv!,
        [
          '--pdeathsig',
          'KILL',
          '--',
          caps.tools.nsenter!,
          ...sandbox.joinArgs,
          '--',
          process.execPath,
          ...loaderArgs(),
          helperPath(),
        ],
        { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
      );
      child = c;
      c.on('message', (m: { type?: string; id?: number } & CheckResult) => {
        if (m.type === 'ready') resolve(c);
        else if (m.id !== undefined) {
          pending.get(m.id)?.({ ok: m.ok, detail: m.detail });
          pending.delete(m.id);
        }
      });
      c.once('error', reject);
      c.once('exit', (code) => {
        reject(new Error(`netns helper exited ${String(code)}`));
        for (const done of pending.values()) done({ ok: false, detail: 'netns helper exited' });
        pending.clear();
      });
    });
    return ready;
  };
  return {
    check: async (check, timeoutMs) => {
      let c: ChildProcess;
      try {
        c = await start();
      } catch (e) {
        return { ok: false, detail: e instanceof Error ? e.message : String(e) };
      }
      return new Promise((resolve) => {
        const id = next++;
        pending.set(id, resolve);
        // The helper applies the timeout; this one only covers a helper that stops answering.
        setTimeout(() => {
          if (pending.delete(id))
            resolve({ ok: false, detail: `timeout after ${String(timeoutMs)}ms` });
        }, timeoutMs + 1000).unref();
        c.send({ type: 'check', id, check, timeoutMs });
      });
    },
    forward: async (server, targetPort) => {
      const c = await start();
      // Once handed over, only the helper may accept: a listener left open here would take
      // some of the connections and drop them.
      await new Promise<void>((resolve) =>
        c.send({ type: 'forward', targetPort }, server, () => {
          server.close();
          resolve();
        }),
      );
    },
    close: () => {
      const c = child as ChildProcess | null;
      if (c !== null && c.exitCode === null) c.kill('SIGKILL');
    },
  };
}
