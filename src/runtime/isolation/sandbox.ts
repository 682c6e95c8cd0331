/**
 * The pod sandbox: what the kubelet gets from the CRI's RunPodSandbox (a "pause" container
 * holding the pod's network namespace). Here it is holder-less (reference/local-runtime.md
 * §1.3): a short-lived `unshare` creates the network namespace (and, unprivileged, the user
 * namespace that owns it), brings `lo` up, and the runtime keeps the namespaces alive through
 * open file descriptors of its own. When the runtime dies, for whatever reason, the fds close and
 * the namespaces vanish with the last container: nothing can leak.
 *
 * Containers join through `/proc/<runtime pid>/fd/<fd>`.
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { SidecarError } from '../../errors.js';
import { userNsFlags, type IsolationCapabilities } from './capabilities.js';

export interface PodSandbox {
  /** `nsenter` arguments (without the command) that join the pod's user and network namespaces. */
  readonly joinArgs: readonly string[];
  /** True when a user namespace is part of the sandbox (unprivileged runs). */
  readonly userNamespace: boolean;
  /** Closes the namespace fds; the namespaces go away with the last process in them. */
  close(): void;
}

/**
 * Creates the pod's network namespace with `lo` up.
 * @throws SidecarError SIDECAR_E_RUNTIME with the system's message when it cannot
 */
export function createSandbox(caps: IsolationCapabilities, podName: string): Promise<PodSandbox> {
  const { tools } = caps;
  if (
    !caps.namespaces ||
    tools.unshare === null ||
    tools.nsenter === null ||
    caps.loopbackUp === null
  ) {
    return Promise.reject(
      new SidecarError(
        'SIDECAR_E_RUNTIME',
        `pod ${podName}: cannot create pod sandbox: ${caps.reason ?? 'no namespaces'}`,
      ),
    );
  }
  const args = [
    ...userNsFlags(caps.root),
    '--net',
    '--',
    tools.sh,
    '-c',
    `${caps.loopbackUp} && echo ready && exec sleep 3600`,
  ];
  return new Promise((resolve, reject) => {
    // The holder lives only until its namespaces are opened; stdio must not be inherited, or a
    // caller waiting on our pipes would wait for it (§1.1, "shell pitfall").
    const holder = spawn(tools.unshare!, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    holder.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const fail = (why: string): void =>
      reject(
        new SidecarError('SIDECAR_E_RUNTIME', `pod ${podName}: cannot create pod sandbox: ${why}`),
      );
    holder.on('error', (e) => fail(e.message));
    holder.on('exit', (code) => {
      if (!opened) fail(stderr.trim() || `unshare exited ${String(code)}`);
    });
    let opened = false;
    holder.stdout.once('data', () => {
      const pid = holder.pid!;
      const fds: number[] = [];
      try {
        // Node opens with O_CLOEXEC: the fds are not inherited by children, who join by path.
        const net = openSync(`/proc/${String(pid)}/ns/net`, 'r');
        fds.push(net);
        const user = caps.root ? null : openSync(`/proc/${String(pid)}/ns/user`, 'r');
        if (user !== null) fds.push(user);
        opened = true;
        holder.kill('SIGKILL');
        const self = `/proc/${String(process.pid)}/fd`;
        const joinArgs =
          user === null
            ? [`--net=${self}/${String(net)}`]
            : [
                `--user=${self}/${String(user)}`,
                `--net=${self}/${String(net)}`,
                '--preserve-credentials',
              ];
        let closed = false;
        resolve({
          joinArgs,
          userNamespace: user !== null,
          close: () => {
            if (closed) return;
            closed = true;
            for (const fd of fds) closeSync(fd);
          },
        });
      } catch (e) {
        for (const fd of fds) closeSync(fd);
        holder.kill('SIGKILL');
        fail(e instanceof Error ? e.message : String(e));
      }
    });
  });
}
