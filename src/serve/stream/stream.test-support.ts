/**
 * A small HTTPS API server for driving handleStreamUpgrade with the real kubectl: `/version`
 * (picks the bundled kubectl minor, kubectl-compat §0), legacy discovery, `GET pods/NAME`, a
 * bearer token, and the upgrade event routed to the handler. Plus a kubectl runner with a fresh
 * `--cache-dir` and `--kubeconfig` per call.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { connect as netConnect, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import type { ExecTarget } from '../backend.js';
import type { KubeObject } from '../store/types.js';
import {
  handleStreamUpgrade,
  isStreamPath,
  NOT_UPGRADE_MESSAGE,
  type StreamDeps,
} from './handler.js';
import { badRequest, failureStatus } from './status.js';

/** The kubectl on PATH, or undefined (tests skip with a message). */
export function kubectlPath(): string | undefined {
  const r = spawnSync('sh', ['-c', 'command -v kubectl'], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim() !== '' ? r.stdout.trim() : undefined;
}

/** A container's status entry. */
function status(name: string, running: boolean): Record<string, unknown> {
  const state = running
    ? { running: { startedAt: '2026-01-01T00:00:00Z' } }
    : { waiting: { reason: 'ContainerCreating' } };
  return {
    name,
    image: 'busybox',
    imageID: '',
    ready: running,
    started: running,
    restartCount: 0,
    state,
    lastState: {},
  };
}

/** A pod as the store would hold it. */
export function testPod(
  name: string,
  phase: 'Running' | 'Pending',
  containers: readonly string[],
): KubeObject {
  const running = phase === 'Running';
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'default',
      uid: `uid-${name}`,
      resourceVersion: '1',
      creationTimestamp: '2026-01-01T00:00:00Z',
    },
    spec: {
      nodeName: 'local',
      containers: containers.map((c) => ({ name: c, image: 'busybox', stdin: true })),
    },
    status: {
      phase,
      hostIP: '127.0.0.1',
      podIP: '127.0.0.1',
      startTime: '2026-01-01T00:00:00Z',
      containerStatuses: containers.map((c) => status(c, running)),
    },
  };
}

/** An ExecTarget that runs the command directly on this machine. */
export const LOCAL_TARGET: ExecTarget = {
  argv: (command) => [...command],
  env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: tmpdir(), MARK: 'from-target' },
};

export interface TestServerOptions {
  /** `gitVersion` minor: 33 (WebSocket first) or 29 (SPDY only). */
  readonly minor: number;
  /** Pod port -> local port, for port-forward. */
  readonly ports?: Readonly<Record<number, number>>;
}

export interface TestServer {
  readonly kubeconfig: string;
  /** Every upgrade request line seen, `METHOD path upgrade`. */
  readonly upgrades: string[];
  close(): Promise<void>;
}

const TOKEN = 'test-token-hF';

function json(res: ServerResponse, code: number, body: unknown): void {
  res.writeHead(code, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

function discovery(path: string, port: number): unknown {
  if (path === '/api') {
    return {
      kind: 'APIVersions',
      versions: ['v1'],
      serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: `127.0.0.1:${port}` }],
    };
  }
  if (path === '/apis') return { kind: 'APIGroupList', apiVersion: 'v1', groups: [] };
  if (path === '/api/v1') {
    const verbs = ['get', 'list'];
    return {
      kind: 'APIResourceList',
      groupVersion: 'v1',
      resources: [
        {
          name: 'pods',
          singularName: 'pod',
          namespaced: true,
          kind: 'Pod',
          verbs,
          shortNames: ['po'],
        },
      ],
    };
  }
  return undefined;
}

function deps(pods: Map<string, KubeObject>, ports: Readonly<Record<number, number>>): StreamDeps {
  return {
    pod: (_ns, name) => pods.get(name),
    execTarget: (_ns, name, container) => {
      if (container === 'broken')
        throw badRequest(`container ${container} of pod ${name} cannot run`);
      return LOCAL_TARGET;
    },
    connect: (_ns, _pod, port) =>
      new Promise<Socket>((resolve, reject) => {
        const local = ports[port];
        if (local === undefined) return reject(new Error(`connection refused on port ${port}`));
        const s = netConnect(local, '127.0.0.1', () => resolve(s));
        s.once('error', reject);
      }),
  };
}

