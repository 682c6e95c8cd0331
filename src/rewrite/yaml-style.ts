/**
 * The layout habits of a YAML document (how far maps indent, whether a sequence's dashes are
 * indented under their key), so that inserted lines look like the lines around them.
 */
import { isMap, isPair, isScalar, isSeq, stringify, type Document, type Node } from 'yaml';

export interface YamlStyle {
  /** Spaces a nested map adds. */
  readonly indent: number;
  /** True when `- item` lines sit deeper than their key (`key:\n  - a`), false for `key:\n- a`. */
  readonly indentSeq: boolean;
}

export const DEFAULT_STYLE: YamlStyle = { indent: 2, indentSeq: true };

/** Column (0-based) of an offset within its line. */
export function columnOf(text: string, offset: number): number {
  return offset - lineStart(text, offset);
}

/** Offset of the start of the line holding `offset`. */
export function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Offset just after the end of the line holding `offset` (after its newline, or text end). */
export function lineEnd(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl + 1;
}

/**
 * Learns the style of a document from its first nested block map and block sequence.
 * @param skip - lines [from, to) of a sequence item to read the document as if it were not there
 */
export function detectStyle(
  doc: Document.Parsed,
  text: string,
  skip?: readonly [number, number],
): YamlStyle {
  const skipped = (node: unknown): boolean => {
    const at = (node as Node | null)?.range?.[0];
    return skip !== undefined && at !== undefined && at >= skip[0] && at < skip[1];
  };
  let indent: number | undefined;
  let indentSeq: boolean | undefined;
  const visit = (node: unknown, depth: number): void => {
    if (depth > 40 || (indent !== undefined && indentSeq !== undefined)) return;
    if (isMap(node) && node.flow !== true) {
      for (const pair of node.items) {
        if (!isPair(pair) || !isScalar(pair.key)) continue;
        const keyStart = (pair.key as Node).range?.[0];
        const value = pair.value as Node | null;
        const valueStart = value?.range?.[0];
        if (keyStart === undefined || valueStart === undefined) continue;
        const keyCol = columnOf(text, keyStart);
        if (indent === undefined && isMap(value) && value.flow !== true && value.items.length > 0) {
          const d = columnOf(text, valueStart) - keyCol;
          if (d > 0) indent = d;
        }
        if (
          indentSeq === undefined &&
          isSeq(value) &&
          value.flow !== true &&
          value.items.length > 0
        ) {
          const dash = text.lastIndexOf('-', valueStart);
          if (dash >= 0) indentSeq = columnOf(text, dash) > keyCol;
        }
        visit(value, depth + 1);
      }
    } else if (isSeq(node) && node.flow !== true) {
      for (const item of node.items) if (!skipped(item)) visit(item, depth + 1);
    }
  };
  visit(doc.contents, 0);
  return {
    indent: indent ?? DEFAULT_STYLE.indent,
    indentSeq: indentSeq ?? DEFAULT_STYLE.indentSeq,
  };
}

/**
 * Renders plain data as block YAML lines (YAML 1.1 quoting, so `"true"`, `"on"` and `"0644"`
 * stay strings for the kube-apiserver's go-yaml), each prefixed with `col` spaces, ending in a
 * newline.
 */
export function renderBlock(value: unknown, col: number, style: YamlStyle): string {
  const text = stringify(value, {
    version: '1.1',
    indent: style.indent,
    indentSeq: style.indentSeq,
    lineWidth: 0,
    minContentWidth: 0,
  });
  const pad = ' '.repeat(col);
  return text
    .replace(/\n$/, '')
    .split('\n')
    .map((l) => (l === '' ? l : pad + l))
    .join('\n')
    .concat('\n');
}

/** Renders a value on one line (a scalar, or a collection in flow style). */
export function renderInline(value: unknown): string {
  return stringify(value, { version: '1.1', collectionStyle: 'flow', lineWidth: 0 }).replace(
    /\n$/,
    '',
  );
}

/** Whether a value renders on the same line as its key. */
export function isInline(value: unknown): boolean {
  if (value === null || typeof value !== 'object') {
    return typeof value !== 'string' || !value.includes('\n');
  }
  return Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0;
}
