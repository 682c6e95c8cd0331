/**
 * A catalog entry: one sidecar (or a small group: a run-once helper plus its long-running
 * agent) that `sidecarctl inject` can add to any pod template, and that `sidecarctl migrate` and
 * the lint rules of `sidecarctl validate` recognise (recognise.ts). Built-in entries are in
 * builtin.ts; users add entries as YAML files checked against schemas/catalog-entry.schema.json.
 *
 * Containers, volumes and mounts are plain Kubernetes JSON (never a typed model, so no field is
 * dropped); string values may hold `${param}` placeholders filled from `parameters`.
 */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface CatalogParameter {
  readonly default: string;
  readonly description?: string;
}

/** Where the entry's containers go relative to other init containers and entries. */
export interface CatalogOrdering {
  /** Entry or container names this entry's containers must come after. */
  readonly after?: readonly string[];
  /** Entry or container names it must come before; `*` means every other init container. */
  readonly before?: readonly string[];
  /** Reaches the network at start-up: goes after every entry that provides the network. */
  readonly needsNetwork?: boolean;
  /** A proxy that the pod's traffic goes through: goes before entries that need the network. */
  readonly providesNetwork?: boolean;
}

/**
 * What to do in a Job (or a pod that is meant to complete) when the sidecar can only be classic:
 * `inject` (with a warning: the Job will not complete unless the app stops the sidecar),
 * `skip`, or `init-only` (only the run-once helpers, as vault-k8s' agent-pre-populate-only).
 * Native sidecars never block completion, so this only applies in classic mode.
 */
export type JobPolicy = 'inject' | 'skip' | 'init-only';
export const JOB_POLICIES: readonly JobPolicy[] = ['inject', 'skip', 'init-only'];

/** What a sidecar does for the app; lint rules reason about it (a proxy must be up first). */
export type SidecarRole =
  /** A network proxy the app sends its traffic through (mesh, database, auth). */
  | 'proxy'
  /** Fetches or renders secrets the app reads (Vault Agent). */
  | 'secret-agent'
  /** Ships logs from a shared volume. */
  | 'log-shipper'
  /** Metrics or traces collector/exporter. */
  | 'telemetry'
  /** Watches config and pokes the app to reload. */
  | 'reloader'
  /** Runtime API the app calls on localhost (Dapr). */
  | 'runtime'
  /** Tools for someone to `kubectl exec` into; idle otherwise. */
  | 'debug';
export const SIDECAR_ROLES: readonly SidecarRole[] = [
  'proxy',
  'secret-agent',
  'log-shipper',
  'telemetry',
  'reloader',
  'runtime',
  'debug',
];

/** How a container is recognised as this entry's sidecar (recognise.ts). */
export interface CatalogMatch {
  /**
   * Image repositories (no tag), matched on whole path segments from the right:
   * `envoyproxy/envoy` matches `docker.io/envoyproxy/envoy:v1.28.0`. `*` stands for any
   * characters inside one segment (`fluentd*`).
   */
  readonly images?: readonly string[];
  /** Container names, besides the entry's own name. */
  readonly names?: readonly string[];
  /**
   * A word the container's command or args must hold for an image match: the Vault image is
   * also the Vault server, and only `vault agent` is the sidecar.
   */
  readonly command?: string;
}

/**
 * How inject turns the entry into containers for a pod. `vault-k8s` also reads the Vault Agent
 * Injector's `vault.hashicorp.com/*` annotations (inject/vault.ts), so a pod written for that
 * injector asks for the entry and configures it unchanged.
 */
export type ExpandStrategy = 'vault-k8s';

export interface CatalogEntry {
  readonly name: string;
  readonly description: string;
  /** A short product name for messages, e.g. `Envoy`. @default the entry's name */
  readonly product: string;
  /** What it does for the app; unset when lint should assume nothing about it. */
  readonly role?: SidecarRole;
  /** How migrate and lint recognise a copy already in a pod. */
  readonly match?: CatalogMatch;
  /** @default plain parameter filling (inject/expand.ts) */
  readonly expand?: ExpandStrategy;
  readonly parameters?: Readonly<Record<string, CatalogParameter>>;
  /**
   * The long-running containers (native sidecars, or classic containers). Empty only for the
   * built-in sidecars sidecarctl recognises but has no template to inject (`recogniseOnly`).
   */
  readonly containers: readonly JsonObject[];
  /** Run-once helpers, placed just before the entry's sidecars. */
  readonly initContainers?: readonly JsonObject[];
  /** Volumes the entry needs; one the pod already has (same name) is left as it is. */
  readonly volumes?: readonly JsonObject[];
  /** Mounts added to every regular container that lacks a mount of that volume. */
  readonly appVolumeMounts?: readonly JsonObject[];
  /** Resources for a container of the entry that declares none. */
  readonly resources?: JsonObject;
  readonly ordering?: CatalogOrdering;
  readonly jobPolicy?: JobPolicy;
  /** Classic mode only: put the containers first in `containers` (a proxy the app needs). */
  readonly classicFirst?: boolean;
  /** Classic mode only: a postStart hook that holds the next container until this one is ready. */
  readonly classicPostStart?: JsonObject;
  /** Where the entry came from (a file path, or `built-in`). */
  readonly source: string;
}

/** The catalog: entries by name, in a stable order. */
export interface Catalog {
  readonly entries: ReadonlyMap<string, CatalogEntry>;
  /**
   * Well-known sidecars that lint and migrate recognise but inject cannot add (no template):
   * looked at after `entries`, so an injectable entry for the same image wins.
   */
  readonly recogniseOnly?: readonly CatalogEntry[];
}

/** The seed's suggested sidecar resources: requests 50m/64Mi, limits 200m/256Mi. */
export const SEED_RESOURCES: JsonObject = {
  requests: { cpu: '50m', memory: '64Mi' },
  limits: { cpu: '200m', memory: '256Mi' },
};
