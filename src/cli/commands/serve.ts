import { hostname } from 'node:os';
import { Option, type Command } from 'commander';
import { admit } from '../../admission/admit.js';
import { escapeControl } from '../../manifest/escape.js';
import { checkPodman, openEngine, runtimeOption } from '../../runtime/engine/open.js';
import { detectCapabilities } from '../../runtime/isolation/host.js';
import { JobController } from '../../serve/controllers/job-controller.js';
import { streamHandler } from '../../serve/exec-wiring.js';
import { LocalKubelet } from '../../serve/kubelet/kubelet.js';
import { parseImageMap } from '../../runtime/command.js';
import type { IsolationFlag } from '../../runtime/requirements.js';
import { ensureStateDirectory, stateDirectory } from '../../runtime/state-dir.js';
import { defaultKubeconfigPath } from '../../serve/credentials.js';
import { drainPods } from '../../serve/shutdown.js';
import { startServe } from '../../serve/start.js';
import { MemoryStore } from '../../serve/store/memory-store.js';
import { UiHub } from '../../serve/ui/hub.js';
import {
  action,
  collectPaths,
  usageError,
  versionOf,
  writeOut,
  type CommonOptions,
} from '../common.js';
import { DEFAULT_VERSION, SUPPORTED_VERSIONS } from '../../model/versions.js';

interface ServeOptions extends CommonOptions {
  listen: string;
  kubeconfig?: string;
  stateDir?: string;
  inject?: boolean;
  catalog?: string[];
  image?: string[];
  isolation?: IsolationFlag;
  runtime?: string;
}

const HELP = `Serve the Kubernetes API on this machine, over HTTPS with a certificate and a
bearer token of its own, so that the real kubectl (and @kubernetes/client-node) drive
pods that run here as processes, with the kubelet's lifecycle.

The kubeconfig (default $XDG_STATE_HOME/sidecarctl/kubeconfig, mode 0600; cluster,
user and context named sidecarctl) is written before the first request is answered.
/version reports 1.29 or later (kubectl 1.27/1.28 would need OpenAPI v2 protobuf); the
behaviour modelled is the one of --k8s-version.

The pods' live timelines are at /ui on the same address: stderr gives the URL once, with
the token (trade it for a cookie: keep it to yourself).

Ctrl-C or SIGTERM deletes every pod gracefully and exits 0; a second one exits at once.`;

/**
 * `--listen HOST:PORT`.
 * @throws SidecarError SIDECAR_E_USAGE for a malformed address
 */
export function parseListen(value: string): { host: string; port: number } {
  const m = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(value.trim());
  const port = m === null ? NaN : Number(m[2]);
  if (m === null || !(port >= 0 && port < 65536))
    throw usageError(`--listen: invalid value "${value}": expected HOST:PORT, e.g. 127.0.0.1:6443`);
  return { host: m[1]!.replace(/^\[|\]$/g, ''), port };
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .summary('serve the Kubernetes API locally, so kubectl drives local pods')
    .description(HELP)
    .option('--listen <host:port>', 'address to listen on', '127.0.0.1:0')
    .option('--kubeconfig <file>', 'where to write the kubeconfig (default <state-dir>/kubeconfig)')
    .option('--state-dir <dir>', 'certificates, token, logs (default $XDG_STATE_HOME/sidecarctl)')
    .option(
      '--k8s-version <X.Y>',
      `Kubernetes version to model (${SUPPORTED_VERSIONS[0]} to ${DEFAULT_VERSION}; default ${DEFAULT_VERSION})`,
    )
    .option('--feature-gates <Name=bool,...>', 'feature gate overrides, as on the kube components')
    .option('--inject', 'inject the sidecars pods ask for on create (as sidecarctl inject)')
    .option(
      '--catalog <file>',
      'catalog entries beyond the built-in ones (repeatable)',
      collectPaths,
    )
    .option(
      '--image <image=entrypoint>',
      'run this host command for containers of this image without command (repeatable)',
      (v: string, prev: string[] = []) => [...prev, v],
    )
    .addOption(
      new Option('--isolation <mode>', 'pod boundary')
        .choices(['auto', 'pod', 'process'])
        .default('auto'),
    )
    .option(
      '--runtime <runtime>',
      'container runtime: process, podman or docker (real images); default $SIDECARCTL_RUNTIME or process',
    )
    .action(action(serveAction));
}

async function serveAction(opts: ServeOptions): Promise<number> {
  const version = versionOf(opts);
  const { host, port } = parseListen(opts.listen);
  const images = parseImageMap(opts.image ?? []);
  const stateDir = ensureStateDirectory(stateDirectory(opts.stateDir));
  const kubeconfigPath = opts.kubeconfig ?? defaultKubeconfigPath(stateDir);
  const runtime = runtimeOption(opts.runtime);
  const caps = await detectCapabilities();
  // No engine reachable: one line, before the API serves anything.
  const engine = runtime === 'process' ? undefined : await openEngine(runtime);
  if (engine !== undefined) await checkPodman(engine);
  const store = new MemoryStore();
  const kubelet = new LocalKubelet({
    store,
    version,
    images,
    stateDir,
    isolation: opts.isolation ?? 'auto',
    caps,
    engine,
    nodeName: hostname().toLowerCase(),
    onWarning: (m) => process.stderr.write(`sidecarctl: warning: ${escapeControl(m)}\n`),
  });
  const jobs = new JobController({ store, version });
  const hub = new UiHub({ store, version, viewOf: (ns, n, uid) => kubelet.podView(ns, n, uid) });
  kubelet.start();
  jobs.start();
  hub.start();
  const started = await startServe({
    store,
    version,
    host,
    port,
    stateDir,
    kubeconfigPath,
    backend: kubelet,
    admit,
    stream: streamHandler(kubelet, store),
    admission: { inject: opts.inject === true, catalogPaths: opts.catalog ?? [] },
    ui: { hub },
  });
  await writeOut(
    `serving the Kubernetes API on ${started.url}; export KUBECONFIG=${kubeconfigPath}\n`,
  );
  process.stderr.write(
    `sidecarctl: live pod timelines: open ${started.url}/ui/?token=${encodeURIComponent(started.token)}\n`,
  );
  await untilSignal(
    async () => {
      jobs.stop();
      await drainPods(store, true);
      await kubelet.shutdown();
      await started.server.close();
      hub.stop();
    },
    () => void kubelet.killAll(),
  );
  return 0;
}

/**
 * Resolves after the first SIGINT/SIGTERM's cleanup; a second signal kills every pod at once and
 * exits (130/143).
 */
function untilSignal(cleanup: () => Promise<void>, killNow: () => void): Promise<void> {
  return new Promise((resolve) => {
    let stopping = false;
    const onSignal = (sig: NodeJS.Signals): void => {
      if (stopping) {
        killNow();
        process.exit(sig === 'SIGINT' ? 130 : 143);
      }
      stopping = true;
      void cleanup().finally(() => {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        resolve();
      });
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}
