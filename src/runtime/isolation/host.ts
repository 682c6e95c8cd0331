/**
 * What this machine allows for a pod boundary, found once per invocation by really creating the
 * namespaces a pod needs (reference/local-runtime.md §6.1): reading sysctls is not enough, since
 * AppArmor (Ubuntu 23.10+) or a container runtime's seccomp profile can refuse what the sysctls
 * allow. The probe costs one `unshare` (about 30 ms) and its result is kept in memory.
 *
 * Only util-linux is required (`unshare`, `nsenter`, `setpriv`, `mount`), plus a shell and a way
 * to bring the loopback interface up (`ip` from iproute2, or python3 as a fallback).
 */
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { probeKey, readProbeCache, writeProbeCache } from './probe-cache.js';

/** Absolute paths of the host tools the runtime runs. */
export interface HostTools {
  readonly unshare: string | null;
  readonly nsenter: string | null;
  readonly setpriv: string | null;
  readonly mount: string | null;
  readonly sh: string;
  /** bash is preferred as a container's init: `set -m` starts the app with default signal
   *  dispositions, where POSIX sh starts background jobs with SIGINT and SIGQUIT ignored. */
  readonly bash: string | null;
  readonly ip: string | null;
  readonly python3: string | null;
  /** Runs the holder of process-isolated containers (process-holder.ts). */
  readonly perl: string | null;
}

export interface IsolationCapabilities {
  /** Pod sandboxes (network, mount, PID and, unprivileged, user namespaces) can be created. */
  readonly namespaces: boolean;
  /** Why not, in the system's own words (the failing tool's stderr, or a missing tool). */
  readonly reason?: string;
  /** Running as uid 0: no user namespace is needed. */
  readonly root: boolean;
  /** The user namespace a pod and a container get (none as root); see userNsFlags. */
  readonly userNs: 'none' | 'same-uid' | 'root-mapped';
  readonly tools: HostTools;
  /** A shell command that brings `lo` up inside a new network namespace, or null. */
  readonly loopbackUp: string | null;
}

/** Directories searched besides PATH: an ordinary user's PATH often lacks the sbin ones. */
const EXTRA_DIRS = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

/** Finds an executable on PATH (plus the system directories), or null. */
export function which(name: string, path = process.env['PATH'] ?? ''): string | null {
  const dirs = [...path.split(delimiter).filter((d) => d.startsWith('/')), ...EXTRA_DIRS];
  for (const dir of dirs) {
    const full = join(dir, name);
    try {
      accessSync(full, constants.X_OK);
      return full;
    } catch {
      // not here
    }
  }
  return null;
}

export function findTools(): HostTools {
  return {
    unshare: which('unshare'),
    nsenter: which('nsenter'),
    setpriv: which('setpriv'),
    mount: which('mount'),
    sh: which('sh') ?? '/bin/sh',
    bash: which('bash'),
    ip: which('ip'),
    python3: which('python3'),
    perl: which('perl'),
  };
}

/**
 * The command that sets `lo` up: `ip link set lo up`, else python3 doing the SIOCSIFFLAGS
 * ioctl (IFF_UP|IFF_LOOPBACK|IFF_RUNNING) that `ip` does. A new network namespace has `lo` down
 * and without addresses (the kernel adds 127.0.0.1 when it goes up).
 */
export function loopbackCommand(tools: HostTools): string | null {
  if (tools.ip !== null) return `${shellQuote(tools.ip)} link set lo up`;
  if (tools.python3 !== null) {
    const py =
      'import socket,fcntl,struct;s=socket.socket();fcntl.ioctl(s,0x8914,struct.pack("16sh",b"lo",1|8|64))';
    return `${shellQuote(tools.python3)} -c ${shellQuote(py)}`;
  }
  return null;
}

