/**
 * Mutations of real manifests for the fuzz test: the seeds are the files under examples/, read
 * as plain values, changed in shape (type swaps, huge and negative numbers, unicode and control
 * characters, prototype-named keys, !!binary, shared and recursive aliases, deep nesting, huge
 * durations) and written back as YAML (block or flow) or JSON.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parseAllDocuments, stringify } from 'yaml';

/** One seed: a file of examples/ and its documents as plain values. */
export interface Seed {
  readonly path: string;
  readonly text: string;
  readonly values: readonly unknown[];
}

/** Every *.yaml under `dir` (sorted) with its documents. */
export function loadSeeds(dir: string): Seed[] {
  const files: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    )) {
      const full = join(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (/\.ya?ml$/.test(e.name)) files.push(full);
    }
  };
  walk(dir);
  return files.map((path) => {
    const text = readFileSync(path, 'utf8');
    const values = parseAllDocuments(text, { version: '1.1' }).map((d) => d.toJS() as unknown);
    return { path, text, values };
  });
}

const PROTO_KEYS = ['__proto__', 'constructor', 'valueOf', 'toString', 'hasOwnProperty'];

/** Values a field may be swapped for. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    null,
    true,
    false,
    0,
    -1,
    -0.5,
    2 ** 31,
    -(2 ** 31),
    2 ** 53 + 2,
    -(2 ** 53) - 2,
    1e21,
    1e308,
    -1e308,
    Infinity,
    -Infinity,
    NaN,
    '',
    ' ',
    '0',
    '-1',
    '1e308',
    '99999999999999999999999',
    '1e300s',
    '1e300m',
    '99999999999999999999999ms',
    '9007199254740993s',
    '-5s',
    '0.0000001ms',
    'NaN',
    'Infinity',
    '\u001b[31mred\u001b[0m',
    'a\u001b]0;title\u0007b',
    'line\nbreak',
    'tab\there',
    '\u0000nul',
    '\u009bcsi',
    '\u202eevil',
    '\u{1f600}\u0301\ud800',
    'x'.repeat(300),
    'valueOf',
    '__proto__',
    'constructor',
    '${image}',
    '$(VAR)',
    'Always',
    'Never',
    '1.33',
    '100Gi',
    '1e9999',
    '-100m',
    '0x10',
    '0o17',
    'fluent-bit,envoy',
    'true',
    'yes',
    [],
    {},
    [null],
    { '': '' },
  ),
  fc.string({ maxLength: 20, unit: 'binary' }),
  fc.double(),
  fc.integer(),
  fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n }).map((n) => Number(n)),
  fc
    .uint8Array({ maxLength: 12 })
    .map((bytes) => ({ [BINARY]: Uint8Array.from(bytes) }) as unknown),
);

/** A marker object: replaced by a Buffer (so yaml writes `!!binary`) before printing. */
const BINARY = '@@binary';
/** A marker string: replaced by `n` levels of brackets in the printed text. */
const DEEP = (n: number): string => `@@DEEP_${String(n)}@@`;

/** One change to apply at a position of the value (chosen by index over its nodes). */
export type Mutation =
  | { readonly op: 'swap'; readonly at: number; readonly value: unknown }
  | { readonly op: 'protoKey'; readonly at: number; readonly key: string; readonly value: unknown }
  | { readonly op: 'renameKey'; readonly at: number; readonly key: string }
  | { readonly op: 'delete'; readonly at: number }
  | { readonly op: 'duplicate'; readonly at: number }
  | { readonly op: 'alias'; readonly at: number; readonly to: number }
  | { readonly op: 'recursive'; readonly at: number }
  | { readonly op: 'nest'; readonly at: number; readonly depth: number }
  | { readonly op: 'deepText'; readonly at: number; readonly depth: number }
  | { readonly op: 'binary'; readonly at: number; readonly text: string };

const at = fc.nat({ max: 10_000 });

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({ op: fc.constant('swap' as const), at, value: hostileValue }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('protoKey' as const),
      at,
      key: fc.constantFrom(...PROTO_KEYS),
      value: hostileValue,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('renameKey' as const),
      at,
      key: fc.oneof(fc.constantFrom(...PROTO_KEYS), fc.string({ maxLength: 8, unit: 'binary' })),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('delete' as const), at }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('duplicate' as const), at }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('alias' as const), at, to: at }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('recursive' as const), at }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('nest' as const),
      at,
      depth: fc.constantFrom(2, 10, 50, 120, 250),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('deepText' as const),
      at,
      depth: fc.constantFrom(200, 255, 257, 300, 900, 3000),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('binary' as const),
      at,
      text: fc.constantFrom('app', '', 'a\u001bb', '\u00ff\u00fe', 'fluent-bit', '100Mi', '5s'),
    }),
  },
);

type Container = Record<string, unknown> | unknown[];
interface Slot {
  readonly parent: Container;
  readonly key: string | number;
}

