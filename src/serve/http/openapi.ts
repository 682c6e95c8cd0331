/**
 * The OpenAPI v3 stub that makes kubectl validate on the server (kubectl-compat §3): `/openapi/v3`
 * lists one document per group/version with a `?hash=` that changes with the document (kubectl
 * caches a hash as immutable), and each document has one PATCH operation per kind, tagged with its
 * GroupVersionKind and declaring the `fieldValidation` query parameter. kubectl then sends
 * `fieldValidation=Strict` and leaves the checking to us.
 */
import { createHash } from 'node:crypto';
import { apiVersionOf, resourcesOf, type ServedResource } from './resources.js';
import { APPS_V1 } from './workloads.js';

const GROUP_VERSIONS = [
  { path: 'api/v1', group: '', version: 'v1' },
  { path: 'apis/batch/v1', group: 'batch', version: 'v1' },
  { path: 'apis/apps/v1', group: 'apps', version: 'v1' },
] as const;

/** One PATCH operation, tagged with its kind and declaring fieldValidation. */
function patchOperation(group: string, kind: string): Record<string, unknown> {
  return {
    patch: {
      'x-kubernetes-group-version-kind': { group, version: 'v1', kind },
      parameters: [
        { name: 'fieldValidation', in: 'query', schema: { type: 'string', uniqueItems: true } },
      ],
      responses: {},
    },
  };
}

function operationPath(r: ServedResource): string {
  const prefix = r.group === '' ? '/api/v1' : `/apis/${apiVersionOf(r)}`;
  return r.namespaced
    ? `${prefix}/namespaces/{namespace}/${r.name}/{name}`
    : `${prefix}/${r.name}/{name}`;
}

/** The document of one group/version (`api/v1`, `apis/batch/v1`), or undefined. */
export function openApiDocument(path: string): Record<string, unknown> | undefined {
  const gv = GROUP_VERSIONS.find((g) => g.path === path);
  if (gv === undefined) return undefined;
  const paths: Record<string, unknown> = {};
  for (const r of resourcesOf(gv.group, gv.version))
    paths[operationPath(r)] = patchOperation(r.group, r.kind);
  // The workloads serve refuses (workloads.ts): kubectl must reach the server to hear why.
  if (gv.group === 'apps')
    for (const w of APPS_V1)
      paths[`/apis/apps/v1/namespaces/{namespace}/${w.name}/{name}`] = patchOperation(
        'apps',
        w.kind,
      );
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes (sidecarctl serve)', version: gv.version },
    paths,
    components: { schemas: {} },
  };
}

function hashOf(doc: unknown): string {
  return createHash('sha512').update(JSON.stringify(doc)).digest('hex').slice(0, 64).toUpperCase();
}

/** `/openapi/v3`: where each group/version's document is, with its content hash. */
export function openApiIndex(): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  for (const gv of GROUP_VERSIONS) {
    paths[gv.path] = {
      serverRelativeURL: `/openapi/v3/${gv.path}?hash=${hashOf(openApiDocument(gv.path))}`,
    };
  }
  return { paths };
}
