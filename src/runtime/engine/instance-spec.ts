/**
 * One container instance (one start) in engine terms: its object name, the file its main pid goes
 * to, and the engine spec built from the Kubernetes container (container-spec.ts) with the run's
 * labels and the start's log file.
 */
import { join } from 'node:path';
import { logPathOf } from '../logs.js';
import type { PreparedPod } from '../prepare.js';
import { ensureDir } from '../state-dir.js';
import { engineContainerSpec } from './container-spec.js';
import { runLabels } from './reaper.js';
import {
  LABEL_CONTAINER,
  LABEL_POD,
  type ContainerEngine,
  type EngineContainerSpec,
  type EnginePod,
} from './types.js';

/** A container of a pod on an engine. */
export interface EngineContainerOf {
  readonly engine: ContainerEngine;
  readonly pod: EnginePod;
  readonly prepared: PreparedPod;
  readonly name: string;
  readonly allowPrivileged: boolean;
}

/** The engine object name of a container instance (unique per start). */
export function instanceName(pod: EnginePod, container: string, restartCount: number): string {
  return `${pod.name}-${container}-${String(restartCount)}`;
}

/** Where the engine writes the instance's main pid. */
export function instancePidFile(prepared: PreparedPod, id: string): string {
  return join(ensureDir(join(prepared.podDir, 'engine')), `${id}.pid`);
}

/**
 * The engine spec of the instance.
 * @throws ContainerConfigError when the container cannot be made as asked (privileged refused)
 */
export function instanceSpec(c: EngineContainerOf, restartCount: number): EngineContainerSpec {
  const prep = c.prepared.containers.get(c.name)!;
  const id = instanceName(c.pod, c.name, restartCount);
  return engineContainerSpec({
    name: id,
    container: prep.spec,
    podSpec: c.prepared.ctx.spec,
    vars: prep.vars,
    mounts: prep.mounts,
    labels: { ...runLabels(), [LABEL_POD]: c.pod.name, [LABEL_CONTAINER]: c.name },
    allowPrivileged: c.allowPrivileged,
    pidFile: instancePidFile(c.prepared, id),
    ...(c.engine.writesLogs ? { logPath: logPathOf(c.prepared.podDir, c.name, restartCount) } : {}),
  });
}
