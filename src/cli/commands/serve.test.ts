/**
 * `sidecarctl serve` as a process: the one line it prints once listening, the kubeconfig it
 * writes first (mode 0600, context sidecarctl), the token it requires, and a SIGTERM that ends
 * it with status 0.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { parseListen } from './serve.js';

function getStatus(url: string, ca: string, token?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const headers = token === undefined ? {} : { authorization: `Bearer ${token}` };
    request(url, { ca, headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    })
      .on('error', reject)
      .end();
  });
}

describe('sidecarctl serve', () => {
  it('parses --listen HOST:PORT and refuses anything else', () => {
    assert.deepEqual(parseListen('127.0.0.1:0'), { host: '127.0.0.1', port: 0 });
    assert.deepEqual(parseListen('[::1]:6443'), { host: '::1', port: 6443 });
    assert.throws(() => parseListen('6443'), /--listen: invalid value "6443"/);
  });

  it('prints where it serves, writes the kubeconfig 0600, needs the token, exits 0 on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sidecarctl-serve-cli-'));
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--state-dir', dir, '--k8s-version', '1.30'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    try {
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      while (!out.includes('\n')) await once(child.stdout, 'data');
      while (!err.includes('\n')) await once(child.stderr, 'data');
      const kubeconfig = join(dir, 'kubeconfig');
      assert.match(
        out,
        /^serving the Kubernetes API on https:\/\/127\.0\.0\.1:\d+; export KUBECONFIG=(.*)\n$/,
      );
      assert.ok(out.endsWith(`export KUBECONFIG=${kubeconfig}\n`));
      assert.equal(statSync(kubeconfig).mode & 0o777, 0o600);
      const config = parse(readFileSync(kubeconfig, 'utf8')) as {
        'current-context': string;
        clusters: {
          name: string;
          cluster: { server: string; 'certificate-authority-data': string };
        }[];
        users: { name: string; user: { token: string } }[];
      };
      assert.equal(config['current-context'], 'sidecarctl');
      const { server, 'certificate-authority-data': caData } = config.clusters[0]!.cluster;
      const ca = Buffer.from(caData, 'base64').toString('utf8');
      const token = config.users[0]!.user.token;
      assert.equal(await getStatus(`${server}/api`, ca), 401);
      assert.equal(await getStatus(`${server}/api`, ca, token), 200);
      assert.equal(statSync(join(dir, 'serve', 'token')).mode & 0o777, 0o600);
      // The UI's address, once, on stderr: the token in it opens /ui (a 303 that sets the cookie).
      assert.equal(
        err,
        `sidecarctl: live pod timelines: open ${server}/ui/?token=${encodeURIComponent(token)}\n`,
      );
      assert.equal(await getStatus(`${server}/ui/?token=${encodeURIComponent(token)}`, ca), 303);
      assert.equal(await getStatus(`${server}/ui/`, ca), 401);
      child.kill('SIGTERM');
      const [code] = (await once(child, 'close')) as [number];
      assert.equal(code, 0);
    } finally {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
