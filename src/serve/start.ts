/**
 * Starting `serve` as one piece: the TLS identity and token of the state directory, the API
 * server on the address asked for, and the kubeconfig written before any request is answered.
 * The command (src/cli/commands/serve.ts) and the tests start it the same way.
 */
import { join } from 'node:path';
import { ensureToken, writeKubeconfig } from './credentials.js';
import { createApiServer, type ApiServer, type ApiServerOptions } from './http/server.js';
import { ensureServeTls } from './tls.js';

/** What startServe takes beyond the API server's own options. */
export interface StartOptions extends Omit<ApiServerOptions, 'token' | 'tls' | 'beforeAccept'> {
  /** The state directory (made already); the TLS files and the token go to `<dir>/serve`. */
  readonly stateDir: string;
  /** Where the kubeconfig is written. */
  readonly kubeconfigPath: string;
}

/** A started serve: the server, its URL and where the kubeconfig is. */
export interface Started {
  readonly server: ApiServer;
  readonly url: string;
  readonly token: string;
  readonly caCert: string;
  readonly kubeconfigPath: string;
}

/**
 * Starts serving. The kubeconfig exists once this resolves, and no request is answered before.
 * @throws Error when the address cannot be bound, or the state directory is not writable
 */
export async function startServe(opts: StartOptions): Promise<Started> {
  const dir = join(opts.stateDir, 'serve');
  const tls = await ensureServeTls(dir);
  const token = ensureToken(dir);
  const { kubeconfigPath } = opts;
  const server = await createApiServer({
    ...opts,
    token,
    tls: { key: tls.key, cert: tls.cert },
    beforeAccept: (url) => writeKubeconfig(kubeconfigPath, url, tls.caCert, token),
  });
  return { server, url: server.url, token, caCert: tls.caCert, kubeconfigPath };
}
