/**
 * Container logs as the kubelet keeps them: one file per container start,
 * `<pod dir>/logs/<container>/<restartCount>.log` (the kubelet's
 * /var/log/pods/<ns>_<pod>_<uid>/<container>/<n>.log), in the CRI log format
 * (`<RFC 3339 time> <stream> <F|P> <text>`, kubernetes/cri-api and
 * pkg/kubelet/kuberuntime/logs/logs.go), so `--timestamps` and `--previous` have their data.
 * A `<n>.exit` file written when that start ends tells `logs -f` to stop.
 *
 * Reading follows `kubectl logs` (staging/src/k8s.io/kubectl/pkg/cmd/logs/logs.go and
 * pkg/cmd/util/podcmd/podcmd.go FindOrDefaultContainerByName) for the container choice and
 * the wording of its errors.
 */
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
  type WriteStream,
} from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { SidecarError } from '../errors.js';
import type { PodContext } from './pod-context.js';

export type LogStream = 'stdout' | 'stderr';

/** What `pod.json` records of a run, for `logs` and for the next run. */
export interface PodRecord {
  readonly name: string;
  readonly namespace: string;
  readonly uid: string;
  /** Containers in `kubectl`'s listing order: regular, then init (sidecars included). */
  readonly containers: readonly {
    readonly name: string;
    readonly init: boolean;
    /** The container's kind for the version (`regular`, `init`, `sidecar`); absent in old records. */
    readonly kind?: string;
  }[];
  /** `kubectl.kubernetes.io/default-container`, when annotated. */
  readonly defaultContainer?: string;
  /** The runtime's pid while it runs. */
  readonly runtimePid: number;
  readonly startedAt: string;
}

/**
 * The record of a pod starting now: its identity, and its containers in kubectl's order.
 * @param containers the pod's containers, each with its kind (`regular`, or an init kind)
 */
export function podRecordOf(
  ctx: PodContext,
  containers: readonly { readonly name: string; readonly kind: string }[],
  startedAtMs: number,
): PodRecord {
  const defaultContainer = ctx.annotations['kubectl.kubernetes.io/default-container'];
  return {
    name: ctx.name,
    namespace: ctx.namespace,
    uid: ctx.uid,
    containers: [
      ...containers
        .filter((c) => c.kind === 'regular')
        .map((c) => ({ name: c.name, init: false, kind: c.kind })),
      ...containers
        .filter((c) => c.kind !== 'regular')
        .map((c) => ({ name: c.name, init: true, kind: c.kind })),
    ],
    ...(defaultContainer !== undefined ? { defaultContainer } : {}),
    runtimePid: process.pid,
    startedAt: new Date(startedAtMs).toISOString(),
  };
}

/**
 * What a run of a pod leaves in its directory besides volumes: its logs, the event stream and
 * the final status (pod-store.ts). A new run of the pod name starts without them, as a new pod
 * (a new uid) gets a new log directory from the kubelet.
 */
export const RUN_RECORDS = ['logs', 'events.jsonl', 'status.json'] as const;

/**
 * Records a pod starting now. It starts a fresh log set: the logs (and events, status) of an
 * earlier run of the same pod name are removed first, so `logs` and `logs -p` never show them.
 */
export function writePodRecord(podDir: string, record: PodRecord): void {
  mkdirSync(podDir, { recursive: true });
  for (const r of RUN_RECORDS) rmSync(join(podDir, r), { recursive: true, force: true });
  writeFileSync(join(podDir, 'pod.json'), JSON.stringify(record, null, 2) + '\n');
}

export function logDir(podDir: string, container: string): string {
  return join(podDir, 'logs', container);
}

/** The log file of one container start: `<container>/<restartCount>.log`. */
export function logPathOf(podDir: string, container: string, restartCount: number): string {
  return join(logDir(podDir, container), `${String(restartCount)}.log`);
}

/** The log file of one container start, its directory made. */
export function startLogPath(podDir: string, container: string, restartCount: number): string {
  mkdirSync(logDir(podDir, container), { recursive: true });
  return logPathOf(podDir, container, restartCount);
}

/** Records that the start logged at `logPath` has ended (`logs -f` stops at it). */
export function writeExitRecord(logPath: string, exitCode: number): void {
  writeFileSync(
    logPath.replace(/\.log$/, '.exit'),
    JSON.stringify({ exitCode, finishedAt: stamp() }) + '\n',
  );
}

/** The RFC 3339 time of the CRI format, at the millisecond Node has. */
function stamp(d = new Date()): string {
  return d.toISOString();
}

