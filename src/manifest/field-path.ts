/**
 * Kubernetes field paths, as the API server words them: `spec.initContainers[0].restartPolicy`,
 * `metadata.annotations[sidecar.istio.io/inject]`.
 */
export type PathSegment = string | number;

/** Renders segments the way apimachinery's field.Path does (`a.b[0].c`, `labels[x.y/z]`). */
export function formatPath(segments: readonly PathSegment[]): string {
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${String(s)}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(s)) out += out === '' ? s : `.${s}`;
    else out += `[${s}]`;
  }
  return out;
}

/** Parses a field path back into segments; `[n]` with digits is an index, `[k]` otherwise a key. */
export function parsePath(path: string): PathSegment[] {
  const out: PathSegment[] = [];
  let i = 0;
  let cur = '';
  const flush = (): void => {
    if (cur !== '') out.push(cur);
    cur = '';
  };
  while (i < path.length) {
    const ch = path[i]!;
    if (ch === '.') {
      flush();
      i++;
    } else if (ch === '[') {
      flush();
      const end = path.indexOf(']', i);
      const inner = end < 0 ? path.slice(i + 1) : path.slice(i + 1, end);
      out.push(/^\d+$/.test(inner) ? Number(inner) : inner);
      i = end < 0 ? path.length : end + 1;
    } else {
      cur += ch;
      i++;
    }
  }
  flush();
  return out;
}

/** Joins a prefix path string and a relative one (`spec.template.spec` + `containers[0]`). */
export function joinPath(prefix: string, rest: string): string {
  if (prefix === '') return rest;
  if (rest === '') return prefix;
  return rest.startsWith('[') ? prefix + rest : `${prefix}.${rest}`;
}
