/**
 * Opening a container engine for `--runtime podman|docker`: found on PATH (docker: its daemon
 * answering; podman: working, as its first command shows), or one line saying what was tried
 * and how to fix it, before any container starts (exit 2). On a host whose
 * cgroups are v1 (crun refuses that layout), podman is given a configuration of its own: runc as
 * its OCI runtime and explicit ulimits (runc cannot raise the nproc limit there).
 */
import { accessSync, constants, mkdirSync, readFileSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SidecarError } from '../../errors.js';
import { OciCliEngine, cliMessage, podmanBroken, runCli } from './oci-cli.js';
import { removeStale, startReaper } from './reaper.js';
import type { ContainerEngine, EngineName, RuntimeName } from './types.js';
import { RUNTIME_NAMES } from './types.js';

/** `--runtime` or SIDECARCTL_RUNTIME, checked. @default 'process' */
export function runtimeOption(flag: string | undefined, env = process.env): RuntimeName {
  const v = flag ?? env['SIDECARCTL_RUNTIME'] ?? 'process';
  if ((RUNTIME_NAMES as readonly string[]).includes(v)) return v as RuntimeName;
  throw new SidecarError(
    'SIDECAR_E_USAGE',
    `--runtime: invalid value "${v}": expected ${RUNTIME_NAMES.join(', ')}`,
  );
}

/** The executable `name` on PATH, or null. */
export function onPath(name: string, path = process.env['PATH'] ?? ''): string | null {
  for (const dir of path.split(':').filter((d) => d !== '')) {
    const p = join(dir, name);
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      // next
    }
  }
  return null;
}

function softLimit(name: string): number | null {
  try {
    const line = readFileSync('/proc/self/limits', 'utf8')
      .split('\n')
      .find((l) => l.startsWith(name));
    const v = line?.slice(26).trim().split(/\s+/)[0];
    return v === undefined || !/^\d+$/.test(v) ? null : Number(v);
  } catch {
    return null;
  }
}

/** podman's configuration for a cgroups v1 host; its path. */
function podmanConf(): string {
  const dir = join(tmpdir(), `sidecarctl-podman-${String(process.getuid?.() ?? 0)}`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const nofile = Math.min(softLimit('Max open files') ?? 1024, 1_048_576);
  const file = join(dir, 'containers.conf');
  writeFileSync(
    file,
    [
      '[containers]',
      `default_ulimits = ["nofile=${String(nofile)}:${String(nofile)}", "nproc=4096:4096"]`,
      '[engine]',
      'runtime = "runc"',
      '',
    ].join('\n'),
  );
  return file;
}

function unreachable(name: EngineName, tried: string, fix: string): SidecarError {
  return new SidecarError('SIDECAR_E_RUNTIME', `--runtime ${name}: ${tried}; ${fix}`);
}

/** The engine's CLI, checked to answer. */
async function cliOf(name: EngineName, env: NodeJS.ProcessEnv): Promise<string[]> {
  const bin = onPath(name, env['PATH']);
  if (bin === null) {
    throw unreachable(
      name,
      `no ${name} executable on PATH (${env['PATH'] ?? ''})`,
      name === 'podman'
        ? 'install it (apt-get install -y podman runc) or use --runtime process'
        : 'install docker and start its daemon, or use --runtime podman or process',
    );
  }
  if (name === 'docker') {
    const r = await runCli([bin, 'version', '--format', '{{.Server.Version}}']);
    if (r.code !== 0)
      throw unreachable(
        name,
        `${bin} cannot reach a docker daemon (${cliMessage(r)})`,
        'start dockerd (or set DOCKER_HOST), or use --runtime podman or process',
      );
    return [bin];
  }
  if (!cgroupsV2() && env['CONTAINERS_CONF'] === undefined) {
    return [onPath('env', env['PATH']) ?? '/usr/bin/env', `CONTAINERS_CONF=${podmanConf()}`, bin];
  }
  return [bin];
}

/**
 * Checks that podman answers (`podman version`: no storage or runtime set up, where `podman
 * info` costs about a second).
 * @throws SidecarError SIDECAR_E_RUNTIME when it does not
 */
export async function checkPodman(engine: ContainerEngine): Promise<void> {
  if (engine.name !== 'podman') return;
  const r = await runCli([...engine.cli, 'version', '--format', '{{.Client.Version}}']);
  if (r.code !== 0) throw podmanBroken(engine.cli, 'version', cliMessage(r));
}

/** cgroup2fs's magic number (linux/magic.h CGROUP2_SUPER_MAGIC). */
const CGROUP2_SUPER_MAGIC = 0x63677270;

/**
 * Whether /sys/fs/cgroup is the unified hierarchy (cgroups v2), as podman decides it
 * (containers/common pkg/cgroups IsCgroup2UnifiedMode: a statfs of /sys/fs/cgroup). A hybrid
 * layout (v1 with a unified mount beside it) is v1.
 */
export function cgroupsV2(root = '/sys/fs/cgroup'): boolean {
  try {
    return statfsSync(root).type === CGROUP2_SUPER_MAGIC;
  } catch {
    return false;
  }
}

const opened = new Map<EngineName, Promise<ContainerEngine>>();

/** How long after the engine is opened what dead runs left is removed. */
const SWEEP_DELAY_MS = 5_000;

/**
 * The engine, once per process: found (docker: its daemon answering), this run's reaper
 * started, what dead runs left being removed. That podman works is proved by the first command
 * (`run`: the pod's creation, which says so in the same words), or by `checkPodman` first.
 * @throws SidecarError SIDECAR_E_RUNTIME (exit 2) when it cannot be reached
 */
export function openEngine(name: EngineName, env = process.env): Promise<ContainerEngine> {
  let p = opened.get(name);
  if (p === undefined) {
    p = (async () => {
      const engine = OciCliEngine.of(name, await cliOf(name, env));
      startReaper(engine);
      // What dead runs left goes in the background, at the lowest priority, once this run's
      // first starts are made: it concerns only their objects, and its `ps` takes the engine's
      // locks that those starts wait for. A run that ends before leaves it to the next.
      const nice = onPath('nice', env['PATH']);
      const sweeper =
        nice === null ? engine : OciCliEngine.of(name, [nice, '-n', '19', ...engine.cli]);
      setTimeout(() => void removeStale(sweeper).catch(() => undefined), SWEEP_DELAY_MS).unref();
      return engine;
    })();
    opened.set(name, p);
    p.catch(() => opened.delete(name));
  }
  return p;
}
