/**
 * What a container runs, by Kubernetes' rules (https://kubernetes.io/docs/tasks/inject-data-application/define-command-argument-container/
 * and pkg/kubelet/kuberuntime/kuberuntime_container.go + pkg/kubelet/container/helpers.go
 * ExpandContainerCommandAndArgs):
 *
 * - `command` replaces the image's ENTRYPOINT, `args` its CMD; `command` without `args` drops
 *   CMD; `args` without `command` runs ENTRYPOINT with those args;
 * - `$(VAR)` in each element is expanded against the container's variables (not the image's
 *   ENV), `$$` gives `$`.
 *
 * There are no images: a container without `command` needs its image mapped to a host command
 * with `--image IMAGE=ENTRYPOINT` (the entrypoint split into words at white space).
 */
import { SidecarError } from '../errors.js';
import { expandVars, mappingFor } from './expand.js';
import type { ContainerEnv } from './env.js';

/** Image name to entrypoint words, from `--image IMAGE=ENTRYPOINT`. */
export type ImageMap = ReadonlyMap<string, readonly string[]>;

/**
 * Parses the `--image` values.
 * @throws SidecarError SIDECAR_E_USAGE for an entry without `=` or without a command
 */
export function parseImageMap(values: readonly string[]): ImageMap {
  const out = new Map<string, readonly string[]>();
  for (const v of values) {
    const eq = v.indexOf('=');
    const words =
      eq < 0
        ? []
        : v
            .slice(eq + 1)
            .trim()
            .split(/\s+/)
            .filter((w) => w !== '');
    if (eq < 1 || words.length === 0) {
      throw new SidecarError(
        'SIDECAR_E_USAGE',
        `--image: invalid value "${v}": expected IMAGE=ENTRYPOINT, e.g. --image envoyproxy/envoy:v1.28.0="python3 proxy.py"`,
      );
    }
    out.set(v.slice(0, eq), words);
  }
  return out;
}

function strings(v: unknown): string[] | null {
  if (!Array.isArray(v)) return null;
  return v.map((x) => (typeof x === 'string' ? x : String(x)));
}

/**
 * The argv of a container.
 * @throws SidecarError SIDECAR_E_RUNTIME when it has no command and its image is not mapped
 */
export function containerArgv(
  container: Readonly<Record<string, unknown>>,
  env: ContainerEnv,
  images: ImageMap,
  podName: string,
): string[] {
  const name = typeof container['name'] === 'string' ? container['name'] : '';
  const image = typeof container['image'] === 'string' ? container['image'] : '';
  const expand = (s: string): string => expandVars(s, mappingFor(env.vars));
  const command = strings(container['command']);
  const args = strings(container['args']) ?? [];
  let entry: readonly string[];
  if (command !== null && command.length > 0) {
    entry = command.map(expand);
  } else {
    const mapped = images.get(image);
    if (mapped === undefined) {
      throw new SidecarError(
        'SIDECAR_E_RUNTIME',
        `pod ${podName}: container "${name}" has no command: without images, the local runtime cannot run the ENTRYPOINT of ${image === '' ? 'its image' : `"${image}"`}; add command, or map the image with --image ${image || 'IMAGE'}=ENTRYPOINT`,
      );
    }
    entry = mapped;
  }
  return [...entry, ...args.map(expand)];
}
