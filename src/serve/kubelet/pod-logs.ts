/**
 * `GET pods/NAME/log`: a container's log of the current run of the pod (each run of a pod name
 * starts a fresh log set, runtime/logs.ts writePodRecord), the previous instance with
 * `previous`, and the kubelet's options (PodLogOptions: tailLines, sinceSeconds/sinceTime,
 * timestamps, limitBytes, follow). `follow` streams new lines until that instance has exited
 * (its `.exit` record) or the pod is gone; it never waits for a container to start.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { isRecord } from '../../manifest/objects.js';
import { logDir, logStarts } from '../../runtime/logs.js';
import type { PodLogOptions } from '../backend.js';
import type { ObjectStore } from '../store/types.js';
import { badRequest, podNotFound } from './api-errors.js';
import { renderCriLine, splitLines, type RenderOptions } from './log-render.js';
import { checkLogState, containerStatusOf } from './log-state.js';
import type { PodWorker } from './pod-worker.js';

const POLL_MS = 100;

/** Every container name of a pod spec (regular, init, ephemeral). */
export function containerNames(spec: unknown): string[] {
  if (!isRecord(spec)) return [];
  return ['containers', 'initContainers', 'ephemeralContainers'].flatMap((l) =>
    Array.isArray(spec[l])
      ? spec[l].flatMap((c: unknown) =>
          isRecord(c) && typeof c['name'] === 'string' ? [c['name']] : [],
        )
      : [],
  );
}

/**
 * The log stream of a container.
 * @throws ApiError NotFound (no such pod), BadRequest (no such container, or no log yet)
 */
export function podLogs(
  store: ObjectStore,
  workerOf: (ns: string, name: string) => PodWorker | undefined,
  namespace: string,
  pod: string,
  opts: PodLogOptions,
): Readable {
  const obj = store.get('pods', namespace, pod);
  if (obj === undefined) throw podNotFound(pod);
  const container = opts.container;
  // pkg/registry/core/pod/strategy.go LogLocation
  if (!containerNames(obj['spec']).includes(container))
    throw badRequest(`container ${container} is not valid for pod ${pod}`);
  const spec = isRecord(obj['spec']) ? obj['spec'] : {};
  const idle =
    Array.isArray(spec['initContainers']) && spec['initContainers'].length > 0
      ? 'PodInitializing'
      : 'ContainerCreating';
  checkLogState(containerStatusOf(obj, container), container, pod, opts.previous === true, idle);
  const worker = workerOf(namespace, pod);
  const dir = worker?.runner?.podDir;
  const starts = dir === undefined ? [] : logStarts(dir, container);
  const n = starts[starts.length - (opts.previous === true ? 2 : 1)];
  if (dir === undefined || worker === undefined || n === undefined) {
    throw opts.previous === true
      ? badRequest(`previous terminated container "${container}" in pod "${pod}" not found`)
      : badRequest(`container "${container}" in pod "${pod}" is not available`);
  }
  const path = join(logDir(dir, container), `${String(n)}.log`);
  return Readable.from(
    readLog(path, opts, () => worker.ended),
    { objectMode: false },
  );
}

function sinceOf(opts: PodLogOptions): number | undefined {
  if (opts.sinceTime !== undefined) {
    const t = Date.parse(opts.sinceTime);
    if (!Number.isNaN(t)) return t;
  }
  if (opts.sinceSeconds !== undefined) return Date.now() - opts.sinceSeconds * 1000;
  return undefined;
}

function readFrom(path: string, offset: number): Buffer | null {
  try {
    const buf = readFileSync(path);
    return buf.subarray(offset);
  } catch {
    return null; // the pod's logs were removed with it
  }
}

/** The chunks of a log: what is there (its tail), then, when following, what comes. */
async function* readLog(
  path: string,
  opts: PodLogOptions,
  podEnded: () => boolean,
): AsyncGenerator<Buffer> {
  const render: RenderOptions = {
    timestamps: opts.timestamps === true,
    ...(sinceOf(opts) !== undefined ? { sinceMs: sinceOf(opts)! } : {}),
  };
  let budget = opts.limitBytes !== undefined && opts.limitBytes > 0 ? opts.limitBytes : Infinity;
  const cut = (text: string): Buffer | null => {
    if (text === '' || budget <= 0) return null;
    let b = Buffer.from(text, 'utf8');
    if (b.length > budget) b = b.subarray(0, budget);
    budget -= b.length;
    return b;
  };
  const first = readFrom(path, 0);
  if (first === null) return;
  let offset = first.length;
  let { lines, rest } = splitLines(first.toString('utf8'));
  if (opts.tailLines !== undefined && opts.tailLines >= 0)
    lines = lines.slice(Math.max(0, lines.length - opts.tailLines));
  const head = cut(lines.map((l) => renderCriLine(l, render)).join(''));
  if (head !== null) yield head;
  if (opts.follow !== true) return;
  const exitFile = path.replace(/\.log$/, '.exit');
  while (budget > 0) {
    const over = existsSync(exitFile) || podEnded();
    const more = readFrom(path, offset);
    if (more === null) return;
    offset += more.length;
    const split = splitLines(rest + more.toString('utf8'));
    rest = split.rest;
    const chunk = cut(split.lines.map((l) => renderCriLine(l, render)).join(''));
    if (chunk !== null) yield chunk;
    if (over) return;
    await sleep(POLL_MS);
  }
}