/** Quotes a word for POSIX sh. */
export function shellQuote(s: string): string {
  if (/^[\w@%+=:,./-]+$/.test(s)) return s;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

let cached: Promise<IsolationCapabilities> | null = null;
let known: IsolationCapabilities | undefined;

/**
 * Detects once per process; later calls return the same answer. The answer is also kept
 * between invocations while the machine stays the same (probe-cache.ts), so a later run does
 * not pay for the probe.
 */
export function detectCapabilities(): Promise<IsolationCapabilities> {
  cached ??= cachedProbe();
  return cached;
}

async function cachedProbe(): Promise<IsolationCapabilities> {
  const tools = findTools();
  const key = probeKey({ ...tools });
  known = readProbeCache<IsolationCapabilities>(key);
  if (known !== undefined) return known;
  const caps = await probe();
  writeProbeCache(key, caps);
  known = caps;
  return caps;
}

/**
 * The answer of detectCapabilities once it has one, else undefined: right after the first call
 * when the answer was kept from an earlier invocation (no probe to wait for).
 */
export function knownCapabilities(): IsolationCapabilities | undefined {
  return known;
}

/**
 * User-namespace flags for unshare:
 * - `same-uid` (util-linux 2.38+): map the current uid to itself and keep capabilities in the
 *   new namespace, so `lo` can be set up and mounts made while the processes keep the user's uid
 *   (reference/local-runtime.md §1.2: without --keep-caps, `ip` fails with EPERM);
 * - `root-mapped` (older util-linux, no --map-current-user): the user is uid 0 inside, which
 *   has the capabilities without --keep-caps; containers then see themselves as root, as in
 *   rootless container engines; files are still the user's on the host.
 */
export function userNsFlags(caps: Pick<IsolationCapabilities, 'userNs'>): string[] {
  if (caps.userNs === 'same-uid') return ['--map-current-user', '--keep-caps', '--user'];
  if (caps.userNs === 'root-mapped') return ['--map-root-user'];
  return [];
}

/** Which user namespace mapping this unshare can do (`SIDECARCTL_USERNS` overrides, for tests). */
function userNsMode(root: boolean, unshare: string | null): IsolationCapabilities['userNs'] {
  if (root) return 'none';
  const forced = process.env['SIDECARCTL_USERNS'];
  if (forced === 'same-uid' || forced === 'root-mapped') return forced;
  if (unshare === null) return 'same-uid';
  const help = spawnSync(unshare, ['--help'], { encoding: 'utf8', timeout: 2000 });
  return `${help.stdout ?? ''}`.includes('--map-current-user') ? 'same-uid' : 'root-mapped';
}

async function probe(): Promise<IsolationCapabilities> {
  const tools = findTools();
  const root = process.getuid?.() === 0;
  const loopbackUp = loopbackCommand(tools);
  const userNs = userNsMode(root, tools.unshare);
  const base = { root, userNs, tools, loopbackUp };
  if (process.platform !== 'linux') {
    return {
      ...base,
      namespaces: false,
      reason: `Linux namespaces do not exist on ${process.platform}`,
    };
  }
  const missing = (['unshare', 'nsenter', 'setpriv', 'mount'] as const).filter(
    (t) => tools[t] === null,
  );
  if (missing.length > 0) {
    return { ...base, namespaces: false, reason: `${missing.join(', ')} not found (util-linux)` };
  }
  if (loopbackUp === null) {
    return {
      ...base,
      namespaces: false,
      reason: 'cannot bring up the loopback interface: neither ip (iproute2) nor python3 found',
    };
  }
  // The same namespaces a pod and a container get, in one unshare.
  const args = [
    ...userNsFlags(base),
    '--net',
    '--mount',
    '--pid',
    '--fork',
    '--mount-proc',
    '--',
    tools.sh,
    '-c',
    `${loopbackUp} && ${shellQuote(tools.mount!)} -n -t tmpfs tmpfs /tmp`,
  ];
  const result = await runQuiet(tools.unshare!, args, 5000);
  if (result.code === 0) return { ...base, namespaces: true };
  return {
    ...base,
    namespaces: false,
    reason: result.stderr.trim() || `unshare exited ${String(result.code)}`,
  };
}

/** Runs a command with no stdin/stdout, collecting stderr; code -1 when it could not start. */
export function runQuiet(
  cmd: string,
  args: readonly string[],
  timeoutMs: number,
): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    let stderr = '';
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ code: -1, stderr: `${cmd}: ${e.message}` });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal !== null ? 128 : 1), stderr });
    });
  });
}