/** Starts the server on a free port and writes its kubeconfig. */
export async function startTestServer(opts: TestServerOptions): Promise<TestServer> {
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], { keySize: 2048 });
  const pods = new Map<string, KubeObject>([
    ['p', testPod('p', 'Running', ['c', 'c2', 'broken'])],
    ['pend', testPod('pend', 'Pending', ['c'])],
  ]);
  const d = deps(pods, opts.ports ?? {});
  const upgrades: string[] = [];
  let port = 0;
  const server: Server = createServer(
    { key: pems.private, cert: pems.cert },
    (req: IncomingMessage, res) => {
      const path = (req.url ?? '').split('?')[0]!;
      if (path === '/version') {
        return json(res, 200, {
          major: '1',
          minor: String(opts.minor),
          gitVersion: `v1.${opts.minor}.0`,
          platform: 'linux/amd64',
        });
      }
      if (req.headers.authorization !== `Bearer ${TOKEN}`)
        return json(
          res,
          401,
          failureStatus({ code: 401, reason: 'Unauthorized', message: 'Unauthorized' }),
        );
      const disc = discovery(path, port);
      if (disc !== undefined) return json(res, 200, disc);
      if (isStreamPath(req.url ?? ''))
        return json(res, 400, failureStatus(badRequest(NOT_UPGRADE_MESSAGE)));
      const m = /^\/api\/v1\/namespaces\/default\/pods\/([^/]+)$/.exec(path);
      const pod = m === null ? undefined : pods.get(m[1]!);
      if (pod !== undefined) return json(res, 200, pod);
      json(
        res,
        404,
        failureStatus({
          code: 404,
          reason: 'NotFound',
          message: 'the server could not find the requested resource',
        }),
      );
    },
  );
  server.on('upgrade', (req: IncomingMessage, socket, head: Buffer) => {
    upgrades.push(`${req.method} ${req.url} ${req.headers.upgrade}`);
    if (
      req.headers.authorization !== `Bearer ${TOKEN}` ||
      !handleStreamUpgrade(req, socket, head, d)
    ) {
      socket.destroy();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
  const dir = mkdtempSync(join(tmpdir(), 'hf-stream-'));
  const kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(kubeconfig, kubeconfigText(port));
  return {
    kubeconfig,
    upgrades,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function kubeconfigText(port: number): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters: [{name: t, cluster: {server: "https://127.0.0.1:' +
      port +
      '", insecure-skip-tls-verify: true}}]',
    'users: [{name: t, user: {token: ' + TOKEN + '}}]',
    'contexts: [{name: t, context: {cluster: t, user: t, namespace: default}}]',
    'current-context: t',
    '',
  ].join('\n');
}

export interface KubectlResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Starts kubectl against the server with a fresh cache dir (removed when it exits). */
export function spawnKubectl(
  server: TestServer,
  args: readonly string[],
  env: Readonly<Record<string, string>> = {},
): ChildProcess {
  const cache = mkdtempSync(join(tmpdir(), 'hf-kcache-'));
  const child = spawn(
    'kubectl',
    ['--kubeconfig', server.kubeconfig, '--cache-dir', cache, ...args],
    {
      env: { ...process.env, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  child.on('close', () => rmSync(cache, { recursive: true, force: true }));
  return child;
}

/** Runs kubectl to completion with `input` on stdin. */
export function runKubectl(
  server: TestServer,
  args: readonly string[],
  input = '',
  env: Readonly<Record<string, string>> = {},
): Promise<KubectlResult> {
  const child = spawnKubectl(server, args, env);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  child.stdin?.on('error', () => undefined);
  child.stdin?.end(input);
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}
