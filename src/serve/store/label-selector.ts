/**
 * Label selectors as kube-apiserver parses them: staging/src/k8s.io/apimachinery/pkg/labels/
 * selector.go (Lexer, Parser.parse, parseRequirement, parseValues, Requirement.Matches), with
 * its error words. Requirements are ANDed; their order does not matter. An error is a
 * 400 BadRequest carrying the parser's message, as the list handler answers it.
 */
import { ApiError } from './api-error.js';
import type { KubeObject, Selector } from './types.js';

type Op = 'in' | 'notin' | '=' | '==' | '!=' | 'gt' | 'lt' | 'exists' | '!';

/** One parsed requirement. */
export interface Requirement {
  readonly key: string;
  readonly op: Op;
  readonly values: readonly string[];
}

type Tok =
  'id' | 'in' | 'notin' | '=' | '==' | '!=' | '>' | '<' | '!' | '(' | ')' | ',' | 'end' | 'error';

interface Item {
  readonly tok: Tok;
  readonly lit: string;
}

const SPECIAL = new Set(['=', '!', '(', ')', ',', '>', '<']);
const SYMBOLS = new Set(['=', '==', '!=', '>', '<', '!', '(', ')', ',']);
const BINARY = 'in, notin, =, ==, !=, gt, lt';

/** The Lexer: identifiers and keywords, operators by longest match, whitespace skipped. */
export function lex(s: string): Item[] {
  const out: Item[] = [];
  let i = 0;
  for (;;) {
    while (s[i] === ' ' || s[i] === '\t') i++;
    if (i >= s.length) break;
    const start = i;
    if (SPECIAL.has(s[i] ?? '')) {
      let best = '';
      for (let j = i + 1; j <= s.length && SPECIAL.has(s[j - 1] ?? ''); j++) {
        const cand = s.slice(i, j);
        if (SYMBOLS.has(cand)) best = cand;
        else if (best !== '') break;
      }
      if (best === '')
        return [
          ...out,
          { tok: 'error', lit: `error expected: keyword found '${s.slice(i, i + 2)}'` },
        ];
      out.push({ tok: best as Tok, lit: best });
      i = start + best.length;
      continue;
    }
    while (i < s.length && !SPECIAL.has(s[i] ?? '') && s[i] !== ' ' && s[i] !== '\t') i++;
    const word = s.slice(start, i);
    out.push({ tok: word === 'in' || word === 'notin' ? word : 'id', lit: word });
  }
  out.push({ tok: 'end', lit: '' });
  return out;
}

class Parser {
  private pos = 0;
  private readonly items: Item[];

  constructor(items: Item[]) {
    this.items = items;
  }

  /** In the Values context `in` and `notin` are identifiers. */
  peek(values = true): Item {
    const it = this.items[this.pos] ?? { tok: 'end', lit: '' };
    return values && (it.tok === 'in' || it.tok === 'notin') ? { tok: 'id', lit: it.lit } : it;
  }

  next(values = true): Item {
    const it = this.peek(values);
    this.pos++;
    return it;
  }

  parse(): Requirement[] {
    const reqs: Requirement[] = [];
    for (;;) {
      const { tok, lit } = this.peek();
      if (tok === 'end') return reqs;
      if (tok !== 'id' && tok !== '!')
        throw new Error(`found '${lit}', expected: !, identifier, or 'end of string'`);
      reqs.push(this.requirement());
      const t = this.next();
      if (t.tok === 'end') return reqs;
      if (t.tok !== ',') throw new Error(`found '${t.lit}', expected: ',' or 'end of string'`);
      const t2 = this.peek();
      if (t2.tok !== 'id' && t2.tok !== '!')
        throw new Error(`found '${t2.lit}', expected: identifier after ','`);
    }
  }

  private requirement(): Requirement {
    try {
      return this.requirementInner();
    } catch (e) {
      throw new Error(`unable to parse requirement: ${(e as Error).message}`, { cause: e });
    }
  }