/** Every (parent, key) of the value, in a stable order; cycles are not followed. */
function slots(root: Container): Slot[] {
  const out: Slot[] = [];
  const seen = new Set<unknown>();
  const stack: Container[] = [root];
  while (stack.length > 0) {
    const c = stack.pop()!;
    if (seen.has(c)) continue;
    seen.add(c);
    const keys: (string | number)[] = Array.isArray(c) ? c.map((_, i) => i) : Object.keys(c);
    for (const key of keys) {
      out.push({ parent: c, key });
      const v = (c as Record<string | number, unknown>)[key];
      if (typeof v === 'object' && v !== null && !(v instanceof Uint8Array))
        stack.push(v as Container);
    }
  }
  return out;
}

function get(s: Slot): unknown {
  return (s.parent as Record<string | number, unknown>)[s.key];
}

function set(s: Slot, value: unknown): void {
  Object.defineProperty(s.parent, s.key, {
    value,
    writable: true,
    enumerable: true,
    configurable: true,
  });
}

/** A deep copy of a plain value (the seeds are shared between cases). */
function copy(v: unknown): unknown {
  return structuredClone(v);
}

/** Applies the mutations to a copy of `value`. */
export function mutate(value: unknown, mutations: readonly Mutation[]): unknown {
  const root: { v: unknown } = { v: copy(value) };
  for (const m of mutations) {
    const all = slots(root as unknown as Container);
    if (all.length === 0) break;
    const s = all[m.at % all.length]!;
    if (s.parent === (root as unknown) && (m.op === 'delete' || m.op === 'renameKey')) continue;
    const cur = get(s);
    switch (m.op) {
      case 'swap':
        set(s, revive(copy(m.value)));
        break;
      case 'protoKey': {
        const target = typeof cur === 'object' && cur !== null && !Array.isArray(cur) ? cur : null;
        if (target !== null) set({ parent: target as Container, key: m.key }, revive(m.value));
        else set(s, { [m.key]: revive(m.value) });
        break;
      }
      case 'renameKey':
        if (!Array.isArray(s.parent) && s.key !== m.key) {
          Reflect.deleteProperty(s.parent, s.key);
          set({ parent: s.parent, key: m.key }, cur);
        }
        break;
      case 'delete':
        if (Array.isArray(s.parent)) s.parent.splice(s.key as number, 1);
        else Reflect.deleteProperty(s.parent, s.key);
        break;
      case 'duplicate':
        if (Array.isArray(s.parent)) s.parent.push(copy(cur));
        break;
      case 'alias': {
        // The same object twice: yaml writes an anchor and an alias.
        const other = all[m.to % all.length]!;
        const target = get(other);
        if (typeof target === 'object' && target !== null) set(s, target);
        break;
      }
      case 'recursive':
        // An object inside itself: yaml writes an alias to an enclosing anchor.
        if (typeof cur === 'object' && cur !== null) {
          if (Array.isArray(cur)) cur.push(cur);
          else set({ parent: cur as Container, key: 'self' }, cur);
        }
        break;
      case 'nest': {
        let v: unknown = cur;
        for (let i = 0; i < m.depth; i++) v = i % 2 === 0 ? [v] : { n: v };
        set(s, v);
        break;
      }
      case 'deepText':
        set(s, DEEP(m.depth));
        break;
      case 'binary':
        // A copy with a buffer of its own (a Buffer's may be Node's shared pool).
        set(s, Uint8Array.from(Buffer.from(m.text, 'latin1')));
        break;
    }
  }
  return root.v;
}

function revive(v: unknown): unknown {
  if (typeof v === 'object' && v !== null && BINARY in v)
    return (v as Record<string, unknown>)[BINARY];
  return v;
}

/** How a mutated value is written out. */
export type Style = 'block' | 'flow' | 'json';

/** The value as a manifest text; `!!binary`, anchors and aliases come from the yaml printer. */
export function print(values: readonly unknown[], style: Style): string {
  let text: string;
  if (style === 'json' && values.length === 1) {
    try {
      text = JSON.stringify(values[0], (_k, v: unknown) =>
        v instanceof Uint8Array ? Buffer.from(v).toString('latin1') : v,
      );
    } catch {
      text = printYaml(values, 'flow');
    }
  } else {
    text = printYaml(values, style === 'json' ? 'flow' : style);
  }
  return text.replace(/"?@@DEEP_(\d+)@@"?/g, (_m, n: string) => {
    const d = Number(n);
    return `${'['.repeat(d)}${']'.repeat(d)}`;
  });
}

function printYaml(values: readonly unknown[], style: 'block' | 'flow'): string {
  return values
    .map((v) => {
      try {
        return stringify(v, {
          version: '1.1',
          collectionStyle: style === 'flow' ? 'flow' : 'any',
          lineWidth: 0,
        });
      } catch {
        return stringify(null);
      }
    })
    .join('---\n');
}

/** A cut or a stray character at a position of the text, for the parser's error paths. */
export type TextEdit = { readonly at: number; readonly insert: string; readonly cut: boolean };

export const textEdit: fc.Arbitrary<TextEdit> = fc.record({
  at: fc.nat({ max: 100_000 }),
  insert: fc.constantFrom('', ':', '-', '[', '{', '&a ', '*a', '!!binary ', '\t', '? ', '|', '"'),
  cut: fc.boolean(),
});

export function editText(text: string, e: TextEdit): string {
  const i = text.length === 0 ? 0 : e.at % text.length;
  return text.slice(0, i) + e.insert + (e.cut ? '' : text.slice(i));
}
