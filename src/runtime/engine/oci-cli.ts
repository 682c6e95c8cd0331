/**
 * The container engine behind sidecarctl's kubelet, driven through the podman or docker CLI
 * (flavors.ts says where the two differ). Every object carries the labels of types.ts. Stops are
 * signals (`kill --signal`), never `stop -t`, which has its own timer: the grace period is the
 * lifecycle engine's. Exit codes and OOMKilled come from the engine's own state (`inspect`).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SidecarError } from '../../errors.js';
import { DOCKER, PODMAN, type EngineFlavor } from './flavors.js';
import {
  LABEL_OWNER,
  LABEL_POD,
  type ContainerEngine,
  type EngineContainerSpec,
  type EngineExit,
  type EnginePod,
  type EnginePodSpec,
  type EngineStream,
  type PullPolicy,
  type PullResult,
} from './types.js';

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * The working directory of the engine's CLI: conmon (podman on cgroups v1) drops an `oom` file
 * into the directory it inherits, which must not be the user's.
 */
function engineCwd(): string {
  const dir = join(tmpdir(), `sidecarctl-engine-${String(process.getuid?.() ?? 0)}`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

/** Runs one engine CLI command to its end. A CLI that cannot be spawned is exit 127. */
export function runCli(argv: readonly string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(argv[0]!, argv.slice(1), {
      cwd: engineCwd(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.once('error', (e) => resolve({ code: 127, stdout, stderr: stderr + e.message }));
    child.once('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

/** The engine's message of a failed command: its last non-empty line, without `Error: `. */
export function cliMessage(r: CliResult): string {
  const lines = r.stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const last = lines.at(-1) ?? `exit code ${String(r.code)}`;
  return last.replace(/^Error: /, '').replace(/^time="[^"]*" level=\w+ msg=/, '');
}

/**
 * What a podman that does not work is told, whichever command found it out (the first `run`
 * makes is the pod's creation; `serve` asks `podman version` first).
 */
export function podmanBroken(cli: readonly string[], tried: string, message: string): SidecarError {
  return new SidecarError(
    'SIDECAR_E_RUNTIME',
    `--runtime podman: \`${cli.at(-1) ?? 'podman'} ${tried}\` failed (${message}); ` +
      'check that podman works (podman info), or use --runtime process',
  );
}

function labelArgs(labels: Readonly<Record<string, string>>): string[] {
  return Object.entries(labels).map(([k, v]) => `${k}=${v}`);
}

/** The `run` argv (after the CLI) of a container start. */
export function runArgs(flavor: EngineFlavor, pod: EnginePod, s: EngineContainerSpec): string[] {
  const a = ['run', '-d', '--name', s.name, ...flavor.joinArgs(pod.name)];
  for (const l of labelArgs(s.labels)) a.push('--label', l);
  if (s.entrypoint !== null) a.push('--entrypoint', JSON.stringify(s.entrypoint));
  for (const [k, v] of s.env) a.push('--env', `${k}=${v}`);
  if (s.workingDir !== null) a.push('--workdir', s.workingDir);
  for (const m of s.mounts) {
    a.push(
      '--mount',
      `type=bind,source=${m.source},destination=${m.target}${m.readOnly ? ',ro=true' : ''}`,
    );
  }
  if (s.user !== null) a.push('--user', s.user);
  if (s.readOnlyRoot) a.push('--read-only');
  for (const c of s.capAdd) a.push('--cap-add', c);
  for (const c of s.capDrop) a.push('--cap-drop', c);
  if (s.privileged) a.push('--privileged');
  if (s.memoryBytes !== null) {
    // No swap beyond the limit, as a node without swap: the OOM killer ends the container.
    a.push('--memory', String(s.memoryBytes), '--memory-swap', String(s.memoryBytes));
  }
  if (s.cpus !== null) a.push('--cpus', s.cpus);
  if (s.pidFile !== null && flavor.pidFile) a.push('--pidfile', s.pidFile);
  if (s.logPath !== null && flavor.logFile)
    a.push('--log-driver', 'k8s-file', '--log-opt', `path=${s.logPath}`);
  if (s.stdin) a.push('--interactive');
  if (s.tty) a.push('--tty');
  a.push(s.image, ...(s.args ?? []));
  return a;
}

/** An image's STOPSIGNAL as inspect prints it (a name or a number, empty when it has none); null: SIGTERM. */
function stopSignalOf(v: string | undefined): string | null {
  return v === undefined || ['', '15', 'SIGTERM', 'TERM', '<no value>'].includes(v) ? null : v;
}

export class OciCliEngine implements ContainerEngine {
  readonly name;
  readonly cli: readonly string[];
  readonly writesLogs: boolean;
  private readonly flavor: EngineFlavor;
  /** Images looked up in this run; a found one stays found (nothing here removes images). */
  private readonly present = new Map<string, Promise<boolean>>();
  private readonly stopSignals = new Map<string, Promise<string | null>>();

  /** @param cli the argv prefix that runs the CLI (its path, after `env VAR=...` if needed) */
  constructor(flavor: EngineFlavor, cli: readonly string[]) {
    this.flavor = flavor;
    this.name = flavor.name;
    this.cli = cli;
    this.writesLogs = flavor.logFile;
  }

  static of(name: 'podman' | 'docker', cli: readonly string[]): OciCliEngine {
    return new OciCliEngine(name === 'podman' ? PODMAN : DOCKER, cli);
  }

  /** Runs `<cli> ...args`. */
  run(args: readonly string[]): Promise<CliResult> {
    return runCli([...this.cli, ...args]);
  }

  private async must(args: readonly string[], what: string): Promise<string> {
    const r = await this.run(args);
    if (r.code !== 0) throw new Error(`${this.name} ${what}: ${cliMessage(r)}`);
    return r.stdout.trim();
  }

  async createPod(spec: EnginePodSpec): Promise<EnginePod> {
    for (const step of this.flavor.podCreate(spec.name, spec.hostname, labelArgs(spec.labels))) {
      const r = await this.run(step);
      if (r.code === 0) continue;
      if (this.name === 'podman')
        throw podmanBroken(this.cli, step.slice(0, 2).join(' '), cliMessage(r));
      throw new Error(`${this.name} cannot create pod ${spec.name}: ${cliMessage(r)}`);
    }
    return { name: spec.name, joinArgs: this.flavor.joinArgs(spec.name) };
  }

  async netnsPid(pod: EnginePod): Promise<number> {
    const start = this.flavor.podStart(pod.name);
    if (start !== null) await this.must(start, `cannot start pod ${pod.name}`);
    const out = await this.must(
      ['inspect', '--format', '{{.State.Pid}}', this.flavor.infraName(pod.name)],
      'cannot inspect the pod',
    );
    const pid = Number(out);
    if (!Number.isInteger(pid) || pid <= 0)
      throw new Error(`${this.name}: pod ${pod.name} has no running infra container`);
    return pid;
  }

  imagePresent(image: string): Promise<boolean> {
    let p = this.present.get(image);
    if (p === undefined) {
      // Its STOPSIGNAL comes with it: a stop then signals at once, not after a lookup.
      const fmt = '{{.Id}} {{.Config.StopSignal}}';
      p = this.run(['image', 'inspect', '--format', fmt, image]).then((r) => {
        if (r.code !== 0) {
          this.present.delete(image); // looked up afresh next time
          return false;
        }
        if (!this.stopSignals.has(image))
          this.stopSignals.set(image, Promise.resolve(stopSignalOf(r.stdout.trim().split(' ')[1])));
        return true;
      });
      this.present.set(image, p);
    }
    return p;
  }

  async ensureImage(image: string, policy: PullPolicy, pulling?: () => void): Promise<PullResult> {
    if (policy !== 'Always') {
      if (await this.imagePresent(image)) return { ok: true, pulled: false };
      if (policy === 'Never') {
        // image_manager.go: ErrImageNeverPull
        return {
          ok: false,
          message: `Container image "${image}" is not present with pull policy of Never`,
        };
      }
    }
    pulling?.();
    const r = await this.run(['pull', '--quiet', image]);
    if (r.code === 0) this.present.set(image, Promise.resolve(true));
    return r.code === 0
      ? { ok: true, pulled: true }
      : { ok: false, message: `Failed to pull image "${image}": ${cliMessage(r)}` };
  }

  async start(pod: EnginePod, spec: EngineContainerSpec): Promise<string> {
    const r = await this.run(runArgs(this.flavor, pod, spec));
    if (r.code === 0) return r.stdout.trim().split('\n').at(-1)!.trim();
    // A container created but not started (its command cannot run) is removed again.
    await this.run([...this.flavor.rm, spec.name]);
    throw new Error(cliMessage(r));
  }

  logs(id: string): EngineStream {
    const child = spawn(this.cli[0]!, [...this.cli.slice(1), 'logs', '--follow', id], {
      cwd: engineCwd(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const done = new Promise<void>((resolve) => {
      child.once('error', () => resolve());
      child.once('close', () => resolve());
    });
    return { stdout: child.stdout, stderr: child.stderr, done };
  }

  async wait(id: string, ended?: Promise<void>): Promise<EngineExit> {
    const state = async (): Promise<{ running: boolean; exit: EngineExit } | null> => {
      const fmt = '{{.State.Running}} {{.State.ExitCode}} {{.State.OOMKilled}}';
      const r = await this.run(['inspect', '--format', fmt, id]);
      if (r.code !== 0) return null;
      const [running, code, oom] = r.stdout.trim().split(' ');
      const exitCode = Number(code);
      return {
        running: running === 'true',
        exit: { exitCode: Number.isInteger(exitCode) ? exitCode : 137, oomKilled: oom === 'true' },
      };
    };
    if (ended !== undefined) {
      await ended;
      const s = await state();
      if (s !== null && !s.running) return s.exit;
    }
    // No log to follow, or it ended early: the engine's own wait.
    const w = await this.run(['wait', ...this.flavor.wait, id]);
    const s = await state();
    const waited = Number(w.stdout.trim());
    // A container the engine lost (removed under us) was killed: 137.
    return (
      s?.exit ?? {
        exitCode: Number.isInteger(waited) && w.code === 0 ? waited : 137,
        oomKilled: false,
      }
    );
  }

  async signal(id: string, signal: string): Promise<void> {
    // A container that has just exited cannot be signalled: nothing to do then.
    await this.run(['kill', '--signal', signal.replace(/^SIG/, ''), id]);
  }

  async mainPid(id: string, pidFile: string): Promise<number | null> {
    let out: string;
    if (this.flavor.pidFile) {
      try {
        out = readFileSync(pidFile, 'utf8');
      } catch {
        out = '';
      }
    } else out = (await this.run(['inspect', '--format', '{{.State.Pid}}', id])).stdout;
    const n = Number(out.trim());
    return Number.isInteger(n) && n > 0 ? n : null;
  }

  stopSignal(image: string): Promise<string | null> {
    let p = this.stopSignals.get(image);
    if (p === undefined) {
      p = this.run(['image', 'inspect', '--format', '{{.Config.StopSignal}}', image]).then((r) =>
        r.code !== 0 ? null : stopSignalOf(r.stdout.trim()),
      );
      this.stopSignals.set(image, p);
    }
    return p;
  }

  execArgv(id: string, command: readonly string[]): string[] {
    return [...this.cli, 'exec', id, ...command];
  }

  async remove(id: string): Promise<void> {
    await this.run([...this.flavor.rm, id]);
  }

  async removePod(pod: EnginePod): Promise<void> {
    // An engine pod goes with its containers; without pods, the pod's containers by label.
    if (this.flavor.pods) for (const step of this.flavor.podRemove(pod.name)) await this.run(step);
    else await this.removeLabelled(LABEL_POD, pod.name);
  }

  async removeLabelled(key: string, value: string): Promise<void> {
    const filter = `label=${key}=${value}`;
    const ids = (await this.run(['ps', '-a', '-q', '--filter', filter])).stdout.split(/\s+/);
    const live = ids.filter((i) => i !== '');
    if (live.length > 0) await this.run([...this.flavor.rm, ...live]);
    if (!this.flavor.pods) return;
    const pods = (await this.run(['pod', 'ps', '-q', '--filter', filter])).stdout.split(/\s+/);
    for (const p of pods.filter((i) => i !== '')) await this.run(['pod', 'rm', '-f', '-t', '0', p]);
  }

  async owners(): Promise<string[]> {
    const fmt = this.flavor.labelFormat(LABEL_OWNER);
    const r = await this.run(['ps', '-a', '--filter', `label=${LABEL_OWNER}`, '--format', fmt]);
    const out = r.stdout.split('\n');
    if (this.flavor.pods) {
      const p = await this.run(['pod', 'ps', '--filter', `label=${LABEL_OWNER}`, '--format', fmt]);
      out.push(...p.stdout.split('\n'));
    }
    return [...new Set(out.map((l) => l.trim()).filter((l) => l !== '' && l !== '<no value>'))];
  }
}
