/**
 * The network probe and hook handlers, as the kubelet's prober runs them (pkg/probe/http,
 * pkg/probe/tcp, pkg/probe/grpc) and its lifecycle handler runner (pkg/kubelet/lifecycle
 * handlers.go). They run in a process that is inside the pod's network namespace (the netns
 * helper, or the runtime itself for `hostNetwork` and process isolation), so `127.0.0.1` is the
 * pod's own loopback, as the pod IP is for the kubelet.
 *
 * Plain data in and out, so the same code runs on both sides of the helper's IPC channel.
 */
import type * as Http2 from 'node:http2';
import type * as Https from 'node:https';
import { createRequire } from 'node:module';
import { connect as netConnect } from 'node:net';

// node:http, node:https and node:http2 (with tls and crypto) are loaded by the first check that
// needs them: loaded with this module, they cost every `sidecarctl run` ~10-30 ms of start-up.
const builtin = createRequire(import.meta.url);

export type NetworkCheck =
  | {
      readonly kind: 'http';
      readonly host: string;
      readonly port: number;
      readonly path: string;
      readonly scheme: 'HTTP' | 'HTTPS';
      readonly headers: readonly { readonly name: string; readonly value: string }[];
      /** Probe: 2xx/3xx is success. Hook: any answer is success (handlers.go ignores status). */
      readonly purpose: 'probe' | 'hook';
    }
  | { readonly kind: 'tcp'; readonly host: string; readonly port: number }
  | {
      readonly kind: 'grpc';
      readonly host: string;
      readonly port: number;
      readonly service: string;
    };

export interface CheckResult {
  readonly ok: boolean;
  readonly detail: string;
}

/** Runs one check with a timeout in milliseconds. Never throws. */
export function runCheck(check: NetworkCheck, timeoutMs: number): Promise<CheckResult> {
  return new Promise((resolve) => {
    let done = false;
    const finish = (r: CheckResult): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve(r);
    };
    const timer = setTimeout(
      () => finish({ ok: false, detail: `timeout after ${String(timeoutMs)}ms` }),
      timeoutMs,
    );
    try {
      if (check.kind === 'tcp') tcp(check, finish);
      else if (check.kind === 'http') http(check, finish, timeoutMs);
      else grpc(check, finish);
    } catch (e) {
      finish({ ok: false, detail: e instanceof Error ? e.message : String(e) });
    }
  });
}

function tcp(c: { host: string; port: number }, finish: (r: CheckResult) => void): void {
  // pkg/probe/tcp DoTCPProbe: success when the connection is made; it is closed at once.
  const s = netConnect(c.port, c.host);
  s.once('connect', () => {
    s.destroy();
    finish({ ok: true, detail: 'connected' });
  });
  s.once('error', (e) => finish({ ok: false, detail: e.message }));
}

function http(
  c: Extract<NetworkCheck, { kind: 'http' }>,
  finish: (r: CheckResult) => void,
  timeoutMs: number,
): void {
  // pkg/probe/http/request.go: User-Agent kube-probe/<version>, Accept */*, headers as given.
  const headers: Record<string, string> = { 'User-Agent': 'kube-probe/1.33', Accept: '*/*' };
  for (const h of c.headers) headers[h.name] = h.value;
  // node:http's request takes the same options (without the TLS ones).
  const { request } = builtin(c.scheme === 'HTTPS' ? 'node:https' : 'node:http') as typeof Https;
  const req = request({
    host: c.host,
    port: c.port,
    path: c.path.startsWith('/') ? c.path : `/${c.path}`,
    method: 'GET',
    headers,
    timeout: timeoutMs,
    // The kubelet's prober does not verify certificates (InsecureSkipVerify).
    ...(c.scheme === 'HTTPS' ? { rejectUnauthorized: false } : {}),
  });
  req.once('response', (res) => {
    res.resume();
    const code = res.statusCode ?? 0;
    // pkg/probe/http/http.go DoHTTPProbe: 200 <= code < 400 is success.
    const ok = c.purpose === 'hook' || (code >= 200 && code < 400);
    finish({ ok, detail: `HTTP ${String(code)}` });
  });
  req.once('error', (e) => finish({ ok: false, detail: e.message }));
  req.end();
}

