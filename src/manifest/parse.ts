import {
  Composer,
  isAlias,
  isCollection,
  isMap,
  isPair,
  isScalar,
  LineCounter,
  Parser,
  visit,
  type Document,
  type Node,
  type ParseOptions,
  type DocumentOptions,
  type SchemaOptions,
  type Tags,
} from 'yaml';
import type { SourceFile } from './source.js';

/** A problem that keeps a document from being read, at its position. */
export interface SyntaxProblem {
  readonly message: string;
  readonly line: number;
  readonly column: number;
}

/** One YAML (or JSON) document of a file, kept whole so later steps can rewrite it in place. */
export interface ManifestDocument {
  readonly file: string;
  /** 0-based position of the document in its file. */
  readonly index: number;
  /** The parsed document with positions and comments; null when the file could not be read. */
  readonly doc: Document.Parsed | null;
  readonly lineCounter: LineCounter;
  /** The plain value of the document (null for an empty document or on error). */
  readonly value: unknown;
  /** Set when the document is not valid YAML, or its value could not be built. */
  readonly error?: SyntaxProblem;
  /** The source text of the whole file (shared by its documents). */
  readonly text: string;
}

/** Aliases beyond this count are refused (the `billion laughs` defence of the yaml package). */
const MAX_ALIAS_COUNT = 100;

/**
 * Documents nested deeper than this (counting what aliases expand to) are refused, so that no
 * recursive step after parsing (validation, rewriting, printing) can run out of stack. Real
 * manifests, CRD schemas included, stay far below it.
 */
export const MAX_DEPTH = 256;

/**
 * YAML 1.1 tags go-yaml (and so kubectl) does not turn into values of their own: a timestamp
 * stays the string written, `!!set`/`!!omap`/`!!pairs` are the map or sequence written.
 */
const DROPPED_TAGS = /:(timestamp|set|omap|pairs)$/;

/** The parser options: YAML 1.1 as kubectl reads it, with no warnings on process stderr. */
export const YAML_OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = {
  version: '1.1',
  keepSourceTokens: false,
  prettyErrors: false,
  uniqueKeys: true,
  // The yaml package warns through process.emitWarning, which Node prints on stderr; what
  // matters in its warnings is reported as a diagnostic by structureProblem below.
  logLevel: 'error',
  customTags: (tags: Tags) =>
    tags.filter((t) => !DROPPED_TAGS.test(typeof t === 'object' ? (t.tag ?? '') : '')),
};

/** `!!binary` gives bytes; kubectl (go-yaml) gives the decoded text, so a string it is. */
function reviveBinary(_key: unknown, value: unknown): unknown {
  return value instanceof Uint8Array ? Buffer.from(value).toString('utf8') : value;
}

/**
 * Parses a file into its documents. Kubernetes reads manifests as YAML 1.1 (go-yaml v2 through
 * sigs.k8s.io/yaml), so `yes`/`on` are booleans and `0644` is octal, as kubectl would send them.
 * JSON is parsed by the same parser, which keeps positions for it too.
 *
 * No input makes this throw: malformed YAML, alias bombs, deep nesting and binary content all
 * become a document with `error` set.
 */
export function parseSource(source: SourceFile): ManifestDocument[] {
  const lineCounter = new LineCounter();
  const file = source.path;
  if (source.unreadable !== undefined) {
    return [wholeFileError(file, lineCounter, '', source.unreadable)];
  }
  const text = source.text;
  let docs: Document.Parsed[];
  try {
    docs = [...composeDocuments(text, lineCounter)];
  } catch (e) {
    return [wholeFileError(file, lineCounter, text, `cannot parse: ${describeThrown(e)}`)];
  }
  return docs.map((doc, index) => readDocument(file, index, doc, lineCounter, text));
}

/**
 * parseSource one document at a time, so that a caller which handles each document and lets it
 * go (the rewrites of big files) never holds every parsed document at once. The documents are
 * the same as parseSource's, with one difference: when the parser throws part way (parseSource
 * then gives only the whole-file error), the documents before it have been yielded already and
 * the whole-file error (`doc` null) comes last.
 */