  private requirementInner(): Requirement {
    let t = this.next();
    const negated = t.tok === '!';
    if (negated) t = this.next();
    if (t.tok !== 'id') throw new Error(`found '${t.lit}', expected: identifier`);
    const after = this.peek().tok;
    if (after === 'end' || after === ',')
      return { key: t.lit, op: negated ? '!' : 'exists', values: [] };
    if (negated) return { key: t.lit, op: '!', values: [] };
    const op = this.operator();
    const values = op === 'in' || op === 'notin' ? this.valueSet() : this.exactValue();
    return { key: t.lit, op, values };
  }

  private operator(): Op {
    const { tok, lit } = this.next(false);
    const ops: Partial<Record<Tok, Op>> = {
      in: 'in',
      notin: 'notin',
      '=': '=',
      '==': '==',
      '!=': '!=',
      '>': 'gt',
      '<': 'lt',
    };
    const op = ops[tok];
    if (op === undefined) throw new Error(`found '${lit}', expected: ${BINARY}`);
    return op;
  }

  private valueSet(): string[] {
    const open = this.next();
    if (open.tok !== '(') throw new Error(`found '${open.lit}' expected: '('`);
    const first = this.peek();
    if (first.tok === ')') {
      this.next();
      return [''];
    }
    if (first.tok !== 'id' && first.tok !== ',')
      throw new Error(`found '${first.lit}', expected: ',', ')' or identifier`);
    const values = this.identifiers();
    if (this.next().tok !== ')') throw new Error(`found '${first.lit}', expected: ')'`);
    return values;
  }

  private identifiers(): string[] {
    const s = new Set<string>();
    for (;;) {
      const t = this.next();
      if (t.tok === 'id') {
        s.add(t.lit);
        const t2 = this.peek();
        if (t2.tok === ')') return [...s].sort();
        if (t2.tok !== ',') throw new Error(`found '${t2.lit}', expected: ',' or ')'`);
      } else if (t.tok === ',') {
        if (s.size === 0) s.add('');
        const t2 = this.peek().tok;
        if (t2 === ',' || t2 === ')') s.add('');
        if (t2 === ')') return [...s].sort();
      } else {
        throw new Error(`found '${t.lit}', expected: ',', or identifier`);
      }
    }
  }

  private exactValue(): string[] {
    const t = this.peek();
    if (t.tok === 'end' || t.tok === ',') return [''];
    this.next();
    if (t.tok === 'id') return [t.lit];
    throw new Error(`found '${t.lit}', expected: identifier`);
  }
}

/**
 * Parses a label selector (`app=web,tier!=db`, `env in (a,b)`, `key`, `!key`).
 * @throws ApiError BadRequest with the parser's message
 */
export function parseLabelRequirements(s: string): Requirement[] {
  const items = lex(s);
  const bad = items.find((i) => i.tok === 'error');
  try {
    if (bad !== undefined)
      throw new Error(`unable to parse requirement: found '${bad.lit}', expected: identifier`);
    return new Parser(items).parse();
  } catch (e) {
    throw ApiError.badRequest((e as Error).message);
  }
}

/** Requirement.Matches over a label map. */
export function requirementMatches(
  r: Requirement,
  labels: Readonly<Record<string, string>>,
): boolean {
  const has = Object.hasOwn(labels, r.key);
  const v = labels[r.key] ?? '';
  switch (r.op) {
    case 'in':
    case '=':
    case '==':
      return has && r.values.includes(v);
    case 'notin':
    case '!=':
      return !has || !r.values.includes(v);
    case 'exists':
      return has;
    case '!':
      return !has;
    case 'gt':
    case 'lt':
      return has && compareInt(v, r.values[0] ?? '', r.op);
  }
}

function compareInt(v: string, bound: string, op: 'gt' | 'lt'): boolean {
  if (!/^-?\d+$/.test(v) || !/^-?\d+$/.test(bound)) return false;
  return op === 'gt' ? Number(v) > Number(bound) : Number(v) < Number(bound);
}

/** A Selector over `metadata.labels` from a label selector string ('' matches everything). */
export function parseLabelSelector(s: string): Selector {
  const reqs = parseLabelRequirements(s);
  return (obj: KubeObject) => reqs.every((r) => requirementMatches(r, obj.metadata.labels ?? {}));
}