/** protobuf: field 1, wire type 2 (length-delimited) = the service name. */
function healthCheckRequest(service: string): Buffer {
  const name = Buffer.from(service, 'utf8');
  const msg =
    service === ''
      ? Buffer.alloc(0)
      : Buffer.concat([Buffer.from([0x0a]), varint(name.length), name]);
  // gRPC message framing: 1 byte compressed flag, 4 bytes big-endian length.
  const head = Buffer.alloc(5);
  head.writeUInt32BE(msg.length, 1);
  return Buffer.concat([head, msg]);
}

function varint(n: number): Buffer {
  const out: number[] = [];
  let v = n;
  while (v > 0x7f) {
    out.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  out.push(v);
  return Buffer.from(out);
}

/** HealthCheckResponse.status (field 1, varint): 1 = SERVING. */
export function parseHealthStatus(body: Buffer): number | null {
  if (body.length < 5) return null;
  const len = body.readUInt32BE(1);
  const msg = body.subarray(5, 5 + len);
  let i = 0;
  let status = 0; // proto3 default: UNKNOWN
  while (i < msg.length) {
    const key = msg[i++]!;
    const field = key >> 3;
    const wire = key & 7;
    if (wire === 0) {
      let v = 0;
      let shift = 0;
      while (i < msg.length) {
        const b = msg[i++]!;
        v |= (b & 0x7f) << shift;
        shift += 7;
        if ((b & 0x80) === 0) break;
      }
      if (field === 1) status = v;
    } else if (wire === 2) {
      let len2 = 0;
      let shift = 0;
      while (i < msg.length) {
        const b = msg[i++]!;
        len2 |= (b & 0x7f) << shift;
        shift += 7;
        if ((b & 0x80) === 0) break;
      }
      i += len2;
    } else return null;
  }
  return status;
}

function grpc(
  c: { host: string; port: number; service: string },
  finish: (r: CheckResult) => void,
): void {
  // pkg/probe/grpc/grpc.go: grpc.health.v1.Health/Check; SERVING is success, anything else
  // (NOT_SERVING, an error status, no answer) is failure.
  const { connect: http2Connect, constants: h2 } = builtin('node:http2') as typeof Http2;
  const session = http2Connect(`http://${c.host}:${String(c.port)}`);
  session.once('error', (e) => finish({ ok: false, detail: e.message }));
  const stream = session.request({
    [h2.HTTP2_HEADER_METHOD]: 'POST',
    [h2.HTTP2_HEADER_PATH]: '/grpc.health.v1.Health/Check',
    [h2.HTTP2_HEADER_CONTENT_TYPE]: 'application/grpc',
    te: 'trailers',
    'user-agent': 'kube-probe/1.33',
  });
  const chunks: Buffer[] = [];
  let grpcStatus: string | undefined;
  stream.on('response', (headers) => {
    const s = headers['grpc-status'];
    if (s !== undefined) grpcStatus = String(s);
  });
  stream.on('trailers', (trailers) => {
    const s = trailers['grpc-status'];
    if (s !== undefined) grpcStatus = String(s);
  });
  stream.on('data', (d: Buffer) => chunks.push(d));
  stream.once('error', (e) => {
    session.close();
    finish({ ok: false, detail: e.message });
  });
  stream.once('end', () => {
    session.close();
    if (grpcStatus !== undefined && grpcStatus !== '0') {
      finish({ ok: false, detail: `rpc error: code = ${grpcStatus}` });
      return;
    }
    const status = parseHealthStatus(Buffer.concat(chunks));
    finish({
      ok: status === 1,
      detail: status === 1 ? 'SERVING' : `service unhealthy (responded with ${statusName(status)})`,
    });
  });
  stream.end(healthCheckRequest(c.service));
}

function statusName(s: number | null): string {
  return s === 0 ? 'UNKNOWN' : s === 2 ? 'NOT_SERVING' : s === 3 ? 'SERVICE_UNKNOWN' : String(s);
}

/** Builds the request of a grpc probe answer (for tests and a fake server). */
export function grpcFrame(message: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head.writeUInt32BE(message.length, 1);
  return Buffer.concat([head, message]);
}
