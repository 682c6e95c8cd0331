/**
 * The streaming subresources of a pod as kube-apiserver routes them (`pods/exec`, `pods/attach`,
 * `pods/portforward`) and their query, as PodExecOptions/PodAttachOptions read it. kubectl sends a
 * flag only when it is true (kubectl-compat §11.2).
 */

/** Which subresource. */
export type StreamKind = 'exec' | 'attach' | 'portforward';

/** A parsed streaming request. */
export interface StreamRequest {
  readonly kind: StreamKind;
  readonly namespace: string;
  readonly pod: string;
  /** `command`, once per argv element (exec only). */
  readonly command: readonly string[];
  /** `container`; undefined when not given. */
  readonly container: string | undefined;
  readonly stdin: boolean;
  readonly stdout: boolean;
  readonly stderr: boolean;
  readonly tty: boolean;
}

const PATH = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/(exec|attach|portforward)\/?$/;

/** strconv.ParseBool's true spellings (the query is decoded by Go's runtime.Convert). */
function flag(q: URLSearchParams, name: string): boolean {
  return ['1', 't', 'T', 'true', 'TRUE', 'True'].includes(q.get(name) ?? '');
}

/** The request, or undefined when the path is not one of the three subresources. */
export function parseStreamRequest(url: string): StreamRequest | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url, 'http://localhost');
  } catch {
    return undefined;
  }
  const m = PATH.exec(parsed.pathname);
  if (m === null) return undefined;
  let namespace: string;
  let pod: string;
  try {
    namespace = decodeURIComponent(m[1]!);
    pod = decodeURIComponent(m[2]!);
  } catch {
    return undefined;
  }
  const q = parsed.searchParams;
  return {
    kind: m[3] as StreamKind,
    namespace,
    pod,
    command: q.getAll('command'),
    container: q.get('container') ?? undefined,
    stdin: flag(q, 'stdin'),
    stdout: flag(q, 'stdout'),
    stderr: flag(q, 'stderr'),
    tty: flag(q, 'tty'),
  };
}
