import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket } from 'ws';
import { handleStreamUpgrade, type StreamDeps } from './handler.js';
import { LOCAL_TARGET, testPod } from './stream.test-support.js';

const pods = new Map([
  ['p', testPod('p', 'Running', ['c'])],
  ['two', testPod('two', 'Running', ['a', 'b'])],
]);
let targets = 0;
const deps: StreamDeps = {
  pod: (_ns, name) => pods.get(name),
  execTarget: () => {
    targets++;
    return LOCAL_TARGET;
  },
};

let server: Server;
let base: string;
before(async () => {
  server = createServer((_req, res) => res.end());
  server.on('upgrade', (req, socket, head: Buffer) => {
    if (!handleStreamUpgrade(req, socket, head, deps)) socket.destroy();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((r) => server.close(() => r())));

interface Refusal {
  readonly status: number;
  readonly body: { reason?: string; message?: string; kind?: string };
}

/** An upgrade request answered without 101: status and the Status body. */
function refused(path: string, headers: Record<string, string>): Promise<Refusal> {
  return new Promise((resolve, reject) => {
    const req = request({
      host: base.split(':')[0],
      port: Number(base.split(':')[1]),
      path,
      method: 'GET',
      headers,
    });
    req.on('upgrade', () => reject(new Error('upgraded')));
    req.on('response', (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Refusal['body'] }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

const WS = {
  Connection: 'Upgrade',
  Upgrade: 'websocket',
  'Sec-WebSocket-Version': '13',
  'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
};
const v5 = { ...WS, 'Sec-WebSocket-Protocol': 'v5.channel.k8s.io' };
const exec = (pod: string, q: string): string => `/api/v1/namespaces/default/pods/${pod}/exec?${q}`;

describe('handleStreamUpgrade refusals (a Status before any upgrade)', () => {
  it('leaves other paths alone (returns false without touching the socket)', () => {
    const fake = { url: '/api/v1/namespaces/default/pods/p/log', headers: {} };
    assert.equal(
      handleStreamUpgrade(fake as never, undefined as never, Buffer.alloc(0), deps),
      false,
    );
  });

  it('answers 404 for a missing pod and 400 for a container not in it', async () => {
    const missing = await refused(exec('nope', 'command=true&stdout=true'), v5);
    assert.deepEqual(
      [missing.status, missing.body.reason, missing.body.message],
      [404, 'NotFound', 'pods "nope" not found'],
    );
    const bad = await refused(exec('p', 'command=true&stdout=true&container=x'), v5);
    assert.deepEqual([bad.status, bad.body.message], [400, 'container x is not valid for pod p']);
    const which = await refused(exec('two', 'command=true&stdout=true'), v5);
    assert.equal(
      which.body.message,
      'a container name must be specified for pod two, choose one of: [a b]',
    );
  });

  it('refuses a WebSocket without v5.channel.k8s.io with a non-101, before asking for a target (gotcha 3)', async () => {
    const before = targets;
    const r = await refused(exec('p', 'command=true&stdout=true'), {
      ...WS,
      'Sec-WebSocket-Protocol': 'v4.channel.k8s.io',
    });
    assert.equal(r.status, 403);
    assert.match(r.body.message ?? '', /unable to negotiate protocol/);
    assert.equal(targets, before);
  });

  it('says plainly that attach and port-forward without a connect are not supported', async () => {
    const attach = await refused('/api/v1/namespaces/default/pods/p/attach?stdout=true', v5);
    assert.deepEqual(
      [attach.status, attach.body.message],
      [400, 'attach is not supported by sidecarctl serve'],
    );
    const pf = await refused('/api/v1/namespaces/default/pods/p/portforward', {
      ...WS,
      'Sec-WebSocket-Protocol': 'x',
    });
    assert.deepEqual(
      [pf.status, pf.body.message],
      [400, 'port-forward is not supported by sidecarctl serve'],
    );
  });

  it('answers an unknown Upgrade and an exec without command as 400', async () => {
    const up = await refused(exec('p', 'command=true&stdout=true'), {
      Connection: 'Upgrade',
      Upgrade: 'h2c',
    });
    assert.equal(up.status, 400);
    const none = await refused(exec('p', 'stdout=true'), v5);
    assert.equal(none.body.message, 'you must specify at least 1 command');
  });
});

/** Runs an exec over v5 and returns every message and the close code. */
function wsExec(
  q: string,
  send: readonly Buffer[] = [],
): Promise<{ messages: Buffer[]; code: number }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://${base}${exec('p', q)}`, ['v5.channel.k8s.io']);
    const messages: Buffer[] = [];
    ws.on('open', () => {
      assert.equal(ws.protocol, 'v5.channel.k8s.io');
      for (const m of send) ws.send(m);
    });
    ws.on('message', (m: Buffer) => messages.push(m));
    ws.on('close', (code) => resolve({ messages, code }));
    ws.on('error', reject);
  });
}

describe('exec over WebSocket v5', () => {
  it('sends stdout on channel 1, the Status on channel 3, then closes 1000', async () => {
    const r = await wsExec('command=echo&command=hi&stdout=true&stderr=true');
    assert.deepEqual(
      r.messages.map((m) => m.toString('hex')),
      [
        Buffer.from('\x01hi\n').toString('hex'),
        Buffer.concat([
          Buffer.from([3]),
          Buffer.from('{"metadata":{},"status":"Success"}'),
        ]).toString('hex'),
      ],
    );
    assert.equal(r.code, 1000);
  });

  it('reports a non-zero exit as NonZeroExitCode with an ExitCode cause', async () => {
    const r = await wsExec(
      'command=sh&command=-c&command=echo+e+>%262%3B+exit+7&stdout=true&stderr=true',
    );
    assert.equal(r.messages[0]!.toString(), '\x02e\n');
    const status = JSON.parse(r.messages[1]!.subarray(1).toString()) as {
      reason: string;
      details: { causes: unknown[] };
    };
    assert.equal(status.reason, 'NonZeroExitCode');
    assert.deepEqual(status.details.causes, [{ reason: 'ExitCode', message: '7' }]);
  });

  it('writes channel 0 to stdin and closes it on ff 00', async () => {
    const r = await wsExec('command=cat&stdin=true&stdout=true', [
      Buffer.from('\x00ab'),
      Buffer.from('\x00c'),
      Buffer.from([0xff, 0x00]),
    ]);
    const out = Buffer.concat(r.messages.filter((m) => m[0] === 1).map((m) => m.subarray(1)));
    assert.equal(out.toString(), 'abc');
    assert.equal(r.messages.at(-1)![0], 3);
  });

  it('reports a command that cannot start as a Failure, not a crash', async () => {
    const r = await wsExec('command=%2Fnonexistent%2Fcmd&stdout=true');
    const status = JSON.parse(r.messages.at(-1)!.subarray(1).toString()) as {
      status: string;
      message: string;
    };
    assert.equal(status.status, 'Failure');
    assert.match(status.message, /ENOENT/);
  });
});