export function* parseSourceLazily(source: SourceFile): Generator<ManifestDocument> {
  const lineCounter = new LineCounter();
  const file = source.path;
  if (source.unreadable !== undefined) {
    yield wholeFileError(file, lineCounter, '', source.unreadable);
    return;
  }
  const text = source.text;
  const docs = composeDocuments(text, lineCounter);
  for (let index = 0; ; index++) {
    let next: IteratorResult<Document.Parsed>;
    try {
      next = docs.next();
    } catch (e) {
      yield wholeFileError(file, lineCounter, text, `cannot parse: ${describeThrown(e)}`);
      return;
    }
    if (next.done === true) return;
    yield readDocument(file, index, next.value, lineCounter, text);
  }
}

/** The documents of a text as the parser finishes each (parseAllDocuments, one at a time). */
function composeDocuments(text: string, lineCounter: LineCounter): Generator<Document.Parsed> {
  const parser = new Parser(lineCounter.addNewLine);
  const composer = new Composer(YAML_OPTIONS);
  return composer.compose(parser.parse(text)) as Generator<Document.Parsed>;
}

/** One parsed document as a ManifestDocument: its value, or the problem that keeps it from one. */
function readDocument(
  file: string,
  index: number,
  doc: Document.Parsed,
  lineCounter: LineCounter,
  text: string,
): ManifestDocument {
  // A document that cannot be read keeps its parse, with the problem at its position.
  const failed = (offset: number, message: string): ManifestDocument => {
    const pos = lineCounter.linePos(offset);
    return {
      file,
      index,
      doc,
      lineCounter,
      value: null,
      text,
      error: { message, line: pos.line, column: pos.col },
    };
  };
  const template = unrenderedTemplate(text, doc);
  if (template !== null) return failed(template.offset, template.message);
  const first = doc.errors[0];
  if (first !== undefined) {
    return failed(
      first.pos[0],
      first.code === 'RESOURCE_EXHAUSTION' || /call stack/i.test(first.message)
        ? TOO_DEEP
        : cleanYamlMessage(first.message),
    );
  }
  const problem = structureProblem(doc);
  if (problem !== null) return failed(problem.offset, problem.message);
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT, reviver: reviveBinary });
  } catch (e) {
    return failed(doc.contents?.range[0] ?? 0, describeThrown(e));
  }
  return { file, index, doc, lineCounter, value: value ?? null, text };
}

/** The one document of a file that could not be read or parsed at all. */
function wholeFileError(
  file: string,
  lineCounter: LineCounter,
  text: string,
  message: string,
): ManifestDocument {
  return {
    file,
    index: 0,
    doc: null,
    lineCounter,
    value: null,
    text,
    error: { message, line: 1, column: 1 },
  };
}

const TOO_DEEP = `document is nested too deeply (more than ${String(MAX_DEPTH)} levels)`;

/**
 * What keeps a parsed document from becoming a plain JSON value, found in one iterative walk
 * (so no depth of input can exhaust the stack here): nesting beyond MAX_DEPTH (aliases count
 * for what they expand to), an alias inside the node it names (a recursive structure no JSON
 * can hold), and a sequence or mapping used as a mapping key (Kubernetes keys are strings).
 */