/**
 * The log of one container start. Lines of stdout and stderr are written as they arrive (a
 * last line without newline is written when its stream ends), and handed to `onLine`.
 */
export class ContainerLog {
  readonly path: string;
  private readonly out: WriteStream;
  private open = 2;
  private readonly streams: Readable[] = [];
  private readonly done: Promise<void>;
  private resolveDone: () => void = () => undefined;
  private readonly onLine: ((line: string, stream: LogStream) => void) | undefined;

  constructor(
    podDir: string,
    container: string,
    restartCount: number,
    onLine?: (line: string, stream: LogStream) => void,
    /** A write of the log failed (a full disk): without it, the stream's 'error' would crash. */
    onError?: (e: Error) => void,
  ) {
    this.onLine = onLine;
    this.path = startLogPath(podDir, container, restartCount);
    this.out = createWriteStream(this.path, { flags: 'w' });
    if (onError !== undefined) this.out.on('error', onError);
    this.done = new Promise((r) => (this.resolveDone = r));
  }

  /** Reads a stream to its end. */
  attach(stream: Readable, which: LogStream): void {
    this.streams.push(stream);
    let pending = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      pending += chunk;
      let nl = pending.indexOf('\n');
      while (nl >= 0) {
        this.line(pending.slice(0, nl), which);
        pending = pending.slice(nl + 1);
        nl = pending.indexOf('\n');
      }
    });
    stream.on('close', () => {
      if (pending !== '') this.line(pending, which);
      pending = '';
      if (--this.open === 0) this.resolveDone();
    });
  }

  private line(text: string, which: LogStream): void {
    this.out.write(`${stamp()} ${which} F ${text}\n`);
    this.onLine?.(text, which);
  }

  /** Waits for both streams to end, then records the exit and closes the file. */
  async finish(exitCode: number, maxWaitMs = 2000): Promise<void> {
    // A process that escaped the container (process isolation only) may hold the pipes open:
    // the container has ended all the same, so stop reading after a short wait.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.done, new Promise<void>((r) => (timer = setTimeout(r, maxWaitMs)))]);
    clearTimeout(timer);
    for (const s of this.streams) s.destroy();
    await new Promise<void>((r) => this.out.end(r));
    writeExitRecord(this.path, exitCode);
  }

  /** For a start that never got streams (a setup failure). */
  abandon(): void {
    this.open = 0;
    this.resolveDone();
  }
}

// --- reading -----------------------------------------------------------------------------------

function logsError(message: string): SidecarError {
  return new SidecarError('SIDECAR_E_LOGS', message);
}

export function readPodRecord(podDir: string, podName: string): PodRecord {
  try {
    return JSON.parse(readFileSync(join(podDir, 'pod.json'), 'utf8')) as PodRecord;
  } catch {
    throw logsError(`pods "${podName}" not found`);
  }
}

/** `main, setup (init), proxy (init)`, as kubectl lists them (podcmd.AllContainerNames). */
export function allContainerNames(record: PodRecord): string {
  const regular = record.containers.filter((c) => !c.init).map((c) => c.name);
  const init = record.containers.filter((c) => c.init).map((c) => `${c.name} (init)`);
  return [...regular, ...init].join(', ');
}

/**
 * The container `logs` reads: the one named, else the default-container annotation, else the
 * first regular container (with kubectl's "Defaulted container" notice when there was a choice).
 */
export function chooseContainer(
  record: PodRecord,
  requested: string | undefined,
): { name: string; notice?: string } {
  if (requested !== undefined && requested !== '') {
    if (!record.containers.some((c) => c.name === requested)) {
      throw logsError(`container ${requested} is not valid for pod ${record.name}`);
    }
    return { name: requested };
  }
  // podcmd.FindOrDefaultContainerByName: a valid annotation is used silently; an invalid one is
  // warned about; the first regular container is announced when there was a choice.
  const annotated = record.defaultContainer;
  if (annotated !== undefined && record.containers.some((c) => c.name === annotated))
    return { name: annotated };
  const warning =
    annotated !== undefined
      ? `Warning: default container name "${annotated}" not found in pod ${record.name}\n`
      : '';
  const pick = (record.containers.find((c) => !c.init) ?? record.containers[0])?.name;
  if (pick === undefined) throw logsError(`pod ${record.name} has no containers`);
  if (record.containers.length > 1) {
    return {
      name: pick,
      notice: `${warning}Defaulted container "${pick}" out of: ${allContainerNames(record)}`,
    };
  }
  return warning === '' ? { name: pick } : { name: pick, notice: warning.trimEnd() };
}

