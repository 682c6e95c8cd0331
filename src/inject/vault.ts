/**
 * Vault Agent injection driven by vault-k8s' own annotations, so a pod written for the Vault
 * Agent Injector works unchanged (https://developer.hashicorp.com/vault/docs/platform/k8s/injector/annotations):
 *
 * - `vault.hashicorp.com/agent-inject: "true"` asks for it; `agent-inject-status: injected`
 *   means already done (skip), `update` means do it again.
 * - `role`, `agent-inject-secret-<name>: <path>`, `agent-inject-template-<name>: <template>`
 *   give the agent config: each secret is rendered to /vault/secrets/<name>.
 * - `agent-pre-populate` (default true) adds the `vault-agent-init` container that renders the
 *   secrets once before the app starts; `agent-pre-populate-only` keeps only that one;
 *   `agent-init-first` runs it before every other init container.
 * - `agent-image` and `service` (the Vault address) override the image and address.
 *
 * Unlike vault-k8s (hashicorp/vault-k8s#620), the agent becomes a native sidecar where the
 * version allows, with a startupProbe that passes once every secret file is rendered, so the app
 * never starts without its secrets and a Job still completes.
 */
import type { CatalogEntry, JsonObject } from '../catalog/types.js';
import { expandEntry, type Expansion } from './expand.js';

export const VAULT_PREFIX = 'vault.hashicorp.com/';
const SECRETS_DIR = '/vault/secrets';

function flag(annotations: Readonly<Record<string, string>>, name: string, dflt: boolean): boolean {
  const v = annotations[VAULT_PREFIX + name];
  if (v === undefined) return dflt;
  return ['true', 'yes', 'on', '1', 't', 'y'].includes(v.trim().toLowerCase());
}

/** Whether the pod asks the Vault Agent Injector for an agent. */
export function wantsVault(annotations: Readonly<Record<string, string>>): boolean {
  return flag(annotations, 'agent-inject', false);
}

/** vault-k8s' status annotation: `injected` blocks another injection, `update` allows it. */
export function vaultStatus(annotations: Readonly<Record<string, string>>): string | undefined {
  return annotations[VAULT_PREFIX + 'agent-inject-status'];
}

interface Secret {
  readonly name: string;
  readonly path: string;
  readonly template?: string;
}

function secretsOf(annotations: Readonly<Record<string, string>>): Secret[] {
  const out: Secret[] = [];
  const prefix = VAULT_PREFIX + 'agent-inject-secret-';
  for (const [k, v] of Object.entries(annotations).sort(([a], [b]) =>
    a < b ? -1 : a > b ? 1 : 0,
  )) {
    if (!k.startsWith(prefix)) continue;
    const name = k.slice(prefix.length);
    const template = annotations[VAULT_PREFIX + 'agent-inject-template-' + name];
    out.push({ name, path: v, ...(template !== undefined ? { template } : {}) });
  }
  return out;
}

/** The agent config vault-k8s would write (auto-auth with the Kubernetes method, one template per secret). */
function agentConfig(
  role: string,
  address: string,
  secrets: readonly Secret[],
  exitAfterAuth: boolean,
): JsonObject {
  return {
    auto_auth: {
      method: { type: 'kubernetes', mount_path: 'auth/kubernetes', config: { role } },
      sink: [{ type: 'file', config: { path: '/home/vault/.vault-token' } }],
    },
    exit_after_auth: exitAfterAuth,
    pid_file: '/home/vault/.pid',
    vault: { address },
    template: secrets.map((s) => ({
      destination: `${SECRETS_DIR}/${s.name}`,
      contents:
        s.template ??
        `{{ with secret "${s.path}" }}{{ range $k, $v := .Data }}{{ $k }}: {{ $v }}\n{{ end }}{{ end }}`,
      left_delimiter: '{{',
      right_delimiter: '}}',
    })),
  };
}

/** The container with the config in its env, placed after `args` as vault-k8s writes it. */
function withConfig(c: JsonObject, config: JsonObject): JsonObject {
  const env = [
    { name: 'VAULT_CONFIG', value: Buffer.from(JSON.stringify(config)).toString('base64') },
  ];
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(c)) {
    if (k === 'env') continue;
    out[k] = v;
    if (k === 'args') out['env'] = env;
  }
  if (out['env'] === undefined) out['env'] = env;
  return out;
}

/** The vault-agent expansion for a pod with vault-k8s annotations. */
export function expandVault(
  entry: CatalogEntry,
  annotations: Readonly<Record<string, string>>,
): Expansion {
  const overrides: Record<string, string> = { ...annotations };
  const image = annotations[VAULT_PREFIX + 'agent-image'];
  if (image !== undefined) overrides[`sidecarctl.io/${entry.name}.image`] = image;
  const address = annotations[VAULT_PREFIX + 'service'];
  if (address !== undefined) overrides[`sidecarctl.io/${entry.name}.address`] = address;
  const role = annotations[VAULT_PREFIX + 'role'];
  if (role !== undefined) overrides[`sidecarctl.io/${entry.name}.role`] = role;
  const base = expandEntry(entry, overrides);
  const secrets = secretsOf(annotations);
  const roleValue = base.params['role'] ?? '';
  const addressValue = base.params['address'] ?? '';
  const prePopulate = flag(annotations, 'agent-pre-populate', true);
  const prePopulateOnly = flag(annotations, 'agent-pre-populate-only', false);
  const helpers =
    prePopulate || prePopulateOnly
      ? base.helpers.map((c) => withConfig(c, agentConfig(roleValue, addressValue, secrets, true)))
      : [];
  const files = secrets.map((s) => `${SECRETS_DIR}/${s.name}`);
  const probe: JsonObject = {
    exec: {
      command: [
        '/bin/sh',
        '-c',
        files.length > 0
          ? files.map((f) => `test -s ${f}`).join(' && ')
          : 'test -s /home/vault/.vault-token',
      ],
    },
    periodSeconds: 1,
    failureThreshold: 120,
  };
  const sidecars = prePopulateOnly
    ? []
    : base.sidecars.map((c) => ({
        ...withConfig(c, agentConfig(roleValue, addressValue, secrets, false)),
        startupProbe: probe,
      }));
  return {
    ...base,
    helpers,
    sidecars,
    annotations: { [VAULT_PREFIX + 'agent-inject-status']: 'injected' },
    helpersFirst: flag(annotations, 'agent-init-first', false),
  };
}
