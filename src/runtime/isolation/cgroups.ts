/**
 * `resources.limits` through cgroups, where the machine lets the runtime create them
 * (reference/local-runtime.md §3.5 and §6.1): one cgroup per container start, the way the
 * kubelet gives each container its own (pkg/kubelet/cm, the CRI's LinuxContainerResources).
 *
 * - cgroup v2 (a single unified hierarchy with the memory controller): `memory.max`,
 *   `cpu.max` = "<quota> <period>";
 * - cgroup v1 (separate `memory` and `cpu` hierarchies): `memory.limit_in_bytes`,
 *   `cpu.cfs_quota_us` / `cpu.cfs_period_us`;
 * - the quota is limits.cpu in millicores * period / 1000, with the kubelet's 100 ms period and
 *   1 ms minimum (pkg/kubelet/cm/helpers_linux.go MilliCPUToQuota);
 * - a container that the kernel's OOM killer ended is reported `OOMKilled` (exit 137), read
 *   from `memory.events` (v2) or `memory.oom_control` (v1) `oom_kill`.
 *
 * The container's init joins its cgroups itself (`echo 0 > cgroup.procs` moves the writer), so
 * every process of the container is in them from the start. Without a writable hierarchy
 * (an ordinary user without systemd delegation, or no memory controller) nothing is enforced and
 * the driver prints one warning.
 */
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmdirSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { parseQuantity } from '../../model/quantity.js';
import { isRecord } from '../../model/record.js';

export interface CgroupSupport {
  readonly version: 'v1' | 'v2' | null;
  /** Parent directories the runtime creates pod cgroups in (v1: memory and cpu). */
  readonly memoryBase: string | null;
  readonly cpuBase: string | null;
  /** Why limits cannot be enforced. */
  readonly reason?: string;
}

const ROOT = '/sys/fs/cgroup';
const PERIOD = 100_000;
const MIN_QUOTA = 1000;

function writable(dir: string): boolean {
  const probe = join(dir, `sidecarctl-probe-${String(process.pid)}`);
  try {
    mkdirSync(probe);
    rmdirSync(probe);
    return true;
  } catch {
    return false;
  }
}

let cached: CgroupSupport | null = null;

/** Finds a writable hierarchy once per process (and removes empty ones a killed run left). */
export function detectCgroups(): CgroupSupport {
  if (cached === null) {
    cached = detect();
    for (const base of new Set([cached.memoryBase, cached.cpuBase]))
      if (base !== null) removeEmpty(base);
  }
  return cached;
}

/** rmdir of the pod/container cgroups under `base` that no process uses (others fail: busy). */
function removeEmpty(base: string): void {
  let pods: string[];
  try {
    pods = readdirSync(base, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => join(base, d.name));
  } catch {
    return;
  }
  for (const pod of pods) {
    let leaves: string[] = [];
    try {
      leaves = readdirSync(pod, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => join(pod, d.name));
    } catch {
      // gone meanwhile
    }
    for (const dir of [...leaves, pod]) {
      try {
        rmdirSync(dir);
      } catch {
        // in use by a running pod
      }
    }
  }
}

function detect(): CgroupSupport {
  const none = (reason: string): CgroupSupport => ({
    version: null,
    memoryBase: null,
    cpuBase: null,
    reason,
  });
  if (process.platform !== 'linux') return none(`no cgroups on ${process.platform}`);
  const controllers = join(ROOT, 'cgroup.controllers');
  if (existsSync(controllers)) {
    if (!readFileSync(controllers, 'utf8').split(/\s+/).includes('memory'))
      return none('the cgroup v2 hierarchy has no memory controller');
    const base = join(ROOT, 'sidecarctl');
    try {
      mkdirSync(base, { recursive: true });
      try {
        writeFileSync(join(ROOT, 'cgroup.subtree_control'), '+memory +cpu');
      } catch {
        // already enabled (systemd does), or not ours to change: the next write tells
      }
      writeFileSync(join(base, 'cgroup.subtree_control'), '+memory +cpu');
    } catch (e) {
      return none(`no writable cgroup: ${e instanceof Error ? e.message : String(e)}`);
    }
    return { version: 'v2', memoryBase: base, cpuBase: base };
  }
  const mem = join(ROOT, 'memory');
  const cpu = existsSync(join(ROOT, 'cpu')) ? join(ROOT, 'cpu') : join(ROOT, 'cpu,cpuacct');
  if (!existsSync(join(mem, 'memory.limit_in_bytes')))
    return none('no cgroup memory controller is mounted');
  if (!writable(mem))
    return none('no writable cgroup (run as root, or under systemd-run --user --scope)');
  mkdirSync(join(mem, 'sidecarctl'), { recursive: true });
  const cpuOk = existsSync(join(cpu, 'cpu.cfs_quota_us')) && writable(cpu);
  if (cpuOk) mkdirSync(join(cpu, 'sidecarctl'), { recursive: true });
  return {
    version: 'v1',
    memoryBase: join(mem, 'sidecarctl'),
    cpuBase: cpuOk ? join(cpu, 'sidecarctl') : null,
  };
}

