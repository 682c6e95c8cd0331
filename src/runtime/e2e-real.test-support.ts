/**
 * Runs an e2e-style pod (src/simulate/e2e-pod.ts, the vocabulary of the kubelet's
 * `ExecCommand`) for real: every container becomes a shell script that does what the scenario
 * scripts (start delay, run time, reaction to SIGTERM, exit code), probes become `test -f` on
 * marker files the script creates and removes at `passFrom` / `failFrom`, hooks become
 * `sleep; exit`. The same description then runs through `simulate`, so a test can compare the
 * order of events of the two.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PodEvent } from '../lifecycle/events.js';
import { fromText } from '../manifest/load.js';
import { podTemplateOf } from '../manifest/pod-templates.js';
import { parseVersion, resolveVersion } from '../model/versions.js';
import {
  e2eDocuments,
  E2eRun,
  runE2e,
  type E2eContainer,
  type E2ePod,
  type E2eProbe,
} from '../simulate/e2e-pod.test-support.js';
import { collectConfigSources } from './config-sources.js';
import { PodRunner } from './pod-runner.js';
import { detectCapabilities } from './isolation/host.js';
import type { IsolationMode } from './isolation/container-process.js';
import type { ContainerEngine } from './engine/types.js';

/** A container engine to run the pod on instead of processes, and the image its containers run. */
export interface EngineRun {
  readonly engine: ContainerEngine;
  readonly image: string;
}

/** The pod on an engine: its image, and the marks directory mounted at the same path. */
function onEngine(pod: Record<string, unknown>, marks: string, image: string): void {
  const spec = pod['spec'] as Record<string, unknown>;
  spec['volumes'] = [{ name: 'marks', hostPath: { path: marks } }];
  for (const list of ['initContainers', 'containers']) {
    for (const c of (spec[list] ?? []) as Record<string, unknown>[]) {
      c['image'] = image;
      c['volumeMounts'] = [{ name: 'marks', mountPath: marks }];
    }
  }
}

const KINDS = [
  ['startupProbe', 'startup'],
  ['livenessProbe', 'liveness'],
  ['readinessProbe', 'readiness'],
] as const;

/** The shell script of a container. */
export function scriptOf(c: E2eContainer): string {
  const lines: string[] = [];
  const exit = c.exitCode ?? 0;
  if (c.ignoreTerm === true) lines.push(`trap '' TERM`);
  else {
    const t = c.terminationSeconds ?? 0;
    lines.push(
      `trap '${t > 0 ? `sleep ${String(t)}; ` : ''}echo Exiting; exit ${String(exit)}' TERM`,
    );
  }
  lines.push(`rm -f "$MARKS/${c.name}".*`, `echo Starting`);
  for (const [field, kind] of KINDS) {
    const p: E2eProbe | undefined = c[field];
    if (p === undefined) continue;
    const file = `"$MARKS/${c.name}.${kind}"`;
    const pass = p.passFrom ?? 0;
    if (pass <= 0) lines.push(`: > ${file}`);
    else lines.push(`(sleep ${String(pass)}; : > ${file}) &`);
    if (p.failFrom !== undefined) lines.push(`(sleep ${String(p.failFrom)}; rm -f ${file}) &`);
  }
  if ((c.startDelay ?? 0) > 0) lines.push(`sleep ${String(c.startDelay)} & wait $!`);
  lines.push('echo Started');
  const delay = c.delay === undefined ? null : c.delay;
  if (delay === null) lines.push('while :; do sleep 1 & wait $!; done');
  else lines.push(`sleep ${String(delay)} & wait $!`, 'echo Exiting', `exit ${String(exit)}`);
  return lines.join('\n');
}

/** The pod of an e2e description with real commands (the Scenario is left out). */
export function realPodDocument(p: E2ePod, marks: string): Record<string, unknown> {
  const docs = e2eDocuments(p);
  const spec = docs.pod['spec'] as Record<string, unknown>;
  const byName = new Map(p.containers.map((c) => [c.name, c]));
  for (const list of ['initContainers', 'containers']) {
    for (const spec0 of spec[list] as Record<string, unknown>[]) {
      const c = byName.get(spec0['name'] as string)!;
      spec0['command'] = ['sh', '-c', scriptOf(c)];
      spec0['env'] = [{ name: 'MARKS', value: marks }];
      for (const [field, kind] of KINDS) {
        const probe = spec0[field] as Record<string, unknown> | undefined;
        if (probe !== undefined)
          probe['exec'] = { command: ['sh', '-c', `test -f "$MARKS/${c.name}.${kind}"`] };
      }
      const lifecycle = spec0['lifecycle'] as Record<string, Record<string, unknown>> | undefined;
      for (const hook of ['postStart', 'preStop'] as const) {
        const h = c[hook];
        if (lifecycle?.[hook] === undefined || h === undefined || h.handler !== undefined) continue;
        lifecycle[hook] = {
          exec: {
            command: ['sh', '-c', `sleep ${String(h.takes)}; exit ${String(h.exitCode ?? 0)}`],
          },
        };
      }
    }
  }
  return docs.pod;
}

