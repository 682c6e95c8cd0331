/**
 * `handleStreamUpgrade`: the entry point for upgrade requests to
 * `/api/v1/namespaces/{ns}/pods/{name}/{exec|attach|portforward}`. Everything is checked before
 * the upgrade, and a refusal is a Status on the raw socket (kubectl then prints its message);
 * nothing is started before the subprotocol is agreed (kubectl-compat §11 gotcha 3).
 */
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { ExecTarget } from '../backend.js';
import type { ApiErrorShape, KubeObject } from '../store/types.js';
import { servePortForward } from './portforward.js';
import { parseStreamRequest, type StreamRequest } from './request.js';
import { resolveContainer, podNotFound } from './resolve.js';
import { serveSpdyExec } from './spdy-exec.js';
import { badRequest, isApiError, writeHttpStatus } from './status.js';
import {
  acceptSpdy,
  acceptWebSocket,
  headerValues,
  spdyOverWebSocket,
  upgradeKind,
} from './upgrade.js';
import { serveWebSocketExec } from './websocket-exec.js';

/** What the handler needs from the rest of serve. */
export interface StreamDeps {
  /** @throws an error with a Status shape (code, reason, message), e.g. 400 when not running. */
  execTarget(namespace: string, pod: string, container: string): ExecTarget;
  /** The stored pod, or undefined. */
  pod(namespace: string, name: string): KubeObject | undefined;
  /** A connection to `port` inside the pod's network; absent: port-forward is refused. */
  connect?(namespace: string, pod: string, port: number): Promise<Socket>;
}

const WS_EXEC = 'v5.channel.k8s.io';
const SPDY_EXEC = 'v4.channel.k8s.io';
const PORT_FORWARD = 'portforward.k8s.io';
const WS_PORT_FORWARD = 'SPDY/3.1+portforward.k8s.io';

/** The message for a request to these paths that is not an upgrade (the HTTP layer answers 400). */
export const NOT_UPGRADE_MESSAGE = 'Upgrade request required';

/** True when `url` is one of the streaming subresources (the HTTP layer routes them here). */
export function isStreamPath(url: string): boolean {
  return parseStreamRequest(url) !== undefined;
}

/**
 * Handles an upgrade request (from the server's `upgrade` event, after authentication).
 * Returns false, touching nothing, when the path is not a streaming subresource.
 */
export function handleStreamUpgrade(
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  deps: StreamDeps,
): boolean {
  const parsed = parseStreamRequest(req.url ?? '');
  if (parsed === undefined) return false;
  socket.on('error', () => socket.destroy());
  try {
    const refusal = route(req, socket, head, parsed, deps);
    if (refusal !== undefined) writeHttpStatus(socket, refusal);
  } catch (err) {
    writeHttpStatus(
      socket,
      isApiError(err) ? err : { code: 500, reason: 'InternalError', message: String(err) },
    );
  }
  return true;
}

function route(
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  r: StreamRequest,
  deps: StreamDeps,
): ApiErrorShape | undefined {
  const kind = upgradeKind(req);
  if (kind === undefined) return badRequest(NOT_UPGRADE_MESSAGE);
  if (r.kind === 'portforward') return portForward(req, socket, head, r, deps, kind);
  const resolved = resolveContainer(r, deps.pod(r.namespace, r.pod));
  if ('error' in resolved) return resolved.error;
  // attach needs the container's main process, which ExecTarget does not offer.
  if (r.kind === 'attach') return badRequest('attach is not supported by sidecarctl serve');
  if (r.command.length === 0) return badRequest('you must specify at least 1 command');
  if (!r.stdin && !r.stdout && !r.stderr) {
    return badRequest('you must specify at least 1 of stdin, stdout, stderr');
  }
  const offered = headerValues(
    req,
    kind === 'websocket' ? 'sec-websocket-protocol' : 'x-stream-protocol-version',
  );
  const protocol = kind === 'websocket' ? WS_EXEC : SPDY_EXEC;
  if (!offered.includes(protocol)) return noProtocol(offered, protocol);
  const target = deps.execTarget(r.namespace, r.pod, resolved.container);
  if (kind === 'websocket') {
    void acceptWebSocket(req, socket, head, protocol).then((ws) =>
      serveWebSocketExec(ws, target, r.command, r),
    );
  } else {
    serveSpdyExec(acceptSpdy(socket, head, protocol), target, r.command, r);
  }
  return undefined;
}

function portForward(
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  r: StreamRequest,
  deps: StreamDeps,
  kind: 'websocket' | 'spdy',
): ApiErrorShape | undefined {
  if (deps.pod(r.namespace, r.pod) === undefined) return podNotFound(r.pod);
  const connect = deps.connect;
  if (connect === undefined) return badRequest('port-forward is not supported by sidecarctl serve');
  const dial = (port: number): Promise<Socket> => connect(r.namespace, r.pod, port);
  if (kind === 'websocket') {
    const offered = headerValues(req, 'sec-websocket-protocol');
    if (!offered.includes(WS_PORT_FORWARD)) return noProtocol(offered, WS_PORT_FORWARD);
    void acceptWebSocket(req, socket, head, WS_PORT_FORWARD).then((ws) =>
      servePortForward(spdyOverWebSocket(ws), dial, r.pod),
    );
    return undefined;
  }
  const offered = headerValues(req, 'x-stream-protocol-version');
  if (!offered.includes(PORT_FORWARD)) return noProtocol(offered, PORT_FORWARD);
  servePortForward(acceptSpdy(socket, head, PORT_FORWARD), dial, r.pod);
  return undefined;
}

/** apimachinery httpstream.Handshake's wording when no protocol is shared. */
function noProtocol(offered: readonly string[], wanted: string): ApiErrorShape {
  return {
    code: 403,
    reason: 'Forbidden',
    message: `unable to upgrade: unable to negotiate protocol: client supports [${offered.join(' ')}], server accepts [${wanted}]`,
  };
}
