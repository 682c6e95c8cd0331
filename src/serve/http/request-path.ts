/**
 * The resource path of a request, as kube-apiserver's RequestInfoFactory splits it
 * (k8s.io/apiserver pkg/endpoints/request/requestinfo.go NewRequestInfo):
 * `/api/v1[/namespaces/{ns}]/{resource}[/{name}[/{sub}]]` and the same under `/apis/{group}/{version}`.
 */

/** The parts of a resource URL. */
export interface ResourcePath {
  readonly group: string;
  readonly version: string;
  readonly namespace: string | undefined;
  readonly resource: string;
  readonly name: string | undefined;
  readonly subresource: string | undefined;
}

/** Splits a URL path (no query) into its parts; undefined when it names no resource. */
export function parseResourcePath(path: string): ResourcePath | undefined {
  const parts = path
    .split('/')
    .filter((p) => p !== '')
    .map(safeDecode);
  let rest: string[];
  let group: string;
  let version: string;
  if (parts[0] === 'api' && parts.length >= 3) {
    [group, version, rest] = ['', parts[1]!, parts.slice(2)];
  } else if (parts[0] === 'apis' && parts.length >= 4) {
    [group, version, rest] = [parts[1]!, parts[2]!, parts.slice(3)];
  } else return undefined;
  let namespace: string | undefined;
  // `namespaces/{ns}/{resource}...` is namespaced; `namespaces[/{name}[/status]]` is the resource.
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  if (rest.length > 3 || rest.some((p) => p === undefined)) return undefined;
  return {
    group,
    version,
    namespace,
    resource: rest[0]!,
    name: rest[1],
    subresource: rest[2],
  };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
