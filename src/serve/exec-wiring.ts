/**
 * The exec/port-forward handler of the HTTP layer (src/serve/http StreamHandler) over the
 * streaming code (src/serve/stream) and the kubelet (PodBackend): the one place they meet.
 */
import type { ServerResponse } from 'node:http';
import type { PodBackend } from './backend.js';
import type { StreamHandler } from './http/deps.js';
import { handleStreamUpgrade, NOT_UPGRADE_MESSAGE } from './stream/handler.js';
import type { ObjectStore } from './store/types.js';

function writeStatus(res: ServerResponse, code: number, reason: string, message: string): void {
  res.writeHead(code, { 'Content-Type': 'application/json' });
  res.end(
    JSON.stringify({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message,
      reason,
      code,
    }),
  );
}

/** The StreamHandler of `serve`: exec and port-forward into the kubelet's pods. */
export function streamHandler(backend: PodBackend, store: ObjectStore): StreamHandler {
  const deps = {
    execTarget: (ns: string, pod: string, container: string) =>
      backend.execTarget(ns, pod, container),
    pod: (ns: string, name: string) => store.get('pods', ns, name),
    ...(backend.connect !== undefined
      ? { connect: (ns: string, pod: string, port: number) => backend.connect!(ns, pod, port) }
      : {}),
  };
  return {
    upgrade: (req, socket, head) => {
      if (!handleStreamUpgrade(req, socket, head, deps)) socket.destroy();
    },
    request: (_req, res) => writeStatus(res, 400, 'BadRequest', NOT_UPGRADE_MESSAGE),
  };
}