/** Restart numbers that have a log, ascending. */
export function logStarts(podDir: string, container: string): number[] {
  const dir = logDir(podDir, container);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((f) => /^(\d+)\.log$/.exec(f)?.[1])
    .filter((n): n is string => n !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
}

export interface LogQuery {
  readonly container?: string;
  readonly previous?: boolean;
  readonly tail?: number;
  readonly timestamps?: boolean;
}

/** Which file to read, or the kubelet's error for why there is none. */
export function logFileFor(
  podDir: string,
  record: PodRecord,
  container: string,
  previous: boolean,
): string {
  const starts = logStarts(podDir, container);
  const pod = record.name;
  if (previous) {
    const n = starts.length >= 2 ? starts[starts.length - 2] : undefined;
    // kuberuntime_logs / kubelet GetContainerLogs: no previous instance
    if (n === undefined)
      throw logsError(`previous terminated container "${container}" in pod "${pod}" not found`);
    return join(logDir(podDir, container), `${String(n)}.log`);
  }
  const n = starts[starts.length - 1];
  if (n === undefined)
    throw logsError(
      `container "${container}" in pod "${pod}" is waiting to start: PodInitializing`,
    );
  return join(logDir(podDir, container), `${String(n)}.log`);
}

/**
 * A CRI time as Go's time.RFC3339Nano prints it: `2026-01-02T03:04:05.120Z` as
 * `2026-01-02T03:04:05.12Z` (`.000` goes entirely), and a zero offset, which an engine's log
 * driver may write (`+00:00`, conmon's k8s-file), as `Z`; another offset stays.
 */
export function rfc3339Nano(time: string): string {
  const m = /^(.*?)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(time);
  if (m === null) return time;
  const fraction = (m[2] ?? '').replace(/0+$/, '');
  const zone = m[3] === '+00:00' || m[3] === '-00:00' ? 'Z' : m[3]!;
  return `${m[1]!}${fraction === '' ? '' : `.${fraction}`}${zone}`;
}

/** One CRI line as kubectl prints it: the text, or `<time> <text>` with timestamps. */
export function renderLine(raw: string, timestamps: boolean): string | null {
  const m = /^(\S+) (stdout|stderr) ([FP]) (.*)$/.exec(raw);
  if (m === null) return null;
  const text = m[3] === 'F' ? `${m[4]!}\n` : m[4]!;
  return timestamps ? `${rfc3339Nano(m[1]!)} ${text}` : text;
}

/** The text of a log file's content (only its complete lines), as `kubectl logs` prints it. */
export function renderLog(content: string, tail: number | undefined, timestamps: boolean): string {
  const lines = content
    .slice(0, content.lastIndexOf('\n') + 1)
    .split('\n')
    .filter((l) => l !== '');
  const chosen =
    tail !== undefined && tail >= 0 ? lines.slice(Math.max(0, lines.length - tail)) : lines;
  return chosen.map((l) => renderLine(l, timestamps) ?? '').join('');
}

/**
 * Whether the process of that pid runs (the runtime of a run). A zombie (ended, not yet reaped
 * by its parent) does not.
 */
export function runtimeAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    // /proc/<pid>/stat: "pid (comm) S ...": the state follows the last ')'.
    const stat = readFileSync(`/proc/${String(pid)}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true; // no /proc: the signal test is all there is
  }
}

/**
 * Follows a log file (`-f`): writes new lines as they come and resolves when the container
 * start has ended (its `.exit` file exists) or the runtime that wrote it is gone.
 */
export async function followLog(
  path: string,
  record: PodRecord,
  timestamps: boolean,
  from: number,
  write: (s: string) => Promise<void>,
  pollMs = 100,
): Promise<void> {
  let offset = from;
  let partial = '';
  const exitFile = path.replace(/\.log$/, '.exit');
  for (;;) {
    const ended = existsSync(exitFile) || !runtimeAlive(record.runtimePid);
    const buf = readFileSync(path);
    if (buf.length > offset) {
      partial += buf.subarray(offset).toString('utf8');
      offset = buf.length;
      const parts = partial.split('\n');
      partial = parts.pop() ?? '';
      const text = parts.map((l) => renderLine(l, timestamps) ?? '').join('');
      if (text !== '') await write(text);
    }
    if (ended) return;
    await new Promise((r) => setTimeout(r, pollMs));
  }
}
