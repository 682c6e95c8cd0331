/**
 * handleStreamUpgrade driven by the real kubectl (through the machine's version dispatcher):
 * minor 33 takes the WebSocket paths (exec v5, port-forward tunnel), minor 29 the SPDY-only
 * paths, and KUBECTL_REMOTE_COMMAND_WEBSOCKETS=false forces SPDY exec on 33.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import {
  createReadStream,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import {
  kubectlPath,
  runKubectl,
  spawnKubectl,
  startTestServer,
  type TestServer,
} from './stream.test-support.js';

const KUBECTL = kubectlPath();
const SKIP =
  KUBECTL === undefined
    ? 'kubectl is not on PATH: the kubectl end-to-end tests are skipped'
    : false;
const SPDY_ENV = { KUBECTL_REMOTE_COMMAND_WEBSOCKETS: 'false' };
const T = { timeout: 90_000 };

function httpGet(port: number, headers: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/x', headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve(body));
    });
    req.on('error', reject);
    req.end();
  });
}

function execSuite(minor: number, env: Record<string, string>, label: string): void {
  describe(`kubectl exec (${label})`, { skip: SKIP }, () => {
    let server: TestServer;
    let dir: string;
    before(async () => {
      server = await startTestServer({ minor });
      dir = mkdtempSync(join(tmpdir(), 'hf-exec-'));
    });
    after(async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('passes stdout, stderr and the exit code', T, async () => {
      const r = await runKubectl(
        server,
        ['exec', 'p', '-c', 'c', '--', 'sh', '-c', 'echo out; echo err >&2; exit 3'],
        '',
        env,
      );
      assert.equal(r.stdout, 'out\n');
      assert.equal(r.stderr, 'err\ncommand terminated with exit code 3\n');
      assert.equal(r.code, 3);
      const transport =
        minor >= 30 && env === SPDY_ENV ? 'SPDY/3.1' : minor >= 30 ? 'websocket' : 'SPDY/3.1';
      assert.ok(server.upgrades.at(-1)?.endsWith(transport), server.upgrades.at(-1));
    });

    it('runs with the target environment and reports a signal as 128+n', T, async () => {
      const r = await runKubectl(
        server,
        ['exec', 'p', '-c', 'c', '--', 'sh', '-c', 'echo $MARK; kill -9 $$'],
        '',
        env,
      );
      assert.equal(r.stdout, 'from-target\n');
      assert.equal(r.code, 137);
    });

    it('streams stdin and closes it on EOF (-i)', T, async () => {
      const input = 'a\nb\n' + randomBytes(200_000).toString('base64');
      const r = await runKubectl(server, ['exec', '-i', 'p', '-c', 'c', '--', 'cat'], input, env);
      assert.equal(r.stdout, input);
      assert.equal(r.code, 0);
    });

    it(
      'delivers 20 MB of output intact (output paused while the client catches up)',
      T,
      async () => {
        const r = await runKubectl(
          server,
          ['exec', 'p', '-c', 'c', '--', 'head', '-c', '20000000', '/dev/zero'],
          '',
          env,
        );
        assert.equal(r.code, 0);
        assert.equal(r.stdout.length, 20_000_000);
        assert.ok(/^\0*$/.test(r.stdout));
      },
    );

    it('answers an unknown container with the API server BadRequest', T, async () => {
      const r = await runKubectl(server, ['exec', 'p', '-c', 'nope', '--', 'true'], '', env);
      assert.equal(
        r.stderr,
        'Error from server (BadRequest): container nope is not valid for pod p\n',
      );
      assert.equal(r.code, 1);
    });

    it(
      'refuses a container that is not running, a target error, and attach, before any upgrade',
      T,
      async () => {
        const pend = await runKubectl(server, ['exec', 'pend', '--', 'true'], '', env);
        assert.match(pend.stderr, /container not found \("c"\)/);
        assert.equal(pend.code, 1);
        const broken = await runKubectl(
          server,
          ['exec', 'p', '-c', 'broken', '--', 'true'],
          '',
          env,
        );
        assert.equal(
          broken.stderr,
          'Error from server (BadRequest): container broken of pod p cannot run\n',
        );
        assert.equal(broken.code, 1);
        const attach = await runKubectl(server, ['attach', 'p', '-c', 'c'], '', env);
        assert.match(attach.stderr, /attach is not supported by sidecarctl serve/);
        assert.equal(attach.code, 1);
      },
    );

    it('copies a file into the container and back (kubectl cp: tar over exec)', T, async () => {
      const src = join(dir, 'src.bin');
      const data = randomBytes(300_000);
      writeFileSync(src, data);
      mkdirSync(join(dir, 'in'));
      const put = await runKubectl(
        server,
        ['cp', src, `p:${join(dir, 'in', 'f.bin')}`, '-c', 'c'],
        '',
        env,
      );
      assert.equal(put.code, 0, put.stderr);
      assert.deepEqual(readFileSync(join(dir, 'in', 'f.bin')), data);
      const back = join(dir, 'back.bin');
      const get = await runKubectl(
        server,
        ['cp', `p:${join(dir, 'in', 'f.bin')}`, back, '-c', 'c'],
        '',
        env,
      );
      assert.equal(get.code, 0, get.stderr);
      assert.deepEqual(readFileSync(back), data);
    });

    it('kills the whole process group when kubectl is killed mid-exec', T, async () => {
      const fifo = join(dir, `held-${label.replace(/\W/g, '')}`);
      assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
      // sh and its child sleep both hold the FIFO's write end: EOF on the read end means both died.
      const script = `exec 3>${fifo}; echo ready; sleep 300; echo never`;
      const child = spawnKubectl(server, ['exec', 'p', '-c', 'c', '--', 'sh', '-c', script], env);
      child.stdin?.end();
      const eof = new Promise<string>((resolve) => {
        let seen = '';
        const r = createReadStream(fifo);
        r.on('data', (c) => (seen += c.toString()));
        r.on('end', () => resolve(seen));
      });
      await new Promise<void>((resolve) =>
        child.stdout?.on('data', (c: Buffer) => c.toString().includes('ready') && resolve()),
      );
      child.kill('SIGKILL');
      assert.equal(await eof, '');
    });
  });
}

execSuite(33, {}, 'kubectl 1.33, WebSocket v5');
execSuite(29, {}, 'kubectl 1.29, SPDY only');
execSuite(33, SPDY_ENV, 'kubectl 1.33, KUBECTL_REMOTE_COMMAND_WEBSOCKETS=false');

for (const minor of [33, 29]) {
  describe(`kubectl exec -t (pty, minor ${minor})`, { skip: SKIP }, () => {
    it('gives the command a terminal of the client size', T, async (t) => {
      if (spawnSync('sh', ['-c', 'command -v script']).status !== 0)
        return t.skip('script(1) is not installed');
      const server = await startTestServer({ minor });
      try {
        const kubeconfig = server.kubeconfig;
        const cache = mkdtempSync(join(tmpdir(), 'hf-kcache-'));
        const cmd = `stty cols 91 rows 27; kubectl --kubeconfig ${kubeconfig} --cache-dir ${cache} exec -it p -c c -- sh -c 'tty; stty size; exit 4'`;
        // Not spawnSync: the server runs in this process's event loop.
        const child = spawn('script', ['-qec', cmd, '/dev/null'], {
          stdio: ['pipe', 'pipe', 'pipe'],
        });
        let out = '';
        child.stdout.on('data', (c: Buffer) => (out += c.toString()));
        child.stdin.end();
        const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
        rmSync(cache, { recursive: true, force: true });
        assert.match(out, /\/dev\/pts\/\d+/);
        assert.match(out, /27 91/);
        assert.equal(code, 4);
      } finally {
        await server.close();
      }
    });
  });
}

function portForwardSuite(minor: number, label: string, transport: string): void {
  describe(`kubectl port-forward (${label})`, { skip: SKIP }, () => {
    let server: TestServer;
    let web: Server;
    before(async () => {
      web = createServer((_req, res) => res.end('hello from 8080'));
      await new Promise<void>((r) => web.listen(0, '127.0.0.1', r));
      server = await startTestServer({
        minor,
        ports: { 8080: (web.address() as AddressInfo).port },
      });
    });
    after(async () => {
      await server.close();
      web.closeAllConnections();
      await new Promise<void>((r) => web.close(() => r()));
    });

    it('forwards HTTP requests, keep-alive and read-to-EOF alike', T, async () => {
      const child = spawnKubectl(server, ['port-forward', 'pod/p', ':8080']);
      try {
        const port = await new Promise<number>((resolve, reject) => {
          let out = '';
          child.stdout?.on('data', (c: Buffer) => {
            out += c.toString();
            const m = /Forwarding from 127\.0\.0\.1:(\d+) -> 8080/.exec(out);
            if (m !== null) resolve(Number(m[1]));
          });
          child.on('close', () => reject(new Error(`port-forward exited: ${out}`)));
        });
        assert.equal(await httpGet(port), 'hello from 8080');
        assert.equal(await httpGet(port, { Connection: 'close' }), 'hello from 8080');
        assert.equal(await httpGet(port), 'hello from 8080');
        assert.ok(
          server.upgrades.some((u) => u.includes('/portforward') && u.endsWith(transport)),
          server.upgrades.join('\n'),
        );
      } finally {
        child.kill('SIGKILL');
      }
    });

    it(
      'ends kubectl port-forward when the pod port cannot be reached (the error stream)',
      T,
      async () => {
        const child = spawnKubectl(server, ['port-forward', 'pod/p', ':9999']);
        let err = '';
        child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
        const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
        const port = await new Promise<number>((resolve) => {
          let out = '';
          child.stdout?.on('data', (c: Buffer) => {
            out += c.toString();
            const m = /Forwarding from 127\.0\.0\.1:(\d+) -> 9999/.exec(out);
            if (m !== null) resolve(Number(m[1]));
          });
        });
        await httpGet(port).catch(() => '');
        assert.equal(await exited, 1);
        assert.match(err, /connection refused on port 9999/);
      },
    );
  });
}

portForwardSuite(33, 'kubectl 1.33, SPDY in WebSocket', 'websocket');
portForwardSuite(29, 'kubectl 1.29, raw SPDY', 'SPDY/3.1');
