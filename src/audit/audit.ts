/**
 * `sidecarctl audit`: a live cluster read once, reported two ways. (a) `validate` at the server's
 * version over the workloads and the pods no workload owns, as if their YAML were a file (each
 * object a document of a virtual file named after its kind, namespace and name, so every
 * finding keeps validate's wording and field path); (b) sidecar trouble read from each pod's
 * status (pod-trouble.ts).
 */
import { stringify } from 'yaml';
import type { Catalog } from '../catalog/types.js';
import { loadInputs } from '../manifest/load.js';
import { isRecord } from '../model/record.js';
import type { VersionInfo } from '../model/versions.js';
import type { Diagnostic } from '../rules/diagnostic.js';
import { validateInput, type ValidationReport } from '../validate/validate.js';
import { podTroubles, type PodTrouble } from './pod-trouble.js';

type Obj = Readonly<Record<string, unknown>>;

export interface AuditInput {
  /** Deployments, StatefulSets, DaemonSets, ReplicaSets, Jobs, CronJobs (apiVersion and kind set). */
  readonly workloads: readonly Obj[];
  readonly pods: readonly Obj[];
}

export interface AuditReport {
  readonly k8sVersion: string;
  /** validate's report over the workloads and unowned pods (file: `kind/namespace/name`). */
  readonly validation: ValidationReport;
  readonly troubles: readonly PodTrouble[];
}

function meta(o: Obj): Obj {
  return isRecord(o['metadata']) ? o['metadata'] : {};
}

/** Pods that no workload owns (a workload's pods are validated through its template). */
function unowned(pods: readonly Obj[]): Obj[] {
  return pods.filter((p) => {
    const refs = meta(p)['ownerReferences'];
    return !Array.isArray(refs) || !refs.some((r) => isRecord(r) && r['controller'] === true);
  });
}

/** The object as a manifest a user would have written: no status, no server-set metadata. */
function asManifest(o: Obj): Obj {
  const md = meta(o);
  const keep: Record<string, unknown> = {};
  for (const k of ['name', 'namespace', 'labels', 'annotations', 'generateName'])
    if (md[k] !== undefined) keep[k] = md[k];
  const rest: Record<string, unknown> = { ...o, metadata: keep };
  delete rest['status'];
  return rest;
}

/** Reads the cluster's objects as one validate input, one document each. */
function validateObjects(objects: readonly Obj[], version: VersionInfo, catalog: Catalog) {
  const text = objects.map((o) => stringify(asManifest(o))).join('---\n');
  const input = loadInputs(['-'], () => (text === '' ? 'null\n' : text));
  return validateInput(input, { version, catalog });
}

/** Audits what was read from a cluster. */
export function auditCluster(
  input: AuditInput,
  version: VersionInfo,
  catalog: Catalog,
): AuditReport {
  const objects = [...input.workloads, ...unowned(input.pods)];
  const validation = validateObjects(objects, version, catalog);
  // The virtual file's documents are in `objects` order: name each report after its object.
  const named: ValidationReport = {
    ...validation,
    objects: validation.objects.map((r) => {
      const o = objects[r.index];
      const file =
        o === undefined
          ? r.file
          : `${String(o['kind'])}/${String(meta(o)['namespace'] ?? '')}/${String(meta(o)['name'] ?? '')}`;
      return { ...r, file, diagnostics: r.diagnostics.map((d): Diagnostic => ({ ...d, file })) };
    }),
  };
  return {
    k8sVersion: version.version,
    validation: named,
    troubles: input.pods.flatMap((p) => podTroubles(p, version, catalog)),
  };
}

/** One line per finding and trouble, then a summary line. */
export function formatAuditText(r: AuditReport): string {
  const lines = r.validation.objects.flatMap((o) =>
    o.diagnostics.map(
      (d) => `${d.file}: ${d.severity}[${d.rule}]: ${d.message}${d.field ? ` (${d.field})` : ''}`,
    ),
  );
  for (const t of r.troubles)
    lines.push(`Pod/${t.namespace}/${t.pod}: trouble[${t.rule}]: ${t.message}`);
  lines.push(
    `${String(r.validation.errors)} error(s), ${String(r.validation.warnings)} warning(s), ${String(r.troubles.length)} live trouble(s) (Kubernetes ${r.k8sVersion})`,
  );
  return lines.join('\n') + '\n';
}
