/**
 * The library behind `sidecarctl run`: the pods of one input, each prepared, given its isolation
 * and run, as `simulate` does on its virtual clock (src/simulate/simulate-input.ts). The command
 * keeps the flags, the signals, the streaming of lines and events, and the printing; this file
 * keeps what a run of several pods must get right: every pod is placed before any is prepared,
 * none starts when one cannot be prepared, and when one cannot run the others are stopped rather
 * than left behind.
 */
import type { PodEvent } from '../lifecycle/events.js';
import type { ManifestObject } from '../manifest/objects.js';
import { isRecord } from '../manifest/objects.js';
import { podName, type PodTemplate } from '../manifest/pod-templates.js';
import type { VersionInfo } from '../model/versions.js';
import { outcomeOf, type ViewOutcome } from '../timeline/outcome.js';
import type { ImageMap } from './command.js';
import { collectConfigSources } from './config-sources.js';
import type { ContainerEngine } from './engine/types.js';
import { PodRunner, type PublishedPort, type RunPodResult } from './pod-runner.js';
import type { IsolationCapabilities } from './isolation/host.js';
import type { SpareSandbox } from './isolation/spare-sandbox.js';
import { chooseIsolation, type IsolationFlag, type PodToPlace } from './requirements.js';
import { stateDirectory } from './state-dir.js';

export interface RunPodsOptions {
  /** The pods to run, in input order. */
  readonly templates: readonly PodTemplate[];
  /** Every object of the input: the ConfigMaps and Secrets that volumes and env read. */
  readonly objects: readonly ManifestObject[];
  readonly version: VersionInfo;
  /** `--image IMAGE=ENTRYPOINT`: what runs for a container without command. */
  readonly images: ImageMap;
  /** Where logs and volumes go. @default $XDG_STATE_HOME/sidecarctl */
  readonly stateDir?: string | undefined;
  /** `--isolation`. @default 'auto' */
  readonly isolation?: IsolationFlag | undefined;
  /** The host's namespace support (detectCapabilities, which callers start early: it takes a while). */
  readonly caps: IsolationCapabilities;
  /** A container engine as the container runtime (`--runtime podman|docker`); absent: processes. */
  readonly engine?: ContainerEngine | undefined;
  /** Privileged containers allowed on the engine. */
  readonly allowPrivileged?: boolean;
  /** Host ports to forward into the (one) pod. */
  readonly publish?: readonly PublishedPort[];
  /**
   * Once every pod's isolation is chosen and before any is prepared: the pods that get their own
   * network namespace (so they cannot reach the host's services).
   */
  readonly onPlaced?: (ownNetwork: readonly string[]) => void;
  readonly onWarning?: (message: string) => void;
  /** Each event of each pod as it happens. */
  readonly onEvent?: (e: PodEvent) => void;
  /** Each line a container writes; `pod` is `namespace/name`. */
  readonly onLine?: (pod: string, container: string, line: string) => void;
  /** A sandbox made ahead, for the first pod that can take it. */
  readonly spare?: SpareSandbox;
}

/** Pods prepared to run: nothing has started yet. */
export interface PodsRun {
  /** The pods, `namespace/name`, in input order. */
  readonly pods: readonly string[];
  /**
   * Runs every pod until it ends: each one's view and outcome (0 when it Succeeded or was
   * deleted as asked, 1 when it Failed).
   * @throws the first pod's error when one cannot run (its sandbox fails); the others are killed
   *   first
   */
  run(): Promise<ViewOutcome[]>;
  /** Deletes every pod gracefully (Ctrl-C, --delete-after). @param gracePeriodSeconds - default: each pod's own */
  delete(gracePeriodSeconds?: number): void;
  /** Kills every pod at once (a second Ctrl-C). */
  killNow(): void;
}

/**
 * Places and prepares the pods (volumes, env, argv): a pod that cannot run is refused here,
 * before anything starts.
 * @throws SidecarError SIDECAR_E_RUNTIME, with nothing left behind
 */
export function preparePods(opts: RunPodsOptions): PodsRun {
  const placed = opts.templates.map(placeOf);
  // On an engine every pod is an engine pod with its own network namespace.
  const modes =
    opts.engine === undefined
      ? chooseIsolation(opts.isolation ?? 'auto', opts.caps, placed)
      : new Map(placed.map((p) => [p.name, 'pod' as const]));
  opts.onPlaced?.(
    placed
      .filter((p) => modes.get(p.name) === 'pod' && p.spec['hostNetwork'] !== true)
      .map((p) => p.name),
  );
  const sources = collectConfigSources(opts.objects);
  const stateDir = stateDirectory(opts.stateDir);
  const runners: PodRunner[] = [];
  try {
    for (const [i, template] of opts.templates.entries()) {
      const pod = placed[i]!.name;
      runners.push(
        PodRunner.prepare({
          template,
          version: opts.version,
          sources,
          images: opts.images,
          stateDir,
          isolation: modes.get(pod) ?? 'process',
          caps: opts.caps,
          publish: opts.publish ?? [],
          ...(opts.engine !== undefined
            ? { engine: opts.engine, allowPrivileged: opts.allowPrivileged === true }
            : {}),
          ...(opts.onWarning !== undefined ? { onWarning: opts.onWarning } : {}),
          ...(opts.onEvent !== undefined ? { onEvent: opts.onEvent } : {}),
          ...(opts.spare !== undefined ? { spare: opts.spare } : {}),
          onLine: (container, line) => opts.onLine?.(pod, container, line),
        }),
      );
    }
  } catch (e) {
    // Nothing has started: only the volumes already made are to be removed.
    for (const r of runners) r.discard();
    throw e;
  }
  return {
    pods: placed.map((p) => p.name),
    run: () => runAll(runners),
    delete: (grace) => runners.forEach((r) => r.delete(grace)),
    killNow: () => runners.forEach((r) => r.killNow()),
  };
}

async function runAll(runners: readonly PodRunner[]): Promise<ViewOutcome[]> {
  const runs = runners.map((r) => r.run());
  let results: RunPodResult[];
  try {
    results = await Promise.all(runs);
  } catch (e) {
    // One pod could not run (its sandbox failed): the others are stopped, not left behind.
    for (const r of runners) r.killNow();
    await Promise.allSettled(runs);
    throw e;
  }
  return results.map(({ deletedAsAsked, ...view }) => ({
    view,
    outcome: outcomeOf(view, { run: { deletedAsAsked } }),
  }));
}

/** A pod to place: its name as both drivers give it (podName) and its spec. */
function placeOf(t: PodTemplate): PodToPlace {
  return { name: podName(t), spec: isRecord(t.spec) ? t.spec : {} };
}
