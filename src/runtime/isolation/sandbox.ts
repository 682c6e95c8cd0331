/**
 * The pod sandbox: what the kubelet gets from the CRI's RunPodSandbox (a "pause" container
 * holding the pod's network namespace). Here it is holder-less (reference/local-runtime.md
 * §1.3): a short-lived `unshare` creates the network namespace (and, unprivileged, the user
 * namespace that owns it), brings `lo` up, and the runtime keeps the namespaces alive through
 * open file descriptors of its own. When the runtime dies, for whatever reason, the fds close and
 * the namespaces vanish with the last container: nothing can leak.
 *
 * `shareProcessNamespace: true` needs a live PID 1 for the pod's PID namespace (§3.4), so that
 * sandbox keeps its holder: a shell that reaps orphans, started under `setpriv --pdeathsig KILL`
 * and `unshare --kill-child`, so it dies with the runtime and takes the namespace down.
 *
 * Containers join through `/proc/<runtime pid>/fd/<fd>`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { SidecarError } from '../../errors.js';
import { userNsFlags, type IsolationCapabilities } from './host.js';

export interface PodSandbox {
  /** `nsenter` arguments (without the command) that join the pod's user and network namespaces
   *  (and its PID namespace when it is shared). */
  readonly joinArgs: readonly string[];
  /** True when a user namespace is part of the sandbox (unprivileged runs). */
  readonly userNamespace: boolean;
  /** The containers share the pod's PID namespace (`shareProcessNamespace: true`). */
  readonly sharedPid: boolean;
  /** Closes the namespace fds (and kills the holder); the namespaces go with their last process. */
  close(): void;
}

export interface SandboxOptions {
  /** One PID namespace for the whole pod. */
  readonly sharePid?: boolean;
}

/**
 * Creates the pod's network namespace with `lo` up.
 * @throws SidecarError SIDECAR_E_RUNTIME with the system's message when it cannot
 */
export function createSandbox(
  caps: IsolationCapabilities,
  podName: string,
  options: SandboxOptions = {},
): Promise<PodSandbox> {
  const { tools } = caps;
  const fail = (why: string): SidecarError =>
    new SidecarError('SIDECAR_E_RUNTIME', `pod ${podName}: cannot create pod sandbox: ${why}`);
  if (
    !caps.namespaces ||
    tools.unshare === null ||
    tools.nsenter === null ||
    tools.setpriv === null ||
    caps.loopbackUp === null
  ) {
    return Promise.reject(fail(caps.reason ?? 'no namespaces'));
  }
  const sharePid = options.sharePid === true;
  const ready = `${caps.loopbackUp} && echo ready`;
  const [cmd, args] = sharePid
    ? [
        tools.setpriv,
        [
          '--pdeathsig',
          'KILL',
          '--',
          tools.unshare,
          ...userNsFlags(caps),
          '--net',
          '--pid',
          '--mount',
          '--fork',
          '--mount-proc',
          '--kill-child=SIGKILL',
          '--',
          tools.sh,
          '-c',
          // PID 1 of the pod: ignores SIGTERM, and reaps the orphans it inherits while it waits.
          `${ready} && trap '' TERM && while :; do sleep 3600 & wait $!; done`,
        ],
      ]
    : [
        tools.unshare,
        [...userNsFlags(caps), '--net', '--', tools.sh, '-c', `${ready} && exec sleep 3600`],
      ];
  return new Promise((resolve, reject) => {
    // stdio must not be inherited, or a caller waiting on our pipes would wait for the holder
    // (§1.1, "shell pitfall").
    const holder: ChildProcess = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let opened = false;
    holder.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    holder.on('error', (e) => reject(fail(e.message)));
    holder.on('exit', (code) => {
      if (!opened) reject(fail(stderr.trim() || `unshare exited ${String(code)}`));
    });
    holder.stdout!.once('data', () => {
      const pid = String(holder.pid);
      const fds: number[] = [];
      try {
        // Node opens with O_CLOEXEC: the fds are not inherited by children, who join by path.
        const net = openSync(`/proc/${pid}/ns/net`, 'r');
        fds.push(net);
        const user = caps.root ? null : openSync(`/proc/${pid}/ns/user`, 'r');
        if (user !== null) fds.push(user);
        // unshare --pid --fork: the holder's own PID namespace is the host's; its children's
        // is the pod's.
        const pidNs = sharePid ? openSync(`/proc/${pid}/ns/pid_for_children`, 'r') : null;
        if (pidNs !== null) fds.push(pidNs);
        opened = true;
        if (!sharePid) holder.kill('SIGKILL');
        const self = `/proc/${String(process.pid)}/fd`;
        const joinArgs = [
          ...(user === null ? [] : [`--user=${self}/${String(user)}`]),
          `--net=${self}/${String(net)}`,
          ...(pidNs === null ? [] : [`--pid=${self}/${String(pidNs)}`]),
          ...(user === null ? [] : ['--preserve-credentials']),
        ];
        let closed = false;
        resolve({
          joinArgs,
          userNamespace: user !== null,
          sharedPid: sharePid,
          close: () => {
            if (closed) return;
            closed = true;
            for (const fd of fds) closeSync(fd);
            if (sharePid) holder.kill('SIGKILL');
          },
        });
      } catch (e) {
        for (const fd of fds) closeSync(fd);
        holder.kill('SIGKILL');
        reject(fail(e instanceof Error ? e.message : String(e)));
      }
    });
  });
}