function structureProblem(doc: Document.Parsed): { offset: number; message: string } | null {
  const root = doc.contents;
  if (root === null) return null;
  /** Height (levels of nesting) of finished nodes; a node in the map is complete. */
  const height = new Map<Node, number>();
  const anchors = new Map<string, Node>();
  const stack: { node: Node; depth: number; children: Node[] | null }[] = [
    { node: root, depth: 1, children: null },
  ];
  const at = (node: Node): number => node.range?.[0] ?? 0;
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    const { node, depth } = frame;
    if (frame.children === null) {
      if (depth > MAX_DEPTH) return { offset: at(node), message: TOO_DEEP };
      if (node.anchor !== undefined) anchors.set(node.anchor, node);
      if (isAlias(node)) {
        const target = anchors.get(node.source);
        if (target !== undefined) {
          const h = height.get(target);
          if (h === undefined) {
            return {
              offset: at(node),
              message: `alias *${node.source} refers to a node that contains it (a recursive structure)`,
            };
          }
          if (depth - 1 + h > MAX_DEPTH) {
            return { offset: at(node), message: `${TOO_DEEP} through alias *${node.source}` };
          }
          height.set(node, h);
        } else {
          height.set(node, 1);
        }
        stack.pop();
        continue;
      }
      const children: Node[] = [];
      if (isCollection(node)) {
        for (const item of node.items as unknown[]) {
          if (isPair(item)) {
            const key = item.key as Node | null;
            if (isCollection(key) || (isAlias(key) && isCollection(anchors.get(key.source)))) {
              return {
                offset: at(key),
                message: 'a mapping key is a sequence or mapping; keys must be strings',
              };
            }
            if (key !== null && (isScalar(key) || isAlias(key))) children.push(key);
            const value = item.value as Node | null;
            if (value !== null && value !== undefined) children.push(value);
          } else if (item !== null && item !== undefined) {
            children.push(item as Node);
          }
        }
      }
      frame.children = children;
      for (let i = children.length - 1; i >= 0; i--) {
        stack.push({ node: children[i]!, depth: depth + 1, children: null });
      }
      continue;
    }
    let h = 0;
    for (const child of frame.children) h = Math.max(h, height.get(child) ?? 0);
    height.set(node, h + 1);
    stack.pop();
  }
  return null;
}

function describeThrown(e: unknown): string {
  if (e instanceof RangeError) return TOO_DEEP;
  if (e instanceof Error) {
    if (/alias count/i.test(e.message)) return 'too many aliases (possible alias bomb)';
    return e.message.split('\n')[0] ?? e.message;
  }
  return String(e);
}

/** The yaml package's messages carry a code excerpt after the first line; keep one line. */
function cleanYamlMessage(message: string): string {
  const line = message.split('\n')[0] ?? message;
  return line.replace(/ at line \d+, column \d+:?$/, '');
}

/** `{{ ... }}` where YAML expects a value or a key: a Helm or Go template not rendered yet. */
const TEMPLATE = /\{\{-?\s*(?:[.$a-zA-Z/(]|end\b)[^\n]*?\}\}/;

function templateProblem(
  text: string,
  offset: number,
): { readonly offset: number; readonly message: string } | null {
  const m = TEMPLATE.exec(text.slice(offset));
  if (m === null) return null;
  const shown = m[0].length > 60 ? `${m[0].slice(0, 57)}...` : m[0];
  return {
    offset: offset + m.index,
    message: `unrendered template ${JSON.stringify(shown)} (Helm/Go template syntax, not YAML): render it first, e.g. helm template ... | sidecarctl validate -`,
  };
}

/**
 * A Helm/Go template in a document that is not rendered: `{{ .Release.Name }}` unquoted parses
 * as a flow mapping (or not at all), which would otherwise read as a cryptic YAML error or,
 * worse, as a value. Found where the parse has a flow mapping starting with `{{`, or, for a
 * document that does not parse, anywhere in its text outside comments.
 */
function unrenderedTemplate(
  text: string,
  doc: Document.Parsed,
): { readonly offset: number; readonly message: string } | null {
  const [start, , end] = doc.range;
  if (!text.slice(start, end).includes('{{')) return null;
  let found: { readonly offset: number; readonly message: string } | null = null;
  visit(doc, (_key, node) => {
    if (isMap(node) && node.flow === true && node.range !== null && node.range !== undefined) {
      const at = node.range[0];
      if (text.startsWith('{{', at)) {
        found = templateProblem(text, at) ?? {
          offset: at,
          message:
            'unrendered template (Helm/Go template syntax, not YAML): render it first, e.g. helm template ... | sidecarctl validate -',
        };
        return visit.BREAK;
      }
    }
    return undefined;
  });
  if (found !== null || doc.errors.length === 0) return found;
  // A document that does not parse: the first template outside a comment.
  let offset = start;
  for (const line of text.slice(start, end).split('\n')) {
    const hash = line.search(/(^|\s)#/);
    const code = hash < 0 ? line : line.slice(0, hash);
    const p = templateProblem(code, 0);
    if (p !== null) return { offset: offset + p.offset, message: p.message };
    offset += line.length + 1;
  }
  return null;
}
