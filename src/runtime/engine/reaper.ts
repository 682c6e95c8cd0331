/**
 * Nothing left behind: every engine object carries its run's label and its owner's
 * `<pid>/<start time>`. A reaper (a small detached shell) outlives sidecarctl: when the owner's
 * process is gone, however it ended (SIGKILL included), it removes everything of the run. A later
 * start removes what a run whose owner is dead left (a reaper that was killed too).
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { LABEL_OWNER, LABEL_RUN, type ContainerEngine } from './types.js';

/** This process's run: one id for every pod it starts. */
export const RUN_ID = randomUUID().slice(0, 12);

/** A process's start time (field 22 of /proc/PID/stat), null when it is gone. */
export function startTimeOf(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${String(pid)}/stat`, 'utf8');
    // The fields after the command name (which may hold spaces): state is field 3.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

/** This process as the owner label says it. */
export function ownerId(pid = process.pid): string {
  return `${String(pid)}/${startTimeOf(pid) ?? '0'}`;
}

/** Whether the process an owner label names is still the same running process. */
export function ownerAlive(owner: string): boolean {
  const [pid, start] = owner.split('/');
  const n = Number(pid);
  return Number.isInteger(n) && n > 0 && startTimeOf(n) === start;
}

const REAPER = `
P=$1 S=$2 RUN=$3; shift 3
alive() { [ "$(sed 's/.*) //' /proc/$P/stat 2>/dev/null | cut -d' ' -f20)" = "$S" ]; }
while alive; do sleep 0.3; done
ids=$("$@" ps -a -q --filter "label=${LABEL_RUN}=$RUN")
[ -n "$ids" ] && "$@" rm -f $RM $ids
pods=$("$@" pod ps -q --filter "label=${LABEL_RUN}=$RUN" 2>/dev/null)
[ -n "$pods" ] && "$@" pod rm -f -t 0 $pods
exit 0
`;

const reapers = new Set<string>();

/** Starts the run's reaper for this engine, once per process. */
export function startReaper(engine: ContainerEngine): void {
  if (reapers.has(engine.name)) return;
  reapers.add(engine.name);
  const [pid, start] = ownerId().split('/');
  const child = spawn('/bin/sh', ['-c', REAPER, 'reaper', pid!, start!, RUN_ID, ...engine.cli], {
    detached: true,
    stdio: 'ignore',
    cwd: '/',
    env: { ...process.env, RM: engine.name === 'podman' ? '-t 0' : '' },
  });
  child.on('error', () => undefined);
  child.unref();
}

/** Removes what runs whose owner has died left behind. */
export async function removeStale(engine: ContainerEngine): Promise<void> {
  for (const owner of await engine.owners()) {
    if (!ownerAlive(owner)) await engine.removeLabelled(LABEL_OWNER, owner);
  }
}

/** The labels of every object of this run. */
export function runLabels(): Record<string, string> {
  return { [LABEL_RUN]: RUN_ID, [LABEL_OWNER]: ownerId() };
}