export interface RealRun {
  readonly real: E2eRun;
  readonly simulated: E2eRun;
}

/**
 * Runs the pod for real (and through simulate). With `deleteAt`, the real pod is deleted not
 * after a fixed wall-clock delay (on a loaded machine the pod may not even have started by
 * then) but once it has reached the state the simulated pod was in at `deleteAt`: every
 * container has had, in the real run, as many starts, exits, signals and hooks as in the
 * simulated one before `deleteAt`, and every started instance has set its SIGTERM trap (it
 * wrote "Starting").
 */
export async function runBoth(
  p: E2ePod,
  isolation: IsolationMode = 'pod',
  engine?: EngineRun,
): Promise<RealRun> {
  const simulated = runE2e(p);
  const dir = mkdtempSync(join(tmpdir(), 'sidecarctl-e2e-'));
  chmodSync(dir, 0o777);
  try {
    const marks = join(dir, 'marks');
    mkdirSync(marks, { mode: 0o777 });
    chmodSync(marks, 0o777);
    const doc = realPodDocument(p, marks);
    if (engine !== undefined) onEngine(doc, marks, engine.image);
    const input = fromText(JSON.stringify(doc), 'e2e.yaml');
    const template = podTemplateOf(input.objects[0]!)!;
    const version = resolveVersion(parseVersion(p.version ?? '1.33'), p.featureGates ?? {});
    const caps = await detectCapabilities();
    const deleteAt = p.deleteAt;
    const want =
      deleteAt === undefined ? null : perContainer(simulated.events.filter((e) => e.t < deleteAt));
    const seen = new Map<string, number>();
    const trapped = new Map<string, number>();
    let deleted = false;
    let runner: PodRunner | null = null;
    const maybeDelete = (): void => {
      if (want === null || deleted || runner === null) return;
      for (const [c, events] of want) {
        const starts = events.filter((e) => e.includes(' started #')).length;
        if ((seen.get(c) ?? 0) < events.length || (trapped.get(c) ?? 0) < starts) return;
      }
      deleted = true;
      const r = runner;
      // Out of the engine's event callback: the deletion is an observation of its own.
      setImmediate(() => r.delete(p.deleteGrace));
    };
    runner = PodRunner.prepare({
      template,
      version,
      sources: collectConfigSources(input.objects),
      images: new Map(),
      stateDir: join(dir, 'state'),
      isolation,
      caps,
      ...(engine !== undefined ? { engine: engine.engine } : {}),
      onEvent: (e) => {
        const [c] = causalOrder([e]).map((x) => x.split(' ')[0]!);
        if (c === undefined) return;
        seen.set(c, (seen.get(c) ?? 0) + 1);
        maybeDelete();
      },
      onLine: (container, line) => {
        if (line !== 'Starting') return;
        trapped.set(container, (trapped.get(container) ?? 0) + 1);
        maybeDelete();
      },
    });
    // Should the real run never reach that state, it is deleted all the same, late enough for
    // any loaded machine, and the comparison of the two runs shows where they part.
    const fallback =
      deleteAt === undefined ? null : setTimeout(() => runner?.delete(p.deleteGrace), 60_000);
    const result = await runner.run();
    if (fallback !== null) clearTimeout(fallback);
    return { real: new E2eRun(result.events, result.status), simulated };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The causal events of each container (causalOrder), in order, by container. */
export function perContainer(events: readonly PodEvent[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const e of causalOrder(events)) {
    const c = e.split(' ')[0]!;
    out.set(c, [...(out.get(c) ?? []), e]);
  }
  return out;
}

const ORDERED: readonly PodEvent['type'][] = [
  'ContainerStarted',
  'ContainerExited',
  'ContainerKilling',
  'HookStarted',
  'HookFinished',
];

/** The events whose order is causal (starts, exits, signals, hooks), as comparable strings. */
export function causalOrder(events: readonly PodEvent[]): string[] {
  return events.flatMap((e) => {
    if (!ORDERED.includes(e.type)) return [];
    switch (e.type) {
      case 'ContainerExited':
        return [`${e.container} exited ${String(e.exitCode)}`];
      case 'ContainerKilling':
        return [`${e.container} ${e.signal} ${e.reason}`];
      case 'HookStarted':
        return [`${e.container} ${e.hook} started`];
      case 'HookFinished':
        return [
          `${e.container} ${e.hook} finished${e.exitCode !== undefined ? ` ${String(e.exitCode)}` : ''}`,
        ];
      case 'ContainerStarted':
        return [`${e.container} started #${String(e.restartCount)}`];
      default:
        return [];
    }
  });
}
