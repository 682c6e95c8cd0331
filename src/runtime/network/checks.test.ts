import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer as createHttp2Server } from 'node:http2';
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { grpcFrame, runCheck } from './checks.js';

/** A grpc.health.v1 server answering `status` for the service "app", NOT_FOUND for others. */
async function healthServer(
  status: number,
): Promise<{ port: number; close: () => void; services: string[] }> {
  const services: string[] = [];
  const server = createHttp2Server();
  server.on('stream', (stream, headers) => {
    const chunks: Buffer[] = [];
    stream.on('data', (d: Buffer) => chunks.push(d));
    stream.on('end', () => {
      const body = Buffer.concat(chunks);
      const msg = body.subarray(5);
      const service = msg.length > 2 ? msg.subarray(2, 2 + msg[1]!).toString() : '';
      services.push(`${String(headers[':path'])} ${service}`);
      stream.respond(
        { ':status': 200, 'content-type': 'application/grpc' },
        { waitForTrailers: true },
      );
      stream.on('wantTrailers', () =>
        stream.sendTrailers({ 'grpc-status': service === 'app' || service === '' ? '0' : '5' }),
      );
      stream.end(
        service === 'app' || service === ''
          ? grpcFrame(Buffer.from([0x08, status]))
          : Buffer.alloc(0),
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.address() as AddressInfo).port, close: () => server.close(), services };
}

describe('network probes', () => {
  it('when a gRPC health service answers SERVING then the probe passes, and NOT_SERVING or an error status fails it', async () => {
    const serving = await healthServer(1);
    const notServing = await healthServer(2);
    try {
      assert.equal(
        (
          await runCheck(
            { kind: 'grpc', host: '127.0.0.1', port: serving.port, service: 'app' },
            2000,
          )
        ).ok,
        true,
      );
      assert.deepEqual(serving.services, ['/grpc.health.v1.Health/Check app']);
      assert.equal(
        (
          await runCheck(
            { kind: 'grpc', host: '127.0.0.1', port: serving.port, service: 'other' },
            2000,
          )
        ).ok,
        false,
      );
      const r = await runCheck(
        { kind: 'grpc', host: '127.0.0.1', port: notServing.port, service: '' },
        2000,
      );
      assert.deepEqual(r, { ok: false, detail: 'service unhealthy (responded with NOT_SERVING)' });
    } finally {
      serving.close();
      notServing.close();
    }
  });

  it('when an HTTP probe gets 3xx it passes and 5xx fails, while a hook accepts any answer', async () => {
    const server = createHttpServer((req, res) => {
      res.statusCode = req.url === '/ok' ? 302 : 503;
      res.end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    try {
      const http = (path: string, purpose: 'probe' | 'hook') =>
        runCheck(
          { kind: 'http', host: '127.0.0.1', port, path, scheme: 'HTTP', headers: [], purpose },
          2000,
        );
      assert.equal((await http('/ok', 'probe')).ok, true);
      assert.equal((await http('/down', 'probe')).ok, false);
      assert.equal((await http('/down', 'hook')).ok, true);
    } finally {
      server.close();
    }
  });

  it('when nothing listens then a TCP probe fails', async () => {
    const server = createHttpServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    assert.equal((await runCheck({ kind: 'tcp', host: '127.0.0.1', port }, 2000)).ok, true);
    await new Promise((r) => server.close(r));
    assert.equal((await runCheck({ kind: 'tcp', host: '127.0.0.1', port }, 2000)).ok, false);
  });
});
