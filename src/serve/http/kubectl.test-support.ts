/**
 * Test support: a `serve` on 127.0.0.1:0 with a temporary state directory and an in-memory
 * store, and the real kubectl run against it with its own kubeconfig and a fresh cache dir
 * (the gcloud dispatcher caches /version there: kubectl-compat §0).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveVersion, type K8sVersion } from '../../model/versions.js';
import { startServe, type Started } from '../start.js';
import { MemoryStore } from '../store/memory-store.js';
import type { ApiServerOptions } from './server.js';

/** Whether a kubectl binary is on PATH (the tests skip, saying so, when not). */
export function kubectlPresent(): boolean {
  const r = spawnSync('kubectl', ['version', '--client'], { timeout: 30_000, stdio: 'ignore' });
  return r.status === 0;
}

/** What one kubectl run printed and how it ended. */
export interface KubectlResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number | null;
}

/** A running test server and a kubectl bound to it. */
export interface TestServe {
  readonly store: MemoryStore;
  readonly started: Started;
  /** Runs kubectl to completion (killed after `timeoutMs`), with `stdin` piped in. */
  kubectl(args: readonly string[], stdin?: string, timeoutMs?: number): Promise<KubectlResult>;
  /** Starts kubectl and leaves it running (for -w); the caller kills it. */
  spawnKubectl(args: readonly string[]): ChildProcess;
  close(): Promise<void>;
}

/** Starts serve with `--k8s-version` `version`. */
export async function startTestServe(
  version: K8sVersion,
  extra: Partial<ApiServerOptions> = {},
): Promise<TestServe> {
  const dir = mkdtempSync(join(tmpdir(), 'sidecarctl-serve-'));
  const store = new MemoryStore();
  const started = await startServe({
    ...extra,
    store,
    version: resolveVersion(version),
    stateDir: dir,
    kubeconfigPath: join(dir, 'kubeconfig'),
  });
  const base = ['--kubeconfig', started.kubeconfigPath, '--cache-dir', join(dir, 'cache')];
  const spawnKubectl = (args: readonly string[]): ChildProcess =>
    spawn('kubectl', [...base, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  const kubectl = (
    args: readonly string[],
    stdin = '',
    timeoutMs = 60_000,
  ): Promise<KubectlResult> =>
    new Promise((resolve) => {
      const child = spawnKubectl(args);
      let stdout = '';
      let stderr = '';
      child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ stdout, stderr, code });
      });
      child.stdin?.end(stdin);
    });
  return {
    store,
    started,
    kubectl,
    spawnKubectl,
    close: async () => {
      await started.server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A child's stdout as it grows, and a wait for a condition on all of it so far. */
export interface Output {
  text(): string;
  /** Resolves once `done(all output so far)` holds; rejects if the child exits first. */
  until(done: (text: string) => boolean): Promise<string>;
}

/** Collects a child's stdout from now on. */
export function collectOutput(child: ChildProcess): Output {
  let text = '';
  const waiters: { done: (t: string) => boolean; resolve: (t: string) => void }[] = [];
  const check = (): void => {
    for (const w of [...waiters]) {
      if (w.done(text)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(text);
      }
    }
  };
  child.stdout?.on('data', (d: Buffer) => {
    text += d.toString();
    check();
  });
  let exited = false;
  child.on('close', () => (exited = true));
  return {
    text: () => text,
    until: (done) =>
      new Promise((resolve, reject) => {
        if (done(text)) return resolve(text);
        if (exited) return reject(new Error(`exited early: ${text}`));
        waiters.push({ done, resolve });
        child.on('close', () => reject(new Error(`exited early: ${text}`)));
      }),
  };
}