export interface Limits {
  readonly memoryBytes: bigint | null;
  readonly cpuMillis: bigint | null;
}

/** The limits of a container spec (`resources.limits.memory` / `.cpu`). */
export function limitsOf(container: Readonly<Record<string, unknown>>): Limits {
  const res = container['resources'];
  const lim = isRecord(res) ? res['limits'] : undefined;
  const l = isRecord(lim) ? lim : {};
  const q = (v: unknown) =>
    typeof v === 'string' || typeof v === 'number' ? parseQuantity(v) : null;
  const mem = q(l['memory']);
  const cpu = q(l['cpu']);
  const ceil = (n: bigint, d: bigint): bigint => n / d + (n % d === 0n ? 0n : 1n);
  return {
    memoryBytes: mem === null ? null : ceil(mem.nanos, 1_000_000_000n),
    cpuMillis: cpu === null ? null : ceil(cpu.nanos, 1_000_000n),
  };
}

export interface ContainerCgroup {
  /** Shell line for the container's init: join the cgroups. */
  readonly joinLine: string;
  /** The kernel's OOM killer ended a process of this cgroup. */
  oomKilled(): boolean;
  /** Removes the (now empty) cgroups. */
  remove(): void;
}

/** Creates the cgroups of one container start, or null when there is nothing to enforce. */
export function containerCgroup(
  support: CgroupSupport,
  podUid: string,
  name: string,
  limits: Limits,
): ContainerCgroup | null {
  if (support.version === null || (limits.memoryBytes === null && limits.cpuMillis === null))
    return null;
  const dirs: string[] = [];
  const leaf = `${name}-${String(Date.now())}`;
  const make = (base: string): string => {
    const d = join(base, podUid, leaf);
    mkdirSync(d, { recursive: true });
    if (!dirs.includes(d)) dirs.push(d);
    return d;
  };
  let memDir: string | null = null;
  if (limits.memoryBytes !== null && support.memoryBase !== null) {
    memDir = make(support.memoryBase);
    if (support.version === 'v2')
      writeFileSync(join(memDir, 'memory.max'), limits.memoryBytes.toString());
    else writeFileSync(join(memDir, 'memory.limit_in_bytes'), limits.memoryBytes.toString());
  }
  if (limits.cpuMillis !== null && support.cpuBase !== null) {
    const d = make(support.cpuBase);
    const quota = Math.max(MIN_QUOTA, Number((limits.cpuMillis * BigInt(PERIOD)) / 1000n));
    if (support.version === 'v2')
      writeFileSync(join(d, 'cpu.max'), `${String(quota)} ${String(PERIOD)}`);
    else {
      writeFileSync(join(d, 'cpu.cfs_period_us'), String(PERIOD));
      writeFileSync(join(d, 'cpu.cfs_quota_us'), String(quota));
    }
  }
  const eventsFile =
    memDir === null
      ? null
      : join(memDir, support.version === 'v2' ? 'memory.events' : 'memory.oom_control');
  return {
    joinLine: dirs.map((d) => `echo 0 > '${join(d, 'cgroup.procs')}'`).join('; '),
    oomKilled: () => {
      if (eventsFile === null) return false;
      try {
        const m = /oom_kill (\d+)/.exec(readFileSync(eventsFile, 'utf8'));
        return m !== null && Number(m[1]) > 0;
      } catch {
        return false;
      }
    },
    remove: () => {
      for (const d of dirs) {
        try {
          rmdirSync(d);
          rmdirSync(join(d, '..'));
        } catch {
          // busy for a moment, or the pod directory still has other containers
        }
      }
    },
  };
}
