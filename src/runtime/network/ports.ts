/**
 * Host ports of a pod (kuberuntime_sandbox.go hands a sandbox's port mappings to the CRI, which
 * maps each `hostPort`): `--publish` plus every TCP `hostPort` of the spec, listened on
 * 127.0.0.1 only, and forwarded into the pod's network (forward.ts, the one pipe).
 */
import { createServer, type Server } from 'node:net';
import { SidecarError } from '../../errors.js';
import { isRecord } from '../../manifest/objects.js';
import type { PodNetwork } from './netns-client.js';

export interface PublishedPort {
  readonly hostPort: number;
  readonly containerPort: number;
}

/**
 * `--publish` plus every `hostPort` of the containers (as a node maps it, here on 127.0.0.1
 * only); with `hostNetwork` the container's ports are the host's already. A host port is
 * published once: `--publish` wins, then the first container that names it.
 */
export function publishedPorts(
  podSpec: Readonly<Record<string, unknown>>,
  containers: Iterable<Readonly<Record<string, unknown>>>,
  publish: readonly PublishedPort[] = [],
): PublishedPort[] {
  const out = [...publish];
  if (podSpec['hostNetwork'] === true) return out;
  for (const c of containers) {
    const ports = Array.isArray(c['ports']) ? c['ports'] : [];
    for (const p of ports) {
      if (
        !isRecord(p) ||
        typeof p['hostPort'] !== 'number' ||
        typeof p['containerPort'] !== 'number'
      )
        continue;
      if (p['protocol'] !== undefined && p['protocol'] !== 'TCP') continue;
      if (out.some((o) => o.hostPort === p['hostPort'])) continue;
      out.push({ hostPort: p['hostPort'], containerPort: p['containerPort'] });
    }
  }
  return out;
}

/**
 * Listens on 127.0.0.1:hostPort and forwards its connections into the pod's network.
 * `onListening` gets the server as soon as it listens, so a caller can close it on teardown even
 * when the forwarding then fails.
 * @throws SidecarError SIDECAR_E_RUNTIME (as a rejection) when the port cannot be listened on
 */
export function publish(
  p: PublishedPort,
  network: PodNetwork,
  pod: string,
  onListening: (server: Server) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(
        new SidecarError(
          'SIDECAR_E_RUNTIME',
          `run: pod ${pod}: cannot publish 127.0.0.1:${String(p.hostPort)}: ${e.code === 'EADDRINUSE' ? 'the port is already in use' : e.message}`,
        ),
      ),
    );
    server.listen(p.hostPort, '127.0.0.1', () => {
      onListening(server);
      network.forward(server, p.containerPort).then(resolve, reject);
    });
  });
}
