/**
 * `$(VAR)` expansion exactly as Kubernetes does it for env values, command, args and
 * subPathExpr: kubernetes/kubernetes third_party/forked/golang/expansion/expand.go (Expand,
 * tryReadVariableName, MappingFuncFor).
 *
 * - `$(NAME)` becomes the value of NAME when it is defined, and stays `$(NAME)` when it is not;
 * - `$$` is an escaped `$`, so `$$(NAME)` gives `$(NAME)` literally;
 * - a `$(` without a closing `)` stays as written, and so does `$` followed by anything else.
 */
export function expandVars(input: string, lookup: (name: string) => string | undefined): string {
  let out = '';
  let checkpoint = 0;
  for (let cursor = 0; cursor < input.length; cursor++) {
    if (input[cursor] !== '$' || cursor + 1 >= input.length) continue;
    out += input.slice(checkpoint, cursor);
    const rest = input.slice(cursor + 1);
    let advance = 1;
    if (rest[0] === '$') {
      out += '$';
    } else if (rest[0] === '(') {
      const close = rest.indexOf(')', 1);
      if (close < 0) {
        out += '$(';
      } else {
        const name = rest.slice(1, close);
        out += lookup(name) ?? `$(${name})`;
        advance = close + 1;
      }
    } else {
      out += `$${rest[0]!}`;
    }
    cursor += advance;
    checkpoint = cursor + 1;
  }
  return out + input.slice(checkpoint);
}

/** Lookup over maps, the first that has the name wins (MappingFuncFor's context order). */
export function mappingFor(
  ...maps: readonly ReadonlyMap<string, string>[]
): (name: string) => string | undefined {
  return (name) => {
    for (const m of maps) {
      const v = m.get(name);
      if (v !== undefined) return v;
    }
    return undefined;
  };
}
