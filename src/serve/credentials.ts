/**
 * The bearer token of `serve` (random, 256 bits, kept in `<state>/serve/token` with mode 0600 and
 * reused across runs, so a kubeconfig written earlier keeps working) and the kubeconfig that
 * carries it with the CA: cluster, user and context all named `sidecarctl`, current-context
 * `sidecarctl`, written atomically with mode 0600 before the server answers any request.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { writeSecretFile } from './secret-file.js';

/** The name of the kubeconfig's cluster, user and context. */
export const KUBECONFIG_NAME = 'sidecarctl';

/** The token kept in `dir`, made when missing or empty. */
export function ensureToken(dir: string): string {
  const path = join(dir, 'token');
  if (existsSync(path)) {
    const kept = readFileSync(path, 'utf8').trim();
    if (/^[A-Za-z0-9_-]{32,}$/.test(kept)) return kept;
  }
  const token = randomBytes(32).toString('base64url');
  writeSecretFile(path, `${token}\n`);
  return token;
}

/** The default kubeconfig path: `<state>/kubeconfig` (`$XDG_STATE_HOME/sidecarctl/kubeconfig`). */
export function defaultKubeconfigPath(stateDir: string): string {
  return join(stateDir, 'kubeconfig');
}

/** The kubeconfig text for a server URL, CA and token. */
export function kubeconfigText(server: string, caCert: string, token: string): string {
  const name = KUBECONFIG_NAME;
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name,
        cluster: { server, 'certificate-authority-data': Buffer.from(caCert).toString('base64') },
      },
    ],
    users: [{ name, user: { token } }],
    contexts: [{ name, context: { cluster: name, user: name, namespace: 'default' } }],
    'current-context': name,
    preferences: {},
  });
}

/** Writes the kubeconfig (mode 0600, atomically). */
export function writeKubeconfig(path: string, server: string, caCert: string, token: string): void {
  writeSecretFile(path, kubeconfigText(server, caCert, token));
}
